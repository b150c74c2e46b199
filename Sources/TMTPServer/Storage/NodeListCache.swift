import NIOConcurrencyHelpers

/// The live node numbers of users recently fanned out to, so a post's recipients resolve without a
/// database read.
///
/// Only the store's own node writes (a new user, an added or a dropped node) change a user's nodes,
/// and each forgets the user once it has committed. A read that raced such a write could still put
/// the old list back, so a read's result is kept only if nothing was forgotten since it began.
final class NodeListCache: Sendable {
    private struct State {
        var generation = 0
        var numbers: [String: [Int]] = [:]
    }

    /// Users remembered at most; past it the cache starts over, which bounds its memory.
    static let capacity = 20_000

    private let state = NIOLockedValueBox(State())

    /// The remembered lists among `uids`, and the generation to pass to ``keep(_:readAt:)``.
    func lookup(_ uids: [String]) -> (numbers: [String: [Int]], generation: Int) {
        state.withLockedValue { state in
            var found: [String: [Int]] = [:]
            for uid in uids {
                if let numbers = state.numbers[uid] { found[uid] = numbers }
            }
            return (found, state.generation)
        }
    }

    /// Remembers lists read from the database, unless a node write committed since `generation`.
    func keep(_ lists: [String: [Int]], readAt generation: Int) {
        state.withLockedValue { state in
            guard state.generation == generation else { return }
            if state.numbers.count + lists.count > Self.capacity { state.numbers = [:] }
            state.numbers.merge(lists) { $1 }
        }
    }

    /// A write that changes `uid`'s nodes has finished (committed or not).
    func forget(_ uid: String) {
        state.withLockedValue { state in
            state.generation += 1
            state.numbers[uid] = nil
        }
    }
}
