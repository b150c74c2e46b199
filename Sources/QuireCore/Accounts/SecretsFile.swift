import Foundation

/// The node passwords of this device's accounts, in a JSON file only its owner may read.
///
/// A node password is the whole credential of a TMTP node, so the file is refused when anyone
/// but its owner could read it, the way `ssh` refuses a private key. Writes go to a temporary
/// file that is fsynced and renamed over the old one, so a crash leaves either the old or the
/// new file, never a torn one; an advisory lock serialises read-modify-write cycles of several
/// quire processes sharing a home.
public struct SecretsFile: Sendable, Hashable {
    public let url: URL

    public init(url: URL) {
        self.url = url
    }

    public init(home: QuireHome) {
        self.init(url: home.secretsURL)
    }

    /// All node passwords by account name; empty when the file does not exist yet.
    public func passwords() throws(SecretsFileError) -> [String: String] {
        try read()
    }

    /// The node password of `account`, if one is stored.
    public func password(for account: String) throws(SecretsFileError) -> String? {
        try read()[account]
    }

    /// Stores (or replaces) the node password of `account`.
    public func setPassword(_ password: String, for account: String) throws(SecretsFileError) {
        try update { $0[account] = password }
    }

    /// Forgets the node password of `account`.
    public func removePassword(for account: String) throws(SecretsFileError) {
        try update { $0[account] = nil }
    }

    // MARK: - File handling

    private struct Contents: Codable {
        var version = 1
        var nodes: [String: String]
    }

    private func update(_ change: (inout [String: String]) -> Void) throws(SecretsFileError) {
        let lock = try acquireLock()
        defer { close(lock) }
        var nodes = try read()
        change(&nodes)
        try write(nodes)
    }

    private func acquireLock() throws(SecretsFileError) -> Int32 {
        let lockPath = url.path + ".lock"
        let descriptor = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw .io(path: lockPath, reason: Self.lastError()) }
        guard flock(descriptor, LOCK_EX) == 0 else {
            let reason = Self.lastError()
            close(descriptor)
            throw .io(path: lockPath, reason: reason)
        }
        return descriptor
    }

    private func read() throws(SecretsFileError) -> [String: String] {
        let path = url.path
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
        if descriptor < 0 {
            if errno == ENOENT { return [:] }
            throw .io(path: path, reason: Self.lastError())
        }
        defer { close(descriptor) }
        // Checked on the open descriptor, so the file cannot be swapped between check and read.
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw .io(path: path, reason: Self.lastError()) }
        let mode = UInt32(status.st_mode) & 0o777
        if mode & 0o077 != 0 {
            throw .readableByOthers(path: path, mode: mode)
        }
        if status.st_uid != geteuid() {
            throw .notOwned(path: path)
        }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = buffer.withUnsafeMutableBytes { Foundation.read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw .io(path: path, reason: Self.lastError())
            }
            if count == 0 { break }
            bytes.append(contentsOf: buffer[0..<count])
        }
        do {
            return try JSONDecoder().decode(Contents.self, from: Data(bytes)).nodes
        } catch {
            throw .malformed(path: path)
        }
    }

    private func write(_ nodes: [String: String]) throws(SecretsFileError) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let data: Data
        do {
            data = try encoder.encode(Contents(nodes: nodes))
        } catch {
            throw .io(path: url.path, reason: "cannot encode: \(error)")
        }
        let directory = url.deletingLastPathComponent().path
        let temporary = "\(url.path).tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw .io(path: temporary, reason: Self.lastError()) }
        var renamed = false
        defer { if !renamed { unlink(temporary) } }
        do {
            defer { close(descriptor) }
            guard fchmod(descriptor, 0o600) == 0 else {
                throw SecretsFileError.io(path: temporary, reason: Self.lastError())
            }
            let failure = data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) -> String? in
                var offset = 0
                while offset < raw.count {
                    let written = Foundation.write(
                        descriptor, raw.baseAddress?.advanced(by: offset), raw.count - offset)
                    if written < 0 {
                        if errno == EINTR { continue }
                        return Self.lastError()
                    }
                    offset += written
                }
                return nil
            }
            if let failure { throw SecretsFileError.io(path: temporary, reason: failure) }
            guard fsync(descriptor) == 0 else { throw SecretsFileError.io(path: temporary, reason: Self.lastError()) }
        }
        guard rename(temporary, url.path) == 0 else { throw .io(path: url.path, reason: Self.lastError()) }
        renamed = true
        // Make the rename itself durable.
        let directoryDescriptor = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if directoryDescriptor >= 0 {
            _ = fsync(directoryDescriptor)
            close(directoryDescriptor)
        }
    }

    private static func lastError() -> String {
        String(cString: strerror(errno))
    }
}

/// Why the secrets file could not be used.
public enum SecretsFileError: Error, Equatable, CustomStringConvertible {
    /// Group or others have some access to the file.
    case readableByOthers(path: String, mode: UInt32)
    /// The file belongs to another user.
    case notOwned(path: String)
    /// The file is not the JSON Quire writes.
    case malformed(path: String)
    case io(path: String, reason: String)

    public var description: String {
        switch self {
        case .readableByOthers(let path, let mode):
            let octal = String(mode, radix: 8)
            return "refusing to use \(path): it is accessible by other users (mode \(octal)); "
                + "it holds node passwords, so make it private with: chmod 600 '\(path)'"
        case .notOwned(let path):
            return "refusing to use \(path): it belongs to another user"
        case .malformed(let path):
            return "\(path) is not a valid Quire secrets file"
        case .io(let path, let reason):
            return "\(path): \(reason)"
        }
    }
}
