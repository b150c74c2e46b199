import QuireCore

/// Keeps what is typed in the open pane safe as a draft: a change is saved at most `delay`
/// after it was made (while typing goes on, too), off the UI thread, and at once on the way out.
///
/// Owned by the UI thread. The draft it saves is an ordinary one, marked for recovery until
/// the user saves, sends or discards it; discarding puts back the draft as last saved by the
/// user, or deletes it when they never saved it.
final class DraftAutosaver {
    let delay: Duration
    private let queue: DraftWriteQueue
    /// The newest content not yet handed to the queue, and when it must be.
    private var pending: UnsavedWork?
    private var deadline: ContinuousClock.Instant?
    /// The content last handed to the queue.
    private var written: UnsavedWork?
    /// The draft whose autosaved copy is in the store (or on its way), by account and id.
    private var autosavedDraft: (account: String, id: String)?

    init(store: ClientStore, delay: Duration, failed: @escaping @Sendable (String) -> Void) {
        self.delay = delay
        queue = DraftWriteQueue(store: store, failed: failed)
    }

    /// Looks at the open pane's work after an event: a change starts the clock, unless one is
    /// already running (a save comes at most `delay` after the first unsaved change).
    func observe(_ work: UnsavedWork?, now: ContinuousClock.Instant = .now) {
        guard let work else {
            pending = nil
            deadline = nil
            return
        }
        guard isNew(work) else {
            pending = nil
            deadline = nil
            return
        }
        pending = work
        if deadline == nil { deadline = now + delay }
        saveIfDue(now: now)
    }

    /// How long the input loop may wait before ``saveIfDue(now:)`` has work; nil when none.
    func millisecondsUntilDue(now: ContinuousClock.Instant = .now) -> Int? {
        guard let deadline else { return nil }
        let left = now.duration(to: deadline)
        return max(0, Int(left.components.seconds * 1000 + left.components.attoseconds / 1_000_000_000_000_000))
    }

    /// Hands the pending content to the writer when its time has come.
    func saveIfDue(now: ContinuousClock.Instant = .now) {
        guard let deadline, now >= deadline, let pending else { return }
        write(pending)
    }

    /// The pane closed. When it closed with unsaved work (its changes discarded) and some of it
    /// was autosaved, the draft goes back to what the user last saved, or away.
    func paneClosed(discarding work: UnsavedWork?) {
        pending = nil
        deadline = nil
        defer {
            written = nil
            autosavedDraft = nil
        }
        guard let work, let saved = autosavedDraft, saved.id == work.draft.id else { return }
        if let lastSaved = work.lastSaved {
            queue.submit(.restore(lastSaved))
        } else {
            queue.submit(.delete(account: saved.account, id: saved.id))
        }
    }

    /// The user's own save, send or discard of the pane's draft: `body` runs after the autosaves
    /// already handed off, and what is pending is dropped. `work` is what it writes, so the same
    /// content is not autosaved (and marked for recovery) behind it while its result is on the way.
    func write(_ work: UnsavedWork?, by body: @escaping @Sendable () async -> Void) {
        pending = nil
        deadline = nil
        written = work
        queue.submit(.run(body))
    }

    /// On the way out (quit, a closed window, SIGTERM): saves the work as it stands now, and
    /// waits until every write is in the store.
    func finish(with work: UnsavedWork?) {
        if let work, isNew(work) { write(work) }
        pending = nil
        deadline = nil
        queue.waitUntilDone()
    }

    /// Hands `work` to the writer at once, without waiting (a pane handing over to another).
    func saveNow(_ work: UnsavedWork) {
        if isNew(work) { write(work) }
    }

    /// Whether `work` differs from what was last handed to the writer.
    private func isNew(_ work: UnsavedWork) -> Bool {
        written.map { !$0.hasSameContent(as: work) } ?? true
    }

    /// Tells the store a recovered draft was announced, so it is announced once.
    func keep(account: String, id: String) {
        queue.submit(.keep(account: account, id: id))
    }

    /// Waits for the writer (tests, after driving the app).
    func waitUntilWritten() {
        queue.waitUntilDone()
    }

    private func write(_ work: UnsavedWork) {
        queue.submit(.autosave(work))
        written = work
        autosavedDraft = (work.draft.account, work.draft.id)
        pending = nil
        deadline = nil
    }
}
