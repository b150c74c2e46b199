import NIOConcurrencyHelpers
import TMTP
import Testing

@testable import TMTPServer

/// The hand-over between a link's event loop and its session: a task only while steps wait, and
/// reading paused while too many do.
struct LinkInboxTests {
    func drain(_ inbox: LinkInbox) throws -> Int {
        var count = 0
        while case .step = try inbox.poll() { count += 1 }
        return count
    }

    @Test func aSessionTaskStartsOnlyWhenNoneRuns() throws {
        let inbox = LinkInbox(resumeReading: {})
        #expect(inbox.append(.end))
        #expect(!inbox.append(.end))
        #expect(try drain(inbox) == 2)
        // The poll that found nothing ended the task: the next step starts one again.
        #expect(inbox.append(.end))
        #expect(try drain(inbox) == 1)
        #expect(inbox.finish(failure: nil))
        guard case .end = try inbox.poll() else {
            Issue.record("expected the end")
            return
        }
        inbox.stop()
        #expect(!inbox.append(.end))
    }

    @Test func readingPausesAtTheHighWatermarkAndResumesAtTheLow() throws {
        let resumed = NIOLockedValueBox(0)
        let inbox = LinkInbox(resumeReading: { resumed.withLockedValue { $0 += 1 } })
        for _ in 0..<LinkInbox.highWatermark { _ = inbox.append(.end) }
        #expect(inbox.isReadingPaused)
        for _ in 0..<(LinkInbox.highWatermark - LinkInbox.lowWatermark - 1) { _ = try inbox.poll() }
        #expect(inbox.isReadingPaused)
        #expect(resumed.withLockedValue { $0 } == 0)
        _ = try inbox.poll()
        #expect(!inbox.isReadingPaused)
        #expect(resumed.withLockedValue { $0 } == 1)
        #expect(try drain(inbox) == LinkInbox.lowWatermark)
    }

    @Test func aWaitingSessionGetsTheNextStepOrTheFailure() async throws {
        struct Broken: Error {}
        let inbox = LinkInbox(resumeReading: {})
        async let step = inbox.next()
        try await Task.sleep(for: .milliseconds(50))
        _ = inbox.append(.end)
        guard case .end = try await step else {
            Issue.record("expected the appended step")
            return
        }
        _ = inbox.finish(failure: Broken())
        await #expect(throws: Broken.self) { try await inbox.next() }
    }
}
