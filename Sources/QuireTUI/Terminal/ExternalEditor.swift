#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Runs the user's `$VISUAL` or `$EDITOR` on a text, with the screen released.
///
/// The editor is started as an argv with `posix_spawnp`, never through a shell: the variable
/// is split on spaces (`code --wait` works) and the file path is one more argument. The text
/// goes through a private temporary file (mode 0600) that is removed afterwards.
public struct ExternalEditor: Sendable {
    /// Why editing failed.
    public enum Failure: Error, Sendable, Hashable, CustomStringConvertible {
        case temporaryFile(errno: Int32)
        case spawn(program: String, errno: Int32)
        case editorFailed(program: String, status: Int32)

        public var description: String {
            switch self {
            case .temporaryFile(let code): "cannot write a temporary file: \(String(cString: strerror(code)))"
            case .spawn(let program, let code): "cannot run \(program): \(String(cString: strerror(code)))"
            case .editorFailed(let program, let status): "\(program) exited with status \(status); text unchanged"
            }
        }
    }

    /// The editor command, already split into words.
    public let command: [String]
    /// Where the temporary file goes.
    public let temporaryDirectory: String

    public init(command: [String], temporaryDirectory: String = "/tmp") {
        self.command = command.isEmpty ? ["vi"] : command
        self.temporaryDirectory = temporaryDirectory
    }

    /// The editor the environment names: `$VISUAL`, then `$EDITOR`, then `vi`.
    public init(environment: [String: String]) {
        let chosen = [environment["VISUAL"], environment["EDITOR"]].compactMap { $0 }.first { !$0.trimmed.isEmpty }
        let words = (chosen ?? "vi").split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        self.init(command: words, temporaryDirectory: environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp")
    }

    /// Lets the user edit `text` with the screen released; returns the edited text.
    public func edit(_ text: String, on terminal: any Terminal, suffix: String = ".md") throws(Failure) -> String {
        var template = Array((temporaryDirectory + "/quire-XXXXXX" + suffix).utf8CString)
        let descriptor = mkstemps(&template, Int32(suffix.utf8.count))
        guard descriptor >= 0 else { throw .temporaryFile(errno: errno) }
        let path = String(decoding: template.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
        defer { unlink(path) }
        let bytes = Array(text.utf8)
        let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        close(descriptor)
        guard written == bytes.count else { throw .temporaryFile(errno: errno) }
        let result: Result<Int32, Failure> = terminal.withScreenReleased { run(path) }
        let status = try result.get()
        guard status == 0 else { throw .editorFailed(program: command[0], status: status) }
        guard let edited = POSIXFile.read(path, limit: 64 << 20) else { throw .temporaryFile(errno: errno) }
        return edited
    }

    /// Spawns the editor on `path` and waits; the exit status, or why it could not start.
    private func run(_ path: String) -> Result<Int32, Failure> {
        let arguments = command + [path]
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) }
        argv.append(nil)
        defer { for pointer in argv { free(pointer) } }
        var pid: pid_t = 0
        let spawned = posix_spawnp(&pid, arguments[0], nil, nil, argv, environ)
        guard spawned == 0 else { return .failure(.spawn(program: arguments[0], errno: spawned)) }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            if errno != EINTR { return .failure(.spawn(program: arguments[0], errno: errno)) }
        }
        // WIFEXITED / WEXITSTATUS, which Swift cannot import as macros.
        let exited = status & 0x7F == 0
        return .success(exited ? (status >> 8) & 0xFF : 128 + (status & 0x7F))
    }
}
