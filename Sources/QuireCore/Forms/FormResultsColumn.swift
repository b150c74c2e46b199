/// A column of a results table: the fixed ones first, then one per form field.
public enum FormResultsColumn: Sendable, Hashable, CustomStringConvertible {
    case who
    case posted
    case thread
    case message
    case revision
    /// `ok`, or what is wrong with the row.
    case status
    /// A field, by model path.
    case field(String)

    /// The column's name in exports (fields by model path).
    public var description: String {
        switch self {
        case .who: "who"
        case .posted: "posted"
        case .thread: "thread"
        case .message: "message"
        case .revision: "revision"
        case .status: "status"
        case .field(let model): model
        }
    }
}
