// Client figures: ingest draining a backlog through a real site and sync, store bytes per
// message, search latency on a large store, and `quire check` wall time on it.
//
//     swift build -c release --product quire --product quire-bench
//     .build/release/quire-bench [--backlog 10000] [--messages 100000] [--runs 200] [--limit 600]
import Foundation
import QuireCore

@main
enum QuireBench {
    static func main() async {
        do {
            try await run(Arguments(CommandLine.arguments.dropFirst()))
        } catch {
            FileHandle.standardError.write(Data("quire-bench: \(error)\n".utf8))
            exit(1)
        }
    }

    struct Arguments {
        var backlog = 10_000
        var messages = 100_000
        var runs = 200
        var limitSeconds = 600

        init(_ words: ArraySlice<String>) throws {
            var words = words
            while let word = words.popFirst() {
                guard let value = words.popFirst().flatMap({ Int($0) }), value > 0 else {
                    throw BacklogDrain.Failure(description: "\(word) needs a positive whole number")
                }
                switch word {
                case "--backlog": backlog = value
                case "--messages": messages = value
                case "--runs": runs = value
                case "--limit": limitSeconds = value
                default:
                    throw BacklogDrain.Failure(
                        description: "unknown option \(word) (use --backlog, --messages, --runs, --limit)")
                }
            }
        }
    }

    static func run(_ arguments: Arguments) async throws {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("quire-bench-\(UUID())")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }

        print("== backlog drain through an in-process site and AccountSync (TLS, 127.0.0.1)")
        let drain = try await BacklogDrain(
            count: arguments.backlog, limit: .seconds(arguments.limitSeconds),
            scratch: scratch.appendingPathComponent("drain")
        ).run()
        print(
            String(
                format: "drained %d of %d messages in %.2f s: %.0f msg/s%@", drain.messages, arguments.backlog,
                drain.seconds, drain.rate, drain.complete ? "" : " (stopped at the time limit)"))
        print(
            String(
                format: "receiver store: %.0f bytes per message (%lld bytes)",
                Double(drain.storeBytes) / Double(max(1, drain.messages)), drain.storeBytes))

        print("== store of \(arguments.messages) synthetic messages")
        let home = QuireHome(
            dataDirectory: scratch.appendingPathComponent("home"),
            configDirectory: scratch.appendingPathComponent("home"))
        try home.createDirectories()
        let report = try await ClientStoreBenchmark(
            directory: scratch.appendingPathComponent("store"), messageCount: arguments.messages,
            searchRuns: arguments.runs, databasePath: home.databaseURL.path
        ).run()
        print(report)

        guard let quire = CheckTiming.locateQuire() else {
            print("quire check: not measured (build the quire product next to quire-bench)")
            return
        }
        let check = try CheckTiming(quire: quire, home: home.dataDirectory, runs: 20).run()
        print(
            String(
                format: "quire check (the binary, %d runs): p50 %.1f ms, best %.1f ms, exit %d", 20,
                check.p50Milliseconds, check.bestMilliseconds, check.exitStatus))
    }
}
