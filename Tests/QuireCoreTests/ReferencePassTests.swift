import Foundation
import Logging
import QuireTestSupport
import TMTP
import Testing

@testable import QuireCore

/// The reference client's own test pass, replayed into quire's store: each link's deliveries, in
/// the order its site sent them, as a session stores them.
@Suite("Reference client's test pass")
struct ReferencePassTests {
    let frames: [ReferencePassFrame]

    init() throws {
        frames = try ReferencePassFrame.loadAll()
    }

    /// The forwarded thread: Gold's "to forward" and its reply, later sent to Blue.
    static let forwardedThread = "18ee8c9bbe0b1298"

    @Test("every attachment of every post comes back byte for byte, each kind in its own file")
    func everyAttachmentComesBack() async throws {
        // Link 2 is Gold's; 1 and 4 are Blue's two devices.
        let expectedMessages = [
            2: ["18ee8c9bbe0b1292"],
            1: ["18ee8c9bbe0b1297", "18ee8c9bbe0b1298", "18ee8c9bbe0b1299"],
            4: ["18ee8c9bbe0b1292", "18ee8c9bbe0b1297", "18ee8c9bbe0b1298", "18ee8c9bbe0b1299"],
        ]
        for (connection, msgids) in expectedMessages.sorted(by: { $0.key < $1.key }) {
            let expected = try expectedAttachments(connection: connection)
            #expect(expected.keys.sorted() == msgids, "link \(connection)")
            try await replay(connection: connection) { store in
                var paths: [String] = []
                for (msgid, attachments) in expected {
                    guard let message = try await store.message(account: "pass", msgid: msgid) else {
                        Issue.record("link \(connection): \(msgid) was not stored")
                        continue
                    }
                    #expect(message.attachments.map(\.wireName) == attachments.map(\.name), "\(msgid)")
                    for (stored, want) in zip(message.attachments, attachments) {
                        guard let path = stored.storedPath else {
                            Issue.record("link \(connection): \(msgid) \(want.name) has no file")
                            continue
                        }
                        let bytes = FileManager.default.contents(atPath: path).map { [UInt8]($0) }
                        #expect(bytes == want.bytes, "\(msgid) \(want.name) at \(path)")
                        paths.append(path)
                    }
                }
                #expect(Set(paths).count == paths.count, "attachments share a file: \(paths)")
            }
        }
    }

    @Test("the forward (PostNotify) is accepted: its thread file is read and its messages stored")
    func forwardIsStored() async throws {
        let forward = try #require(frames.first { $0.connection == 1 && $0.number("notify") != nil })
        let gold = try uid(connection: 2)
        try await replay(connection: 1, only: [forward]) { store in
            let thread = try #require(try await store.thread(account: "pass", id: Self.forwardedThread))
            #expect(thread.subject == "to forward")
            let messages = try await store.messages(account: "pass", thread: Self.forwardedThread)
            #expect(messages.map(\.msgid) == ["18ee8c9bbe0b1298", "18ee8c9bbe0b1299"])
            #expect(messages.allSatisfy { $0.fromUID == gold && $0.forwardedBy == gold })
            #expect(
                messages.map { $0.attachments.map(\.wireName) } == [
                    ["u:Gold/File.txt", "r:Blue.original"], ["r:Blue.second", "r:Blue.badata"],
                ])
            // Their bytes come later, in their author's confirm posts.
            #expect(messages.flatMap(\.attachments).allSatisfy { $0.storedPath == nil })
        }
    }

    @Test("a thread file quire forwards carries Size, record for record as the reference writes it")
    func forwardWritesSize() throws {
        let forward = try #require(frames.first { $0.connection == 1 && $0.number("notify") != nil })
        let head = try #require(forward.number("datahead"))
        let theirs = Array(forward.data[head...])
        let file = try ThreadFile(decoding: theirs)
        let item = try Outgoing.forward(
            account: "pass", author: .init(uid: try uid(connection: 2), alias: "Gold 1206033144"),
            threadID: Self.forwardedThread, file: file,
            added: [Recipient(alias: "Blue 1206033144", uid: try uid(connection: 1))], existing: [])
        guard case .inline(let payload) = item.payload,
            case .postNotify(let header) = try ClientMessage.decode(json: ArraySlice(item.headerJSON.utf8))
        else {
            Issue.record("the forward is not a PostNotify with its data")
            return
        }
        // The data is the note, the thread's sub-header, then the thread file.
        let ours = Array([UInt8](payload).dropFirst(Int(header.noteLength + header.dataHead)))
        let ourRecords = try Self.records(ours)
        let theirRecords = try Self.records(theirs)
        #expect(ourRecords.count == 2)
        for (mine, reference) in zip(ourRecords, theirRecords) {
            #expect(String(decoding: mine.bytes, as: UTF8.self) == String(decoding: reference.bytes, as: UTF8.self))
            #expect(mine.checksum == reference.checksum)
        }
    }

    @Test("its author's confirm posts vouch for every forwarded copy, compared by record size and CRC-32C")
    func forwardIsConfirmed() async throws {
        try await replay(connection: 1) { store in
            let messages = try await store.messages(account: "pass", thread: Self.forwardedThread)
            #expect(messages.count == 2)
            #expect(messages.allSatisfy { $0.forwardedBy == nil })
            #expect(messages.flatMap(\.attachments).allSatisfy { $0.storedPath != nil })
        }
    }

    @Test("a confirmation whose record differs from the forwarded copy marks that copy possibly forged")
    func tamperedConfirmation() async throws {
        var tampered = frames.filter { $0.connection == 1 && !$0.fromClient }
        let index = try #require(tampered.firstIndex { $0.text("id") == "18ee8c9bbe0b129d" })
        let text = String(decoding: tampered[index].data, as: UTF8.self)
        #expect(text.contains(#""Subject":"to forward""#))
        tampered[index].data = Array(
            text.replacingOccurrences(of: #""Subject":"to forward""#, with: #""Subject":"to forwarX""#).utf8)
        try await replay(connection: 1, only: tampered) { store in
            let messages = try await store.messages(account: "pass", thread: Self.forwardedThread)
            #expect(messages.map(\.isPossiblyForged) == [true, false])
            #expect(messages.last?.forwardedBy == nil)
        }
    }

    @Test("quire's confirm posts for the forwarded thread are the reference's, byte for byte")
    func confirmPostsMatch() throws {
        let forward = try #require(frames.first { $0.connection == 1 && $0.number("notify") != nil })
        let file = try ThreadFile(decoding: forward.data[try #require(forward.number("datahead"))...])
        let confirms = frames.filter {
            $0.connection == 1 && ["18ee8c9bbe0b129d", "18ee8c9bbe0b129e"].contains($0.text("id") ?? "")
        }
        #expect(confirms.count == 2)
        for (message, reference) in zip(file.messages, confirms) {
            let theirs = try PostData(
                data: reference.data, dataheadLength: Int64(try #require(reference.number("datahead"))))
            let item = Outgoing.confirm(
                account: "pass", subHead: message.subHead, threadID: Self.forwardedThread, msgid: message.id,
                posted: message.posted, body: message.body, attachments: theirs.attachments.map { Array($0.bytes) },
                to: [Recipient(alias: "Blue 1206033144", uid: try uid(connection: 1))])
            guard case .inline(let ours) = item.payload else {
                Issue.record("no data")
                continue
            }
            #expect(String(decoding: ours, as: UTF8.self) == String(decoding: reference.data, as: UTF8.self))
            // And what the receiver rebuilds from it is the forwarded copy's record.
            #expect(DeliveryReceiver.confirmedRecord(theirs, from: message.fromUID) == message.record)
        }
    }

    @Test("blank and filled forms of the pass make Blue's results table; the bad fill is kept and marked")
    func formsAndResults() async throws {
        try await replay(connection: 4) { store in
            let table = try store.reader.formResults(account: "pass", family: "Blue")
            #expect(table.fields.map(\.model) == ["so", "nr", "or.aso", "or.anr"])
            #expect(table.fields.first { $0.model == "or.anr" }?.kind == .checklist(["12", "22"]))
            #expect(
                table.rows.map(\.msgid) == [
                    "18ee8c9bbe0b1292", "18ee8c9bbe0b1297", "18ee8c9bbe0b1298", "18ee8c9bbe0b1299", "18ee8c9bbe0b1299",
                ])
            #expect(
                table.rows.map(\.formName) == [
                    "Blue.original", "Blue.original", "Blue.original", "Blue.second", "Blue.badata",
                ])
            #expect(
                table.rows.map { $0.answers["nr"] } == [.number(101), .number(201), .number(202), .number(203), nil])
            #expect(table.rows.map(\.isValid) == [true, true, true, true, false])
            #expect(table.rows.last?.problems == ["not valid JSON"])
            #expect(table.rows.last?.rawText == #"{"nr":204,"or":{"anr":[[1],[2]]}|"#)
            #expect(table.rows[1].answers["or.anr"] == .list([.list([.number(1)]), .list([.number(2)])]))
            #expect(table.ffns.contains("Blue"))
        }
    }

    @Test("quire's fill of the pass's form gives the reference's answer bytes and attachment entry")
    func fillMatches() throws {
        let post = try #require(frames.first { $0.connection == 2 && $0.text("id") == "18ee8c9bbe0b1292" })
        let theirs = try PostData(data: post.data, dataheadLength: Int64(try #require(post.number("datahead"))))
        let blank = try #require(theirs.attachments.first { $0.entry.name == "f:Blue.original" })
        let spec = try FormSpec.parse(Data(blank.bytes))
        let reply = try #require(frames.first { $0.connection == 1 && $0.text("id") == "18ee8c9bbe0b1297" })
        let replyData = try PostData(data: reply.data, dataheadLength: Int64(try #require(reply.number("datahead"))))
        let filled = try #require(replyData.attachments.first)
        let answers = try FilledForm.read(filled.bytes)
        #expect(spec.problems(in: answers.values).isEmpty)
        let ours = spec.filledJSON(answers.values)
        #expect(String(decoding: ours, as: UTF8.self) == String(decoding: filled.bytes, as: UTF8.self))
        let item = try Outgoing.post(
            account: "pass", author: .init(uid: try uid(connection: 2), alias: "Gold 1206033144"),
            recipients: [Recipient(alias: "Blue 1206033144", uid: try uid(connection: 1))],
            threadID: "18ee8c9bbe0b1292", subject: "reply ohi", body: "",
            attachments: [
                .init(name: "Blue.original", bytes: [UInt8](ours), kind: .formResult, ffn: blank.entry.ffn)
            ])
        let sent = try #require(item.post?.dataheadJSON)
        let attach = #""Attach":[{"Name":"r:Blue.original","Size":33,"Ffn":"mnmnotmail.github.io/registry/test1"}]"#
        #expect(sent.contains(attach))
        #expect(replyData.dataheadJSON?.contains(attach) == true)
    }

    // MARK: - Helpers

    /// The uid of the account on a link: from its registration, or from the Login it sent.
    private func uid(connection: Int) throws -> String {
        let frame = try #require(
            frames.first { $0.connection == connection && ($0.text("op") == "registered" || $0.number("op") == 2) })
        return try #require(frame.text("uid"))
    }

    /// Replays into a new store, as the account on `connection`, that link's deliveries and notifies
    /// (or just `only`), then runs `check`.
    private func replay(
        connection: Int, only: [ReferencePassFrame]? = nil, check: (ClientStore) async throws -> Void
    ) async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try ClientStore(
            path: directory.url.appendingPathComponent("store.sqlite").path,
            attachmentsDirectory: directory.url.appendingPathComponent("attachments"))
        let me = Account(
            name: "pass", siteAddress: "=127.0.0.1:18972", siteName: "reference-18971",
            uid: try uid(connection: connection),
            state: .registered)
        try await store.addAccount(me)
        var logger = Logger(label: "reference-pass")
        logger.logLevel = .critical
        let receiver = DeliveryReceiver(store: store, account: "pass", logger: logger)
        for frame in only ?? frames.filter({ $0.connection == connection && !$0.fromClient }) {
            let header = try ServerMessage.decode(json: frame.headerJSON[...])
            switch header {
            case .delivery, .notify: _ = try await receiver.receive(header, data: frame.data, me: me)
            default: continue
            }
        }
        try await check(store)
    }

    /// What each message delivered on `connection` carries, read from the frames themselves:
    /// the datahead's `Attach` list, whose bytes end the data in that order. A confirm post
    /// carries the attachments of the message it names.
    private func expectedAttachments(connection: Int) throws -> [String: [(name: String, bytes: [UInt8])]] {
        var expected: [String: [(name: String, bytes: [UInt8])]] = [:]
        for frame in frames
        where frame.connection == connection && frame.text("op") == "delivery" && frame.number("notify") == nil {
            let headLength = try #require(frame.number("datahead"))
            let datahead = try #require(
                try JSONSerialization.jsonObject(with: Data(frame.data.prefix(headLength))) as? [String: Any])
            let list = datahead["Attach"] as? [[String: Any]] ?? []
            guard !list.isEmpty else { continue }
            var end = frame.data.count - list.reduce(0) { $0 + ($1["Size"] as? Int ?? 0) }
            var attachments: [(name: String, bytes: [UInt8])] = []
            for entry in list {
                let size = try #require(entry["Size"] as? Int)
                attachments.append((try #require(entry["Name"] as? String), Array(frame.data[end..<(end + size)])))
                end += size
            }
            let confirmed = datahead["ConfirmId"] as? String ?? ""
            expected[confirmed.isEmpty ? try #require(frame.text("id")) : confirmed] = attachments
        }
        return expected
    }

    /// The message records of a thread file, as its index gives them, with their checksums.
    private static func records(_ file: [UInt8]) throws -> [(bytes: [UInt8], checksum: Int)] {
        let tail = String(decoding: file.suffix(16), as: UTF8.self)
        let indexLength = try #require(Int(tail.prefix(8), radix: 16))
        let ccLength = try #require(Int(tail.suffix(8), radix: 16))
        let indexStart = file.count - 16 - indexLength - ccLength
        let index = try #require(
            try JSONSerialization.jsonObject(with: Data(file[indexStart..<(indexStart + indexLength)]))
                as? [[String: Any]])
        return try index.map { entry in
            let offset = try #require(entry["Offset"] as? Int)
            let size = try #require(entry["Size"] as? Int)
            return (Array(file[offset..<(offset + size)]), try #require(entry["Checksum"] as? Int))
        }
    }
}
