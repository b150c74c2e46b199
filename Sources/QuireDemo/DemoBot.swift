import Foundation
import Logging
import QuireCore

/// Runs a demo person: watches their store and, for you alone, accepts pings and group
/// invitations and answers every new message within a second or two; a filled form is
/// answered with the table of every answer to that form so far.
///
/// Only messages and notices from your uid are acted on, so two bots never answer each other.
actor DemoBot {
    let account: DemoAccount
    let persona: DemoPersona
    /// Your uid on the demo site: the only sender this bot answers.
    let yourUID: String
    let yourAlias: String
    /// How long the bot "types" before an answer goes out.
    let typingDelay: Duration

    private var task: Task<Void, Never>?
    /// Messages already answered (or seen before the bot started), by msgid.
    private var handled: Set<String> = []
    private var answerCount = 0
    private let logger = Logger(label: "quire.demo.bot")

    init(account: DemoAccount, persona: DemoPersona, yourUID: String, yourAlias: String, typingDelay: Duration) {
        self.account = account
        self.persona = persona
        self.yourUID = yourUID
        self.yourAlias = yourAlias
        self.typingDelay = typingDelay
    }

    /// Starts watching; messages already in the store when it starts are left unanswered.
    func start() async throws {
        guard task == nil else { return }
        let changes = await account.store.changes()
        for thread in try await account.store.threads(ThreadQuery(account: account.name, limit: 10_000)) {
            for message in try await account.store.messages(account: account.name, thread: thread.id) {
                handled.insert(message.msgid)
            }
        }
        task = Task { await self.run(changes) }
    }

    /// Stops at once; an answer being typed is dropped.
    func stop() async {
        let running = task
        task = nil
        running?.cancel()
        await running?.value
    }

    private func run(_ changes: AsyncStream<StoreChange>) async {
        await acceptNotices()
        for await change in changes {
            if Task.isCancelled { return }
            guard change.account == account.name else { continue }
            switch change.area {
            case .notices:
                await acceptNotices()
            case .threads:
                if let thread = change.thread { await answer(thread: thread) }
            default:
                continue
            }
        }
    }

    /// Accepts your pings (you become a contact, told of our presence) and your group invitations.
    private func acceptNotices() async {
        do {
            for notice in try await account.store.notices(account: account.name, state: .pending)
            where notice.fromUID == yourUID {
                try await account.client.accept(notice: notice.id)
            }
        } catch {
            logger.warning("\(persona.alias) could not accept a notice: \(error)")
        }
    }

    private func answer(thread: String) async {
        do {
            let messages = try await account.store.messages(account: account.name, thread: thread)
            let fresh = messages.filter { $0.fromUID == yourUID && !handled.contains($0.msgid) }
            guard !fresh.isEmpty else { return }
            for message in fresh { handled.insert(message.msgid) }
            try await Task.sleep(for: typingDelay)
            let body = fresh.map(\.body).joined(separator: "\n\n")
            let families = Set(
                fresh.flatMap(\.attachments).filter { $0.kind == .formResult }.map {
                    FormName.family(ofAttachment: $0.name)
                })
            let reply: String
            if families.isEmpty {
                reply = persona.answer(to: body, from: yourAlias, count: answerCount)
            } else {
                // A filled form: the answers collected so far, as the table the survey builds.
                let tables = try families.sorted().map {
                    try account.client.formResults(account: account.name, family: $0)
                }
                reply = DemoContent.surveyResults(you: yourAlias, tables: tables)
            }
            answerCount += 1
            try await account.client.reply(account: account.name, thread: thread, body: reply)
            try await account.store.setThreadRead(true, account: account.name, thread: thread)
        } catch is CancellationError {
            // The world is stopping; an answer being typed is dropped.
        } catch {
            logger.warning("\(persona.alias) could not answer thread \(thread): \(error)")
        }
    }
}
