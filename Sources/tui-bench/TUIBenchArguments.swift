import ArgumentParser

/// `tui-bench [MESSAGES]`; `--help` explains instead of running the benchmark.
struct TUIBenchArguments: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tui-bench",
        abstract: "Terminal client figures on a large store: first paint, keypress to redraw, resident memory.")

    @Argument(help: "Messages in the store.") var messages = 100_000
    @Option(help: "Filled forms in a results table to open and sort (0: skip).") var resultsRows = 10_000
    @Option(help: "Times the results table is opened, sorted, filtered and closed.") var resultsRuns = 5

    func validate() throws {
        guard messages > 0 else { throw ValidationError("MESSAGES must be a positive whole number") }
        guard resultsRows >= 0 else { throw ValidationError("--results-rows must not be negative") }
        guard resultsRuns > 0 else { throw ValidationError("--results-runs must be a positive whole number") }
    }
}
