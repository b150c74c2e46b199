import QuireCore

/// Why each account's sync last failed, noted while a command polls the states: a command that
/// times out while a link is connecting again can still say what went wrong the time before
/// (a refused connection, an unknown host), not only "connecting".
struct FailureMemory {
    private var reasons: [String: String] = [:]

    mutating func note(_ state: SyncState, account: String) {
        switch state {
        case .retrying(let reason, _): reasons[account] = reason
        case .online: reasons[account] = nil
        default: break
        }
    }

    /// The state in words, with the last failure when the state does not already say it.
    func describe(_ state: SyncState, account: String) -> String {
        switch state {
        case .retrying, .online, .rejected: return "\(state)"
        default: return reasons[account].map { "\(state); the last attempt: \($0)" } ?? "\(state)"
        }
    }
}
