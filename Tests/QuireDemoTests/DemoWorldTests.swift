import Foundation
import QuireCore
import QuireRender
import QuireTestSupport
import Testing

@testable import QuireDemo

#if canImport(Glibc)
    import Glibc
#endif

/// The demo world end to end: a real site over TLS on 127.0.0.1, you and two bots.
struct DemoWorldTests {
    @Test func seedsThreadsAnswersAndLeavesNothingBehind() async throws {
        let world = try await DemoWorld.start()
        do {
            try await checkSeeded(world)
            try await checkContactsAndGroup(world)
            try await checkAnswers(world)
        } catch {
            await world.stop()
            throw error
        }
        let port = world.port
        await world.stop()
        #expect(await world.isStopped)
        #expect(!acceptsConnections(port: port))
        for directory in world.temporaryDirectories {
            #expect(!FileManager.default.fileExists(atPath: directory.path), "\(directory.path) left behind")
        }
    }

    /// As `quire demo` runs the TUI: your account handed over to a sync of its own on your
    /// home; the demo people still answer, and stopping removes only the demo account.
    @Test func handedOverAccountInAKeptHome() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("quire-demo-kept-\(UUID())")
        defer { try? FileManager.default.removeItem(at: directory) }
        let home = QuireHome(dataDirectory: directory, configDirectory: directory)
        let world = try await DemoWorld.start(home: home)
        #expect(!world.temporaryDirectories.contains(directory))
        await world.handOverYourAccount()
        let store = try ClientStore(home: home)
        let supervisor = SyncSupervisor(store: store, configuration: SyncConfiguration(home: home))
        do {
            let sync = await supervisor.start(world.you.name)
            try await eventually("the handed-over account online") { await sync.state == .online }
            let grace = try #require(world.people.last)
            let client = QuireClient(store: store, home: home)
            let sent = try await client.newThread(
                account: world.you.name, to: [grace.alias], subject: "From the app", body: "Are you there, Grace?")
            try await eventually("grace answering the app") {
                guard let thread = try await store.outboxItem(account: world.you.name, id: sent.id)?.msgid else {
                    return false
                }
                return try await store.messages(account: world.you.name, thread: thread).count == 2
            }
        } catch {
            await supervisor.stopAll()
            await world.stop()
            throw error
        }
        await supervisor.stopAll()
        await world.stop()
        #expect(FileManager.default.fileExists(atPath: directory.path))
        #expect(try await store.accounts().isEmpty)
    }

    private func checkSeeded(_ world: DemoWorld) async throws {
        let you = world.you
        #expect(Set(world.threads.map(\.topic)) == Set(SeededThread.Topic.allCases))
        let stored = try await you.store.threads(ThreadQuery(account: you.name, limit: 100))
        #expect(Set(stored.map(\.subject)) == Set(world.threads.map(\.subject)))
        #expect(stored.contains { $0.unreadCount > 0 })
        #expect(stored.contains { $0.unreadCount == 0 })
        #expect(stored.contains { $0.tags.contains(ClientStore.todoTag) })
        #expect(stored.contains { !$0.tags.contains(ClientStore.todoTag) })
        let renderer = Renderer(options: RenderOptions(width: 80))
        for thread in world.threads {
            let summary = try #require(stored.first { $0.id == thread.id }, "\(thread.topic) not stored")
            #expect(summary.subject == thread.subject)
            #expect(summary.messageCount == thread.messageCount)
            #expect((summary.unreadCount > 0) == thread.unread, "\(thread.topic) read state")
            #expect(summary.tags.contains(ClientStore.todoTag) == thread.todo, "\(thread.topic) Todo tag")
            for message in try await you.store.messages(account: you.name, thread: thread.id) {
                let document = renderer.render(message.body)
                #expect(document.notices.isEmpty, "\(thread.topic): \(document.notices)")
                #expect(!roles(document).contains(.error), "\(thread.topic) renders an error")
            }
        }
        let bodies = try await firstBodies(world)
        let deck = renderer.render(try #require(bodies[.deck]))
        #expect(deck.decks.count == 1)
        #expect(deck.slides.count == 4)
        let charts = renderer.render(try #require(bodies[.charts]))
        #expect(roles(charts).contains(.chartSeries(1)))
        #expect(roles(charts).contains(.chartSeries(2)))
        let form = renderer.render(try #require(bodies[.form]))
        #expect(form.forms.count == 1)
        let links = renderer.render(try #require(bodies[.links]))
        let targets = links.links.map(\.kind)
        let deckID = try #require(world.threads.first { $0.topic == .deck }?.id)
        #expect(targets.contains(.thread(deckID)))
        #expect(targets.contains { if case .message = $0 { true } else { false } })
        let markdown = renderer.render(try #require(bodies[.markdown]))
        #expect(roles(markdown).contains(.tableBorder))
        #expect(roles(markdown).contains(.quote))
        #expect(roles(markdown).contains(.codeBlock))

        let formThread = try #require(world.threads.first { $0.topic == .form })
        let formMessage = try #require(try await you.store.messages(account: you.name, thread: formThread.id).first)
        #expect(formMessage.attachments.map(\.kind) == [.form])
        #expect(formMessage.attachments.first?.name == DemoContent.formName)
        #expect(formMessage.attachments.first?.ffn?.hasSuffix("/grace.hopper/demo-survey") == true)
        let fileThread = try #require(world.threads.first { $0.topic == .attachment })
        let fileMessage = try #require(try await you.store.messages(account: you.name, thread: fileThread.id).first)
        #expect(fileMessage.attachments.map(\.name) == [DemoContent.cheatsheetName])
    }

    private func checkContactsAndGroup(_ world: DemoWorld) async throws {
        let you = world.you
        for person in world.people {
            let contact = try await you.store.contact(account: you.name, alias: person.alias)
            #expect(contact?.uid == person.uid, "\(person.alias) is not your contact")
            let accepted = try await person.store.notices(account: person.name, state: .accepted)
            #expect(accepted.contains { $0.kind == .ping && $0.fromUID == you.uid })
            #expect(try await person.store.groups(account: person.name).contains { $0.gid == world.groupID })
        }
        let people = Set(world.people.map(\.uid))
        try await eventually("the demo people shown online") { await you.onlineContacts.isSuperset(of: people) }
        let members = try await you.store.members(account: you.name, gid: world.groupID)
        #expect(
            Set(members.filter { $0.status == .joined }.map(\.alias))
                == Set([you.alias] + world.people.map(\.alias)))
    }

    /// You write to ada and reply to grace; both answer, through the site, into your store.
    private func checkAnswers(_ world: DemoWorld) async throws {
        let you = world.you
        let ada = try #require(world.people.first)
        let sent = try await you.client.newThread(
            account: you.name, to: [ada.alias], subject: "Hello Ada", body: "How many words are in this message?")
        let thread = try await waitForThreadID(of: sent.id, in: you)
        try await waitForAnswer(in: thread, from: ada, world: world)
        let adaAnswer = try await answers(in: thread, from: ada, world: world)
        #expect(adaAnswer.first?.body.contains("| words | 7 |") == true)

        let grace = try #require(world.people.last)
        let deck = try #require(world.threads.first { $0.topic == .deck })
        try await you.client.reply(account: you.name, thread: deck.id, body: "Lovely slides, thank you Grace")
        try await waitForAnswer(in: deck.id, from: grace, world: world)
        let graceAnswer = try #require(try await answers(in: deck.id, from: grace, world: world).first)
        let rendered = Renderer(options: RenderOptions(width: 80)).render(graceAnswer.body)
        #expect(roles(rendered).contains(.chartSeries(1)))
        #expect(rendered.notices.isEmpty && !roles(rendered).contains(.error))

        // Filling Grace's survey: she answers with the table of every answer so far.
        let survey = try #require(world.threads.first { $0.topic == .form })
        try await you.client.fill(
            account: you.name, thread: survey.id, form: nil,
            answers: Data(#"{"name":"Demo You","drink":"tea","cups":3,"biscuits":true}"#.utf8))
        try await waitForAnswer(in: survey.id, from: grace, world: world)
        let results = try #require(try await answers(in: survey.id, from: grace, world: world).first)
        #expect(results.body.contains("| who | posted | Your name | Tea or coffee? | Cups a day | Biscuits with it |"))
        #expect(results.body.contains("| Demo You | tea | 3 | yes |"))
        let table = Renderer(options: RenderOptions(width: 100)).render(results.body)
        #expect(roles(table).contains(.tableBorder) && !roles(table).contains(.error))
    }

    private func waitForThreadID(of outboxID: String, in account: DemoAccount) async throws -> String {
        try await eventually("your post acked") {
            try await account.store.outboxItem(account: account.name, id: outboxID)?.msgid != nil
        }
        return try #require(try await account.store.outboxItem(account: account.name, id: outboxID)?.msgid)
    }

    private func waitForAnswer(in thread: String, from person: DemoAccount, world: DemoWorld) async throws {
        try await eventually("\(person.alias) answering") {
            try await !answers(in: thread, from: person, world: world).isEmpty
        }
    }

    /// Messages of `person` in your copy of `thread`, newer than the thread's first message.
    private func answers(in thread: String, from person: DemoAccount, world: DemoWorld) async throws
        -> [StoredMessage]
    {
        let messages = try await world.you.store.messages(account: world.you.name, thread: thread)
        return messages.dropFirst().filter { $0.fromUID == person.uid }
    }

    private func firstBodies(_ world: DemoWorld) async throws -> [SeededThread.Topic: String] {
        var bodies: [SeededThread.Topic: String] = [:]
        for thread in world.threads {
            bodies[thread.topic] = try await world.you.store.messages(account: world.you.name, thread: thread.id)
                .first?.body
        }
        return bodies
    }

    private func roles(_ document: RenderedDocument) -> [Style.Role] {
        document.lines.flatMap { $0.spans.map(\.style.role) }
    }
}
