/// A Register's `newnode` split into the invite code it may carry and the node's label.
///
/// With `--registration invite`, Register must carry a code from `tmtpd invite create`. The
/// protocol has no field for it, so it rides in `newnode`, which the reference server ignores:
/// `"newnode":"invite:<code>/<label>"` (the label may be empty; `invite:<code>` alone works too).
/// Other `newnode` values are plain labels.
public struct InviteRequest: Sendable, Hashable {
    public var code: String?
    public var label: String

    public init(newNode: String) {
        let prefix = "invite:"
        guard newNode.hasPrefix(prefix) else {
            code = nil
            label = newNode
            return
        }
        let rest = newNode.dropFirst(prefix.count)
        if let slash = rest.firstIndex(of: "/") {
            code = String(rest[..<slash])
            label = String(rest[rest.index(after: slash)...])
        } else {
            code = String(rest)
            label = ""
        }
    }

    /// The `newnode` text a client sends to register with `code`.
    public static func newNode(code: String, label: String) -> String {
        "invite:\(code)/\(label)"
    }
}
