import Foundation
import QuireCore
import QuireRender

/// Filling a blank form field by field. Submitting writes the answers as the reference client's
/// fill JSON to a file and opens a reply on the thread with that file attached.
///
/// Keys are the prompt's: Enter checks the answer and goes on (on the last field it submits),
/// Up/Down and Tab move between fields, Left/Right (or the option's number) pick a choice,
/// Space toggles a checkbox, Esc leaves without sending anything.
public struct FormPane: ModalPane, Sendable {
    public let account: String
    public let threadID: String
    public let subject: String
    /// The blank form's name without its `f:` prefix (`survey.original`); the filled file
    /// gets the same name.
    public let formName: String
    public let spec: FormSpec
    /// The form family name the filled result is filed under: the blank form's `Ffn` as its
    /// `f:` attachment carried it, else the spec's own. The wire entry of a fill is
    /// `r:<formName>` with this Ffn.
    public let ffn: String?
    /// Where filled forms are written, each in a fresh folder of its own.
    public let directory: URL
    /// The field being filled.
    public private(set) var current = 0
    public private(set) var problems: [String: String] = [:]
    public private(set) var message: StatusLine.Message?
    public private(set) var isFinished = false
    /// The file written by the last submit.
    public private(set) var filledPath: String?
    /// The one draft this filling is saved and sent as: the autosave of the answers so far,
    /// then the reply that carries them.
    public let draftID: String
    /// The answers as the form opened (its defaults), to tell whether anything was filled in.
    private var initialValues: [String: FormValue] = [:]

    var editors: [LineEditor]
    var choices: [Int?]
    var checks: [Bool]

    public init(
        account: String, threadID: String, subject: String, formName: String, spec: FormSpec, ffn: String? = nil,
        directory: URL = FileManager.default.temporaryDirectory
    ) {
        self.ffn = ffn ?? spec.ffn
        self.account = account
        self.threadID = threadID
        self.subject = subject
        self.formName = formName
        self.spec = spec
        self.directory = directory
        editors = spec.fields.map { field in
            switch field.defaultValue {
            case .text(let text)?: LineEditor(text: text)
            case .number(let number)?: LineEditor(text: FormPane.format(number))
            default: LineEditor()
            }
        }
        choices = spec.fields.map { field in
            guard case .choice(let options) = field.kind, case .text(let text)? = field.defaultValue else { return nil }
            return options.firstIndex(of: text)
        }
        checks = spec.fields.map { $0.defaultValue == .bool(true) }
        draftID = Draft.makeID(threadID: threadID)
        initialValues = values
    }

    public var keyContext: KeyContext { .prompt }

    public var title: TerminalSafeText { UIText("Form").safe + TerminalSafeText(sanitising: " " + formName) }

    /// The answers given so far, by model name; empty answers are left out.
    public var values: [String: FormValue] {
        var values: [String: FormValue] = [:]
        for (index, field) in spec.fields.enumerated() {
            if let value = value(at: index, field: field) { values[field.model] = value }
        }
        return values
    }

    /// The answers so far, as a reply draft carrying them as a filled form: a window closed in
    /// the middle of a survey keeps what was answered.
    public var unsavedWork: UnsavedWork? {
        let answers = values
        guard !isFinished, answers != initialValues else { return nil }
        let file = directory.appendingPathComponent("quire-form-" + draftID.trimmingCharacters(in: ["_"]))
            .appendingPathComponent(AttachmentFileName.sanitise(formName))
        let draft = Draft(
            id: draftID, account: account, threadID: threadID, subject: subject, attachments: [file.path],
            formResults: [file.path: ffn ?? ""])
        return UnsavedWork(draft: draft, files: [file.path: spec.filledJSON(answers)])
    }

    // MARK: Commands

    public mutating func handle(_ command: Command) -> PaneOutcome {
        switch command {
        case .send: return submit()
        case .close: return .close
        case .edit(let action): return edit(action)
        default: return .ignored
        }
    }

    public mutating func insert(_ text: String) -> PaneOutcome {
        guard spec.fields.indices.contains(current) else { return .ignored }
        let field = spec.fields[current]
        switch field.kind {
        case .checkbox:
            switch text.lowercased() {
            case " ": checks[current].toggle()
            case "y", "x", "1": checks[current] = true
            case "n", "0": checks[current] = false
            default: return .handled
            }
        case .choice(let options):
            if let number = Int(text), options.indices.contains(number - 1) {
                choices[current] = number - 1
            } else if let index = options.firstIndex(where: { $0.lowercased().hasPrefix(text.lowercased()) }) {
                choices[current] = index
            }
        default:
            editors[current].insert(text)
        }
        problems[field.model] = nil
        return .handled
    }

    public mutating func complete(_ request: AppRequest, with result: RequestResult) {
        guard case .compose = request else { return }
        switch result {
        case .done: isFinished = true
        case .failed(let reason): message = .error(reason)
        case .text: break
        }
    }

    private mutating func edit(_ action: EditAction) -> PaneOutcome {
        guard spec.fields.indices.contains(current) else { return action == .cancel ? .close : .ignored }
        let field = spec.fields[current]
        switch action {
        case .cancel:
            return .close
        case .submit, .newline:
            if let problem = field.problem(with: value(at: current, field: field)) {
                problems[field.model] = problem
                return .handled
            }
            problems[field.model] = nil
            if current == spec.fields.count - 1 { return submit() }
            current += 1
        case .historyPrevious, .cursorUp:
            current = max(0, current - 1)
        case .historyNext, .cursorDown:
            current = min(spec.fields.count - 1, current + 1)
        case .complete:
            current = (current + 1) % spec.fields.count
        default:
            editField(action, field: field)
        }
        return .handled
    }

    private mutating func editField(_ action: EditAction, field: FormField) {
        switch field.kind {
        case .checkbox:
            if [.cursorLeft, .cursorRight, .deleteBackward].contains(action) { checks[current].toggle() }
        case .choice(let options):
            switch action {
            case .cursorRight, .wordRight:
                choices[current] = min(options.count - 1, (choices[current] ?? -1) + 1)
            case .cursorLeft, .wordLeft:
                choices[current] = max(0, (choices[current] ?? options.count) - 1)
            case .deleteBackward, .deleteForward, .cutLine, .cutToLineStart:
                choices[current] = nil
            default:
                return
            }
        default:
            editors[current].apply(action)
        }
        problems[field.model] = nil
    }

    /// Checks every answer; when all pass, writes the fill JSON and asks for a reply carrying it.
    private mutating func submit() -> PaneOutcome {
        let answers = values
        problems = spec.problems(in: answers)
        if !problems.isEmpty {
            current = spec.fields.firstIndex { problems[$0.model] != nil } ?? current
            let count = problems.count
            message = .error(
                TerminalSafeText(
                    sanitising: count == 1 ? "1 answer needs attention" : "\(count) answers need attention"))
            return .handled
        }
        let folder = directory.appendingPathComponent("quire-form-" + UUID().uuidString.lowercased())
        let file = folder.appendingPathComponent(AttachmentFileName.sanitise(formName))
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try spec.filledJSON(answers).write(to: file, options: .atomic)
        } catch {
            message = .error(
                TerminalSafeText(sanitising: "Could not write the filled form: \(error.localizedDescription)"))
            return .handled
        }
        filledPath = file.path
        message = nil
        let draft = Draft(
            id: draftID, account: account, threadID: threadID, subject: subject, attachments: [file.path],
            formResults: [file.path: ffn ?? ""])
        return .request(.compose(draft))
    }

    func value(at index: Int, field: FormField) -> FormValue? {
        switch field.kind {
        case .checkbox:
            return .bool(checks[index])
        case .choice(let options):
            return choices[index].map { .text(options[$0]) }
        default:
            return field.value(fromText: editors[index].text)
        }
    }

    static func format(_ number: Double) -> String {
        number.rounded() == number && abs(number) < 1e15 ? String(Int64(number)) : String(number)
    }
}
