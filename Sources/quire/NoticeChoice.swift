import QuireCore

/// Finds the pending notice `quire accept` means: by its id, or by the alias of who sent it.
enum NoticeChoice {
    /// The pending notice with id `text`, or the only one from the alias `text` (on `account`, if
    /// given). Several from that alias are refused with each candidate's id, so the user can pick.
    static func find(_ text: String, account: String?, store: ClientStore) async throws -> Notice {
        let pending = try await store.notices(account: account, state: .pending)
        if let id = Int64(text), let notice = pending.first(where: { $0.id == id }) { return notice }
        let matches = pending.filter { $0.fromAlias == text }
        if let only = matches.first, matches.count == 1 { return only }
        if matches.isEmpty {
            if let id = Int64(text), try await store.notices(account: account).contains(where: { $0.id == id }) {
                throw CommandFailure("notice \(id) was already answered")
            }
            throw CommandFailure(
                "no pending ping or invitation from \"\(text)\" and no notice with that id (see `quire contacts`)")
        }
        let lines = matches.map { "  \($0.id): \(describe($0)) from \($0.fromAlias) on \($0.account)" }
        throw CommandFailure(
            (["\(matches.count) notices from \"\(text)\" are waiting; accept one by its id:"] + lines)
                .joined(separator: "\n"))
    }

    static func describe(_ notice: Notice) -> String {
        switch notice.kind {
        case .ping: "ping"
        case .invite: "invitation to \(notice.gid ?? "a group")"
        case .forward: "forward of thread \(notice.threadID ?? "")"
        }
    }
}
