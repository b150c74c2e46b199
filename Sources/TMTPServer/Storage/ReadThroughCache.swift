import NIOConcurrencyHelpers

/// Values read from the database, kept so the hot paths (a post's recipients, a group's members)
/// resolve without a read.
///
/// Only the store's own writes change what is cached, and each such write forgets its keys once it
/// has committed (before its caller can observe the change). A read that raced such a write could
/// still put the old value back, so a read's result is kept only if nothing was forgotten since it
/// began: the read then started after every commit forgotten so far, and its snapshot includes them.
final class ReadThroughCache<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    private struct State {
        var generation = 0
        var values: [Key: Value] = [:]
    }

    /// Keys remembered at most; past it the cache starts over, which bounds its memory.
    let capacity: Int

    private let state = NIOLockedValueBox(State())

    init(capacity: Int) {
        self.capacity = capacity
    }

    /// The remembered values among `keys`, and the generation to pass to ``keep(_:readAt:)``.
    func lookup(_ keys: [Key]) -> (values: [Key: Value], generation: Int) {
        state.withLockedValue { state in
            var found: [Key: Value] = [:]
            for key in keys {
                if let value = state.values[key] { found[key] = value }
            }
            return (found, state.generation)
        }
    }

    /// The remembered value of `key`, and the generation to pass to ``keep(_:readAt:)``.
    func lookup(_ key: Key) -> (value: Value?, generation: Int) {
        state.withLockedValue { state in (state.values[key], state.generation) }
    }

    /// Remembers values read from the database, unless a write committed since `generation`.
    func keep(_ values: [Key: Value], readAt generation: Int) {
        state.withLockedValue { state in
            guard state.generation == generation else { return }
            if state.values.count + values.count > capacity { state.values = [:] }
            state.values.merge(values) { $1 }
        }
    }

    /// A write that changes `key`'s value has finished (committed or not).
    func forget(_ key: Key) {
        state.withLockedValue { state in
            state.generation += 1
            state.values[key] = nil
        }
    }

    /// Another process changed the database: nothing remembered can be trusted.
    func forgetAll() {
        state.withLockedValue { state in
            state.generation += 1
            state.values = [:]
        }
    }
}
