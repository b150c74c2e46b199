/// Turns key presses into commands, one key at a time, for multi-key bindings like `g g`.
///
/// There is no timeout: when a sequence is both bound and the start of a longer one (`g` and
/// `g g`), the next key decides. If it continues the longer binding, that runs; otherwise the
/// shorter one runs and the key is read afresh. Keys that match nothing come back as
/// ``Action/unbound(_:)`` so an editor can type them.
public struct KeySequenceMatcher: Sendable {
    /// What a key press led to.
    public enum Action: Sendable, Hashable {
        case run(Command)
        case unbound([Key])
    }

    /// A trie of the bindings, stored flat: node 0 is the root.
    private struct Node: Sendable {
        var command: Command?
        var children: [Key: Int] = [:]
    }

    private let nodes: [Node]
    private var path: [Int] = []
    /// Keys read that start a longer binding, waiting for the next key.
    public private(set) var pending: [Key] = []

    /// A matcher over `keymap`'s bindings in `context`.
    public init(keymap: Keymap, context: KeyContext) {
        self.init(bindings: keymap.effectiveTable(for: context))
    }

    /// A matcher over a table of bindings.
    public init(bindings: [[Key]: Command]) {
        var nodes = [Node()]
        for (keys, command) in bindings where !keys.isEmpty {
            var node = 0
            for key in keys {
                if let child = nodes[node].children[key] {
                    node = child
                } else {
                    nodes.append(Node())
                    nodes[node].children[key] = nodes.count - 1
                    node = nodes.count - 1
                }
            }
            nodes[node].command = command
        }
        self.nodes = nodes
    }

    /// Whether keys are waiting for the next one.
    public var isPending: Bool { !pending.isEmpty }

    /// Reads one key; returns what it completed, in order (often nothing, while a sequence is
    /// pending; sometimes two things, when a key ends one sequence and is itself bound).
    public mutating func feed(_ key: Key) -> [Action] {
        var actions: [Action] = []
        var next: Key? = key
        while let key = next {
            next = nil
            let node = nodes[path.last ?? 0]
            if let childIndex = node.children[key] {
                let child = nodes[childIndex]
                if child.children.isEmpty {
                    actions.append(child.command.map(Action.run) ?? .unbound(pending + [key]))
                    reset()
                } else {
                    pending.append(key)
                    path.append(childIndex)
                }
            } else if pending.isEmpty {
                actions.append(.unbound([key]))
            } else {
                // The pending keys end here: run what they bind (or hand them back), then read
                // this key again from the top.
                actions.append(node.command.map(Action.run) ?? .unbound(pending))
                reset()
                next = key
            }
        }
        return actions
    }

    /// Ends a pending sequence as if a non-matching key came: what it binds, or the keys back.
    public mutating func flush() -> [Action] {
        guard let index = path.last else { return [] }
        let node = nodes[index]
        let action = node.command.map(Action.run) ?? .unbound(pending)
        reset()
        return [action]
    }

    /// Drops a pending sequence.
    public mutating func reset() {
        pending.removeAll()
        path.removeAll()
    }
}
