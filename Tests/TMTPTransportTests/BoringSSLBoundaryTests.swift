import Foundation
import Testing

/// BoringSSL is reached through a module swift-nio-ssl does not export, so its use stays in one file that a
/// swift-nio-ssl update can be checked against (see Package.swift's pin).
@Suite struct BoringSSLBoundaryTests {
    @Test func onlyOneSourceFileImportsBoringSSL() throws {
        let sources = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Sources")
        let files = try #require(FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil))
        var importers: [String] = []
        for case let file as URL in files where file.pathExtension == "swift" {
            let text = try String(contentsOf: file, encoding: .utf8)
            if text.split(separator: "\n").contains(where: { $0.contains("import CNIOBoringSSL") }) {
                importers.append(file.path.replacingOccurrences(of: sources.path + "/", with: ""))
            }
        }
        #expect(importers == ["TMTPTransport/BoringSSL.swift"])
    }
}
