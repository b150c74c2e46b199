/// Why a store operation was refused.
public enum ClientStoreError: Error, Equatable, CustomStringConvertible {
    case unknownAccount(String)
    case accountExists(String)
    case unknownThread(account: String, thread: String)
    case unknownMessage(account: String, msgid: String)
    case unknownContact(account: String, alias: String)
    case unknownGroup(account: String, gid: String)
    case unknownNotice(Int64)
    case unknownDraft(account: String, id: String)
    case unknownOutboxItem(account: String, id: String)
    case duplicateOutboxItem(account: String, id: String)
    case invalidTag(String)
    /// A stored value could not be decoded (a damaged or foreign store).
    case corrupt(String)

    public var description: String {
        switch self {
        case .unknownAccount(let name): return "no account named \"\(name)\""
        case .accountExists(let name): return "an account named \"\(name)\" already exists"
        case .unknownThread(let account, let thread): return "no thread \(thread) in account \"\(account)\""
        case .unknownMessage(let account, let msgid): return "no message \(msgid) in account \"\(account)\""
        case .unknownContact(let account, let alias): return "no contact \"\(alias)\" in account \"\(account)\""
        case .unknownGroup(let account, let gid): return "no group \"\(gid)\" in account \"\(account)\""
        case .unknownNotice(let id): return "no notice \(id)"
        case .unknownDraft(let account, let id): return "no draft \(id) in account \"\(account)\""
        case .unknownOutboxItem(let account, let id): return "no outgoing item \(id) in account \"\(account)\""
        case .duplicateOutboxItem(let account, let id):
            return "an outgoing item \(id) already exists in account \"\(account)\""
        case .invalidTag(let tag):
            return "invalid tag \"\(tag)\": tags are 1 to 64 characters without spaces, '#' or '&'"
        case .corrupt(let detail): return "the store holds damaged data: \(detail)"
        }
    }
}
