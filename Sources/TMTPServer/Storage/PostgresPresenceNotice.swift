/// The `NOTIFY` payloads that carry presence changes to other instances.
///
/// A payload is the sender's id, `on` or `off`, and the user whose flags changed, one a line, then
/// one line per flagged uid. A uid that cannot go on one line is left out (presence is best effort).
/// Payloads stay under PostgreSQL's 8000-byte limit; a long list sends several.
enum PostgresPresenceNotice {
    static let channel = "tmtpd_presence"
    static func payloads(sender: String, change: PresenceNotice) -> [String] {
        guard !change.user.contains(where: \.isNewline) else { return [] }
        let head = [sender, change.online ? "on" : "off", change.user].joined(separator: "\n")
        return PostgresNoticePayload.split(head: head, lines: change.uids.filter { !$0.contains(where: \.isNewline) })
    }

    /// The change in a payload; `nil` when this process sent it or it is malformed.
    static func notice(in payload: String, ignoring sender: String) -> PresenceNotice? {
        let lines = payload.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard lines.count > 3, lines[0] != sender, lines[1] == "on" || lines[1] == "off" else { return nil }
        return PresenceNotice(user: lines[2], online: lines[1] == "on", uids: Array(lines[3...]))
    }
}
