import ArgumentParser
import Dispatch
import Foundation
import NIOCore
import NIOSSL
import TMTP

/// `tmtp-load`: drives any TMTP server with many clients and prints throughput and latency.
@main
struct TMTPLoad: AsyncParsableCommand {
    enum Mode: String, ExpressibleByArgument, CaseIterable {
        /// Each client posts its next message as soon as the previous one is acked.
        case closed
        /// The reference's simulation: login, ohi, ping, posts and group posts, logout, pause.
        case cycle
        /// Every client logs in and stays idle (pulsing) for the duration: for measuring server memory.
        case idle
    }

    static let configuration = CommandConfiguration(
        commandName: "tmtp-load",
        abstract: "Load generator for TMTP servers.",
        discussion: """
            Registers its own users (one per client), then runs until --duration or --messages is reached. \
            The certificate is not verified: point it only at a server you run.
            """)

    @Option(help: "HOST:PORT of the server; several, comma-separated, for instances of one site (links alternate).")
    var target: String
    @Option(help: "closed, cycle or idle.") var mode: Mode = .closed
    @Option(help: "Concurrent clients.") var clients = 10
    @Option(help: "Stop after this many seconds.") var duration = 10
    @Option(help: "Stop after this many posts in all (0: no limit).") var messages = 0
    @Option(help: "Post size in bytes (closed mode).") var size = 1024
    @Option(help: "Users each post goes to (closed mode).") var recipients = 2
    @Option(help: "Registrations (and idle-mode logins) in flight at once.") var registerConcurrency = 8
    @Option(help: "Group size for cycle mode's group posts.") var groupSize = 100
    @Option(help: "Scale of cycle mode's 1-30 s pauses (0.1 makes them 0.1-3 s).") var pauseScale = 1.0

    func run() async throws {
        let targets = try target.split(separator: ",").map { text in
            guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]) else {
                throw ValidationError("--target must be HOST:PORT[,HOST:PORT...]")
            }
            return (host: String(text[..<colon]), port: port)
        }
        guard !targets.isEmpty else { throw ValidationError("--target must be HOST:PORT[,HOST:PORT...]") }
        guard clients > recipients else { throw ValidationError("--clients must exceed --recipients") }
        var tlsConfiguration = TLSConfiguration.makeClientConfiguration()
        tlsConfiguration.certificateVerification = .none
        let tls = try NIOSSLContext(configuration: tlsConfiguration)
        let stats = LoadStats()
        let run = LoadRun(
            targets: targets, tls: tls, stats: stats, clientCount: clients,
            prefix: "load-\(String(UInt32.random(in: 0...UInt32.max), radix: 36))")

        print("registering \(clients) users...")
        let accounts = try await run.registerAll(concurrency: registerConcurrency)
        let deadline = DispatchTime.now().uptimeNanoseconds + UInt64(duration) * 1_000_000_000
        let budget = PostBudget(limit: messages)
        print("running \(mode.rawValue) with \(clients) clients...")
        stats.start()
        let expected: Int
        switch mode {
        case .closed:
            expected = try await run.closedLoop(
                accounts: accounts, size: size, recipients: recipients, deadline: deadline, budget: budget)
        case .idle:
            expected = try await run.idle(accounts: accounts, deadline: deadline, concurrency: registerConcurrency)
        case .cycle:
            let groups = try await run.formGroups(accounts: accounts, size: groupSize)
            expected = try await run.cycle(
                accounts: accounts, groups: groups, deadline: deadline, budget: budget, pauseScale: pauseScale)
        }
        print(stats.report(expectedDeliveries: expected))
    }
}
