import Foundation
import QuireCore
import QuireTUI
import TMTP

/// Measures the terminal client on a large store: time to first paint, keypress-to-redraw in
/// the thread list and the reader, and resident memory. Figures are printed, never asserted.
///
/// Usage: tui-bench [MESSAGES] (default 100000).
let arguments = TUIBenchArguments.parseOrExit()
let messageCount = arguments.messages
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

// A survey with many answers: `:results` opens its table, `s` sorts it, `/` filters it.
if arguments.resultsRows > 0 {
    let rows = arguments.resultsRows
    let files = directory.appendingPathComponent("form-files")
    try FileManager.default.createDirectory(at: files, withIntermediateDirectories: true)
    try await store.addAccount(
        Account(name: "forms", siteAddress: "=127.0.0.1:8444", uid: "FORMSELF", state: .registered))
    let blank =
        #"{"fields":[{"type":"input","inputType":"text","label":"Name","model":"name","required":true},"#
        + #"{"type":"input","inputType":"number","label":"Score","model":"score"},"#
        + #"{"type":"input","inputType":"text","label":"Comment","model":"comment"}]}"#
    func attachment(_ name: String, _ text: String, kind: AttachmentInfo.Kind) throws -> AttachmentInfo {
        let url = files.appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return AttachmentInfo(
            name: "Survey.original", kind: kind, size: Int64(text.utf8.count), ffn: "local/Survey", storedPath: url.path
        )
    }
    let survey = "00000000000f0000"
    var messages = [
        ReceivedMessage(
            msgid: survey, fromUID: "FORMSELF", posted: "2026-01-01T00:00:00Z", alias: "me", subject: "Survey",
            attachments: [try attachment("blank", blank, kind: .form)], body: "Please answer.")
    ]
    for index in 0..<rows {
        let answers = #"{"name":"person \#(index)","score":\#((index * 7919) % 1000),"comment":"answer \#(index)"}"#
        messages.append(
            ReceivedMessage(
                msgid: String(format: "%016llx", UInt64(index) + 0x100000), fromUID: "U\(index)",
                posted: PostedTime.format(Date(timeIntervalSince1970: TimeInterval(1_767_225_600 + index))),
                alias: "person\(index)", threadID: survey, subject: "Survey",
                attachments: [try attachment("filled-\(index)", answers, kind: .formResult)], body: "Filled."))
    }
    for chunk in stride(from: 0, to: messages.count, by: 1000) {
        _ = try await store.insertReceived(Array(messages[chunk..<min(chunk + 1000, messages.count)]), account: "forms")
    }
    let tableFigures = try await DedicatedThread.run { () throws -> [String] in
        guard let terminal = GridTerminal(size: TerminalSize(rows: 40, columns: 120)) else { return ["no pipe"] }
        let services = AppServices(home: home, store: store, supervisor: nil)
        let app = QuireApp(
            terminal: terminal, services: services, inbox: AppInbox(), config: AppConfig(), keymap: Keymap.defaults,
            options: QuireAppOptions(initialAccount: "forms", startSync: false))
        app.start()
        /// Types `text` at the `:` or `/` prompt opened by `opener`, then times Enter to the redraw.
        func timed(_ opener: String, _ text: String) throws -> Double {
            try terminal.inject(keys: opener)
            terminal.inject(typing: text)
            app.processPendingEvents()
            try terminal.inject(keys: "<Enter>")
            let start = ContinuousClock.now
            app.processPendingEvents()
            return milliseconds(ContinuousClock.now - start)
        }
        func pressed(_ keys: String) throws -> Double {
            try terminal.inject(keys: keys)
            let start = ContinuousClock.now
            app.processPendingEvents()
            return milliseconds(ContinuousClock.now - start)
        }
        // Each run opens the table afresh (the answers as the store keeps them, checked, the
        // first screen drawn), sorts it by a number column and back, filters it, goes to its
        // last row, and closes it.
        var opens: [Double] = []
        var sorts: [Double] = []
        var reverses: [Double] = []
        var filters: [Double] = []
        var moves: [Double] = []
        var shown = true
        for _ in 0..<arguments.resultsRuns {
            opens.append(try timed(":", "results Survey"))
            shown = shown && terminal.textLines().joined().contains("\(rows) of \(rows) rows")
            // who, posted, thread, message, revision, status, then Name, Score: Score is the 8th.
            try terminal.inject(keys: "l l l l l l l")
            app.processPendingEvents()
            sorts.append(try pressed("s"))
            reverses.append(try pressed("s"))
            filters.append(try timed("/", "person 99"))
            moves.append(try pressed("G"))
            _ = try pressed("<Esc>")
        }
        let runs = arguments.resultsRuns
        return [
            String(
                format: "results table, %d rows, %d runs: open (read, validate, draw) p50 %.1f ms, best %.1f ms%@",
                rows, runs, percentile(opens, 0.5), opens.min() ?? 0, shown ? "" : " (NOT SHOWN)"),
            String(
                format: "results table, %d rows: sort by a number column p50 %.1f ms, reverse p50 %.1f ms", rows,
                percentile(sorts, 0.5), percentile(reverses, 0.5)),
            String(
                format: "results table, %d rows: open + sort p50 %.1f ms", rows,
                percentile(zip(opens, sorts).map { $0 + $1 }, 0.5)),
            String(
                format: "results table, %d rows: filter p50 %.1f ms, to the last row p50 %.2f ms", rows,
                percentile(filters, 0.5), percentile(moves, 0.5)),
        ]
    }
    for line in tableFigures { print(line) }
}
