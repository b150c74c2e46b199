/// How a notice's lines are cut into `NOTIFY` payloads under PostgreSQL's 8000-byte limit.
enum PostgresNoticePayload {
    static let maximumBytes = 7000

    /// Payloads that each start with `head` and carry as many of `lines` as fit, in order; none when
    /// there are no lines.
    static func split(head: String, lines: [String]) -> [String] {
        var payloads: [String] = []
        var current = head
        for line in lines {
            if current.utf8.count + 1 + line.utf8.count > maximumBytes {
                payloads.append(current)
                current = head
            }
            current += "\n" + line
        }
        if current != head { payloads.append(current) }
        return payloads
    }
}
