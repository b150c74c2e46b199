/// Earlier entries of a prompt, newest last, walked with Up and Down.
public struct PromptHistory: Sendable, Hashable {
    public private(set) var entries: [String]
    public let capacity: Int

    public init(entries: [String] = [], capacity: Int = 500) {
        self.capacity = max(1, capacity)
        self.entries = Array(entries.suffix(self.capacity))
    }

    /// Records a submitted entry; empty entries and repeats of the last one are skipped.
    public mutating func record(_ entry: String) {
        guard !entry.isEmpty, entries.last != entry else { return }
        entries.append(entry)
        if entries.count > capacity { entries.removeFirst(entries.count - capacity) }
    }
}
