import Foundation
import QuireCore

/// Times a form family's results table on a real store: `count` filled forms (one message each,
/// its file on disk, one in fifty malformed) answering one blank form, then the table built from
/// the store as a screen builds it (``StoreReader/formResults(account:family:library:)``: one
/// query of the answers the store kept, answers checked), built again from every file as it was
/// before the answers were kept, and sorted by a text column and by a number column.
struct FormResultsBenchmark: Sendable {
    var directory: URL
    var count: Int

    static let blank = Data(
        #"{"fields":[{"type":"input","inputType":"text","label":"Name","model":"name","required":true},{"type":"input","inputType":"number","label":"Stars","model":"stars","min":1,"max":5},{"type":"select","label":"Lunch","model":"lunch","values":["soup","salad","bread"]},{"type":"textArea","label":"Notes","model":"notes"}]}"#
            .utf8)

    struct Report: CustomStringConvertible {
        var rows: Int
        var buildMilliseconds: [Double]
        var fromFilesMilliseconds: [Double]
        var sortTextMilliseconds: [Double]
        var sortNumberMilliseconds: [Double]
        var filterMilliseconds: [Double]

        var description: String {
            func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }
            return String(
                format:
                    "results table of %d rows: build from the kept answers p50 %.1f ms (best %.1f; from every file instead p50 %.1f ms); sort by name p50 %.1f ms, by stars p50 %.1f ms; filter (cells folded as it goes) p50 %.1f ms; build + sort p50 %.1f ms",
                rows, median(buildMilliseconds), buildMilliseconds.min() ?? 0, median(fromFilesMilliseconds),
                median(sortTextMilliseconds),
                median(sortNumberMilliseconds), median(filterMilliseconds),
                median(buildMilliseconds) + median(sortTextMilliseconds))
        }
    }

    func run(runs: Int = 5) async throws -> Report {
        let files = directory.appendingPathComponent("attachments")
        try FileManager.default.createDirectory(at: files, withIntermediateDirectories: true)
        let store = try ClientStore(path: directory.appendingPathComponent("forms.sqlite").path)
        try await store.addAccount(Account(name: "bench", siteAddress: "=127.0.0.1:1", uid: "uid-bench"))
        let blankPath = files.appendingPathComponent("0000000000000001_f:lunch.original")
        try Self.blank.write(to: blankPath)
        var messages = [
            ReceivedMessage(
                msgid: "0000000000000001", fromUID: "uid-bench", posted: "2026-12-06T08:00:00.000Z",
                alias: "bench-owner", subject: "Lunch survey",
                attachments: [
                    AttachmentInfo(
                        name: "lunch.original", kind: .form, size: Int64(Self.blank.count), ffn: "local/lunch",
                        storedPath: blankPath.path)
                ], body: "Please answer.")
        ]
        var random = SplitMix64(seed: 13)
        let lunches = ["soup", "salad", "bread"]
        for index in 0..<count {
            let msgid = String(format: "%016llx", UInt64(index + 2))
            let answers =
                index % 50 == 49
                ? #"{"name":"broken \#(index)","stars":"#
                : #"{"lunch":"\#(lunches[Int(random.next() % 3)])","name":"member \#(random.next() % 100_000)","notes":"note \#(index)","stars":\#(random.next() % 5 + 1)}"#
            let path = files.appendingPathComponent("\(msgid)_r:lunch.original")
            try Data(answers.utf8).write(to: path)
            messages.append(
                ReceivedMessage(
                    msgid: msgid, fromUID: "uid-\(index)",
                    posted: String(format: "2026-12-06T09:%02d:%02d.000Z", index / 60 % 60, index % 60),
                    alias: "member-\(index)", threadID: "0000000000000001", subject: "Lunch survey",
                    attachments: [
                        AttachmentInfo(
                            name: "lunch.original", kind: .formResult, size: Int64(answers.utf8.count),
                            ffn: "local/lunch", storedPath: path.path)
                    ], body: ""))
        }
        for batch in stride(from: 0, to: messages.count, by: 1000) {
            _ = try await store.insertReceived(
                Array(messages[batch..<min(messages.count, batch + 1000)]), account: "bench")
        }
        var report = Report(
            rows: 0, buildMilliseconds: [], fromFilesMilliseconds: [], sortTextMilliseconds: [],
            sortNumberMilliseconds: [],
            filterMilliseconds: [])
        let reader = store.reader
        for _ in 0..<runs {
            let (table, build) = try Self.timed { try reader.formResults(account: "bench", family: "lunch") }
            report.rows = table.rows.count
            report.buildMilliseconds.append(build)
            report.fromFilesMilliseconds.append(
                try Self.timed {
                    FormResultsTable.build(family: "lunch", records: try reader.formAttachments(account: "bench"))
                }.1)
            report.sortTextMilliseconds.append(Self.timed { table.view(sortedBy: .field("name")) }.1)
            report.sortNumberMilliseconds.append(
                Self.timed { table.view(sortedBy: .field("stars"), ascending: false) }.1)
            report.filterMilliseconds.append(Self.timed { table.view(filter: "soup") }.1)
        }
        return report
    }

    private static func timed<T>(_ body: () throws -> T) rethrows -> (T, Double) {
        let start = ContinuousClock.now
        let result = try body()
        let elapsed = ContinuousClock.now - start
        let milliseconds =
            Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
        return (result, milliseconds)
    }
}
