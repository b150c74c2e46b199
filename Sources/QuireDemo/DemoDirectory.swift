import Foundation

/// A fresh directory under the system's temporary directory that the demo owns and removes.
final class DemoDirectory: Sendable {
    let url: URL

    init(label: String) throws {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("quire-demo-\(label)-\(UUID().uuidString.prefix(8))", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    /// Deletes the directory and everything in it.
    func remove() {
        try? FileManager.default.removeItem(at: url)
    }
}
