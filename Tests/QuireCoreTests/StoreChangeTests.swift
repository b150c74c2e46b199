import QuireCore
import Testing

@Suite("Store change events")
struct StoreChangeTests {
    @Test("changes are announced after commit, naming the account and thread")
    func announcedAfterCommit() async throws {
        try await withStore { store, _ in
            let changes = await store.changes()
            var iterator = changes.makeAsyncIterator()

            try await store.insertReceived(received(1), account: "home")
            let first = await iterator.next()
            #expect(first == StoreChange(area: .threads, account: "home", thread: msgid(1)))
            // By the time the event arrives, a reader sees the committed message.
            #expect(try await store.messages(account: "home", thread: msgid(1)).count == 1)

            // A duplicate changes nothing and announces nothing; the next event is the tag.
            try await store.insertReceived(received(1), account: "home")
            try await store.addTag("x", account: "home", thread: msgid(1))
            #expect(await iterator.next() == StoreChange(area: .tags, account: "home", thread: msgid(1)))

            // A failed write announces nothing.
            await #expect(throws: ClientStoreError.self) {
                try await store.addTag("bad tag", account: "home", thread: msgid(1))
            }
            try await store.saveContact(Contact(account: "home", alias: "ann", origin: .manual))
            #expect(await iterator.next() == StoreChange(area: .contacts, account: "home"))

            try await store.removeAccount(named: "home")
            #expect(await iterator.next() == StoreChange(area: .accounts, account: "home"))
        }
    }

    @Test("every subscriber gets every change")
    func fanOut() async throws {
        try await withStore { store, _ in
            let one = await store.changes()
            let two = await store.changes()
            try await store.saveDraft(Draft(account: "home", subject: "s"))
            var first = one.makeAsyncIterator()
            var second = two.makeAsyncIterator()
            #expect(await first.next()?.area == .drafts)
            #expect(await second.next()?.area == .drafts)
        }
    }
}
