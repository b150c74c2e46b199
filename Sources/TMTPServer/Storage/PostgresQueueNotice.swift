/// The `NOTIFY` payloads that tell other instances which queues an enqueue added to.
///
/// A payload is the sender's id on the first line, then one line per node: `E` or `M` (an
/// edit-priority message among the additions, or not), the node number, a space and the uid. A
/// line `*` stands for every node (a uid that cannot go on one line). Payloads stay under
/// PostgreSQL's 8000-byte limit; a large fan-out sends several.
enum PostgresQueueNotice {
    static let channel = "tmtpd_queue"

    static func payloads(sender: String, nodes: [NodeAddress: Bool]) -> [String] {
        let lines = nodes.sorted(by: { ($0.key.uid, $0.key.number) < ($1.key.uid, $1.key.number) }).map {
            node, jumpsQueue in
            node.uid.contains(where: \.isNewline)
                ? "*" : (jumpsQueue ? "E" : "M") + String(node.number) + " " + node.uid
        }
        return PostgresNoticePayload.split(head: sender, lines: lines)
    }

    /// The wake-ups in a payload, or none when this process sent it (it rang its own queues).
    static func wakeUps(in payload: String, ignoring sender: String) -> [QueueWakeUp] {
        let lines = payload.split(separator: "\n", omittingEmptySubsequences: false)
        guard let first = lines.first, first != sender else { return [] }
        var jumping: [NodeAddress] = []
        var others: [NodeAddress] = []
        for line in lines.dropFirst() {
            if line == "*" { return [.everyNode] }
            guard let space = line.firstIndex(of: " "), let kind = line.first,
                let number = Int(line[line.index(after: line.startIndex)..<space])
            else { continue }
            let node = NodeAddress(uid: String(line[line.index(after: space)...]), number: number)
            if kind == "E" { jumping.append(node) } else { others.append(node) }
        }
        var wakeUps: [QueueWakeUp] = []
        if !jumping.isEmpty { wakeUps.append(.nodes(jumping, jumpsQueue: true)) }
        if !others.isEmpty { wakeUps.append(.nodes(others, jumpsQueue: false)) }
        return wakeUps
    }
}
