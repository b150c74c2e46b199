import Foundation
import QuireRender
import Synchronization
import Testing

@testable import QuireTUI

/// A grid terminal for a test; the wake pipe cannot fail in a test process.
func makeGrid(rows: Int = 24, columns: Int = 80, capability: ColourCapability = .trueColour) throws -> GridTerminal {
    try #require(GridTerminal(size: TerminalSize(rows: rows, columns: columns), colourCapability: capability))
}

func safe(_ text: String) -> TerminalSafeText { TerminalSafeText(sanitising: text) }

/// Compares a grid with a snapshot file in `Snapshots/`. With `QUIRE_UPDATE_SNAPSHOTS=1` the
/// file is (re)written in the source tree instead, and the test passes.
enum Snapshot {
    static func verify(
        _ grid: GridTerminal,
        named name: String,
        filePath: String = #filePath,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        try verify(text: grid.snapshot(), named: name, filePath: filePath, sourceLocation: sourceLocation)
    }

    /// Compares a snapshot taken elsewhere (on the app's thread) with its file.
    static func verify(
        text actual: String,
        named name: String,
        filePath: String = #filePath,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        if ProcessInfo.processInfo.environment["QUIRE_UPDATE_SNAPSHOTS"] == "1" {
            let folder = URL(fileURLWithPath: filePath).deletingLastPathComponent().appendingPathComponent("Snapshots")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try actual.write(to: folder.appendingPathComponent(name + ".txt"), atomically: true, encoding: .utf8)
            return
        }
        let url = try #require(
            Bundle.module.url(forResource: name, withExtension: "txt", subdirectory: "Snapshots"),
            "missing snapshot \(name).txt; run with QUIRE_UPDATE_SNAPSHOTS=1 to record it",
            sourceLocation: sourceLocation)
        let expected = try String(contentsOf: url, encoding: .utf8)
        #expect(actual == expected, "snapshot \(name) differs", sourceLocation: sourceLocation)
    }
}

/// A list data source that records which rows were asked for.
final class CountingSource: ListViewDataSource {
    let numberOfRows: Int
    private(set) var requested: [Int] = []
    let make: (Int) -> DisplayLine

    init(rows: Int, make: @escaping (Int) -> DisplayLine = { DisplayLine([DisplaySpan(safe("row \($0)"), .row)]) }) {
        numberOfRows = rows
        self.make = make
    }

    func line(forRow index: Int, width: Int) -> DisplayLine {
        requested.append(index)
        return make(index)
    }
}

/// Runs store work (a write, or a read the synchronous reader does not offer) from a test body on
/// the app's dedicated thread, never a pool thread, and waits for it: the app itself never waits
/// for its writes, but a test sets up its world first.
func awaitStore<Value: Sendable>(_ body: @escaping @Sendable () async throws -> Value) throws -> Value {
    let box = Mutex<Result<Value, any Error>?>(nil)
    let done = DispatchSemaphore(value: 0)
    Task.detached {
        let result: Result<Value, any Error>
        do {
            result = .success(try await body())
        } catch {
            result = .failure(error)
        }
        box.withLock { $0 = result }
        done.signal()
    }
    done.wait()
    return try #require(box.withLock { $0 }).get()
}
