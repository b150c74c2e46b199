import Foundation
import QuireCore
import QuireRender
import Testing

@testable import QuireTUI

@Suite("Address book pane")
struct AddressBookPaneTests {
    static let date = Date(timeIntervalSince1970: 1_780_000_000)

    static func notice(_ id: Int64, _ kind: Notice.Kind, from alias: String, gid: String? = nil, text: String) -> Notice
    {
        Notice(
            id: id, account: "home", kind: kind, serverID: String(id), fromAlias: alias, fromUID: "U\(id)", gid: gid,
            text: text, posted: "2026-03-01T10:00:00Z", state: .pending)
    }

    static let snapshot = AddressBookSnapshot(
        account: "home",
        contacts: [
            Contact(account: "home", alias: "ann", uid: "ANN", origin: .pingSent, created: date),
            Contact(account: "home", alias: "bob", uid: "BOB", origin: .ping, created: date),
            Contact(account: "home", alias: "mallory", uid: "MAL", origin: .cc, blocked: true, created: date),
            Contact(account: "home", alias: "張偉", uid: "ZW", origin: .group, created: date),
            Contact(account: "home", alias: "evil\u{1B}[31mred\u{7}", origin: .manual, created: date),
        ],
        online: ["ANN", "ZW", "MAL"],
        pending: [
            notice(7, .ping, from: "carol", text: "Hi! We met at the 🎉 party\n\u{1B}]0;pwned\u{7}"),
            notice(8, .invite, from: "dave", gid: "hikers", text: "Join us"),
        ],
        groups: [
            AddressBookSnapshot.Group(
                group: ContactGroup(account: "home", gid: "hikers", myAlias: "me", isOwner: true, created: date),
                members: [
                    GroupMember(account: "home", gid: "hikers", alias: "ann", uid: "ANN", status: .joined),
                    GroupMember(account: "home", gid: "hikers", alias: "😀fan", status: .invited),
                ]),
            AddressBookSnapshot.Group(
                group: ContactGroup(account: "home", gid: "読書会", created: date), members: []),
        ])

    @Test("contacts online, offline and blocked; pending ping and invite; hostile text sanitised")
    func contacts() throws {
        let pane = AddressBookPane(snapshot: AddressBookPaneTests.snapshot)
        #expect(pane.keyContext == .addressBook && pane.selection == 1)
        try verifyPane(pane, named: "addressbook")
        let grid = try makeGrid()
        drawPane(pane, on: grid)
        let text = grid.textLines().joined(separator: "\n")
        #expect(!text.unicodeScalars.contains { $0 == "\u{1B}" || $0 == "\u{7}" })
        #expect(text.contains("evil"))
        #expect(text.contains("● ann"))
        #expect(text.contains("○ mallory"))
        #expect(text.contains("⊘ blocked"))
    }

    @Test("a group expands to its members and collapses again")
    func expandGroup() throws {
        var pane = AddressBookPane(snapshot: AddressBookPaneTests.snapshot)
        _ = pane.handle(.move(.last))
        _ = pane.handle(.move(.up))
        #expect(pane.handle(.open) == .handled && pane.expanded == ["hikers"])
        try verifyPane(pane, named: "addressbook-group")
        let compose = pane.handle(.compose(to: nil))
        #expect(compose == .request(.compose(try #require(composeDraft(compose, recipients: ["hikers"])))))
        _ = pane.handle(.move(.down))
        let member = pane.handle(.open)
        #expect(composeDraft(member, recipients: ["ann"]) != nil)
        _ = pane.handle(.move(.up))
        _ = pane.handle(.open)
        #expect(pane.expanded.isEmpty)
    }

    /// The draft of a compose request when it is addressed to `recipients`.
    func composeDraft(_ outcome: PaneOutcome, recipients: [String]) -> Draft? {
        guard case .request(.compose(let draft)) = outcome, draft.recipients == recipients, draft.account == "home",
            draft.threadID == nil
        else { return nil }
        return draft
    }

    @Test("accept, ignore and block a pending ping; the answer applies when the app reports it done")
    func pending() throws {
        var pane = AddressBookPane(snapshot: AddressBookPaneTests.snapshot)
        #expect(pane.handle(.accept) == .request(.acceptNotice(id: 7)))
        pane.complete(.acceptNotice(id: 7), with: .done(safe("carol is now a contact")))
        #expect(pane.snapshot.pending.map(\.id) == [8] && pane.message == .info(safe("carol is now a contact")))
        #expect(pane.selection == 1)
        #expect(pane.handle(.block) == .request(.setBlocked(true, account: "home", alias: "dave")))
        #expect(pane.handle(.ignore) == .request(.ignoreNotice(id: 8)))
        pane.complete(.ignoreNotice(id: 8), with: .failed(safe("store is read-only")))
        #expect(pane.message == .error(safe("store is read-only")) && pane.snapshot.pending.count == 1)
        pane.complete(.ignoreNotice(id: 8), with: .done(.empty))
        #expect(pane.snapshot.pending.isEmpty)
        // Now the first row is ann: accept does not apply, block does.
        #expect(pane.handle(.accept) == .handled)
        #expect(pane.message == .error(safe("Select a pending ping or invitation first")))
        #expect(pane.handle(.block) == .request(.setBlocked(true, account: "home", alias: "ann")))
        pane.complete(.setBlocked(true, account: "home", alias: "ann"), with: .done(.empty))
        #expect(pane.snapshot.contacts[0].blocked)
        #expect(pane.handle(.block) == .request(.setBlocked(false, account: "home", alias: "ann")))
        #expect(pane.handle(.compose(to: nil)) == .handled)
    }

    @Test("ping someone new: alias, then a note, then the request; notes over 140 are refused")
    func ping() throws {
        var pane = AddressBookPane(snapshot: AddressBookSnapshot(account: "home"))
        #expect(pane.selection == 1)
        #expect(pane.handle(.open) == .handled && pane.keyContext == .prompt)
        _ = pane.handle(.edit(.submit))
        #expect(pane.message == .error(safe("Type the alias to ping (one word)")))
        for character in "zoë" { _ = pane.insert(String(character)) }
        _ = pane.handle(.edit(.submit))
        #expect(pane.pingPrompt?.stage == .note(alias: "zoë"))
        _ = pane.insert(String(repeating: "x", count: 141))
        _ = pane.handle(.edit(.submit))
        #expect(pane.pingPrompt != nil)
        _ = pane.handle(.edit(.cutToLineStart))
        _ = pane.insert("Hi from the 読書会")
        try verifyPane(pane, named: "addressbook-ping")
        #expect(pane.handle(.edit(.submit)) == .request(.ping(account: "home", alias: "zoë", text: "Hi from the 読書会")))
        #expect(pane.keyContext == .addressBook)
        // `:ping bob` asks only for the note; Esc drops it.
        _ = pane.handle(.ping(address: "bob"))
        #expect(pane.pingPrompt?.stage == .note(alias: "bob"))
        _ = pane.handle(.edit(.cancel))
        #expect(pane.pingPrompt == nil && pane.handle(.close) == .close)
    }

    @Test("a newer snapshot keeps the selected contact selected")
    func update() {
        var pane = AddressBookPane(snapshot: AddressBookPaneTests.snapshot)
        _ = pane.handle(.move(.down))
        _ = pane.handle(.move(.down))
        _ = pane.handle(.move(.down))
        guard case .contact(let selected) = pane.rows[pane.selection] else {
            Issue.record("not on a contact")
            return
        }
        var newer = AddressBookPaneTests.snapshot
        newer.pending.removeFirst()
        pane.update(newer)
        guard case .contact(let still) = pane.rows[pane.selection] else {
            Issue.record("not on a contact")
            return
        }
        #expect(still.alias == selected.alias)
    }

    @Test("the snapshot loads from the store: contacts, pending notices only, groups with members")
    func load() async throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try ClientStore(
            path: folder.appendingPathComponent("store.sqlite").path,
            attachmentsDirectory: folder.appendingPathComponent("attachments"))
        try await store.addAccount(
            Account(
                name: "home", siteAddress: "=127.0.0.1:8444", siteName: "Home", uid: "SELF", alias: "me",
                state: .registered))
        try await store.saveContact(Contact(account: "home", alias: "ann", uid: "ANN", origin: .ping))
        try await store.saveGroup(ContactGroup(account: "home", gid: "hikers", myAlias: "me"))
        try await store.saveMember(
            GroupMember(account: "home", gid: "hikers", alias: "ann", uid: "ANN", status: .joined))
        let received = ReceivedNotice(
            serverID: "0000000000000001", kind: .ping, fromAlias: "carol", fromUID: "CAROL", text: "hi",
            posted: "2026-03-01T10:00:00Z")
        try await store.insertNotice(received, account: "home")
        let second = ReceivedNotice(
            serverID: "0000000000000002", kind: .ping, fromAlias: "dave", fromUID: "DAVE", text: "yo",
            posted: "2026-03-01T10:00:00Z")
        try await store.insertNotice(second, account: "home")
        let ignored = try #require(try await store.notices(account: "home").last)
        try await store.setNoticeState(.ignored, id: ignored.id)

        let snapshot = try AddressBookSnapshot.load(reader: store.reader, account: "home", online: ["ANN"])
        #expect(snapshot.contacts.map(\.alias) == ["ann"] && snapshot.isOnline(uid: "ANN"))
        #expect(snapshot.pending.map(\.fromAlias) == ["carol"])
        #expect(snapshot.groups.map(\.group.gid) == ["hikers"] && snapshot.groups[0].members.map(\.alias) == ["ann"])
        #expect(snapshot.completionNames == ["ann", "hikers"])
    }
}
