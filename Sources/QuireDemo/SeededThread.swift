/// A thread the demo put in your store, for screens and tests to find it.
public struct SeededThread: Sendable, Hashable {
    /// What the thread shows off.
    public enum Topic: String, Sendable, Hashable, CaseIterable {
        case welcome, markdown, deck, charts, form, links, group, attachment
    }

    public var topic: Topic
    public var subject: String
    /// The thread id (the site's msgid of its first message).
    public var id: String
    /// The alias of the demo person who started it.
    public var from: String
    /// How many messages the thread holds once seeded.
    public var messageCount: Int
    /// Whether the demo leaves it unread.
    public var unread: Bool
    /// Whether the demo leaves it tagged `Todo`.
    public var todo: Bool
}
