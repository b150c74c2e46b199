import Foundation
import QuireCore
import QuireRender
import Testing

@testable import QuireTUI

/// Every screen is laid out again at the size a resize reports, and a terminal too small for
/// any screen shows one clear line until it grows.
@Suite("Resizing every screen")
struct AppResizeTests {
    /// The frame at `size`: the site's tab on the first row and `mode` on the status line.
    static func framed(_ grid: GridTerminal, mode: String) -> Bool {
        let rows = grid.textLines()
        return rows.count == grid.size.rows && rows[0].contains("example")
            && rows[grid.size.rows - 2].contains(" \(mode) ")
    }

    static let sizes = [
        TerminalSize(rows: 30, columns: 100), TerminalSize(rows: 20, columns: 70), TerminalSize(rows: 35, columns: 110),
        TerminalSize(rows: 10, columns: 40),
    ]

    @Test(
        "list, reader, composer, address book, prompt and help each follow a burst of resizes",
        arguments: [
            ("", "LIST"), ("<Enter>", "READ"), ("c", "PANE"), ("A", "PANE"), (":", "PROMPT"), ("?", "HELP"),
        ])
    func screensFollowResizes(keys: String, mode: String) async throws {
        let framed = try await AppHarness.run(prepare: AppPaneTests.addressBook) { app, grid, _ in
            if !keys.isEmpty { try grid.press(keys, in: app) }
            var framed: [Bool] = []
            for size in Self.sizes {
                grid.resize(to: size)
                app.processPendingEvents()
                framed.append(Self.framed(grid, mode: mode))
            }
            // A burst: several resizes before the app looks, the last one counts.
            for size in Self.sizes.reversed() { grid.resize(to: size) }
            app.processPendingEvents()
            framed.append(grid.size == Self.sizes[0] && Self.framed(grid, mode: mode))
            return framed
        }
        #expect(framed == Array(repeating: true, count: Self.sizes.count + 1), "\(mode): \(framed)")
    }

    @Test("below 40x10 one line says so; the screen comes back when the terminal grows")
    func tooSmall() async throws {
        let (small, tiny, back) = try await AppHarness.run { app, grid, _ in
            try grid.press("c", in: app)
            grid.type("ann", in: app)
            grid.resize(to: TerminalSize(rows: 8, columns: 60))
            app.processPendingEvents()
            let small = grid.screenText
            grid.resize(to: TerminalSize(rows: 3, columns: 12))
            app.processPendingEvents()
            let tiny = grid.textLines().map { $0.trimmingCharacters(in: .whitespaces) }
            grid.resize(to: TerminalSize(rows: 24, columns: 80))
            app.processPendingEvents()
            return (small, tiny, grid.screenText)
        }
        #expect(small.contains("terminal too small (60x8, needs at least 40x10)"))
        #expect(tiny == ["terminal too", "small (12x3,", "needs at"], "wrapped at spaces, as much as fits")
        #expect(back.contains("To:") && back.contains("ann") && back.contains(" PANE "), "the composer, text kept")
    }

    @Test("the sentence wraps at spaces and cuts a word longer than a line")
    func tooSmallWrapping() {
        let notice = TerminalTooSmall(size: TerminalSize(rows: 5, columns: 9))
        #expect(notice.lines(width: 30) == ["terminal too small (9x5, needs", "at least 40x10)"])
        #expect(notice.lines(width: 5) == ["termi", "too", "small", "(9x5,", "needs", "at", "least", "40x10"])
        #expect(TerminalTooSmall.applies(to: TerminalSize(rows: 10, columns: 39)))
        #expect(!TerminalTooSmall.applies(to: TerminalSize(rows: 10, columns: 40)))
    }
}
