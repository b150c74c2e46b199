import QuireCore
import Testing

@Suite("Tags and hashtags")
struct TagTests {
    @Test("new threads start with the Todo tag; tags add, remove and list threads")
    func privateTags() async throws {
        try await withStore { store, _ in
            try await store.insertReceived(received(1, day: 1), account: "home")
            try await store.insertReceived(received(2, day: 2), account: "home")
            try await store.insertReceived(received(3, thread: 1, day: 3), account: "home")
            #expect(try await store.thread(account: "home", id: msgid(1))?.tags == ["Todo"])
            #expect(try await store.threads(ThreadQuery(tag: "todo")).count == 2)

            try await store.addTag("#Travel", account: "home", thread: msgid(2))
            try await store.addTag("travel", account: "home", thread: msgid(2))
            try await store.removeTag("Todo", account: "home", thread: msgid(2))
            #expect(try await store.thread(account: "home", id: msgid(2))?.tags == ["Travel"])
            #expect(try await store.threads(ThreadQuery(tag: "Todo")).map(\.id) == [msgid(1)])
            #expect(try await store.threads(ThreadQuery(tag: "TRAVEL")).map(\.id) == [msgid(2)])
            #expect(
                try await store.tags(account: "home")
                    == [TagUsage(name: "Todo", threadCount: 1), TagUsage(name: "Travel", threadCount: 1)])

            await #expect(throws: ClientStoreError.invalidTag("two words")) {
                try await store.addTag("two words", account: "home", thread: msgid(1))
            }
            await #expect(throws: ClientStoreError.unknownThread(account: "home", thread: "nope")) {
                try await store.addTag("x", account: "home", thread: "nope")
            }
        }
    }

    @Test("hashtags in bodies are indexed as tags of their thread")
    func hashtagsIndexed() async throws {
        try await withStore { store, _ in
            try await store.insertReceived(received(1, body: "Budget is due #finance #Q3", day: 1), account: "home")
            try await store.insertReceived(received(2, body: "nothing here", day: 2), account: "home")
            let thread = try #require(try await store.thread(account: "home", id: msgid(1)))
            #expect(thread.hashtags == ["finance", "Q3"])
            #expect(try await store.threads(ThreadQuery(tag: "#FINANCE")).map(\.id) == [msgid(1)])
            #expect(try await store.tags(account: "home").map(\.name) == ["finance", "Q3", "Todo"])
        }
    }

    @Test(
        "hashtag extraction",
        arguments: [
            ("#plain tag", ["plain"]),
            ("start #one, #two. (#three) end", ["one", "two", "three"]),
            ("dup #Tag and #tag", ["Tag"]),
            ("C# and issue#4 and #42 and a/#b", []),
            ("link [see](#0000018c2d5e4f10&0000018c2d9a7700) here", []),
            ("bare #0000018c2d5e4f10&0000018c2d9a7700 and #abcdefabcdefabcd", []),
            ("thread link [x](#section)", []),
            ("# Heading\n## Sub", []),
            ("code `#notag` but #yes", ["yes"]),
            ("```\n#infence\n```\nafter #out", ["out"]),
            ("trailing #dash- and #under_score_", ["dash", "under_score"]),
            ("unicode #café", ["café"]),
        ])
    func extraction(body: String, expected: [String]) {
        #expect(Hashtags.extract(from: body) == expected)
    }
}
