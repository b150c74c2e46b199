import Foundation
import GRDB
import QuireTestSupport
import Testing

@testable import QuireCore

/// The store keeps each form's answers when its message is stored (table `form_content`), so a
/// results table opens from one query; the table must be the one the files themselves give.
@Suite("Kept form answers: the results table from the store, as from the files")
struct KeptFormContentTests {
    static let blank = Data(
        #"{"fields":[{"type":"input","inputType":"text","label":"Name","model":"name","required":true},{"type":"input","inputType":"number","label":"Stars","model":"stars","min":1,"max":5},{"type":"checklist","label":"Sides","model":"sides","values":["soup","bread"]}]}"#
            .utf8)

    /// A received message from `alias` carrying one form attachment of `kind` whose bytes are
    /// `text` (written to a file unless nil, then the attachment has no file yet).
    static func formMessage(
        _ number: Int, from alias: String, kind: AttachmentInfo.Kind, text: String?, in directory: URL,
        name: String = "lunch.original"
    ) throws -> ReceivedMessage {
        var path: String?
        if let text {
            let file = directory.appendingPathComponent("\(msgid(number))_\(kind.rawValue):\(name)")
            try Data(text.utf8).write(to: file)
            path = file.path
        }
        return ReceivedMessage(
            msgid: msgid(number), fromUID: alias.uppercased(), posted: posted(day: 1, minute: number), alias: alias,
            threadID: number == 1 ? nil : msgid(1), subject: "Lunch",
            attachments: [
                AttachmentInfo(
                    name: name, kind: kind, size: Int64(text?.utf8.count ?? 9), ffn: "local/lunch", storedPath: path)
            ], body: "")
    }

    /// The table as read from every file again (what the results table was built from before
    /// answers were kept).
    static func fromFiles(_ store: ClientStore, family: String = "lunch") throws -> FormResultsTable {
        FormResultsTable.build(family: family, records: try store.reader.formAttachments(account: "home"))
    }

    static func expectSame(_ kept: FormResultsTable, _ files: FormResultsTable) {
        #expect(kept.rows == files.rows)
        #expect(kept.fields == files.fields)
        #expect(kept.ffns == files.ffns)
    }

    static func keptRows(_ store: ClientStore) async throws -> [String] {
        try await store.write { db in
            (try String.fetchAll(db, sql: "SELECT state FROM form_content ORDER BY message_id, position"), [])
        }
    }

    @Test("received forms: answers, a malformed one kept and marked, and no file read to open the table")
    func received() async throws {
        try await withStore { store, directory in
            let files = directory.url
            let messages = [
                try Self.formMessage(
                    1, from: "ann", kind: .form, text: String(decoding: Self.blank, as: UTF8.self), in: files),
                try Self.formMessage(
                    2, from: "bob", kind: .formResult, text: #"{"name":"Bob","stars":4,"sides":["soup"]}"#, in: files),
                try Self.formMessage(3, from: "cat", kind: .formResult, text: #"{"name":"Cat","stars":9}"#, in: files),
                try Self.formMessage(4, from: "dan", kind: .formResult, text: #"{"name":"Dan","stars":"#, in: files),
                try Self.formMessage(5, from: "eve", kind: .formResult, text: #"["not","an","object"]"#, in: files),
                try Self.formMessage(
                    6, from: "fay", kind: .formResult, text: #"{"name":"Fay","extra":{"x":1.5}}"#, in: files),
            ]
            _ = try await store.insertReceived(messages, account: "home")
            #expect(
                try await Self.keptRows(store) == ["blank", "answers", "answers", "malformed", "malformed", "answers"])

            let kept = try store.reader.formResults(account: "home", family: "lunch")
            Self.expectSame(kept, try Self.fromFiles(store))
            #expect(kept.rows.map(\.fromAlias) == ["bob", "cat", "dan", "eve", "fay"])
            #expect(kept.rows[0].isValid && kept.rows[0].answers["sides"] == .list([.text("soup")]))
            #expect(kept.rows[1].problems == ["stars: at most 5"])
            #expect(kept.rows[2].problems == ["not valid JSON"] && kept.rows[2].rawText == #"{"name":"Dan","stars":"#)
            #expect(kept.rows[3].problems == ["not a JSON object"])
            #expect(kept.rows[4].answers["extra.x"] == .number(1.5))
            #expect(kept.fields.map(\.model) == ["name", "stars", "sides", "extra.x"])

            // The table comes from the store alone: with every file gone it is unchanged.
            for message in messages {
                try FileManager.default.removeItem(atPath: message.attachments[0].storedPath ?? "")
            }
            let again = try store.reader.formResults(account: "home", family: "lunch")
            #expect(again.rows == kept.rows && again.fields == kept.fields)
        }
    }

    @Test("a form file that arrives after its message: the row is marked until then, then has its answers")
    func lateFile() async throws {
        try await withStore { store, directory in
            let files = directory.url
            _ = try await store.insertReceived(
                [
                    try Self.formMessage(
                        1, from: "ann", kind: .form, text: String(decoding: Self.blank, as: UTF8.self), in: files),
                    try Self.formMessage(2, from: "bob", kind: .formResult, text: nil, in: files),
                ], account: "home")
            var table = try store.reader.formResults(account: "home", family: "lunch")
            #expect(table.rows.map(\.problems) == [["not downloaded yet"]])
            Self.expectSame(table, try Self.fromFiles(store))

            let late = files.appendingPathComponent("late-answers")
            try Data(#"{"name":"Bob","stars":2}"#.utf8).write(to: late)
            try await store.setAttachmentPath(
                late.path, account: "home", msgid: msgid(2), kind: .formResult, attachment: "lunch.original")
            #expect(try await Self.keptRows(store) == ["blank", "answers"])
            table = try store.reader.formResults(account: "home", family: "lunch")
            #expect(table.rows.count == 1 && table.rows[0].isValid && table.rows[0].answers["stars"] == .number(2))
            Self.expectSame(table, try Self.fromFiles(store))
        }
    }

    @Test("a file not readable when kept is looked for again when the table opens")
    func fileReadableLater() async throws {
        try await withStore { store, directory in
            var message = try Self.formMessage(2, from: "bob", kind: .formResult, text: "{}", in: directory.url)
            let path = try #require(message.attachments[0].storedPath)
            try FileManager.default.removeItem(atPath: path)
            message.attachments[0].size = 14
            _ = try await store.insertReceived(message, account: "home")
            #expect(try await Self.keptRows(store) == ["missing"])
            #expect(
                try store.reader.formResults(account: "home", family: "lunch").rows.map(\.problems) == [
                    ["not downloaded yet"]
                ])
            try Data(#"{"name":"Bob"}"#.utf8).write(to: URL(fileURLWithPath: path))
            let table = try store.reader.formResults(account: "home", family: "lunch")
            #expect(table.rows.first?.answers == ["name": .text("Bob")])
            Self.expectSame(table, try Self.fromFiles(store))
        }
    }

    @Test("kept answers that no longer read back are read from the file instead")
    func unreadableKeptAnswers() async throws {
        try await withStore { store, directory in
            _ = try await store.insertReceived(
                try Self.formMessage(2, from: "bob", kind: .formResult, text: #"{"name":"Bob"}"#, in: directory.url),
                account: "home")
            try await store.write { db in
                try db.execute(sql: "UPDATE form_content SET content = x'02ff'")
                return ((), [])
            }
            let table = try store.reader.formResults(account: "home", family: "lunch")
            #expect(table.rows.first?.answers == ["name": .text("Bob")] && table.rows.first?.isValid == true)
            Self.expectSame(table, try Self.fromFiles(store))
        }
    }

    @Test("a form too large to keep twice stays in its file only and is read from it when the table opens")
    func tooLargeToKeep() async throws {
        try await withStore { store, directory in
            let notes = String(repeating: "a", count: Int(FormContent.largestKept))
            _ = try await store.insertReceived(
                [
                    try Self.formMessage(
                        1, from: "ann", kind: .form, text: String(decoding: Self.blank, as: UTF8.self),
                        in: directory.url),
                    try Self.formMessage(
                        2, from: "bob", kind: .formResult, text: #"{"name":"Bob","notes":"\#(notes)"}"#,
                        in: directory.url),
                ], account: "home")
            #expect(try await Self.keptRows(store) == ["blank", "missing"])
            let table = try store.reader.formResults(account: "home", family: "lunch")
            #expect(table.rows.first?.answers["notes"] == .text(notes) && table.rows.first?.isValid == true)
            Self.expectSame(table, try Self.fromFiles(store))
        }
    }

    @Test("a form we sent is kept from the post as it went out when its file has moved")
    func sent() async throws {
        try await withStore { store, directory in
            _ = try await store.insertReceived(
                try Self.formMessage(
                    1, from: "ann", kind: .form, text: String(decoding: Self.blank, as: UTF8.self), in: directory.url),
                account: "home")
            let file = directory.url.appendingPathComponent("my-answers.json")
            let answers = Data(#"{"name":"Me","sides":["bread","soup"],"stars":5}"#.utf8)
            try answers.write(to: file)
            let item = try Outgoing.post(
                account: "home", author: Outgoing.Author(uid: "SELFUID", alias: "me"),
                recipients: [Recipient(alias: "ann", uid: "ANN")], threadID: msgid(1), subject: "", body: "Mine.",
                attachments: [
                    Outgoing.Attachment(
                        name: "lunch.original", bytes: Array(answers), sourcePath: file.path, kind: .formResult,
                        ffn: "local/lunch")
                ])
            try await store.enqueue(item)
            // The file changes before the ack: what went out is what is kept.
            try Data("changed since".utf8).write(to: file)
            try await store.markSent(account: "home", id: item.id, msgid: msgid(7), posted: posted(day: 1, minute: 7))
            let table = try store.reader.formResults(account: "home", family: "lunch")
            #expect(table.rows.map(\.fromAlias) == ["me"])
            #expect(table.rows.first?.isValid == true && table.rows.first?.answers["stars"] == .number(5))
            Self.expectSame(table, try Self.fromFiles(store))
            try FileManager.default.removeItem(at: file)
            Self.expectSame(try store.reader.formResults(account: "home", family: "lunch"), table)
        }
    }

    @Test("a store from before answers were kept is read in full when it is opened, losing nothing")
    func migrationKeepsExistingForms() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.url.appendingPathComponent("store.sqlite").path
        let before: FormResultsTable
        do {
            let store = try ClientStore(path: path)
            try await store.addAccount(Account(name: "home", siteAddress: "=127.0.0.1:8444", uid: "SELFUID"))
            _ = try await store.insertReceived(
                [
                    try Self.formMessage(
                        1, from: "ann", kind: .form, text: String(decoding: Self.blank, as: UTF8.self),
                        in: directory.url),
                    try Self.formMessage(
                        2, from: "bob", kind: .formResult, text: #"{"name":"Bob","stars":3}"#, in: directory.url),
                    try Self.formMessage(3, from: "dan", kind: .formResult, text: "no json", in: directory.url),
                    try Self.formMessage(4, from: "eve", kind: .formResult, text: nil, in: directory.url),
                ], account: "home")
            before = try Self.fromFiles(store)
            // Back to the schema of the version before: no kept answers, the migration not applied.
            try await store.write { db in
                try db.execute(sql: "DROP TABLE form_content")
                try db.execute(
                    sql: "DELETE FROM grdb_migrations WHERE identifier = ?", arguments: ["v10 kept form contents"])
                return ((), [])
            }
        }
        let reopened = try ClientStore(path: path)
        #expect(try await reopened.appliedMigrations() == ClientStore.knownMigrations)
        #expect(try await Self.keptRows(reopened) == ["blank", "answers", "malformed", "missing"])
        let table = try reopened.reader.formResults(account: "home", family: "lunch")
        Self.expectSame(table, before)
        #expect(table.rows.map(\.fromAlias) == ["bob", "dan", "eve"])
        #expect(table.rows[1].rawText == "no json" && table.rows[2].problems == ["not downloaded yet"])
    }

    @Test("stored answers read back exactly; bytes cut inside an answer or never answers read as nothing")
    func storedBytes() throws {
        let form = try FilledForm.read(
            Data(
                #"{"name":"Zoë 日本","n":-0.25,"big":1e300,"ok":true,"list":["a",2,[false]],"home":{"city":"Oslo"}}"#.utf8
            ))
        let bytes = form.storedBytes
        #expect(FilledForm(storedBytes: bytes) == form)
        #expect(form.paths == ["name", "n", "big", "ok", "list", "home.city"])
        for cut in 1..<bytes.count {
            // Cut inside an answer, nothing; cut between two, the answers before it.
            let read = FilledForm(storedBytes: bytes.prefix(cut))
            #expect(read.map { form.paths.starts(with: $0.paths) } ?? true)
        }
        #expect(FilledForm(storedBytes: bytes.dropLast()) == nil)
        #expect(FilledForm(storedBytes: [UInt8]()) == nil)
        #expect(FilledForm(storedBytes: Array("{}".utf8)) == nil)
        #expect(
            FilledForm(storedBytes: FilledForm(values: [:], paths: []).storedBytes)
                == FilledForm(values: [:], paths: []))
    }
}
