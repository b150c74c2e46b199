import Testing

@testable import TMTPServer

@Suite struct DirectoryRulesTests {
    @Test func printableFollowsGoUnicodeIsPrint() {
        #expect(DirectoryRules.isPrintable("alice example"))
        #expect(DirectoryRules.isPrintable("Ζωή-東京-😀-é"))
        #expect(!DirectoryRules.isPrintable("line\u{2028}break"))
        #expect(!DirectoryRules.isPrintable("tab\there"))
        #expect(!DirectoryRules.isPrintable("no\u{00A0}break"))
        #expect(!DirectoryRules.isPrintable("zero\u{200B}width"))
        #expect(!DirectoryRules.isPrintable("private\u{E000}use"))
    }

    @Test func addAliasRefusals() throws {
        func refusal(_ alias: String, userExists: Bool = true, owner: String? = nil, isGid: Bool = false) -> String? {
            do {
                _ = try DirectoryRules.addAlias(alias, for: "U1", userExists: userExists, owner: owner, isGid: isGid)
                return nil
            } catch {
                return String(describing: error)
            }
        }
        #expect(refusal("bad\u{2028}alias") == "AddAlias: invalid string 'bad\u{2028}alias'")
        #expect(refusal("somebody", owner: "U2") == "AddAlias: alias somebody already taken")
        #expect(refusal("groupname", isGid: true) == "AddAlias: alias groupname not available")
        #expect(refusal("nobody-here", userExists: false) == "AddAlias: iUid U1 not found")
        #expect(try DirectoryRules.addAlias("mine", for: "U1", userExists: true, owner: "U1", isGid: false) == false)
        #expect(try DirectoryRules.addAlias("fresh", for: "U1", userExists: true, owner: nil, isGid: false) == true)
    }

    @Test func inviteToNewGroupJoinsCreatorAndInvitesInvitee() throws {
        let change = try DirectoryRules.groupInvite(
            gid: "the-group", alias: "bobalias", byAlias: "alialias", byUid: "A", byAliasOwner: "A",
            inviteeUid: "B", members: [:], gidIsAlias: false)
        #expect(change.createsGroup)
        #expect(
            change.upserts == [
                GroupMembership(uid: "A", alias: "alialias", status: .joined),
                GroupMembership(uid: "B", alias: "bobalias", status: .invited),
            ])
        #expect(change.uid == "B")
    }

    @Test func inviteRefusals() {
        let members = [
            "A": GroupMembership(uid: "A", alias: "alialias", status: .joined),
            "B": GroupMembership(uid: "B", alias: "bobalias", status: .joined),
            "C": GroupMembership(uid: "C", alias: "caralias", status: .invited),
        ]
        func refusal(
            gid: String = "the-group", alias: String = "bobalias", byAlias: String = "alialias", byUid: String = "A",
            byAliasOwner: String? = "A", inviteeUid: String? = "B", members: [String: GroupMembership],
            gidIsAlias: Bool = false
        ) -> String? {
            do {
                _ = try DirectoryRules.groupInvite(
                    gid: gid, alias: alias, byAlias: byAlias, byUid: byUid, byAliasOwner: byAliasOwner,
                    inviteeUid: inviteeUid, members: members, gidIsAlias: gidIsAlias)
                return nil
            } catch {
                return String(describing: error)
            }
        }
        #expect(refusal(byAliasOwner: "Z", members: members) == "GroupInvite: iByAlias alialias not for iByUid A")
        #expect(refusal(byAliasOwner: nil, members: members) == "GroupInvite: iByAlias alialias not for iByUid A")
        #expect(refusal(inviteeUid: nil, members: members) == "GroupInvite: iAlias bobalias not found")
        #expect(refusal(members: members) == "GroupInvite: iAlias bobalias already joined")
        #expect(refusal(byUid: "C", byAliasOwner: "C", members: members) == "GroupInvite: iByUid C not a member")
        #expect(refusal(members: [:], gidIsAlias: true) == "GroupInvite: gid the-group not available")
        #expect(refusal(gid: "bad\u{2028}gid", members: [:]) == "GroupInvite: invalid string 'bad\u{2028}gid'")
        #expect(refusal(inviteeUid: "C", members: members) == nil)
    }

    @Test func barredMemberIsSilentlyReinvited() throws {
        let members = [
            "A": GroupMembership(uid: "A", alias: "alialias", status: .joined),
            "B": GroupMembership(uid: "B", alias: "oldalias", status: .barred),
        ]
        let change = try DirectoryRules.groupInvite(
            gid: "the-group", alias: "bobalias", byAlias: "alialias", byUid: "A", byAliasOwner: "A",
            inviteeUid: "B", members: members, gidIsAlias: false)
        #expect(change.upserts == [GroupMembership(uid: "B", alias: "bobalias", status: .invited)])
    }

    @Test func usersOfGroupAreJoinedMembersForInvitedOrJoinedCaller() throws {
        let members = [
            "A": GroupMembership(uid: "A", alias: "a", status: .joined),
            "B": GroupMembership(uid: "B", alias: "b", status: .invited),
            "C": GroupMembership(uid: "C", alias: "c", status: .barred),
            "D": GroupMembership(uid: "D", alias: "d", status: .joined),
        ]
        #expect(try DirectoryRules.groupUsers(gid: "g", byUid: "B", members: members) == ["A", "D"])
        #expect(throws: DirectoryError(.unknownUser, "GroupGetUsers: iByUid C not a member")) {
            try DirectoryRules.groupUsers(gid: "g", byUid: "C", members: members)
        }
        #expect(throws: DirectoryError(.unknownGroup, "GroupGetUsers: iGid g not found")) {
            try DirectoryRules.groupUsers(gid: "g", byUid: "A", members: [:])
        }
    }
}
