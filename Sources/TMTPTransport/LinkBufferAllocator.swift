@_spi(CustomByteBufferAllocator) import NIOCore

#if canImport(Glibc)
    import Glibc
#endif

/// The `ByteBufferAllocator` of server links: buffers of `mappingThreshold` bytes and more get
/// anonymous page mappings of their own, smaller ones come from `malloc`.
///
/// A link's large buffers (a frame decoder's cumulation while a big post streams in, the records sealed for a
/// large delivery) live only for as long as that traffic. From glibc's heap they would come out of memory that
/// other links touched before, and freeing them rarely gives pages back, so the peak would stay resident; in a
/// mapping of their own only the pages written are, and freeing returns them to the system at once. Elsewhere
/// than Linux it is NIO's default allocator.
public enum LinkBufferAllocator {
    /// Buffers this large or larger are mapped.
    public static let mappingThreshold = 16 << 10

    public static let allocator: ByteBufferAllocator = {
        #if canImport(Glibc)
            ByteBufferAllocator(
                allocate: { allocate($0) }, reallocate: { reallocate($0, $1, $2) }, deallocate: { deallocate($0) },
                copy: { $0.copyMemory(from: $1, byteCount: $2) })
        #else
            ByteBufferAllocator()
        #endif
    }()

    #if canImport(Glibc)
        /// Each block starts with a header of the mapped length (0 for `malloc`), keeping the 16-byte
        /// alignment `malloc` gives.
        private static let headerSize = 16

        private static func allocate(_ size: Int) -> UnsafeMutableRawPointer? {
            if size + headerSize >= mappingThreshold {
                let length = (size + headerSize + pageSize - 1) / pageSize * pageSize
                let mapped = mmap(nil, length, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0)
                if let mapped, mapped != UnsafeMutableRawPointer(bitPattern: -1) {
                    mapped.storeBytes(of: length, as: Int.self)
                    return mapped + headerSize
                }
            }
            guard let block = malloc(size + headerSize) else { return nil }
            block.storeBytes(of: 0, as: Int.self)
            return block + headerSize
        }

        private static func reallocate(_ pointer: UnsafeMutableRawPointer?, _ oldSize: Int, _ newSize: Int)
            -> UnsafeMutableRawPointer?
        {
            guard let pointer else { return allocate(newSize) }
            let block = pointer - headerSize
            if block.load(as: Int.self) == 0 && newSize + headerSize < mappingThreshold {
                guard let moved = realloc(block, newSize + headerSize) else { return nil }
                return moved + headerSize
            }
            guard let fresh = allocate(newSize) else { return nil }
            fresh.copyMemory(from: pointer, byteCount: min(oldSize, newSize))
            deallocate(pointer)
            return fresh
        }

        private static func deallocate(_ pointer: UnsafeMutableRawPointer) {
            let block = pointer - headerSize
            let length = block.load(as: Int.self)
            if length == 0 {
                free(block)
            } else {
                munmap(block, length)
            }
        }

        private static let pageSize = Int(sysconf(Int32(_SC_PAGESIZE)))
    #endif
}
