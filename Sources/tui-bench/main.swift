import Foundation
import QuireCore
import QuireTUI
import TMTP

/// Measures the terminal client on a large store: time to first paint, keypress-to-redraw in
/// the thread list and the reader, and resident memory. Figures are printed, never asserted.
///
/// Usage: tui-bench [MESSAGES] (default 100000).
let messageCount = TUIBenchArguments.parseOrExit().messages
let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tui-bench-\(getpid())")
try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(at: directory) }
let home = QuireHome(dataDirectory: directory, configDirectory: directory)

func milliseconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
}

func percentile(_ values: [Double], _ fraction: Double) -> Double {
    let sorted = values.sorted()
    return sorted[min(sorted.count - 1, Int(Double(sorted.count) * fraction))]
}

func residentMegabytes() -> Double {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
        let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") })
    else { return 0 }
    let kilobytes = line.split(separator: " ").compactMap { Double($0) }.first ?? 0
    return kilobytes / 1024
}

let body = """
    # Weekly report

    Numbers for **this week**, with a table and a [link](https://example.org/report):

    | Region | Orders | Change |
    |--------|-------:|-------:|
    | North  |   1204 |   +4 % |
    | South  |    982 |   -2 % |

    - first point, with `code`
    - second point, with *emphasis*

    > A quote from last week's thread.
    """

// Build the store: every message starts its own thread except every tenth, which replies.
let buildStart = ContinuousClock.now
let store = try ClientStore(home: home)
try await store.addAccount(Account(name: "bench", siteAddress: "=127.0.0.1:8444", uid: "BENCHSELF", state: .registered))
var batch: [ReceivedMessage] = []
var lastThread = ""
for index in 0..<messageCount {
    let msgid = String(format: "%016llx", UInt64(index) + 0x1000)
    let seconds = 1_700_000_000 + index * 37
    let posted = PostedTime.format(Date(timeIntervalSince1970: TimeInterval(seconds)))
    let reply = index % 10 == 9
    batch.append(
        ReceivedMessage(
            msgid: msgid, fromUID: "U\(index % 97)", posted: posted, alias: "sender\(index % 97)",
            threadID: reply ? lastThread : nil, subject: "Report number \(index)", body: body))
    if !reply { lastThread = msgid }
    if batch.count == 1000 {
        _ = try await store.insertReceived(batch, account: "bench")
        batch.removeAll(keepingCapacity: true)
    }
}
if !batch.isEmpty { _ = try await store.insertReceived(batch, account: "bench") }
print(
    String(
        format: "store: %d messages built in %.1f s", messageCount,
        milliseconds(ContinuousClock.now - buildStart) / 1000))

// One page of the thread list read straight from the store, near the top and at the bottom.
for offset in [4000, messageCount * 9 / 10 - 100] {
    var samples: [Double] = []
    for _ in 0..<20 {
        let start = ContinuousClock.now
        _ = try await store.threads(ThreadQuery(account: "bench", limit: 100, offset: offset))
        samples.append(milliseconds(ContinuousClock.now - start))
    }
    print(
        String(
            format: "store page read (100 threads at offset %d): p50 %.3f ms, max %.3f ms", offset,
            percentile(samples, 0.5), samples.max() ?? 0))
}

// The same deep page as the list reads it: from the edge of the page before it.
do {
    let offset = messageCount * 9 / 10 - 100
    let before = try await store.threads(ThreadQuery(account: "bench", limit: 1, offset: offset - 1))
    var request = ThreadQuery(account: "bench", limit: 100)
    request.after = before.last?.position
    var samples: [Double] = []
    for _ in 0..<20 {
        let start = ContinuousClock.now
        _ = try await store.threads(request)
        samples.append(milliseconds(ContinuousClock.now - start))
    }
    print(
        String(
            format: "store page read (100 threads %d deep, from the edge of the page before): p50 %.3f ms, max %.3f ms",
            offset, percentile(samples, 0.5), samples.max() ?? 0))
}

let figures = try await DedicatedThread.run { () throws -> [String] in
    var lines: [String] = []
    guard let terminal = GridTerminal(size: TerminalSize(rows: 40, columns: 120)) else { return ["no pipe"] }
    let services = AppServices(home: home, store: store, supervisor: nil)
    let start = ContinuousClock.now
    let app = QuireApp(
        terminal: terminal, services: services, inbox: AppInbox(), config: AppConfig(), keymap: Keymap.defaults,
        options: QuireAppOptions(startSync: false))
    app.start()
    lines.append(String(format: "first paint (120x40): %.2f ms", milliseconds(ContinuousClock.now - start)))

    /// Presses `keys` `runs` times, each timed from the press to the redraw. Unpaced, presses
    /// follow each other at once (far faster than a keyboard repeats, so background work never
    /// gets ahead); `repeatRate` spaces them as a held key would, the wait itself not timed.
    /// With `countingBlankRows`, also says how many list rows were drawn blank (their page still
    /// being read) in the frames measured.
    func measure(
        _ label: String, keys: String, runs: Int, repeatRate: Int? = nil, countingBlankRows: Bool = false
    ) throws {
        var samples: [Double] = []
        var blank = 0
        var drawn = 0
        for _ in 0..<runs {
            if let repeatRate { Thread.sleep(forTimeInterval: 1 / Double(repeatRate)) }
            try terminal.inject(keys: keys)
            let pressed = ContinuousClock.now
            app.processPendingEvents()
            samples.append(milliseconds(ContinuousClock.now - pressed))
            if countingBlankRows {
                // Between the top bar and the status lines every row of a 100,000-thread list
                // shows a thread unless its page is still being read.
                let listRows = terminal.textLines().dropFirst().dropLast(2)
                drawn += listRows.count
                blank += listRows.filter { $0.allSatisfy { $0 == " " } }.count
            }
        }
        let blankNote =
            countingBlankRows
            ? String(
                format: ", %.1f%% of rows drawn blank awaiting a read", 100 * Double(blank) / Double(max(1, drawn)))
            : ""
        lines.append(
            String(
                format: "%@: p50 %.3f ms, p99 %.3f ms, max %.3f ms (%d presses)%@", label, percentile(samples, 0.5),
                percentile(samples, 0.99), samples.max() ?? 0, runs, blankNote))
    }

    try measure("list j (down)", keys: "j", runs: 500)
    try measure("list <C-d> (half page)", keys: "<C-d>", runs: 200, countingBlankRows: true)
    try measure(
        "list <C-d> (half page) held, 30 repeats/s", keys: "<C-d>", runs: 200, repeatRate: 30,
        countingBlankRows: true)
    try measure("list G then g g (the two ends of the list)", keys: "G g g", runs: 20)
    try terminal.inject(keys: "<Enter>")
    let open = ContinuousClock.now
    app.processPendingEvents()
    lines.append(
        String(
            format: "open a thread (read + render; marking read runs in the background): %.2f ms",
            milliseconds(ContinuousClock.now - open)))
    try measure("reader j (scroll)", keys: "j", runs: 300)
    try measure("reader J/K (next/previous message)", keys: "J", runs: 50)
    lines.append(String(format: "RSS: %.1f MB", residentMegabytes()))
    return lines
}
for line in figures { print(line) }
