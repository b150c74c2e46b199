import ArgumentParser
import Foundation
import QuireCore
import TMTPTransport

/// `quire sync`: keeps every account in step with its site.
struct SyncCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync",
        abstract: "Receive and send for every account.",
        discussion: """
            Without --once, runs until interrupted. --exec runs CMD once per new message, as a program \
            with arguments (split on spaces, quotes group words; never through a shell), with \
            QUIRE_ACCOUNT, QUIRE_FROM, QUIRE_SUBJECT, QUIRE_THREAD and QUIRE_MSGID in its environment.
            """)

    @OptionGroup var options: GlobalOptions
    @OptionGroup var network: NetworkOptions
    @Flag(help: "Receive what is waiting, send the outbox, then exit.") var once = false
    @Flag(help: "Print each new message and link change as it happens.") var watch = false
    @Option(help: "A program to run per new message.") var exec: String?
    @Option(help: "With --once: seconds without news after which the site is taken as drained.")
    var quiet: Double = 1

    func run() async throws {
        try await runReportingErrors {
            let context = try CommandContext(options)
            let command = try exec.map(ArgumentSplitter.split)
            var configuration = context.syncConfiguration
            // A one-shot run reports a site that broke the link instead of waiting to retry it.
            configuration.retriesAfterSiteFaults = !once
            let supervisor = SyncSupervisor(store: context.store, configuration: configuration)
            let events = await supervisor.events()
            let accounts = try await context.store.accounts()
            guard !accounts.isEmpty else { throw CommandFailure("no accounts yet: add one with `quire account add`") }
            try await supervisor.startAll()
            let watch = watch
            let output = context.output
            let reporter = Task {
                for await event in events {
                    if case .newMessage(let message) = event, let command { await ExecHook.run(command, for: message) }
                    if watch { Self.report(event, output: output) }
                }
            }
            if once {
                let outcome = await drain(context, supervisor: supervisor)
                await supervisor.stopAll()
                reporter.cancel()
                context.output.object(["accounts": outcome.states.map { ["name": $0.key, "state": "\($0.value)"] }])
                if let failure = outcome.failure { throw CommandFailure(failure) }
            } else {
                _ = await TerminationSignals().wait()
                await supervisor.stopAll()
                reporter.cancel()
            }
        }
    }

    private static func report(_ event: SyncEvent, output: Output) {
        switch event {
        case .newMessage(let message):
            output.line(
                "\(message.account): new message from \(message.fromAlias): \(message.subject) [\(message.threadID)]")
            output.object([
                "event": "message", "account": message.account, "from": message.fromAlias, "fromUid": message.fromUID,
                "subject": message.subject, "thread": message.threadID, "msgid": message.msgid,
            ])
        case .state(let account, let state):
            output.line("\(account): \(state)")
            output.object(["event": "state", "account": account, "state": "\(state)"])
        case .presence(let account, let uid, let online):
            output.line("\(account): \(uid) is \(online ? "online" : "offline")")
            output.object(["event": "presence", "account": account, "uid": uid, "online": online])
        case .outbox(let account, let id, let sent):
            output.line("\(account): \(id) \(sent ? "sent" : "refused")")
            output.object(["event": "outbox", "account": account, "id": id, "sent": sent])
        }
    }

    /// Runs until every account is online with an empty outbox and nothing new for `quiet` seconds,
    /// or was rejected, or the timeout passed.
    private func drain(_ context: CommandContext, supervisor: SyncSupervisor) async -> (
        states: [String: SyncState], failure: String?
    ) {
        let changes = await context.store.changes()
        let lastChange = LastChange()
        let watcher = Task {
            for await _ in changes { await lastChange.touch() }
        }
        defer { watcher.cancel() }
        let deadline = ContinuousClock.now + network.duration
        let quietPeriod = Duration.milliseconds(Int64(quiet * 1000))
        // The quiet period counts from when every link came up too: the site sends its backlog
        // only after login, so time spent connecting is not time without news.
        var settledSince: ContinuousClock.Instant?
        var failures = FailureMemory()
        while true {
            let states = await supervisor.states()
            for (name, state) in states { failures.note(state, account: name) }
            let rejected = states.compactMap { name, state -> String? in
                if case .rejected(let reason) = state { return "\(name): \(reason)" }
                return nil
            }
            var settled = states.values.allSatisfy { if case .rejected = $0 { true } else { $0 == .online } }
            if settled {
                for name in states.keys where (try? await context.store.queuedOutboxCount(account: name)) != 0 {
                    settled = false
                }
            }
            if !settled {
                settledSince = nil
            } else if settledSince == nil {
                settledSince = .now
            }
            if let settledSince, ContinuousClock.now - settledSince >= quietPeriod,
                await lastChange.age() >= quietPeriod
            {
                return (states, rejected.isEmpty ? nil : rejected.joined(separator: "; "))
            }
            if ContinuousClock.now >= deadline {
                let waiting = states.filter { $0.value != .online }.map {
                    "\($0.key): \(failures.describe($0.value, account: $0.key))"
                }
                return (
                    states,
                    "timed out: " + (waiting.isEmpty ? "the outbox is not empty" : waiting.joined(separator: "; "))
                )
            }
            try? await Task.sleep(for: .milliseconds(50))
        }
    }
}

/// When the store last changed.
actor LastChange {
    private var at = ContinuousClock.now

    func touch() {
        at = .now
    }

    func age() -> Duration {
        .now - at
    }
}
