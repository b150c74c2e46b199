// Client figures: ingest draining a backlog through a real site and sync, store bytes per
// message, search latency on a large store, and `quire check` wall time on it.
//
//     swift build -c release --product quire --product quire-bench
//     .build/release/quire-bench [--backlog 10000] [--messages 100000] [--runs 200] [--limit 600]
//         [--quire PATH]... [--check-runs 100] [--compare 'notmuch count tag:unread']...
//     .build/release/quire-bench --form-results 10000    (only the results table of a survey)
import ArgumentParser
import Foundation
import QuireCore

@main
struct QuireBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "quire-bench",
        abstract: "Client figures: backlog drain, store size, search latency and `quire check` time.")

    @Option(help: "Messages queued on the site for the drain.") var backlog = 10_000
    @Option(help: "Synthetic messages in the store benchmark.") var messages = 100_000
    @Option(help: "Runs of each search.") var runs = 200
    @Option(name: .customLong("limit"), help: "Seconds the drain may take.") var limitSeconds = 600
    @Option(
        name: .customLong("form-results"),
        help:
            "Only time a form family's results table of this many filled forms: built from the store, sorted, filtered."
    )
    var formResults: Int?
    @Option(
        name: .customLong("quire"),
        help:
            "A quire binary whose `check` is timed on the store (repeat to compare builds; default: the one built here)."
    )
    var quireBinaries: [String] = []
    @Option(help: "Runs of `quire check` and of each --compare command.") var checkRuns = 100
    @Option(
        help:
            "Another program's count to time the same way, as words split on spaces, e.g. 'notmuch count tag:unread' (repeatable)."
    )
    var compare: [String] = []

    func validate() throws {
        for (name, value) in [
            ("backlog", backlog), ("messages", messages), ("runs", runs), ("limit", limitSeconds),
            ("check-runs", checkRuns),
        ]
        where value <= 0 {
            throw ValidationError("--\(name) needs a positive whole number")
        }
        if let formResults, formResults <= 0 { throw ValidationError("--form-results needs a positive whole number") }
    }

    func run() async throws {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("quire-bench-\(UUID())")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }

        if let formResults {
            print("== results table of a survey answered \(formResults) times (a real store, files on disk)")
            print(try await FormResultsBenchmark(directory: scratch, count: formResults).run())
            return
        }

        print("== backlog drain through an in-process site and AccountSync (TLS, 127.0.0.1)")
        let drain = try await BacklogDrain(
            count: backlog, limit: .seconds(limitSeconds),
            scratch: scratch.appendingPathComponent("drain")
        ).run()
        print(
            String(
                format: "drained %d of %d messages in %.2f s: %.0f msg/s%@", drain.messages, backlog,
                drain.seconds, drain.rate, drain.complete ? "" : " (stopped at the time limit)"))
        print(
            String(
                format: "receiver store: %.0f bytes per message (%lld bytes)",
                Double(drain.storeBytes) / Double(max(1, drain.messages)), drain.storeBytes))

        print("== store of \(messages) synthetic messages")
        let home = QuireHome(
            dataDirectory: scratch.appendingPathComponent("home"),
            configDirectory: scratch.appendingPathComponent("home"))
        try home.createDirectories()
        let report = try await ClientStoreBenchmark(
            directory: scratch.appendingPathComponent("store"), messageCount: messages,
            searchRuns: runs, databasePath: home.databaseURL.path
        ).run()
        print(report)

        let quires =
            quireBinaries.isEmpty
            ? CommandTiming.locateQuire().map { [$0] } ?? []
            : quireBinaries.map {
                URL(fileURLWithPath: $0)
            }
        if quires.isEmpty {
            print("quire check: not measured (build the quire product next to quire-bench, or give --quire)")
        }
        for quire in quires {
            let check = try CommandTiming(
                program: quire.path, arguments: ["check", "--home", home.dataDirectory.path], runs: checkRuns
            ).run()
            print("quire check (\(quire.path), \(checkRuns) runs): \(check)")
        }
        for command in compare {
            let words = command.split(separator: " ").map(String.init)
            guard let name = words.first else { continue }
            do {
                let figures = try CommandTiming(program: name, arguments: Array(words.dropFirst()), runs: checkRuns)
                    .run()
                print("\(command) (\(checkRuns) runs): \(figures)")
            } catch {
                print("\(command): not measured (\(error))")
            }
        }
    }
}
