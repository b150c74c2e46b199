import Foundation
import QuireCore

/// Draft writes the UI thread hands off without waiting: carried out one at a time, in the
/// order they were submitted, by one task, so a later autosave never lands under an earlier one.
final class DraftWriteQueue: Sendable {
    enum Job: Sendable {
        /// Write the files, then save the draft marked for recovery.
        case autosave(UnsavedWork)
        /// Put back the draft as the user last saved it (an ordinary draft).
        case restore(Draft)
        /// Delete the draft (its changes were discarded and it was never saved).
        case delete(account: String, id: String)
        /// Make a recovered draft an ordinary one.
        case keep(account: String, id: String)
        /// The user's own write of a draft (save, send, discard), in its turn among the autosaves.
        case run(@Sendable () async -> Void)
        /// Runs once every job submitted before it is done.
        case barrier(@Sendable () -> Void)
    }

    private let continuation: AsyncStream<Job>.Continuation
    private let worker: Task<Void, Never>

    /// - Parameter failed: told, off the UI thread, what a failed write was and why.
    init(store: ClientStore, failed: @escaping @Sendable (String) -> Void) {
        let (jobs, continuation) = AsyncStream.makeStream(of: Job.self)
        self.continuation = continuation
        worker = Task.detached {
            for await job in jobs {
                do {
                    try await Self.perform(job, store: store)
                } catch {
                    failed("draft not saved: \(error)")
                }
            }
        }
    }

    deinit {
        continuation.finish()
    }

    func submit(_ job: Job) {
        continuation.yield(job)
    }

    /// Waits until every job submitted so far is done. Only for the UI thread at moments it may
    /// wait (on the way out, and tests), never from async code.
    func waitUntilDone() {
        let done = DispatchSemaphore(value: 0)
        submit(.barrier { done.signal() })
        done.wait()
    }

    private static func perform(_ job: Job, store: ClientStore) async throws {
        switch job {
        case .autosave(let work):
            for (path, data) in work.files {
                let url = URL(fileURLWithPath: path)
                try FileManager.default.createDirectory(
                    at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try data.write(to: url, options: .atomic)
            }
            var draft = work.draft
            draft.updated = Date()
            try await store.saveDraft(draft, autosaved: true)
        case .restore(let draft):
            try await store.saveDraft(draft)
        case .delete(let account, let id):
            try await store.deleteDraft(account: account, id: id)
        case .keep(let account, let id):
            try await store.keepRecoveredDraft(account: account, id: id)
        case .run(let body):
            await body()
        case .barrier(let reached):
            reached()
        }
    }
}
