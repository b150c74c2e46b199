import Foundation
import QuireTestSupport
import Testing

@testable import QuireCore

/// Surveys and forwards with attachments between three users on a real site in this process,
/// over TLS on 127.0.0.1.
@Suite("Surveys and forwards end to end", .serialized)
struct FormSurveyEndToEndTests {
    static let survey = Data(
        #"{"fields":[{"type":"input","inputType":"text","label":"Name","model":"name","required":true},{"type":"input","inputType":"number","label":"Stars","model":"stars","min":1,"max":5},{"type":"select","label":"Lunch","model":"lunch","values":["soup","salad"]}]}"#
            .utf8)

    /// Alice's group with Bob and Carol joined.
    static func group(_ alice: TestDevice, _ members: [(TestDevice, String)], gid: String) async throws {
        for (member, alias) in members {
            try await alice.client.invite(account: "main", gid: gid, alias: alias, text: "join us")
            try await eventually("\(alias) is invited") {
                try await member.store.notices(state: .pending).contains { $0.kind == .invite }
            }
            let invitation = try #require(try await member.store.notices(state: .pending).first { $0.kind == .invite })
            try await member.client.accept(notice: invitation.id)
            try await eventually("alice sees \(alias) join") {
                try await alice.store.members(account: "main", gid: gid).contains {
                    $0.alias == alias && $0.status == .joined
                }
            }
        }
    }

    static func sentMsgid(_ device: TestDevice, _ item: OutboxItem) async throws -> String {
        try await eventually("\(item.id) acked") {
            try await device.store.outboxItem(account: "main", id: item.id)?.msgid != nil
        }
        return try #require(try await device.store.outboxItem(account: "main", id: item.id)?.msgid)
    }

    /// The table opened from the answers the store kept is the one every file read again gives.
    static func expectKeptAsFiles(_ device: TestDevice, family: String = "lunch") throws {
        let kept = try device.client.formResults(account: "main", family: family)
        let library = FormLibrary(home: device.home)
        let files = FormResultsTable.build(
            family: family, libraryFFN: library.ffn(family: family),
            libraryForms: library.revisions(family: family).filter { !$0.isSpec }.compactMap { try? library.entry($0) },
            records: try device.store.reader.formAttachments(account: "main"))
        #expect(kept.rows == files.rows && kept.fields == files.fields)
    }

    @Test("a survey sent to a group, filled by each member, lands one row per member in the sender's table")
    func survey() async throws {
        let site = try await TestSite.start(name: "quire-forms-test")
        let (alice, bob, carol) = try await TestDevice.trio(on: site)
        try await Self.group(alice, [(bob, "bobby-long"), (carol, "carol-long")], gid: "survey-group")

        let library = FormLibrary(home: alice.home)
        try library.add(FormName(family: "lunch"), json: Self.survey)
        let sent = try await alice.client.newThread(
            account: "main", to: ["survey-group"], subject: "Lunch survey", body: "Please answer.",
            forms: [FormName(family: "lunch")])
        let threadID = try await Self.sentMsgid(alice, sent)
        for member in [bob, carol] {
            try await eventually("the survey arrives") {
                try await member.store.message(account: "main", msgid: threadID) != nil
            }
        }
        let received = try #require(try await bob.store.message(account: "main", msgid: threadID))
        #expect(received.body == "Please answer.\n\n![?](this_f:lunch.original)\n")
        #expect(received.attachments.map(\.wireName) == ["f:lunch.original"])
        // A family without a spec goes out under the sender's site FFN, as the reference client
        // names its own: a reference client on the site then checks its answers against no registry.
        let aliceSite = try #require(try await alice.store.account(named: "main")).siteAddress
        #expect(
            received.attachments.first?.ffn == FormName.siteFFN(site: aliceSite, alias: "alice-long", family: "lunch"))
        #expect(aliceSite.contains("#"), "the pin is not part of the name")

        // Bad answers are refused before anything is queued, with a reason per field.
        await #expect(
            throws: FormFillError.invalid([
                .init(model: "name", label: "Name", problem: "required"),
                .init(model: "stars", label: "Stars", problem: "at most 5"),
                .init(model: "colour", label: "colour", problem: "not a field of this form"),
            ])
        ) {
            try await bob.client.fill(
                account: "main", thread: threadID, form: nil, answers: Data(#"{"stars":9,"colour":"red"}"#.utf8))
        }
        await #expect(throws: FormFillError.noSuchForm("dinner", available: ["lunch.original"])) {
            try await bob.client.fill(account: "main", thread: threadID, form: "dinner", answers: Data("{}".utf8))
        }
        let bobFill = try await bob.client.fill(
            account: "main", thread: threadID, form: nil,
            answers: Data(#"{"name":"Bob","stars":4,"lunch":"soup"}"#.utf8))
        let carolFill = try await carol.client.fill(
            account: "main", thread: threadID, form: "lunch",
            answers: Data(#"{"name":"Carol","stars":5,"lunch":"salad"}"#.utf8))
        _ = try await Self.sentMsgid(bob, bobFill)
        _ = try await Self.sentMsgid(carol, carolFill)
        // A malformed answer (not JSON) sent as a filled form: kept and marked, never dropped.
        let broken = carol.directory.url.appendingPathComponent("lunch.original")
        try Data(#"{"name":"Carol again","stars":"#.utf8).write(to: broken)
        let brokenReply = try await carol.client.reply(
            account: "main", thread: threadID, body: "oops", attachments: [broken],
            formResults: [broken.path: "local/lunch"])
        _ = try await Self.sentMsgid(carol, brokenReply)

        try await eventually("alice has every answer") {
            try await alice.store.messages(account: "main", thread: threadID).count == 4
        }
        let table = try alice.client.formResults(account: "main", family: "lunch")
        #expect(table.fields.map(\.model) == ["name", "stars", "lunch"])
        let valid = table.rows.filter(\.isValid)
        #expect(valid.map(\.fromAlias).sorted() == ["bobby-long", "carol-long"])
        #expect(Set(valid.map(\.threadID)) == [threadID])
        let marked = try #require(table.rows.first { !$0.isValid })
        #expect(marked.fromAlias == "carol-long" && marked.problems == ["not valid JSON"])
        #expect(marked.rawText == #"{"name":"Carol again","stars":"#)

        let csv = table.csv(table.view(sortedBy: .field("stars"), ascending: false))
        let lines = csv.components(separatedBy: "\r\n")
        #expect(lines[0] == "who,posted,thread,message,revision,status,name,stars,lunch")
        #expect(lines[1].hasPrefix("carol-long,") && lines[1].hasSuffix(",lunch.original,ok,Carol,5,salad"))
        #expect(lines[2].hasPrefix("bobby-long,") && lines[2].hasSuffix(",lunch.original,ok,Bob,4,soup"))
        #expect(lines[3].hasPrefix("carol-long,") && lines[3].contains("not valid JSON"))
        let json = try #require(try JSONSerialization.jsonObject(with: table.json()) as? [String: Any])
        let rows = try #require(json["rows"] as? [[String: Any]])
        #expect(rows.count == 3)
        #expect(rows.compactMap { ($0["answers"] as? [String: Any])?["name"] as? String }.sorted() == ["Bob", "Carol"])

        // Bob's own table has his answer (from what he sent) and Carol's.
        try await eventually("bob has carol's answers") {
            try await bob.store.messages(account: "main", thread: threadID).count == 4
        }
        let bobTable = try bob.client.formResults(account: "main", family: "lunch")
        #expect(bobTable.rows.filter(\.isValid).map(\.fromAlias).sorted() == ["bobby-long", "carol-long"])
        for device in [alice, bob, carol] { try Self.expectKeptAsFiles(device) }

        await alice.sync.stop()
        await bob.sync.stop()
        await carol.sync.stop()
        await site.stop()
    }

    @Test("a thread forwarded with attachments: the newcomer gets every file and sees every message confirmed")
    func forwardWithAttachments() async throws {
        let site = try await TestSite.start(name: "quire-forms-test")
        let (alice, bob, carol) = try await TestDevice.trio(on: site, befriended: true)
        try FormLibrary(home: alice.home).add(FormName(family: "lunch"), json: Self.survey)
        let plan = alice.directory.url.appendingPathComponent("plan.txt")
        try Data("the plan, in bytes".utf8).write(to: plan)
        let first = try await alice.client.newThread(
            account: "main", to: ["bobby-long"], subject: "Plans", body: "See the plan.", attachments: [plan],
            forms: [FormName(family: "lunch")])
        let threadID = try await Self.sentMsgid(alice, first)
        try await eventually("bob has the thread") { try await bob.store.thread(account: "main", id: threadID) != nil }
        let notes = bob.directory.url.appendingPathComponent("notes.md")
        try Data("# Bob's notes".utf8).write(to: notes)
        let reply = try await bob.client.reply(
            account: "main", thread: threadID, body: "Mine too.", attachments: [notes])
        _ = try await Self.sentMsgid(bob, reply)
        let fill = try await bob.client.fill(
            account: "main", thread: threadID, form: nil, answers: Data(#"{"name":"Bob","stars":3}"#.utf8))
        _ = try await Self.sentMsgid(bob, fill)
        try await eventually("alice has both replies") {
            try await alice.store.messages(account: "main", thread: threadID).count == 3
        }

        try await alice.client.forward(account: "main", thread: threadID, to: ["carol-long"])
        try await eventually("carol's copies are all confirmed by their authors") {
            let copies = try await carol.store.messages(account: "main", thread: threadID)
            return copies.count == 3 && copies.allSatisfy { $0.forwardedBy == nil }
        }
        let copies = try await carol.store.messages(account: "main", thread: threadID)
        #expect(!copies.contains { $0.isPossiblyForged })
        let files = copies.flatMap(\.attachments).map { attachment -> String? in
            attachment.storedPath.flatMap { FileManager.default.contents(atPath: $0) }.map {
                "\(attachment.wireName)=\(String(decoding: $0, as: UTF8.self))"
            }
        }
        #expect(files.count == 4)
        #expect(files.contains("u:plan.txt=the plan, in bytes"))
        #expect(files.contains("u:notes.md=# Bob's notes"))
        #expect(files.contains("f:lunch.original=\(String(decoding: Self.survey, as: UTF8.self))"))
        #expect(files.contains(#"r:lunch.original={"name":"Bob","stars":3}"#))
        // The newcomer's table has Bob's answers, from the file his confirmation carried.
        let table = try carol.client.formResults(account: "main", family: "lunch")
        #expect(table.rows.map(\.fromAlias) == ["bobby-long"] && table.rows.allSatisfy(\.isValid))
        try Self.expectKeptAsFiles(carol)

        await alice.sync.stop()
        await bob.sync.stop()
        await carol.sync.stop()
        await site.stop()
    }
}
