import Foundation
import QuireCore
import QuireRender
import Testing

@testable import QuireTUI

/// A real store in a temporary directory, seeded with threads, and the app over a grid.
enum AppHarness {
    /// 2026-11-29 12:00 UTC, read in UTC, so dates in snapshots never move.
    static let clock = RelativeDate(now: 1_795_953_600, utcOffset: 0)
    static let account = "home"

    static func makeHome() throws -> QuireHome {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "quire-tui-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return QuireHome(dataDirectory: directory, configDirectory: directory)
    }

    static func registeredAccount(_ name: String = account) -> Account {
        Account(
            name: name, siteAddress: "=127.0.0.1:8444", siteName: "example", uid: "UME0000000000001",
            alias: "me-myself", state: .registered)
    }

    static func msgid(_ number: Int) -> String {
        let hex = String(number, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }

    static let tableBody = """
        # Quarterly numbers

        Here are the **numbers** for the quarter:

        | Region | Orders |
        |--------|-------:|
        | North  |   1204 |
        | South  |    982 |

        See [the report](https://example.org/report) and [the party](#\(msgid(0x30))).
        """

    static let deckBody = """
        Slides for Friday:

        :::
        # First slide
        Welcome!
        :::
        # Second slide
        - food
        - music
        :::
        # Third slide
        See you there.
        :::>

        Bring snacks.
        """

    /// Four threads: Markdown with a table and links (with a reply), CJK, emoji with a slide
    /// deck, and a long one for scrolling.
    static func seed(_ store: ClientStore) async throws {
        try await store.addAccount(registeredAccount())
        let messages = [
            ReceivedMessage(
                msgid: msgid(0x10), fromUID: "UANN000000000001", posted: "2026-11-29T10:42:00.000Z", alias: "Ann Lee",
                subject: "Quarterly numbers", recipients: [Recipient(alias: "me-myself", uid: "UME0000000000001")],
                body: tableBody),
            ReceivedMessage(
                msgid: msgid(0x11), fromUID: "UBOB000000000001", posted: "2026-11-29T11:05:00.000Z",
                alias: "Bob Stone", threadID: msgid(0x10), subject: "Quarterly numbers",
                recipients: [
                    Recipient(alias: "Ann Lee", uid: "UANN000000000001"),
                    Recipient(alias: "me-myself", uid: "UME0000000000001"),
                ], body: "Thanks Ann, *South* looks low.\n\nLine\n\nafter\n\nline."),
            ReceivedMessage(
                msgid: msgid(0x20), fromUID: "UZHA000000000001", posted: "2026-11-28T09:15:00.000Z", alias: "張偉",
                subject: "会議の議事録と次回の予定について", body: "議事録を添付します。"),
            ReceivedMessage(
                msgid: msgid(0x30), fromUID: "UEMO000000000001", posted: "2026-11-27T18:00:00.000Z",
                alias: "😀 Emoji Fan", subject: "Party 🎉 on Friday? 🍕🍕🍕", body: deckBody),
            ReceivedMessage(
                msgid: msgid(0x40), fromUID: "ULON000000000001", posted: "2026-11-20T08:00:00.000Z",
                alias: "Zoë Ångström", subject: "A long read",
                body: (1...60).map { "Paragraph \($0) of the long read." }.joined(separator: "\n\n")),
        ]
        _ = try await store.insertReceived(messages, account: account)
    }

    /// Runs `body` on a dedicated thread (store reads block it, never the test's pool thread)
    /// with a started app over a grid of `size`.
    static func run<Value: Sendable>(
        rows: Int = 24, columns: Int = 80, config: AppConfig = AppConfig(), seed: Bool = true,
        paneProvider: (any ModalPaneProvider)? = StandardPaneProvider(utcOffset: 0),
        autosaveDelay: Duration = .seconds(1), home: QuireHome? = nil,
        prepare: @escaping @Sendable (ClientStore) async throws -> Void = { _ in },
        _ body: @escaping @Sendable (QuireApp, GridTerminal, AppServices) throws -> Value
    ) async throws -> Value {
        let ownsHome = home == nil
        let home = try home ?? makeHome()
        defer { if ownsHome { try? FileManager.default.removeItem(at: home.dataDirectory) } }
        let store = try ClientStore(home: home)
        if seed { try await Self.seed(store) }
        try await prepare(store)
        let services = AppServices(home: home, store: store, supervisor: nil)
        let inbox = AppInbox()
        let forwarders = await inbox.forward(store: store, supervisor: nil)
        defer { for task in forwarders { task.cancel() } }
        return try await DedicatedThread.run {
            let terminal = try #require(GridTerminal(size: TerminalSize(rows: rows, columns: columns)))
            var options = QuireAppOptions(
                startSync: false, environment: [:], paneProvider: paneProvider, fixedClock: clock)
            options.autosaveDelay = autosaveDelay
            let app = QuireApp(
                terminal: terminal, services: services, inbox: inbox, config: config, keymap: Keymap.defaults,
                options: options)
            app.start()
            return try body(app, terminal, services)
        }
    }
}

extension QuireApp {
    /// Lets the app take store change notes until `done` holds (bounded: two seconds), for
    /// screens that depend on background writes such as marking a thread read.
    func settle(_ grid: GridTerminal, until done: (String) -> Bool) {
        for _ in 0..<200 where !done(grid.screenText) {
            processPendingEvents()
            usleep(10_000)
        }
    }
}

extension GridTerminal {
    /// The screen as one string, for `contains` checks.
    var screenText: String { textLines().joined(separator: "\n") }

    /// Types keys in notation and lets the app handle them, and finish the writes they started
    /// (as a person waits a moment to see what a key did).
    func press(_ notation: String, in app: QuireApp) throws {
        try inject(keys: notation)
        app.processPendingEvents()
        app.waitForBackgroundWork()
    }
}
