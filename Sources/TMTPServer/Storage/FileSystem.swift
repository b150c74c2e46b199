#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A failed system call on a store file, with the `errno` it left.
public struct FileSystemError: Error, Hashable, Sendable, CustomStringConvertible {
    public var operation: String
    public var path: String
    public var errno: Int32

    public var description: String {
        "\(operation) \(path): \(String(cString: strerror(errno)))"
    }
}

/// The few POSIX calls the blob store needs, with durability spelled out (Foundation hides fsync).
enum FileSystem {
    static func fail(_ operation: String, _ path: String) -> FileSystemError {
        FileSystemError(operation: operation, path: path, errno: errno)
    }

    static func makeDirectory(_ path: String) throws(FileSystemError) {
        if mkdir(path, 0o700) != 0 && errno != EEXIST { throw fail("mkdir", path) }
    }

    /// Makes a directory's entries (a create, rename or unlink in it) survive a power loss.
    static func syncDirectory(_ path: String) throws(FileSystemError) {
        let descriptor = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { throw fail("open", path) }
        defer { close(descriptor) }
        guard fsync(descriptor) == 0 else { throw fail("fsync", path) }
    }

    static func writeAll(_ descriptor: Int32, _ bytes: UnsafeRawBufferPointer, path: String) throws(FileSystemError) {
        guard var address = bytes.baseAddress else { return }
        var remaining = bytes.count
        while remaining > 0 {
            let written = write(descriptor, address, remaining)
            if written < 0 {
                if errno == EINTR { continue }
                throw fail("write", path)
            }
            remaining -= written
            address += written
        }
    }

    static func rename(_ from: String, _ to: String) throws(FileSystemError) {
        #if canImport(Glibc)
            let result = Glibc.rename(from, to)
        #elseif canImport(Musl)
            let result = Musl.rename(from, to)
        #else
            let result = Darwin.rename(from, to)
        #endif
        guard result == 0 else { throw fail("rename", from) }
    }

    /// Removes a file; a file already gone is not an error.
    static func remove(_ path: String) throws(FileSystemError) {
        if unlink(path) != 0 && errno != ENOENT { throw fail("unlink", path) }
    }

    static func fileSize(_ path: String) throws(FileSystemError) -> Int {
        var info = stat()
        guard stat(path, &info) == 0 else { throw fail("stat", path) }
        return Int(info.st_size)
    }

    /// Names of the regular entries of a directory (no `.` or `..`).
    static func entries(of path: String) throws(FileSystemError) -> [String] {
        guard let directory = opendir(path) else { throw fail("opendir", path) }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }
}
