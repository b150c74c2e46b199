import Foundation
import QuireTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

extension EndToEnd {
    /// The built `quire demo` in tmux, its window resized as a user drags it: every screen is drawn
    /// again at once at the new size, with no key pressed.
    @Suite("Resizing the terminal, end to end in tmux", .serialized)
    struct TmuxResizeTests {
        /// Whether `rows` (a capture of a `height`-row pane) show the main screen's frame at that
        /// height: the site's tab on the first row, `mode` on the status line, nothing below it but
        /// the command line.
        static func framed(_ rows: [Substring], height: Int, mode: String) -> Bool {
            guard rows.count >= height else { return false }
            return rows[0].contains("demo@") && rows[height - 2].contains(" \(mode) ")
                && !rows[0..<(height - 2)].contains { $0.contains(" \(mode) ") }
        }

        @Test(
            "list, reader, composer, help and a burst of resizes redraw at the new size; too small says so",
            .enabled(if: TmuxEndToEndTests.tmuxAvailable, "tmux is not installed: skipping the resize test"),
            .timeLimit(.minutes(3)))
        func resizesRedrawAtOnce() async throws {
            let quire = try BuiltProducts.executable("quire").path
            let tmux = Tmux(socket: "quire-resize-\(getpid())")
            defer { tmux.killServer() }
            try tmux.start(
                command: "TERM=xterm-256color LANG=C.UTF-8 '\(quire)' demo; echo quire-exit=$?; sleep 60", columns: 100,
                rows: 30)
            try await tmux.waitFor("Welcome to Quire: start here", seconds: 90)

            // The thread list, smaller then larger: the frame follows with no key pressed.
            try tmux.resize(columns: 80, rows: 24)
            try await tmux.waitUntil("the list at 80x24") {
                Self.framed($0, height: 24, mode: "LIST") && $0.contains { $0.contains("Welcome to Quire") }
            }
            try tmux.resize(columns: 110, rows: 35)
            try await tmux.waitUntil("the list at 110x35") {
                Self.framed($0, height: 35, mode: "LIST") && $0.contains { $0.contains("Welcome to Quire") }
            }

            // The reader: the tab row and the subject stay after a shrink.
            try tmux.send("Enter")
            try await tmux.waitFor("From: ada.lovelace")
            try tmux.resize(columns: 70, rows: 20)
            try await tmux.waitUntil("the reader at 70x20") {
                Self.framed($0, height: 20, mode: "READ") && $0.contains { $0.contains("Welcome to Quire") }
            }

            // A burst of resizes ends at the last size.
            for (columns, rows) in [(90, 28), (60, 15), (100, 30), (72, 26), (85, 25)] {
                try tmux.resize(columns: columns, rows: rows)
            }
            try await tmux.waitUntil("the reader after a burst, at 85x25") {
                Self.framed($0, height: 25, mode: "READ")
            }

            // The composer over the reader.
            try tmux.send("R")
            try await tmux.waitFor("(everyone on the thread)")
            try tmux.resize(columns: 75, rows: 22)
            try await tmux.waitUntil("the composer at 75x22") {
                Self.framed($0, height: 22, mode: "PANE") && $0.contains { $0.contains("(everyone on the thread)") }
            }

            // Too small for any screen: one clear line; the composer is back when it grows.
            try tmux.resize(columns: 30, rows: 8)
            try await tmux.waitUntil("the too-small notice") { rows in
                rows.joined(separator: " ").contains("terminal too small (30x8, needs at least 40x10)")
            }
            try tmux.resize(columns: 100, rows: 30)
            try await tmux.waitUntil("the composer at 100x30") {
                Self.framed($0, height: 30, mode: "PANE") && $0.contains { $0.contains("(everyone on the thread)") }
            }

            try tmux.send("Escape")
            try await tmux.waitUntil("the reader back") { Self.framed($0, height: 30, mode: "READ") }
            try tmux.send("q")
            try await tmux.waitUntil("the list back") { Self.framed($0, height: 30, mode: "LIST") }

            // Help.
            try tmux.send("?")
            try await tmux.waitUntil("help") { Self.framed($0, height: 30, mode: "HELP") }
            try tmux.resize(columns: 95, rows: 27)
            try await tmux.waitUntil("help at 95x27") { Self.framed($0, height: 27, mode: "HELP") }
            try tmux.send("q")
            try await tmux.waitUntil("the list after help") { Self.framed($0, height: 27, mode: "LIST") }
            try tmux.send("q")
            let last = try await tmux.waitFor("quire-exit=")
            #expect(last.contains("quire-exit=0"), "\(last)")
        }
    }
}
