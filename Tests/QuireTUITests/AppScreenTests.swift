import Foundation
import QuireCore
import QuireRender
import Testing

@testable import QuireTUI

/// The running app on a real store and the in-memory terminal: screens, keys, store wake-ups.
@Suite("App screens")
struct AppScreenTests {
    @Test("the thread list at 80x24 and 120x40")
    func threadList() async throws {
        let small = try await AppHarness.run { _, grid, _ in grid.snapshot() }
        let large = try await AppHarness.run(rows: 40, columns: 120) { _, grid, _ in grid.snapshot() }
        try Snapshot.verify(text: small, named: "app-list-80x24")
        try Snapshot.verify(text: large, named: "app-list-120x40")
        #expect(small.contains("Quarterly numbers"))
        #expect(small.contains("LIST"))
        #expect(small.contains("All 1/4"))
    }

    @Test("opening a thread renders its Markdown, with headers, and marks it read")
    func openThread() async throws {
        let (screen, unread, full) = try await AppHarness.run { app, grid, services in
            try grid.press("<Enter>", in: app)
            app.settle(grid) { $0.contains("outbox 1") && $0.contains("(3)") }
            let screen = grid.screenText
            let store = services.store
            let unread = try services.reader.thread(account: AppHarness.account, id: AppHarness.msgid(0x10))?
                .unreadCount
            return (screen, unread, grid.snapshot())
        }
        #expect(screen.contains("From: Ann Lee"))
        #expect(screen.contains("via example"))
        #expect(screen.contains("Cc:   me-myself"))
        #expect(screen.contains("Region"))
        #expect(screen.contains("1204"))
        #expect(!screen.contains("| North"), "the table is drawn, not shown as Markdown source")
        #expect(screen.contains("READ"))
        #expect(unread == 0)
        try Snapshot.verify(text: full, named: "app-reader-80x24")
    }

    @Test("the reader scrolls, and J jumps to the next message")
    func readerScroll() async throws {
        let (top, scrolled, next) = try await AppHarness.run(rows: 40, columns: 120) { app, grid, _ in
            try grid.press("G <Enter>", in: app)
            let top = grid.screenText
            try grid.press("<Space> j j", in: app)
            let scrolled = grid.screenText
            try grid.press("q g g <Enter> J", in: app)
            return (top, scrolled, grid.screenText)
        }
        #expect(top.contains("Paragraph 1 of"))
        #expect(!top.contains("Paragraph 30 of"))
        #expect(scrolled.contains("Paragraph 30 of"))
        #expect(!scrolled.contains("Paragraph 1 of"))
        #expect(next.contains("From: Bob Stone"))
        #expect(next.contains("message 2/2"))
    }

    @Test("a slide deck shows one slide at a time, pages with ] and <, and all with s")
    func deckPaging() async throws {
        let screens = try await AppHarness.run(rows: 50, columns: 80) { app, grid, _ in
            try grid.press("j j <Enter>", in: app)
            var screens = [grid.screenText]
            try grid.press("]", in: app)
            screens.append(grid.screenText)
            try grid.press("> >", in: app)
            screens.append(grid.screenText)
            try grid.press("<lt>", in: app)
            screens.append(grid.screenText)
            try grid.press("s", in: app)
            screens.append(grid.screenText)
            return screens
        }
        #expect(screens[0].contains("First slide"))
        #expect(!screens[0].contains("Second slide"))
        #expect(screens[0].contains("slide 1 of 3"))
        #expect(screens[1].contains("Second slide"))
        #expect(!screens[1].contains("First slide"))
        #expect(screens[2].contains("Third slide"), "paging stops at the last slide")
        #expect(screens[3].contains("Second slide"))
        #expect(screens[4].contains("First slide") && screens[4].contains("Third slide"))
    }

    @Test("L numbers the links; a thread link opens that thread inside the app")
    func linkHints() async throws {
        let (hints, followed) = try await AppHarness.run(rows: 40, columns: 100) { app, grid, _ in
            try grid.press("<Enter> L", in: app)
            let hints = grid.screenText
            grid.inject(typing: "2")
            try grid.press("<Enter>", in: app)
            return (hints, grid.screenText)
        }
        #expect(hints.contains("Links (type the number"))
        #expect(hints.contains("[1] https://example.org/report"))
        #expect(hints.contains("[2] #0000000000000030"))
        #expect(hints.contains("follow link number:"))
        #expect(followed.contains("Party"))
        #expect(followed.contains("First slide"))
    }

    @Test("/ searches with the query language and lists the matches; Enter opens one")
    func search() async throws {
        let (results, opened, bad) = try await AppHarness.run { app, grid, _ in
            try grid.press("/", in: app)
            grid.inject(typing: "from:\"Bob Stone\"")
            try grid.press("<Enter>", in: app)
            let results = grid.screenText
            try grid.press("<Enter>", in: app)
            let opened = grid.screenText
            try grid.press("q q /", in: app)
            grid.inject(typing: "before:2026-13-01")
            try grid.press("<Enter>", in: app)
            return (results, opened, grid.screenText)
        }
        #expect(results.contains("MATCHES"))
        #expect(results.contains("Bob Stone"))
        #expect(!results.contains("Ann Lee"))
        #expect(results.contains("1 matches"))
        #expect(opened.contains("From: Bob Stone"))
        #expect(bad.contains("search:"))
    }

    @Test("? shows the live bindings and the query syntax")
    func help() async throws {
        let (screen, snapshot) = try await AppHarness.run { app, grid, _ in
            try grid.press("?", in: app)
            return (grid.screenText, grid.snapshot())
        }
        #expect(screen.contains("Keys in [list]"))
        #expect(screen.contains("HELP"))
        try Snapshot.verify(text: snapshot, named: "app-help-80x24")
        let syntax = try await AppHarness.run { app, grid, _ in
            try grid.press(":", in: app)
            grid.inject(typing: "help search")
            try grid.press("<Enter>", in: app)
            return grid.screenText
        }
        #expect(syntax.contains("from:alias"))
    }

    @Test("no accounts: the welcome screen, and adding a site through its prompts")
    func welcome() async throws {
        let (screen, snapshot, added) = try await AppHarness.run(seed: false) { app, grid, services in
            let screen = grid.screenText
            let snapshot = grid.snapshot()
            try grid.press("a", in: app)
            grid.inject(typing: "work")
            try grid.press("<Enter>", in: app)
            grid.inject(typing: "=127.0.0.1:9999")
            try grid.press("<Enter>", in: app)
            grid.inject(typing: "worker-bee")
            try grid.press("<Enter>", in: app)
            #expect(grid.screenText.contains("invite code (Enter when the site is open to all)"))
            try grid.press("<Enter>", in: app)
            let store = services.store
            let accounts = try services.reader.accounts().map(\.name)
            return (screen, snapshot, accounts)
        }
        #expect(screen.contains("Welcome to quire"))
        #expect(screen.contains("quire demo"))
        #expect(screen.contains("add a site"))
        try Snapshot.verify(text: snapshot, named: "app-welcome-80x24")
        #expect(added == ["work"])
    }

    @Test("adding a site that needs an invite: a typed code, or an invite link that carries one")
    func addSiteWithInvite() async throws {
        let accounts = try await AppHarness.run(seed: false) { app, grid, services in
            for (name, address, code) in [
                ("typed", "=127.0.0.1:9999", "CODE-TYPED-1"),
                ("linked", "tmtp://127.0.0.1:9998/?invite=CODE-LINK-2", ""),
            ] {
                try grid.press(name == "typed" ? "a" : ":", in: app)
                if name != "typed" {
                    grid.inject(typing: "add-site")
                    try grid.press("<Enter>", in: app)
                }
                for answer in [name, address, "worker-bee"] {
                    grid.inject(typing: answer)
                    try grid.press("<Enter>", in: app)
                }
                if !code.isEmpty {
                    grid.inject(typing: code)
                    try grid.press("<Enter>", in: app)
                }
                #expect(!grid.screenText.contains("invite code"), "\(name): no prompt left open")
            }
            let store = services.store
            return try services.reader.accounts()
        }
        #expect(accounts.map(\.name).sorted() == ["linked", "typed"])
        #expect(accounts.first { $0.name == "typed" }?.invite == "CODE-TYPED-1")
        #expect(accounts.first { $0.name == "linked" }?.invite == "CODE-LINK-2")
    }

    @Test("a resize mid-session redraws at the new size")
    func resize() async throws {
        let (before, after) = try await AppHarness.run { app, grid, _ in
            try grid.press("<Enter>", in: app)
            app.settle(grid) { $0.contains("outbox 1") && $0.contains("(3)") }
            let before = grid.size
            grid.resize(to: TerminalSize(rows: 40, columns: 120))
            app.processPendingEvents()
            return (before, grid.snapshot())
        }
        #expect(before == TerminalSize(rows: 24, columns: 80))
        try Snapshot.verify(text: after, named: "app-resized-120x40")
        #expect(after.contains("From: Ann Lee"))
        #expect(after.contains("│"), "side by side at 120 columns")
    }

    @Test("CJK and emoji rows keep every column aligned")
    func wideCharacters() async throws {
        let lines = try await AppHarness.run(rows: 24, columns: 80) { _, grid, _ in grid.textLines() }
        let rows = lines.filter { $0.contains("會") || $0.contains("会議") || $0.contains("Emoji") || $0.contains("Ann") }
        #expect(rows.count == 3)
        for row in rows {
            #expect(DisplayWidth.of(row) == 80, "row \(row) is \(DisplayWidth.of(row)) columns")
        }
        // The date column ends at the same place in every row.
        let dateColumns = rows.map { row in DisplayWidth.of(String(row.dropLast(6))) }
        #expect(Set(dateColumns).count == 1)
    }

    @Test("a store change wakes the UI and the new thread appears")
    func storeChangeWakes() async throws {
        let (before, after) = try await AppHarness.run { app, grid, services in
            let before = grid.screenText
            let store = services.store
            _ = try awaitStore {
                try await store.insertReceived(
                    ReceivedMessage(
                        msgid: AppHarness.msgid(0x50), fromUID: "UNEW000000000001",
                        posted: "2026-11-29T11:59:00.000Z", alias: "Newcomer", subject: "Fresh off the wire",
                        body: "hello"), account: AppHarness.account)
            }
            // The inbox wakes the loop through the terminal's wake pipe; bounded wait for it.
            for _ in 0..<200 where !grid.screenText.contains("Fresh off the wire") {
                app.processPendingEvents()
                usleep(10_000)
            }
            return (before, grid.screenText)
        }
        #expect(!before.contains("Fresh off the wire"))
        #expect(after.contains("Fresh off the wire"))
        #expect(after.contains("Newcomer"))
    }

    @Test(": runs commands with completion; views, sort, tags and read state")
    func commandLine() async throws {
        let (completed, tagged, unreadView, sorted) = try await AppHarness.run { app, grid, _ in
            try grid.press(":", in: app)
            grid.inject(typing: "vi")
            try grid.press("<Tab>", in: app)
            let completed = grid.textLines()[23]
            try grid.press("<Esc>", in: app)
            try grid.press(":", in: app)
            grid.inject(typing: "tag urgent")
            try grid.press("<Enter>", in: app)
            let tagged = grid.screenText
            try grid.press("j U :", in: app)
            grid.inject(typing: "view Unread")
            try grid.press("<Enter>", in: app)
            let unreadView = grid.screenText
            try grid.press(":", in: app)
            grid.inject(typing: "view All")
            try grid.press("<Enter> :", in: app)
            grid.inject(typing: "sort subject")
            try grid.press("<Enter>", in: app)
            return (completed, tagged, unreadView, grid.screenText)
        }
        #expect(completed.hasPrefix(":view "))
        #expect(tagged.contains("#urgent"))
        #expect(unreadView.contains("Unread"))
        #expect(!unreadView.contains("会議"), "the thread marked read left the Unread view")
        #expect(sorted.contains("by subject"))
    }
}
