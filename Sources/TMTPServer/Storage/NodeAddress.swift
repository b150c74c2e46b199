/// One node of one user: the reference server's "qid" (`uid + "." + %02x(number)`).
///
/// The store treats `uid` as an opaque string; node numbers start at 1 and are never reused.
public struct NodeAddress: Hashable, Sendable, CustomStringConvertible {
    public var uid: String
    public var number: Int

    public init(uid: String, number: Int) {
        self.uid = uid
        self.number = number
    }

    public var description: String {
        let hex = String(number, radix: 16)
        return uid + "." + (hex.count < 2 ? "0" + hex : hex)
    }
}
