import Foundation
import QuireCore
import QuireRender
import Testing

@testable import QuireTUI

@Suite("App results tables")
struct AppResultsTests {
    static let blank = #"""
        {"fields":[
          {"type":"input","inputType":"text","label":"Your name","model":"name","required":true},
          {"type":"input","inputType":"number","label":"Cups a day","model":"cups"}
        ]}
        """#

    /// A survey from me and three filled forms in its thread: Ann (3 cups), Bob (1 cup, in
    /// a malformed file), Cid (12 cups).
    static func seedSurvey(_ store: ClientStore, folder: URL) async throws {
        func file(_ name: String, _ text: String) throws -> AttachmentInfo {
            let url = folder.appendingPathComponent(name)
            try Data(text.utf8).write(to: url)
            let kind: AttachmentInfo.Kind = name.hasPrefix("blank") ? .form : .formResult
            return AttachmentInfo(
                name: "Tea.original", kind: kind, size: Int64(text.utf8.count), ffn: "local/Tea", storedPath: url.path)
        }
        let survey = AppHarness.msgid(0x60)
        let answers: [(Int, String, String, String)] = [
            (0x61, "UANN000000000001", "Ann Lee", #"{"name":"Ann","cups":3}"#),
            (0x62, "UBOB000000000001", "Bob Stone", #"{"name":"Bob","cups":1"#),
            (0x63, "UCID000000000001", "Cid Moor", #"{"name":"Cid","cups":12}"#),
        ]
        var messages = [
            ReceivedMessage(
                msgid: survey, fromUID: "UOTH000000000001", posted: "2026-11-29T11:50:00.000Z", alias: "Org",
                subject: "Tea survey", recipients: [Recipient(alias: "me-myself")],
                attachments: [try file("blank.json", blank)], body: "How much tea?")
        ]
        for (number, uid, alias, text) in answers {
            messages.append(
                ReceivedMessage(
                    msgid: AppHarness.msgid(number), fromUID: uid, posted: "2026-11-29T11:5\(number - 0x60):00.000Z",
                    alias: alias, threadID: survey, subject: "Tea survey", recipients: [Recipient(alias: "Org")],
                    attachments: [try file("filled-\(number).json", text)], body: "Filled."))
        }
        _ = try await store.insertReceived(messages, account: AppHarness.account)
    }

    @Test(":results shows one row per filled form, the bad one marked; s sorts the column, / filters, e exports")
    func resultsTable() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("quire-results-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let export = folder.appendingPathComponent("tea.csv")
        let (opened, sorted, reversed, filtered, exported, jumped) = try await AppHarness.run(
            rows: 24, columns: 120,
            prepare: { store in try await Self.seedSurvey(store, folder: folder) }
        ) { app, grid, _ in
            try grid.press(":", in: app)
            grid.type("results Tea", in: app)
            try grid.press("<Enter>", in: app)
            let opened = grid.screenText
            // who, posted, thread, message, revision, status, name, cups: the cups column is the 8th.
            try grid.press("l l l l l l l s", in: app)
            let sorted = grid.screenText
            try grid.press("s", in: app)
            let reversed = grid.screenText
            try grid.press("/", in: app)
            grid.type("Cid", in: app)
            try grid.press("<Enter>", in: app)
            let filtered = grid.screenText
            try grid.press("e", in: app)
            grid.type(export.path, in: app)
            try grid.press("<Enter>", in: app)
            let exported = grid.screenText
            try grid.press("<Enter>", in: app)
            return (opened, sorted, reversed, filtered, exported, grid.screenText)
        }
        #expect(opened.contains("Tea: 3 of 3 rows") && opened.contains("1 marked invalid"), "\(opened)")
        #expect(opened.contains("Your name") && opened.contains("Cups a day"))
        #expect(opened.contains("Ann Lee") && opened.contains("Bob Stone") && opened.contains("Cid Moor"))
        // Seven columns to the right the table has scrolled sideways: the name column shows.
        func position(_ name: String, in screen: String) throws -> String.Index {
            try #require(screen.range(of: name)?.lowerBound, "\(name) on screen")
        }
        #expect(try position("Ann", in: sorted) < position("Cid", in: sorted), "3 cups before 12: by value")
        #expect(try position("Cid", in: reversed) < position("Ann", in: reversed), "s again reverses")
        #expect(filtered.contains("Tea: 1 of 3 rows matching “Cid”") && !filtered.contains("Ann Lee"))
        #expect(exported.contains("wrote 1 row to \(export.path)"))
        let csv = try String(contentsOf: export, encoding: .utf8)
        #expect(csv.contains("Cid") && !csv.contains("Ann"))
        #expect(jumped.contains("READ") && jumped.contains("Tea survey"), "Enter opened the row's message")
    }

    @Test("h and l scroll a narrow table sideways until the cursor's column is wholly in view, however wide")
    func sidewaysByWidth() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("quire-results-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        // Each column's heading and Ann's cell in it; posted, thread and message are 16-24 cells
        // wide, so at 44 columns two of them never fit beside each other.
        let expected: [(heading: String, cell: String)] = [
            ("who", "Ann Lee"), ("posted", "2026-11-29T11:51:00.000Z"), ("thread", AppHarness.msgid(0x60)),
            ("message", AppHarness.msgid(0x61)), ("revision", "Tea.original"), ("status", "not valid JSON"),
            ("Your name", "Ann"), ("Cups a day", "12"),
        ]
        let screens = try await AppHarness.run(
            rows: 16, columns: 44, prepare: { store in try await Self.seedSurvey(store, folder: folder) }
        ) { app, grid, _ -> [String] in
            try grid.press(":", in: app)
            grid.type("results Tea", in: app)
            try grid.press("<Enter>", in: app)
            var screens = [grid.screenText]
            for _ in 1..<8 {
                try grid.press("l", in: app)
                screens.append(grid.screenText)
            }
            // Back to the left: the first columns come back into view, whole.
            for _ in 1..<8 {
                try grid.press("h", in: app)
                screens.append(grid.screenText)
            }
            return screens
        }
        for (index, screen) in screens.enumerated() {
            let column = index < 8 ? index : 14 - index
            let (heading, cell) = expected[column]
            let lines = screen.components(separatedBy: "\n")
            #expect(lines.contains { $0.contains(heading) }, "column \(column): its heading whole\n\(screen)")
            #expect(lines.contains { $0.contains(cell) }, "column \(column): its cells whole\n\(screen)")
        }
        #expect(!screens[7].contains("Ann Lee"), "scrolled: the first column is off screen")
        #expect(screens[14].contains("Ann Lee") && screens[14].contains("2026-11-29T11:51:00.000Z"))
    }

    @Test(":forms lists the library; Enter opens the family's results; :results in the reader takes the message's form")
    func library() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("quire-library-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let home = try AppHarness.makeHome()
        defer { try? FileManager.default.removeItem(at: home.dataDirectory) }
        try FormLibrary(home: home).add(FormName(family: "Tea", revision: "original"), json: Data(Self.blank.utf8))
        let (library, results, fromReader) = try await AppHarness.run(
            rows: 24, columns: 120, home: home,
            prepare: { store in try await Self.seedSurvey(store, folder: folder) }
        ) { app, grid, _ in
            try grid.press(":", in: app)
            grid.type("forms", in: app)
            try grid.press("<Enter>", in: app)
            let library = grid.screenText
            try grid.press("<Enter>", in: app)
            let results = grid.screenText
            try grid.press("q", in: app)
            // The survey thread is the newest: open it and ask for its results.
            try grid.press("g g <Enter>", in: app)
            try grid.press(":", in: app)
            grid.type("results", in: app)
            try grid.press("<Enter>", in: app)
            return (library, results, grid.screenText)
        }
        #expect(library.contains("Form library: 1 forms") && library.contains("Tea.original"), "\(library)")
        #expect(library.contains("local/Tea"))
        #expect(results.contains("Tea: 3 of 3 rows"))
        #expect(fromReader.contains("Tea: 3 of 3 rows"), "\(fromReader)")
    }
}

@Suite("App forms in the composer")
struct AppComposerFormTests {
    @Test(":attach-form attaches a library form: it goes out as f:, shown in the body, and a draft keeps it")
    func attachLibraryForm() async throws {
        let home = try AppHarness.makeHome()
        defer { try? FileManager.default.removeItem(at: home.dataDirectory) }
        try FormLibrary(home: home).add(FormName(family: "Tea"), json: Data(AppResultsTests.blank.utf8))
        let (attached, refused, outbox) = try await AppHarness.run(home: home, prepare: AppPaneTests.addressBook) {
            app, grid, services in
            try grid.press("c", in: app)
            grid.type("Ann", in: app)
            try grid.press("<Tab> <Enter>", in: app)
            grid.type("Tea survey", in: app)
            try grid.press("<Enter> <Enter>", in: app)
            grid.type("Please answer.", in: app)
            try grid.press("<C-x> f", in: app)
            grid.type("Tea", in: app)
            try grid.press("<Enter>", in: app)
            let attached = grid.screenText
            try grid.press("<C-x> f", in: app)
            grid.type("Coffee", in: app)
            try grid.press("<Enter>", in: app)
            let refused = grid.screenText
            try grid.press("<C-x> y", in: app)
            return (attached, refused, try AppPaneTests.outbox(services))
        }
        #expect(attached.contains("Attached form Tea.original (2 fields)"), "\(attached)")
        #expect(refused.contains("Not attached"))
        let post = try #require(outbox.first?.post)
        let form = try #require(post.attachments.first)
        #expect(post.attachments.count == 1)
        // No spec names the family's FFN: it goes out under the account's site FFN.
        #expect(form.kind == .form && form.name == "Tea.original" && form.ffn == "127.0.0.1:8444/me-myself/Tea")
        #expect(post.body.contains("Please answer."))
        #expect(post.body.count > "Please answer.".count, "the form is shown in the body")
    }

    @Test("a form filled in the terminal goes out from the composer as a filled form (r:), with its FFN")
    func filledFormGoesOutAsFilled() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("quire-fill-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let outbox = try await AppHarness.run(
            rows: 30, columns: 100, prepare: { store in try await AppResultsTests.seedSurvey(store, folder: folder) }
        ) { app, grid, services in
            // The survey thread is the newest; its first message carries the blank form.
            try grid.press("<Enter> F", in: app)
            grid.type("Dee", in: app)
            try grid.press("<Tab>", in: app)
            grid.type("4", in: app)
            try grid.press("<Enter>", in: app)
            try grid.press("<C-x> y", in: app)
            return try AppPaneTests.outbox(services)
        }
        // Opening the thread marked it read (a node sync row); the reply is the post.
        let post = try #require(outbox.compactMap(\.post).first)
        let filled = try #require(post.attachments.first)
        #expect(filled.kind == .formResult, "sent as a filled form, not a plain file")
        #expect(filled.ffn == "local/Tea")
        #expect(post.threadID == AppHarness.msgid(0x60))
    }
}
