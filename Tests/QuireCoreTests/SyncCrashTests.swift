import Foundation
import QuireTestSupport
import Testing

@testable import QuireCore

/// The link dropped at named points, as if the program were killed there, then the program
/// restarted on the same store: every message is stored exactly once, every outbox row sent once.
@Suite("Sync crash safety", .serialized)
struct SyncCrashTests {
    /// A device that crashes at `point` and does not come back by itself.
    private func crashing(_ device: TestDevice, at point: CrashPoint) async throws -> TestDevice {
        await device.sync.stop()
        let crashing = try device.reopened {
            $0.backoffBase = .seconds(600)
            $0.backoffMax = .seconds(600)
        }
        await crashing.sync.arm(point)
        await crashing.sync.start()
        try await crashing.waitOnline()
        return crashing
    }

    private func waitForCrash(_ device: TestDevice) async throws {
        try await eventually("the link dropped") {
            if case .retrying = await device.sync.state { return true }
            return false
        }
    }

    private func threads(_ device: TestDevice, subject: String) async throws -> [ThreadSummary] {
        try await device.store.threads(ThreadQuery(account: "main")).filter { $0.subject == subject }
    }

    @Test("killed after the commit, before the ack: the re-delivery is stored once")
    func afterCommitBeforeAck() async throws {
        let site = try await TestSite.start(name: "quire-sync-test")
        let alice = try await TestDevice.user("alice-long", on: site)
        let bob = try await TestDevice.user("bobby-long", on: site)
        try await alice.befriend(bob, alias: "bobby-long", myAlias: "alice-long")
        let victim = try await crashing(bob, at: .afterCommitBeforeAck)
        try await alice.client.newThread(account: "main", to: ["bobby-long"], subject: "Once", body: "only once")
        try await waitForCrash(victim)
        #expect(try await threads(victim, subject: "Once").count == 1)
        await victim.sync.stop()

        let restarted = try bob.reopened()
        await restarted.sync.start()
        try await restarted.waitOnline()
        let later = try await alice.client.newThread(account: "main", to: ["bobby-long"], subject: "Later", body: "x")
        try await eventually("a later post arrives") { try await threads(restarted, subject: "Later").count == 1 }
        #expect(try await alice.store.outboxItem(account: "main", id: later.id)?.state == .sent)
        let once = try await threads(restarted, subject: "Once")
        #expect(once.count == 1)
        #expect(once.first?.messageCount == 1)
        await restarted.sync.stop()
        await alice.sync.stop()
        await site.stop()
    }

    @Test("killed before the commit: the re-delivery is stored, once")
    func beforeCommit() async throws {
        let site = try await TestSite.start(name: "quire-sync-test")
        let alice = try await TestDevice.user("alice-long", on: site)
        let bob = try await TestDevice.user("bobby-long", on: site)
        try await alice.befriend(bob, alias: "bobby-long", myAlias: "alice-long")
        let victim = try await crashing(bob, at: .beforeCommit)
        try await alice.client.newThread(account: "main", to: ["bobby-long"], subject: "Lost?", body: "not lost")
        try await waitForCrash(victim)
        #expect(try await threads(victim, subject: "Lost?").isEmpty)
        await victim.sync.stop()

        let restarted = try bob.reopened()
        await restarted.sync.start()
        try await eventually("re-delivered") { try await threads(restarted, subject: "Lost?").count == 1 }
        try await alice.client.newThread(account: "main", to: ["bobby-long"], subject: "Later", body: "x")
        try await eventually("a later post arrives") { try await threads(restarted, subject: "Later").count == 1 }
        #expect(try await threads(restarted, subject: "Lost?").first?.messageCount == 1)
        await restarted.sync.stop()
        await alice.sync.stop()
        await site.stop()
    }

    @Test("killed mid-send: the row stays queued and is sent exactly once after restart")
    func midSend() async throws {
        let site = try await TestSite.start(name: "quire-sync-test")
        let alice = try await TestDevice.user("alice-long", on: site)
        let bob = try await TestDevice.user("bobby-long", on: site)
        try await alice.befriend(bob, alias: "bobby-long", myAlias: "alice-long")
        let victim = try await crashing(alice, at: .midSend)
        let item = try await victim.client.newThread(
            account: "main", to: ["bobby-long"], subject: "Half", body: String(repeating: "long body ", count: 2000))
        try await waitForCrash(victim)
        let queued = try #require(try await victim.store.outboxItem(account: "main", id: item.id))
        #expect(queued.state == .queued)
        #expect(queued.attempts == 1)
        await victim.sync.stop()

        let restarted = try alice.reopened()
        await restarted.sync.start()
        try await eventually("sent") {
            try await restarted.store.outboxItem(account: "main", id: item.id)?.state == .sent
        }
        try await eventually("bob has it") { try await threads(bob, subject: "Half").count == 1 }
        try await restarted.client.newThread(account: "main", to: ["bobby-long"], subject: "Later", body: "x")
        try await eventually("a later post arrives") { try await threads(bob, subject: "Later").count == 1 }
        #expect(try await threads(bob, subject: "Half").count == 1)
        #expect(try await restarted.store.outboxItem(account: "main", id: item.id)?.attempts == 2)
        await restarted.sync.stop()
        await bob.sync.stop()
        await site.stop()
    }
}
