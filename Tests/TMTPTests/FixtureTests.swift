import Foundation
import Testing

@Test func referenceFramesFixtureIsBundled() throws {
    let url = try #require(Bundle.module.url(forResource: "reference-frames", withExtension: "jsonl", subdirectory: "Fixtures"))
    let text = try String(contentsOf: url, encoding: .utf8)
    #expect(text.split(separator: "\n").count > 10)
}
