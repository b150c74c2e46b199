import Foundation

/// Remembers the certificate each trust-on-first-use site showed the first time, so that a later, different
/// certificate is refused instead of silently accepted.
public protocol KnownSites: Sendable {
    func fingerprint(for endpoint: String) async throws -> CertificateFingerprint?
    func remember(_ fingerprint: CertificateFingerprint, for endpoint: String) async throws
}

/// Known sites kept in a text file, one `host:port sha256-hex` per line, rewritten atomically.
public actor KnownSitesFile: KnownSites {
    public nonisolated let path: String
    private var entries: [String: CertificateFingerprint]?

    public init(path: String) {
        self.path = path
    }

    public func fingerprint(for endpoint: String) throws -> CertificateFingerprint? {
        try load()[endpoint]
    }

    public func remember(_ fingerprint: CertificateFingerprint, for endpoint: String) throws {
        var entries = try load()
        entries[endpoint] = fingerprint
        let text = entries.keys.sorted().map { "\($0) \(entries[$0]?.hex ?? "")\n" }.joined()
        let url = URL(fileURLWithPath: path)
        try FileManager.default.createDirectory(
            at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url, options: .atomic)
        self.entries = entries
    }

    private func load() throws -> [String: CertificateFingerprint] {
        if let entries { return entries }
        var loaded: [String: CertificateFingerprint] = [:]
        if FileManager.default.fileExists(atPath: path) {
            let text = try String(contentsOfFile: path, encoding: .utf8)
            for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                let fields = line.split(separator: " ")
                if fields.isEmpty { continue }
                guard fields.count == 2, let fingerprint = CertificateFingerprint(hex: fields[1]) else {
                    throw KnownSitesError.malformedLine(path: path, line: number + 1)
                }
                loaded[String(fields[0])] = fingerprint
            }
        }
        entries = loaded
        return loaded
    }
}

public enum KnownSitesError: Error, Sendable, Equatable, CustomStringConvertible {
    case malformedLine(path: String, line: Int)

    public var description: String {
        switch self {
        case .malformedLine(let path, let line):
            "\(path):\(line): expected 'host:port <64 hex digits>'"
        }
    }
}

/// Known sites held in memory only, for tests and one-shot tools.
public actor InMemoryKnownSites: KnownSites {
    private var entries: [String: CertificateFingerprint] = [:]

    public init() {}

    public func fingerprint(for endpoint: String) -> CertificateFingerprint? { entries[endpoint] }

    public func remember(_ fingerprint: CertificateFingerprint, for endpoint: String) {
        entries[endpoint] = fingerprint
    }
}
