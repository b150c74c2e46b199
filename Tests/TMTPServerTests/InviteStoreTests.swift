import Foundation
import QuireTestSupport
import Testing

@testable import TMTPServer

@Suite struct InviteStoreTests {
    @Test(arguments: TestStore.all) func inviteUsesExpiryAndRevocation(_ kind: TestStore) async throws {
        try await withStore(kind) { store, directory in
            let now = Date(timeIntervalSince1970: 1_800_000_000)
            let twice = try await store.createInvite(uses: 2, expires: nil, now: now)
            let brief = try await store.createInvite(uses: 5, expires: now.addingTimeInterval(60), now: now)
            #expect(twice.code.count == 20 && twice.code != brief.code)
            #expect(Set(try await store.invites().map(\.code)) == [twice.code, brief.code])

            #expect(try await store.consumeInvite(twice.code, now: now))
            #expect(try await store.consumeInvite(twice.code, now: now))
            #expect(try await store.consumeInvite(twice.code, now: now) == false)
            #expect(try await store.invites().first { $0.code == twice.code }?.usesLeft == 0)

            #expect(try await store.consumeInvite(brief.code, now: now.addingTimeInterval(59)))
            #expect(try await store.consumeInvite(brief.code, now: now.addingTimeInterval(61)) == false)
            #expect(try await store.revokeInvite(brief.code))
            #expect(try await store.revokeInvite(brief.code) == false)
            #expect(try await store.consumeInvite("no-such-code", now: now) == false)
        }
    }

    @Test(arguments: TestStore.all) func registrationConsumesInviteAtomically(_ kind: TestStore) async throws {
        try await withStore(kind) { store, directory in
            let invite = try await store.createInvite(uses: 1, expires: nil, now: Date())
            _ = try await store.createUser(uid: "U1", nodeKeyHash: "k1", invite: invite.code, now: Date())
            await #expect(throws: StoreError.inviteRefused) {
                _ = try await store.createUser(uid: "U2", nodeKeyHash: "k2", invite: invite.code, now: Date())
            }
            #expect(try await store.userExists("U2") == false)
            // A retried registration of the same account does not spend another use.
            #expect(
                try await store.createUser(uid: "U1", nodeKeyHash: "k1", invite: invite.code, now: Date()).number == 1)
        }
    }
}
