import NIOCore

/// One accepted link as the rest of the site sees it: where to write to it, how to close it, and
/// when it was last heard from.
final class LinkHandle: Sendable, Hashable {
    /// A serial number, unique for the life of the process.
    let serial: Int
    /// `ip:port` of the peer, for logs and per-address limits.
    let remote: String
    /// The peer's IP address alone.
    let remoteHost: String
    let channel: Channel
    let outbox: LinkOutbox
    let activity: LinkActivity

    init(serial: Int, channel: Channel, outbox: LinkOutbox, activity: LinkActivity) {
        self.serial = serial
        self.channel = channel
        self.outbox = outbox
        self.activity = activity
        let address = channel.remoteAddress
        remoteHost = address?.ipAddress ?? "?"
        remote = "\(remoteHost):\(address?.port ?? 0)"
    }

    func close() {
        channel.close(promise: nil)
    }

    static func == (lhs: LinkHandle, rhs: LinkHandle) -> Bool { lhs === rhs }

    func hash(into hasher: inout Hasher) {
        hasher.combine(serial)
    }
}
