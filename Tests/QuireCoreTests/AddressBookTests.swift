import QuireCore
import Testing

@Suite("Address book: contacts, groups, notices")
struct AddressBookTests {
    @Test("contacts: save, update by alias, block drops messages and pings, unblock lets them in")
    func blockUnblock() async throws {
        try await withStore { store, _ in
            try await store.saveContact(Contact(account: "home", alias: "bob", origin: .pingSent))
            try await store.saveContact(Contact(account: "home", alias: "BOB", uid: "BOBUID", origin: .ping))
            let bob = try #require(try await store.contact(account: "home", alias: "bob"))
            #expect(bob.uid == "BOBUID" && bob.origin == .ping && !bob.blocked)
            #expect(try await store.contacts(account: "home").count == 1)

            try await store.setBlocked(true, account: "home", alias: "bob")
            #expect(try await store.isBlocked(account: "home", uid: "BOBUID"))
            #expect(
                try await store.insertReceived(received(1, from: "bob", uid: "BOBUID"), account: "home") == .blocked)
            let ping = ReceivedNotice(
                serverID: msgid(2), kind: .ping, fromAlias: "bob", fromUID: "BOBUID", text: "hi", posted: posted(day: 1)
            )
            #expect(try await store.insertNotice(ping, account: "home") == .blocked)
            #expect(try await store.threads().isEmpty)
            #expect(try await store.notices().isEmpty)
            // A dropped id stays dropped when re-delivered after unblocking.
            try await store.setBlocked(false, account: "home", alias: "bob")
            #expect(
                try await store.insertReceived(received(1, from: "bob", uid: "BOBUID"), account: "home") == .duplicate)
            #expect(try await store.insertReceived(received(3, from: "bob", uid: "BOBUID"), account: "home") == .stored)
            #expect(!(try await store.isBlocked(account: "home", uid: "BOBUID")))

            await #expect(throws: ClientStoreError.unknownContact(account: "home", alias: "zed")) {
                try await store.setBlocked(true, account: "home", alias: "zed")
            }
            #expect(try await store.removeContact(account: "home", alias: "bob"))
            #expect(try await store.contacts(account: "home").isEmpty)
        }
    }

    @Test("groups and members: invite, join, drop, remove")
    func groups() async throws {
        try await withStore { store, _ in
            try await store.saveGroup(ContactGroup(account: "home", gid: "team", myAlias: "me", isOwner: true))
            try await store.saveMember(GroupMember(account: "home", gid: "team", alias: "ann", status: .invited))
            try await store.saveMember(
                GroupMember(account: "home", gid: "team", alias: "bob", uid: "BOBUID", status: .joined))
            try await store.saveMember(
                GroupMember(account: "home", gid: "team", alias: "ann", uid: "ANNUID", status: .joined))
            let members = try await store.members(account: "home", gid: "team")
            #expect(members.map(\.alias) == ["ann", "bob"])
            #expect(members.allSatisfy { $0.status == .joined })
            #expect(members.first?.uid == "ANNUID")
            #expect(try await store.removeMember(account: "home", gid: "team", alias: "bob"))
            #expect(try await store.members(account: "home", gid: "team").count == 1)
            await #expect(throws: ClientStoreError.unknownGroup(account: "home", gid: "nope")) {
                try await store.saveMember(GroupMember(account: "home", gid: "nope", alias: "x", status: .invited))
            }
            #expect(try await store.groups(account: "home").map(\.isOwner) == [true])
            #expect(try await store.removeGroup(account: "home", gid: "team"))
            #expect(try await store.members(account: "home", gid: "team").isEmpty)
        }
    }

    @Test("notices: stored once per server id, accepted or ignored")
    func notices() async throws {
        try await withStore { store, _ in
            let ping = ReceivedNotice(
                serverID: msgid(5), kind: .ping, fromAlias: "carol", fromUID: "CAROLUID", text: "hello there",
                posted: posted(day: 1))
            let invite = ReceivedNotice(
                serverID: msgid(6), kind: .invite, fromAlias: "dan", fromUID: "DANUID", gid: "club", text: "join us",
                posted: posted(day: 2))
            #expect(try await store.insertNotice(ping, account: "home") == .stored)
            #expect(try await store.insertNotice(ping, account: "home") == .duplicate)
            #expect(try await store.insertNotice(invite, account: "home") == .stored)
            let pending = try await store.notices(account: "home", state: .pending)
            #expect(pending.map(\.fromAlias) == ["carol", "dan"])
            #expect(pending[1].gid == "club" && pending[1].kind == .invite)
            try await store.setNoticeState(.accepted, id: pending[0].id)
            try await store.setNoticeState(.ignored, id: pending[1].id)
            #expect(try await store.notices(state: .pending).isEmpty)
            #expect(try await store.notices(state: .accepted).map(\.serverID) == [msgid(5)])
            await #expect(throws: ClientStoreError.unknownNotice(999)) {
                try await store.setNoticeState(.accepted, id: 999)
            }
            #expect(try await store.markSeen(account: "home", serverID: "login-1"))
            #expect(try await store.markSeen(account: "home", serverID: "login-1") == false)
        }
    }
}
