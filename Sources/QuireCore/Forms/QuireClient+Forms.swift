import Foundation

extension QuireClient {
    /// The blank forms carried by a thread's messages, the first copy of each name.
    public func blankForms(account: String, thread: String) async throws -> [FormAttachmentRecord] {
        let reader = store.reader
        var seen: Set<String> = []
        return try reader.formAttachments(account: account).filter {
            $0.threadID == thread && $0.attachment.kind == .form && seen.insert($0.attachment.name).inserted
        }
    }

    /// Replies in a thread with a form filled from `answers` (fill JSON, one object keyed by each
    /// field's model), checked exactly as the form pane checks it. `form` picks a form by its
    /// name (`family.revision`) or family; without it the thread must carry one form only.
    @discardableResult
    public func fill(account: String, thread: String, form: String?, answers: Data, body: String = "")
        async throws -> OutboxItem
    {
        let blanks = try await blankForms(account: account, thread: thread)
        let names = blanks.map(\.attachment.name)
        let chosen: FormAttachmentRecord
        if let form {
            let matches = blanks.filter { $0.attachment.name == form }
            let byFamily = blanks.filter { FormName.family(ofAttachment: $0.attachment.name) == form }
            guard let match = matches.first ?? (byFamily.count == 1 ? byFamily.first : nil) else {
                throw FormFillError.noSuchForm(form, available: names)
            }
            chosen = match
        } else {
            guard let only = blanks.first else { throw FormFillError.noForm(thread) }
            guard blanks.count == 1 else { throw FormFillError.severalForms(names) }
            chosen = only
        }
        guard let bytes = chosen.bytes else { throw FormFillError.notDownloaded(chosen.attachment.name) }
        let spec: FormSpec
        do {
            spec = try FormSpec.parse(bytes)
        } catch {
            throw FormFillError.badBlankForm(chosen.attachment.name, error)
        }
        let filled: FilledForm
        do {
            filled = try FilledForm.read(answers)
        } catch {
            throw FormFillError.badAnswers(error)
        }
        var problems = spec.problems(in: filled.values)
        let models = Set(spec.fields.map(\.model))
        for path in filled.paths where !models.contains(path) { problems[path] = "not a field of this form" }
        guard problems.isEmpty else {
            let labels = Dictionary(spec.fields.map { ($0.model, $0.label) }, uniquingKeysWith: { first, _ in first })
            let order = spec.fields.map(\.model) + filled.paths
            var seen: Set<String> = []
            throw FormFillError.invalid(
                order.filter { problems[$0] != nil && seen.insert($0).inserted }.map {
                    FormFillError.FieldProblem(model: $0, label: labels[$0] ?? $0, problem: problems[$0] ?? "")
                })
        }
        let ffn =
            chosen.attachment.ffn ?? spec.ffn
            ?? FormName.localFFN(family: FormName.family(ofAttachment: chosen.attachment.name))
        let attachment = Outgoing.Attachment(
            name: chosen.attachment.name, bytes: [UInt8](spec.filledJSON(filled.values)), kind: .formResult, ffn: ffn)
        return try await reply(account: account, thread: thread, body: body, loaded: [attachment], draftID: nil)
    }

    /// The results table of a form family in an account, with the library's blank forms of it.
    public func formResults(account: String, family: String) throws -> FormResultsTable {
        try store.reader.formResults(account: account, family: family, library: FormLibrary(home: home))
    }
}

/// Why a form could not be filled from an answers file.
public enum FormFillError: Error, Sendable, Hashable, CustomStringConvertible {
    public struct FieldProblem: Sendable, Hashable {
        public var model: String
        public var label: String
        public var problem: String

        public init(model: String, label: String, problem: String) {
            self.model = model
            self.label = label
            self.problem = problem
        }
    }

    case noForm(String)
    case severalForms([String])
    case noSuchForm(String, available: [String])
    case notDownloaded(String)
    case badBlankForm(String, FormSpecError)
    case badAnswers(FilledFormError)
    /// One entry per field whose answer the form refuses.
    case invalid([FieldProblem])

    public var description: String {
        switch self {
        case .noForm(let thread): "thread \(thread) carries no form to fill"
        case .severalForms(let names):
            "the thread carries several forms; pick one with --form: \(names.joined(separator: ", "))"
        case .noSuchForm(let name, let available):
            "the thread carries no form \(name)"
                + (available.isEmpty ? "" : "; it has \(available.joined(separator: ", "))")
        case .notDownloaded(let name): "the blank form \(name) has not arrived yet"
        case .badBlankForm(let name, let error): "the blank form \(name) cannot be read: \(error)"
        case .badAnswers(let error): "the answers file is \(error): it must be one JSON object keyed by field model"
        case .invalid(let problems):
            "the answers need attention:\n"
                + problems.map { "  \($0.label) (\($0.model)): \($0.problem)" }.joined(separator: "\n")
        }
    }
}
