/// One filled form in a results table: who sent it, when, where it is, and its answers.
public struct FormResultRow: Sendable, Hashable {
    public var account: String
    public var fromAlias: String
    public var fromUID: String
    /// The posted time of its message (RFC 3339, UTC), which sorts as text.
    public var posted: String
    public var threadID: String
    public var msgid: String
    /// The attachment's name (`family.revision`): which revision was filled.
    public var formName: String
    /// The answers by model path; empty when the form could not be read.
    public var answers: [String: FormValue]
    /// Model paths in the order the filled form gives them.
    public var paths: [String]
    /// What is wrong with the row (bad JSON, an answer the form refuses); empty when it is valid.
    /// A row with problems is kept and shown marked, never dropped.
    public var problems: [String]
    /// The bytes as text when they are not a JSON object, so nothing sent is lost from view.
    public var rawText: String?

    public init(
        account: String, fromAlias: String, fromUID: String, posted: String, threadID: String, msgid: String,
        formName: String, answers: [String: FormValue] = [:], paths: [String] = [], problems: [String] = [],
        rawText: String? = nil
    ) {
        self.account = account
        self.fromAlias = fromAlias
        self.fromUID = fromUID
        self.posted = posted
        self.threadID = threadID
        self.msgid = msgid
        self.formName = formName
        self.answers = answers
        self.paths = paths
        self.problems = problems
        self.rawText = rawText
    }

    public var isValid: Bool { problems.isEmpty }
}
