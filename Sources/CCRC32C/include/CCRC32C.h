#ifndef CCRC32C_H
#define CCRC32C_H

#include <stddef.h>
#include <stdint.h>

/// Non-zero when this CPU has a CRC-32C instruction this library can use.
int ccrc32c_hardware_available(void);

/// Continues a CRC-32C (Castagnoli) over `length` bytes with the CPU instruction.
/// `crc` and the result are the raw register (no pre/post inversion); callers invert.
/// Only call when `ccrc32c_hardware_available()` returned non-zero.
uint32_t ccrc32c_hardware_update(uint32_t crc, const void *data, size_t length);

#endif
