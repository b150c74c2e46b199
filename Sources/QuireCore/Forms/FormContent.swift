import Foundation

/// What the store keeps of a blank or filled form attachment (table `form_content`), read once
/// when the message is stored or its file arrives, so a results table never opens files.
enum FormContent: Sendable, Hashable {
    /// A blank form's bytes, for its fields.
    case blank(Data)
    /// A filled form whose bytes are fill JSON.
    case answers(FilledForm)
    /// A filled form whose bytes are not: what is wrong, and the bytes, so nothing sent is lost.
    case malformed(problem: String, bytes: Data)
    /// The bytes are not kept: not here yet (a forwarded copy before its confirmation, a file
    /// gone) or larger than ``largestKept``; a table looks for the file when it opens.
    case missing

    /// The largest form kept in the store (a real form is a few kilobytes); a larger one stays
    /// in its file only.
    static let largestKept: Int64 = 1 << 20

    /// The content of an attachment of `kind` from its bytes.
    init(kind: AttachmentInfo.Kind, bytes: Data?) {
        guard let bytes else {
            self = .missing
            return
        }
        guard kind == .formResult else {
            self = .blank(bytes)
            return
        }
        do {
            self = .answers(try FilledForm.read(bytes))
        } catch {
            self = .malformed(problem: error.description, bytes: bytes)
        }
    }

    /// The row's `state`, `content` and `problem` columns.
    var columns: (state: String, content: Data?, problem: String?) {
        switch self {
        case .blank(let bytes): ("blank", bytes, nil)
        case .answers(let form): ("answers", Data(form.storedBytes), nil)
        case .malformed(let problem, let bytes): ("malformed", bytes, problem)
        case .missing: ("missing", nil, nil)
        }
    }

    /// The content from a row's columns; kept answers that do not read back count as not kept,
    /// so the file is read instead.
    init(state: String, content: Data?, problem: String?) {
        switch (state, content) {
        case ("blank", let bytes?): self = .blank(bytes)
        case ("answers", let bytes?): self = FilledForm(storedBytes: bytes).map(FormContent.answers) ?? .missing
        case ("malformed", let bytes?): self = .malformed(problem: problem ?? "malformed", bytes: bytes)
        default: self = .missing
        }
    }
}
