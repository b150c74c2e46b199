import Foundation
import QuireCore
import Testing

@Suite("Search over the store")
struct SearchTests {
    private static let utc = TimeZone(identifier: "UTC") ?? .current

    /// A small mailbox: msgid n is posted on March n.
    private func fill(_ store: ClientStore) async throws {
        try await store.addAccount(Account(name: "work", siteAddress: "+work.example:8444", siteName: "Acme", uid: "W"))
        let team = [Recipient(alias: "me", uid: "SELFUID"), Recipient(alias: "team", uid: "GID", isGroup: true)]
        let messages = [
            received(1, from: "ann", subject: "Launch plan", body: "The rocket launch is on Friday #space", day: 1),
            received(
                2, thread: 1, from: "bob", uid: "BOBUID", subject: "Re: Launch plan",
                body: "Friday works. NEAR the pad", day: 2, to: team),
            received(3, from: "ann", subject: "Lunch", body: "Pizza or sushi? \"a\" OR b* are literal", day: 3),
            received(4, from: "carol", uid: "CAROLUID", subject: "Budget", body: "Rocket budget approved", day: 4),
            received(5, from: "bob", uid: "BOBUID", subject: "Draft notes", body: "draft of the rocket manual", day: 5),
        ]
        for message in messages {
            try await store.insertReceived(message, account: "home")
        }
        try await store.insertReceived(
            received(6, from: "dave", uid: "DAVEUID", subject: "Rocket", body: "rocket at work", day: 6),
            account: "work")
        try await store.addTag("finance", account: "home", thread: msgid(4))
        try await store.setThreadRead(true, account: "home", thread: msgid(3))
    }

    private func ids(_ store: ClientStore, _ text: String, limit: Int = 50) async throws -> [String] {
        try await store.search(SearchQuery(parsing: text), limit: limit, timeZone: Self.utc).hits.map(\.msgid)
    }

    @Test("each operator filters as documented, newest first")
    func operators() async throws {
        try await withStore { store, _ in
            try await fill(store)
            #expect(try await ids(store, "rocket") == [msgid(6), msgid(5), msgid(4), msgid(1)])
            #expect(try await ids(store, "ROCKET site:home") == [msgid(5), msgid(4), msgid(1)])
            #expect(try await ids(store, "rocket site:acme") == [msgid(6)])
            #expect(try await ids(store, "from:ANN") == [msgid(3), msgid(1)])
            #expect(try await ids(store, "from:BOBUID") == [msgid(5), msgid(2)])
            #expect(try await ids(store, "to:team") == [msgid(2)])
            #expect(try await ids(store, "to:me site:home").count == 5)
            #expect(try await ids(store, "tag:finance") == [msgid(4)])
            #expect(try await ids(store, "#space") == [msgid(1)])
            #expect(try await ids(store, "tag:todo site:home").count == 5)
            #expect(try await ids(store, "is:read") == [msgid(3)])
            #expect(try await ids(store, "is:unread site:home") == [msgid(5), msgid(4), msgid(2), msgid(1)])
            #expect(try await ids(store, "before:2026-03-03") == [msgid(2), msgid(1)])
            #expect(try await ids(store, "after:2026-03-05") == [msgid(6), msgid(5)])
            #expect(try await ids(store, "after:2026-03-02 before:2026-03-04") == [msgid(3), msgid(2)])
        }
    }

    @Test("words match subject, body, sender and recipients; accents and case fold")
    func fields() async throws {
        try await withStore { store, _ in
            try await fill(store)
            #expect(try await ids(store, "lunch") == [msgid(3)])
            #expect(try await ids(store, "carol") == [msgid(4)])
            #expect(try await ids(store, "team") == [msgid(2)])
            try await store.insertReceived(received(9, body: "Crème brûlée", day: 9), account: "home")
            #expect(try await ids(store, "creme BRULEE") == [msgid(9)])
        }
    }

    @Test("combinations, phrases and exclusions")
    func combinations() async throws {
        try await withStore { store, _ in
            try await fill(store)
            #expect(try await ids(store, "rocket friday") == [msgid(1)])
            #expect(try await ids(store, "rocket -draft") == [msgid(6), msgid(4), msgid(1)])
            #expect(try await ids(store, "rocket -draft -budget site:home") == [msgid(1)])
            #expect(try await ids(store, "-rocket site:home") == [msgid(3), msgid(2)])
            #expect(try await ids(store, "\"rocket launch\"") == [msgid(1)])
            #expect(try await ids(store, "\"launch rocket\"") == [])
            #expect(try await ids(store, "-\"rocket manual\" rocket site:home") == [msgid(4), msgid(1)])
            #expect(try await ids(store, "-from:ann -is:read site:home") == [msgid(5), msgid(4), msgid(2)])
            #expect(try await ids(store, "friday from:bob is:unread before:2026-03-03") == [msgid(2)])
        }
    }

    @Test(
        "FTS5 syntax typed by the user is searched as text, never interpreted",
        arguments: [
            (#""a" OR b*"#, [3]),
            ("rocket OR pizza", []),
            ("NEAR(rocket friday)", []),
            ("NEAR(", [2]),
            ("near the pad", [2]),
            (#"b*"#, [3]),
            ("rocket*", [6, 5, 4, 1]),
            (#""body:rocket""#, []),
            ("^rocket", [6, 5, 4, 1]),
            (#""""#, [1, 2, 3, 4, 5, 6]),
            ("'; DROP TABLE message; --", []),
            ("{subject body}:rocket", []),
            ("\"OR\"", [3]),
            ("AND", []),
            ("--", [1, 2, 3, 4, 5, 6]),
        ])
    func injection(text: String, expected: [Int]) async throws {
        try await withStore { store, _ in
            try await fill(store)
            let query = try SearchQuery(parsing: text)
            let hits = try await store.search(query, timeZone: Self.utc).hits.map(\.msgid)
            #expect(hits == expected.sorted(by: >).map(msgid))
            // The store is intact afterwards.
            #expect(try await ids(store, "rocket").count == 4)
        }
    }

    @Test("paging: pages are newest first, disjoint, and end with no cursor")
    func paging() async throws {
        try await withStore { store, _ in
            for number in 1...25 {
                try await store.insertReceived(
                    received(number, body: "common word \(number)", day: 1 + number % 28, hour: number % 24),
                    account: "home")
            }
            // Two messages with the same posted time keep a stable order.
            try await store.insertReceived(received(100, body: "common twin", day: 2, hour: 1), account: "home")
            var seen: [String] = []
            var cursor: SearchCursor?
            var pages = 0
            repeat {
                let page = try await store.search(SearchQuery(parsing: "common"), limit: 7, after: cursor)
                seen += page.hits.map(\.msgid)
                cursor = page.next
                pages += 1
            } while cursor != nil && pages < 10
            #expect(pages == 4)
            #expect(seen.count == 26 && Set(seen).count == 26)
            let all = try await store.search(SearchQuery(parsing: "common"), limit: 100)
            #expect(all.hits.map(\.msgid) == seen)
            #expect(all.next == nil)
            let times = all.hits.map(\.posted)
            #expect(times == times.sorted(by: >))
            #expect(SearchCursor("\(SearchCursor(key: 42))") == SearchCursor(key: 42))
        }
    }
}
