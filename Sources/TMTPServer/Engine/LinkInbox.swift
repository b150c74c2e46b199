import NIOConcurrencyHelpers
import NIOCore
import TMTP
import TMTPTransport

/// A link's received frame steps on their way from its event loop to its ``LinkSession``.
///
/// An idle link keeps no task: a session task runs only while steps wait. ``append(_:)`` tells the
/// channel handler when to start one and ``poll()`` ends it, under one lock, so a step cannot arrive
/// unseen in between. Inside a message the session awaits the message's data with ``next()``.
///
/// Memory stays bounded and small: reading pauses while `highWatermark` steps wait and resumes once
/// the session took them down to `lowWatermark`, and the step buffer is released whenever it empties.
final class LinkInbox: Sendable {
    typealias Step = InboundFrame<ClientMessage>

    /// What ``poll()`` found.
    enum Poll {
        case step(Step)
        /// The link ended (end of stream); a failure is thrown instead.
        case end
        /// Nothing waits: the session's task ends, and the next step starts a new one.
        case idle
    }

    static let highWatermark = 32
    static let lowWatermark = 8

    private struct State {
        var steps: [Step] = []
        var ended = false
        var failure: (any Error)?
        var waiter: CheckedContinuation<Step?, any Error>?
        /// A session task runs (or is about to); stays set once the session stopped.
        var sessionRuns = false
        var readingPaused = false
        var stopped = false

        /// Takes the oldest step; says whether reading should resume.
        mutating func takeFirst() -> (Step, resumesReading: Bool)? {
            guard !steps.isEmpty else { return nil }
            let step = steps.removeFirst()
            if steps.isEmpty { steps = [] }
            guard readingPaused, steps.count <= LinkInbox.lowWatermark else { return (step, false) }
            readingPaused = false
            return (step, true)
        }
    }

    private let state = NIOLockedValueBox(State())
    private let resumeReading: @Sendable () -> Void

    /// `resumeReading` asks the channel for more input after a pause (it runs outside the lock).
    init(resumeReading: @escaping @Sendable () -> Void) {
        self.resumeReading = resumeReading
    }

    /// While set, the channel handler holds back reads.
    var isReadingPaused: Bool { state.withLockedValue { $0.readingPaused } }

    // MARK: Event loop side

    /// Hands over a received step; `true` when no session task runs and the caller must start one.
    func append(_ step: Step) -> Bool {
        enum Action {
            case none
            case startSession
            case resume(CheckedContinuation<Step?, any Error>)
        }
        let action = state.withLockedValue { state -> Action in
            guard !state.stopped else { return .none }
            if let waiter = state.waiter {
                state.waiter = nil
                return .resume(waiter)
            }
            state.steps.append(step)
            if state.steps.count >= Self.highWatermark { state.readingPaused = true }
            guard !state.sessionRuns else { return .none }
            state.sessionRuns = true
            return .startSession
        }
        switch action {
        case .none: return false
        case .startSession: return true
        case .resume(let waiter):
            waiter.resume(returning: step)
            return false
        }
    }

    /// The link ended, cleanly (`failure` nil) or not; `true` when the caller must start a session
    /// task so the session can finish.
    func finish(failure: (any Error)?) -> Bool {
        let (waiter, starts) = state.withLockedValue { state -> (CheckedContinuation<Step?, any Error>?, Bool) in
            guard !state.ended else { return (nil, false) }
            state.ended = true
            state.failure = failure
            if let waiter = state.waiter {
                state.waiter = nil
                return (waiter, false)
            }
            guard !state.sessionRuns else { return (nil, false) }
            state.sessionRuns = true
            return (nil, true)
        }
        if let waiter {
            if let failure { waiter.resume(throwing: failure) } else { waiter.resume(returning: nil) }
        }
        return starts
    }

    // MARK: Session side

    /// The next step without waiting. `.idle` also marks the session's task as ended.
    func poll() throws -> Poll {
        let (poll, resumes) = try state.withLockedValue { state throws -> (Poll, Bool) in
            if let (step, resumes) = state.takeFirst() { return (.step(step), resumes) }
            if state.ended {
                if let failure = state.failure { throw failure }
                return (.end, false)
            }
            state.sessionRuns = false
            return (.idle, false)
        }
        if resumes { resumeReading() }
        return poll
    }

    /// The next step, waiting for it; nil at the end of the stream.
    func next() async throws -> Step? {
        if let ready = try takeReady() { return ready }
        return try await withCheckedThrowingContinuation { continuation in
            do {
                guard let ready = try takeReady(orWaitWith: continuation) else { return }
                continuation.resume(returning: ready)
            } catch {
                continuation.resume(throwing: error)
            }
        }
    }

    /// The session ended: drop what waits and never start a session task again.
    func stop() {
        state.withLockedValue {
            $0.stopped = true
            $0.sessionRuns = true
            $0.steps = []
        }
    }

    /// A waiting step, or the end (`.some(nil)`); nil when nothing is there yet, after registering
    /// `waiter` if one is given.
    private func takeReady(orWaitWith waiter: CheckedContinuation<Step?, any Error>? = nil) throws -> Step?? {
        let (ready, resumes) = try state.withLockedValue { state throws -> (Step??, Bool) in
            if let (step, resumes) = state.takeFirst() { return (.some(step), resumes) }
            if state.ended {
                if let failure = state.failure { throw failure }
                return (.some(nil), false)
            }
            if let waiter { state.waiter = waiter }
            return (nil, false)
        }
        if resumes { resumeReading() }
        return ready
    }
}
