import QuireCore
import Synchronization

/// What the world outside the UI thread tells the app: store changes, sync events, results of
/// background work. Posting never blocks; it wakes the input loop through the terminal's
/// ``WakeSignal``, and the UI thread takes the notes on its next turn.
public final class AppInbox: Sendable {
    /// One note for the UI thread.
    public enum Note: Sendable, Hashable {
        case store(StoreChange)
        case sync(SyncEvent)
        /// A background count of a thread view finished (`generation` names the view).
        case threadCount(generation: Int, count: Int)
        /// A page of the thread list read in the background arrived; its rows can be drawn.
        case threadPageRead
        /// Background work failed; the text goes on the status line.
        case failure(String)
        /// Background work the user asked for is done; the text goes on the status line.
        case done(String)
        /// Background work wrote to the store and has nothing to say.
        case written
        /// The account of this name, added through the add-site prompts, is in the store.
        case siteAdded(String)
        /// The site of this account signs people in with several providers: the user picks one.
        case signInChoice(account: String, options: [SignInOption])
        /// The site of this account signs people in: the sign-in waits for the browser.
        case signInStarted(account: String, flow: SignInFlow)
        /// That sign-in is over: the account is added and registering, or `failure` says why not.
        case signInEnded(account: String, failure: String?)
        /// A request of the open pane (`generation` names the pane) was carried out.
        case paneRequestFinished(generation: Int, request: AppRequest, result: RequestResult)
    }

    private let state = Mutex<State>(State())

    private struct State {
        var notes: [Note] = []
        var wake: WakeSignal?
    }

    public init() {}

    /// Connects the inbox to the terminal whose input loop it wakes.
    public func attach(_ wake: WakeSignal) {
        let pending = state.withLock { state in
            state.wake = wake
            return !state.notes.isEmpty
        }
        if pending { wake.wake() }
    }

    /// Queues a note and wakes the loop.
    public func post(_ note: Note) {
        let wake = state.withLock { state in
            // A subscriber far behind keeps only the newest notes; each only says "look again".
            if state.notes.count >= 4096 { state.notes.removeFirst(state.notes.count - 4095) }
            state.notes.append(note)
            return state.wake
        }
        wake?.wake()
    }

    /// Takes every queued note.
    public func drain() -> [Note] {
        state.withLock { state in
            defer { state.notes.removeAll(keepingCapacity: true) }
            return state.notes
        }
    }

    /// Forwards a store's changes and a supervisor's events (presence also to `presence`) until
    /// the returned tasks are cancelled.
    public func forward(
        store: ClientStore, supervisor: SyncSupervisor?, presence: PresenceBoard? = nil
    ) async -> [Task<Void, Never>] {
        let changes = await store.changes()
        var tasks = [
            Task { [self] in
                for await change in changes { post(.store(change)) }
            }
        ]
        if let supervisor {
            let events = await supervisor.events()
            tasks.append(
                Task { [self] in
                    for await event in events {
                        presence?.apply(event)
                        post(.sync(event))
                    }
                })
        }
        return tasks
    }
}
