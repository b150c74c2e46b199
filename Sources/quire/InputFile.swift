import Foundation

/// A file a command reads from a path the user gave: a regular file, or a pipe such as the shell's
/// `<(command)` or `/dev/stdin` (which `FileManager.contents(atPath:)` does not read on Linux);
/// `-` is standard input.
enum InputFile {
    static func read(_ path: String) throws -> Data {
        if path == "-" { return FileHandle.standardInput.readDataToEndOfFile() }
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw CommandFailure("cannot read \(path): \(String(cString: strerror(errno)))")
        }
        let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        do {
            return try handle.readToEnd() ?? Data()
        } catch {
            throw CommandFailure("cannot read \(path): \(error.localizedDescription)")
        }
    }
}
