import NIOCore
import Testing

@testable import TMTPTransport

struct LinkBufferAllocatorTests {
    /// Bytes survive growing from a `malloc` block into a mapping and beyond, and copies stay apart.
    @Test func buffersKeepTheirBytesAcrossTheMappingThreshold() {
        let allocator = LinkBufferAllocator.allocator
        var buffer = allocator.buffer(capacity: 100)
        let pattern = (0..<(3 * LinkBufferAllocator.mappingThreshold)).map { UInt8(truncatingIfNeeded: $0 &* 7) }
        for chunk in stride(from: 0, to: pattern.count, by: 1000) {
            buffer.writeBytes(pattern[chunk..<min(pattern.count, chunk + 1000)])
        }
        #expect(buffer.readableBytesView.elementsEqual(pattern))

        var copy = buffer
        copy.setBytes([0xFF], at: 0)
        #expect(buffer.getInteger(at: 0, as: UInt8.self) == pattern[0])
        #expect(copy.getInteger(at: 0, as: UInt8.self) == 0xFF)
    }

    @Test func largeBuffersStartEmptyAndWritable() {
        var buffer = LinkBufferAllocator.allocator.buffer(capacity: 2 * LinkBufferAllocator.mappingThreshold)
        #expect(buffer.capacity >= 2 * LinkBufferAllocator.mappingThreshold)
        buffer.writeRepeatingByte(0xAB, count: buffer.capacity)
        #expect(buffer.readableBytesView.allSatisfy { $0 == 0xAB })
        buffer.clear()
        buffer.writeString("small again")
        #expect(buffer.readString(length: buffer.readableBytes) == "small again")
    }
}
