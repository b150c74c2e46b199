import Foundation
import QuireCore
import QuireRender
import Testing

@testable import QuireTUI

/// The app reads again only what a store change touches and what is on screen: a list hidden
/// behind a pane is read when it shows again, another site's change moves only its tab's count.
@Suite("Refreshing what is shown")
struct AppRefreshTests {
    static func arrival(_ number: Int, subject: String) -> ReceivedMessage {
        ReceivedMessage(
            msgid: AppHarness.msgid(number), fromUID: "UANN000000000001", posted: "2026-11-29T11:50:00.000Z",
            alias: "Ann Lee", subject: subject, recipients: [Recipient(alias: "me-myself")], body: "News.")
    }

    @Test("a thread arriving behind the composer is in the list when the composer closes")
    func listHiddenBehindAPane() async throws {
        let (hidden, shown) = try await AppHarness.run { app, grid, services in
            try grid.press("c", in: app)
            let store = services.store
            _ = try awaitStore {
                try await store.insertReceived([Self.arrival(0x60, subject: "Arrived while writing")], account: "home")
            }
            app.settle(grid) { _ in app.threadList.isStale }
            let hidden = app.threadList.isStale
            try grid.press("<Esc>", in: app)
            return (hidden, grid.screenText)
        }
        #expect(hidden, "the change was noted while the list was hidden")
        #expect(shown.contains("Arrived while writing") && shown.contains(" LIST "))
    }

    @Test("a change on another site updates its tab, not the list on screen")
    func otherSiteOnlyItsTab() async throws {
        let (tabs, list) = try await AppHarness.run { app, grid, services in
            let store = services.store
            _ = try awaitStore {
                try await store.addAccount(AppHarness.registeredAccount("work"))
                return try await store.insertReceived(
                    [Self.arrival(0x61, subject: "For the work site")], account: "work")
            }
            app.settle(grid) { $0.contains("work@example (1)") }
            return (grid.textLines()[0], grid.screenText)
        }
        #expect(tabs.contains("work@example (1)"), "\(tabs)")
        #expect(!list.contains("For the work site"), "the home site's list is on screen")
    }
}
