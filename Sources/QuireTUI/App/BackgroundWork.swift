import Dispatch

/// Writes the UI thread starts and does not wait for: each runs as a task, and what it did (or
/// why it failed) comes back to the UI as an ``AppInbox`` note, the store's change notes
/// bringing the screens up to date.
final class BackgroundWork: Sendable {
    private let inbox: AppInbox
    /// Counts the work under way, so a test (or the way out) can wait for it.
    private let running = DispatchGroup()

    init(inbox: AppInbox) {
        self.inbox = inbox
    }

    /// Runs `body`; its text goes on the status line (nil: nothing to say), or, when it throws,
    /// "cannot `what`: why".
    func start(failing what: String, _ body: @escaping @Sendable () async throws -> String?) {
        let inbox = self.inbox
        let running = self.running
        running.enter()
        Task.detached {
            defer { running.leave() }
            do {
                inbox.post(try await body().map(AppInbox.Note.done) ?? .written)
            } catch {
                inbox.post(.failure("cannot \(what): \(error)"))
            }
        }
    }

    /// Runs `body` and posts its note, whatever it is.
    func start(_ body: @escaping @Sendable () async -> AppInbox.Note) {
        let inbox = self.inbox
        let running = self.running
        running.enter()
        Task.detached {
            defer { running.leave() }
            inbox.post(await body())
        }
    }

    /// Waits until the work started so far has finished and posted its note.
    func waitUntilFinished() {
        running.wait()
    }
}
