import Foundation
import QuireCore
import QuireRender
import Testing

@testable import QuireTUI

/// Views, sites and attachments through the running app.
@Suite("App actions")
struct AppActionTests {
    @Test("a saved search from the config is a view")
    func savedSearchView() async throws {
        var config = AppConfig()
        config.savedSearches = ["Bobs": "from:\"Bob Stone\""]
        let screen = try await AppHarness.run(config: config) { app, grid, _ in
            try grid.press(":", in: app)
            grid.inject(typing: "view Bobs")
            try grid.press("<Enter>", in: app)
            return grid.screenText
        }
        #expect(screen.contains("Bobs 1/1"))
        #expect(screen.contains("Bob Stone"))
        #expect(!screen.contains("張偉"))
    }

    @Test("<Tab> moves to the next site's tab and its threads")
    func nextSite() async throws {
        let (first, second) = try await AppHarness.run { app, grid, services in
            let store = services.store
            try awaitStore {
                try await store.addAccount(AppHarness.registeredAccount("work"))
                _ = try await store.insertReceived(
                    ReceivedMessage(
                        msgid: AppHarness.msgid(0x900), fromUID: "UWRK000000000001",
                        posted: "2026-11-29T08:00:00.000Z", alias: "Boss", subject: "Budget review", body: "Numbers."),
                    account: "work")
            }
            // The change notes arrive through the inbox; wait for the new tab.
            for _ in 0..<200 where !grid.screenText.contains("work") {
                app.processPendingEvents()
                usleep(10_000)
            }
            let first = grid.screenText
            try grid.press("<Tab>", in: app)
            return (first, grid.screenText)
        }
        #expect(first.contains("home@example"))
        #expect(first.contains("work@example"))
        #expect(first.contains("Quarterly numbers"))
        #expect(!first.contains("Budget review"))
        #expect(second.contains("Budget review"))
        #expect(!second.contains("Quarterly numbers"))
    }

    @Test("S saves an attachment under a safe name, never over an existing file")
    func saveAttachment() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("quire-save-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let stored = folder.appendingPathComponent("stored.bin")
        try Data("plan".utf8).write(to: stored)
        var config = AppConfig()
        config.downloadDirectory = folder.path
        let (screen, again) = try await AppHarness.run(config: config) { app, grid, services in
            let store = services.store
            _ = try awaitStore {
                try await store.insertReceived(
                    ReceivedMessage(
                        msgid: AppHarness.msgid(0x60), fromUID: "UATT000000000001", posted: "2026-11-29T11:58:00.000Z",
                        alias: "Mallory", subject: "Plans attached",
                        attachments: [
                            AttachmentInfo(name: "../../.bashrc", kind: .upload, size: 4, storedPath: stored.path)
                        ], body: "See the file."), account: AppHarness.account)
            }
            for _ in 0..<200 where !grid.screenText.contains("Plans attached") {
                app.processPendingEvents()
                usleep(10_000)
            }
            try grid.press("g g <Enter> S", in: app)
            grid.inject(typing: "1")
            try grid.press("<Enter>", in: app)
            let screen = grid.screenText
            try grid.press("S", in: app)
            grid.inject(typing: "1")
            try grid.press("<Enter>", in: app)
            return (screen, grid.screenText)
        }
        #expect(screen.contains("[1] ../../.bashrc"))
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        // One path component, no leading dot: the sender's `../../.bashrc` stays in the folder.
        #expect(names == ["_.._ (1).bashrc", "_.._.bashrc", "stored.bin"])
        #expect(screen.contains("saved /tmp/"))
        #expect(again.contains("saved /tmp/"))
        #expect(
            try String(contentsOfFile: folder.appendingPathComponent("_.._.bashrc").path, encoding: .utf8) == "plan")
    }

    @Test(":theme switches the colours at once; an unknown theme is an error")
    func themeSwitch() async throws {
        let (before, after, unknown) = try await AppHarness.run { app, grid, _ in
            let before = grid.cell(row: 0, column: 1).style
            try grid.press(":", in: app)
            grid.inject(typing: "theme light")
            try grid.press("<Enter>", in: app)
            let after = grid.cell(row: 0, column: 1).style
            try grid.press(":", in: app)
            grid.inject(typing: "theme nosuch")
            try grid.press("<Enter>", in: app)
            return (before, after, grid.screenText)
        }
        #expect(before != after)
        #expect(unknown.contains("no theme `nosuch`"))
    }

    @Test("sort oldest pages from the other end; a click selects a row when the mouse is on")
    func sortAndMouse() async throws {
        var config = AppConfig()
        config.mouse = true
        let (oldest, clicked, reporting) = try await AppHarness.run(config: config) { app, grid, _ in
            try grid.press(":", in: app)
            grid.inject(typing: "sort oldest")
            try grid.press("<Enter>", in: app)
            let oldest = grid.textLines()[1]
            grid.inject(.mouse(MouseEvent(.press(button: 1), row: 3, column: 10)))
            app.processPendingEvents()
            return (oldest, grid.textLines()[22], grid.mouseReporting)
        }
        #expect(oldest.contains("A long read"))
        #expect(clicked.contains("All 3/4 by oldest"))
        #expect(reporting)
    }
}
