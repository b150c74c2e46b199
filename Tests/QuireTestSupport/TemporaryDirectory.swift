import Foundation

/// A fresh directory under the system temporary directory, removed by `remove()` or when the value is
/// released (a test keeps it alive to the end of its scope with `defer { directory.remove() }`).
public final class TemporaryDirectory: Sendable {
    public let url: URL

    public var path: String { url.path }

    public init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent(
            "quire-tests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit {
        remove()
    }

    public func remove() {
        try? FileManager.default.removeItem(at: url)
    }

    /// The names in `subdirectory`, sorted.
    public func files(in subdirectory: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: url.appendingPathComponent(subdirectory).path).sorted()
    }
}
