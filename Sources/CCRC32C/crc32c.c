#include "CCRC32C.h"

#include <string.h>

#if defined(__x86_64__)
#include <nmmintrin.h>

int ccrc32c_hardware_available(void) {
    __builtin_cpu_init();
    return __builtin_cpu_supports("sse4.2");
}

/* Carry-less arithmetic modulo the Castagnoli polynomial, bit-reflected (as in zlib's
   crc32_combine): used to join CRCs of adjacent blocks computed in parallel streams. */
#define CASTAGNOLI_REFLECTED 0x82F63B78u

static uint32_t multiply_mod_p(uint32_t a, uint32_t b) {
    uint32_t m = (uint32_t)1 << 31;
    uint32_t product = 0;
    for (;;) {
        if (a & m) {
            product ^= b;
            if ((a & (m - 1)) == 0) {
                break;
            }
        }
        m >>= 1;
        b = (b & 1) ? (b >> 1) ^ CASTAGNOLI_REFLECTED : b >> 1;
    }
    return product;
}

/* x^(8n) mod p: multiplying a CRC register by it appends n zero bytes. */
static uint32_t zero_bytes_operator(size_t n) {
    uint32_t result = (uint32_t)1 << 31; /* x^0 */
    uint32_t square = (uint32_t)1 << 30; /* x^1 */
    square = multiply_mod_p(square, square);
    square = multiply_mod_p(square, square);
    square = multiply_mod_p(square, square); /* x^8 */
    while (n) {
        if (n & 1) {
            result = multiply_mod_p(square, result);
        }
        n >>= 1;
        square = multiply_mod_p(square, square);
    }
    return result;
}

/* The crc32 instruction has a 3-cycle latency and 1-cycle throughput, so three independent
   streams over adjacent blocks run about three times faster than one. */
enum { LONG_BLOCK = 8192, SHORT_BLOCK = 256 };
static uint32_t long_shift;
static uint32_t short_shift;

__attribute__((constructor)) static void ccrc32c_init_shifts(void) {
    long_shift = zero_bytes_operator(LONG_BLOCK);
    short_shift = zero_bytes_operator(SHORT_BLOCK);
}

__attribute__((target("sse4.2")))
static uint64_t three_streams(uint64_t crc, const uint8_t **data, size_t *length, size_t block, uint32_t shift) {
    const uint8_t *p = *data;
    while (*length >= 3 * block) {
        uint64_t crc1 = 0;
        uint64_t crc2 = 0;
        for (size_t i = 0; i < block; i += 8) {
            uint64_t a, b, c;
            memcpy(&a, p + i, 8);
            memcpy(&b, p + block + i, 8);
            memcpy(&c, p + 2 * block + i, 8);
            crc = _mm_crc32_u64(crc, a);
            crc1 = _mm_crc32_u64(crc1, b);
            crc2 = _mm_crc32_u64(crc2, c);
        }
        crc = multiply_mod_p(shift, (uint32_t)crc) ^ (uint32_t)crc1;
        crc = multiply_mod_p(shift, (uint32_t)crc) ^ (uint32_t)crc2;
        p += 3 * block;
        *length -= 3 * block;
    }
    *data = p;
    return crc;
}

__attribute__((target("sse4.2")))
uint32_t ccrc32c_hardware_update(uint32_t crc, const void *data, size_t length) {
    const uint8_t *p = (const uint8_t *)data;
    while (length > 0 && ((uintptr_t)p & 7) != 0) {
        crc = _mm_crc32_u8(crc, *p++);
        length--;
    }
    uint64_t wide = crc;
    wide = three_streams(wide, &p, &length, LONG_BLOCK, long_shift);
    wide = three_streams(wide, &p, &length, SHORT_BLOCK, short_shift);
    while (length >= 8) {
        uint64_t word;
        memcpy(&word, p, 8);
        wide = _mm_crc32_u64(wide, word);
        p += 8;
        length -= 8;
    }
    crc = (uint32_t)wide;
    while (length > 0) {
        crc = _mm_crc32_u8(crc, *p++);
        length--;
    }
    return crc;
}

#else

int ccrc32c_hardware_available(void) { return 0; }

uint32_t ccrc32c_hardware_update(uint32_t crc, const void *data, size_t length) {
    (void)data;
    (void)length;
    return crc;
}

#endif
