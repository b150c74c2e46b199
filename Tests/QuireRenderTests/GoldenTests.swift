import Foundation
import Testing

@testable import QuireRender

/// Golden files: each `Golden/inputs/NAME.md` rendered as plain text (no colour) at widths 40,
/// 80 and 120 must equal `Golden/expected/NAME.WIDTH.txt`.
///
/// After an intended rendering change, regenerate the expected files and review the diff:
///
///     QUIRE_REGENERATE_GOLDEN=1 swift test --filter GoldenTests
///     git diff Tests/QuireRenderTests/Golden/expected
@Suite struct GoldenTests {
    static let widths = [40, 80, 120]

    /// The committed corpus, in the source tree (written when regenerating).
    static let sourceDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Golden")

    /// The corpus: the source tree's when present (the bundle's copy is only refreshed by a
    /// build, so it lags behind a regeneration), else the test bundle's.
    static var directory: URL {
        if FileManager.default.fileExists(atPath: sourceDirectory.path) { return sourceDirectory }
        return Bundle.module.url(forResource: "Golden", withExtension: nil) ?? sourceDirectory
    }

    static var names: [String] {
        let inputs = directory.appendingPathComponent("inputs")
        let files = (try? FileManager.default.contentsOfDirectory(atPath: inputs.path)) ?? []
        return files.filter { $0.hasSuffix(".md") }.map { String($0.dropLast(3)) }.sorted()
    }

    static var regenerating: Bool { ProcessInfo.processInfo.environment["QUIRE_REGENERATE_GOLDEN"] == "1" }

    @Test func corpusIsPresent() {
        #expect(Self.names.count >= 12)
    }

    @Test(arguments: names)
    func rendersAsExpected(_ name: String) throws {
        let input = try String(
            contentsOf: Self.directory.appendingPathComponent("inputs/\(name).md"), encoding: .utf8
        )
        for width in Self.widths {
            let document = render(input, options: RenderOptions(width: width))
            let output = ANSIWriter().write(document)
            for line in document.lines {
                #expect(line.width() <= width, "\(name) at \(width): \(line.plainText)")
            }
            #expect(!output.utf8.contains(0x1B))
            let file = "expected/\(name).\(width).txt"
            if Self.regenerating {
                let url = Self.sourceDirectory.appendingPathComponent(file)
                try FileManager.default.createDirectory(
                    at: url.deletingLastPathComponent(), withIntermediateDirectories: true
                )
                try output.write(to: url, atomically: true, encoding: .utf8)
                continue
            }
            let expected = try String(contentsOf: Self.directory.appendingPathComponent(file), encoding: .utf8)
            #expect(output == expected, "\(file) differs; see GoldenTests for how to regenerate")
        }
    }
}
