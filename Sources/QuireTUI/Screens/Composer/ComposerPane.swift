import Foundation
import QuireCore
import QuireRender

/// The composer: recipients with completion, subject, attachments and a multi-line body, with
/// `$EDITOR` on demand, a rendered preview, drafts, and sending through the outbox.
///
/// Reply-all posts into the thread: every member of a TMTP thread receives it, so its
/// recipients (shown, not editable) and subject are the thread's. Reply to the sender alone is a
/// new thread to the author, prefilled but editable. Cancelling with unsaved changes asks first:
/// `y` discards them, `s` saves a draft and closes, `n` (or Esc) goes back to writing.
public struct ComposerPane: ModalPane, Sendable {
    public let account: String
    /// The thread replied to; nil for a new thread.
    public let threadID: String?
    /// The draft id, kept across saves so saving again updates the same draft.
    public let draftID: String
    public private(set) var focus: ComposerField
    public private(set) var attachments: [ComposerAttachment]
    public private(set) var body: TextEditor
    /// Whether the body is shown rendered instead of edited.
    public private(set) var isPreviewing = false
    public private(set) var isFinished = false
    /// The line under the body: an error, a notice, or the cancel question.
    public private(set) var message: StatusLine.Message?
    /// Fields a send attempt found wanting.
    public private(set) var problems: Set<ComposerField> = []

    var to: LineEditor
    var subject: LineEditor
    /// Who a reply goes to, shown instead of an editable To field.
    let participants: [String]
    /// Whether this new thread answers one message's author alone (`r`).
    let isReplyToSender: Bool
    let completionNames: [String]
    var completion: RecipientCompletion?
    var attachmentSelection = 0
    var previewTop = 0
    var isConfirmingCancel = false
    var closesAfterSave = false
    /// The content as last saved (or as opened), to tell whether cancelling loses anything.
    var savedContent: Content
    /// The draft as the user last saved it (or as it was resumed): what discarding puts back.
    var lastSaved: Draft?
    /// A path being typed on the Attach line; Enter attaches it.
    var attachPath = LineEditor()
    /// Attached files that are filled-in forms (a form pane's answers): path to the FFN they
    /// are filed under. They go out as `r:` attachments.
    let formResults: [String: String]
    /// The library `attach-form` takes blank forms from; none, and it says so.
    public var formLibrary: FormLibrary?

    struct Content: Sendable, Hashable {
        var recipients: [String]
        var subject: String
        var body: String
        var attachments: [String]
    }

    // MARK: Opening

    /// A new thread, optionally addressed already (`c` on a contact, `:compose ann`).
    ///
    /// - Parameter completions: contact aliases and group names the To field completes.
    public init(newThreadFrom account: String, to recipients: [String] = [], completions: [String] = []) {
        let draft = Draft(account: account, recipients: recipients)
        self.init(draft: draft, participants: [], completions: completions, saved: false)
        savedContent = content
        focus = recipients.isEmpty ? .to : .subject
    }

    /// A post into `threadID` (reply-all: every member receives it), quoting `quoting` if given.
    ///
    /// - Parameter participants: aliases of everyone on the thread, shown as the recipients.
    public init(
        replyTo threadID: String, account: String, subject: String, participants: [String],
        quoting quoted: QuotedMessage? = nil
    ) {
        let draft = Draft(account: account, threadID: threadID, subject: subject, body: quoted?.replyQuote ?? "")
        self.init(draft: draft, participants: participants, completions: [], saved: false)
        savedContent = content
    }

    /// A reply to `author` alone: a new thread to them, `Re:` the subject, quoting `message` under
    /// a link back to `thread`. The cursor waits in the body.
    public init(
        replyingTo message: QuotedMessage, author: String, thread: String, account: String,
        completions: [String] = []
    ) {
        let draft = Draft(
            account: account, recipients: [author], subject: message.replySubject,
            body: message.privateReplyBody(thread: thread))
        self.init(draft: draft, participants: [], completions: completions, saved: false, isReplyToSender: true)
        savedContent = content
        focus = .body
    }

    /// A new thread carrying `message` quoted under a forward banner.
    public init(forwarding message: QuotedMessage, account: String, completions: [String] = []) {
        let draft = Draft(account: account, subject: message.forwardSubject, body: message.forwardBody)
        self.init(draft: draft, participants: [], completions: completions, saved: false)
        savedContent = content
        body.apply(.textStart)
        focus = .to
    }

    /// A draft: one resumed from the store (`saved: true`, so closing it unchanged asks nothing),
    /// or one another pane prepared (`saved: false`: the address book's compose, a filled form).
    ///
    /// - Parameter participants: for a reply draft, everyone on the thread.
    public init(draft: Draft, participants: [String] = [], completions: [String] = [], saved: Bool) {
        self.init(
            draft: draft, participants: participants, completions: completions, saved: saved, isReplyToSender: false)
    }

    private init(draft: Draft, participants: [String], completions: [String], saved: Bool, isReplyToSender: Bool) {
        account = draft.account
        threadID = draft.threadID
        draftID = draft.id
        self.participants = participants
        self.isReplyToSender = isReplyToSender
        completionNames = completions
        to = LineEditor(text: draft.recipients.joined(separator: ", ") + (draft.recipients.isEmpty ? "" : ", "))
        subject = LineEditor(text: draft.subject)
        body = TextEditor(text: draft.body)
        attachments =
            draft.attachments.map { path in
                (try? ComposerAttachment.load(path: path))
                    ?? ComposerAttachment(path: path, name: URL(fileURLWithPath: path).lastPathComponent, size: -1)
            } + draft.forms.map { ComposerAttachment.libraryForm($0, size: 0) }
        formResults = draft.formResults
        focus = draft.threadID != nil ? .body : draft.recipients.isEmpty ? .to : .subject
        savedContent = Content(recipients: [], subject: "", body: "", attachments: [])
        if saved {
            savedContent = content
            lastSaved = draft
            // A resumed draft goes on where it stopped: the first empty field, else the body's end.
            if focus == .subject, !subject.text.isEmpty { focus = .body }
            body.apply(.textEnd)
        }
    }

    // MARK: State

    public var keyContext: KeyContext { .composer }

    public var title: TerminalSafeText {
        if isReplyToSender { return UIText("Reply to sender").safe }
        return threadID == nil ? UIText("Compose").safe : UIText("Reply").safe
    }

    public var isReply: Bool { threadID != nil }

    /// The recipients typed in the To field, in order, without repeats.
    public var recipients: [String] {
        var seen: Set<String> = []
        return to.text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty && seen.insert($0.lowercased()).inserted }
    }

    /// The message as it stands, as a draft to save or send.
    public var draft: Draft {
        let files = attachments.filter { $0.form == nil }.map(\.path)
        return Draft(
            id: draftID, account: account, threadID: threadID, recipients: isReply ? [] : recipients,
            subject: subject.text.trimmingCharacters(in: .whitespaces), body: body.text, attachments: files,
            formResults: formResults.filter { files.contains($0.key) }, forms: attachments.compactMap(\.form))
    }

    /// Whether closing now would lose anything.
    public var hasUnsavedChanges: Bool { content != savedContent }

    public var unsavedWork: UnsavedWork? {
        hasUnsavedChanges && !isFinished ? UnsavedWork(draft: draft, lastSaved: lastSaved) : nil
    }

    /// The completion popup's candidates and chosen one, when it is open.
    public var completionCandidates: (candidates: [String], selected: Int)? {
        completion.map { ($0.candidates, $0.selected) }
    }

    var content: Content {
        Content(
            recipients: isReply ? [] : recipients, subject: subject.text, body: body.text,
            attachments: attachments.map(\.path))
    }

    /// The fields Tab visits: a reply's To and Subject are fixed.
    var fields: [ComposerField] {
        isReply ? [.attachments, .body] : ComposerField.allCases
    }

    // MARK: Commands

    public mutating func handle(_ command: Command) -> PaneOutcome {
        if isConfirmingCancel {
            if command == .edit(.cancel) || command == .close {
                isConfirmingCancel = false
                message = nil
                return .handled
            }
            return .ignored
        }
        switch command {
        case .send: return send()
        case .saveDraft:
            message = nil
            return .request(.saveDraft(draft))
        case .editInEditor:
            isPreviewing = false
            focus = .body
            return .request(.editExternally(text: body.text))
        case .attach(let path):
            attach(path)
            return .handled
        case .attachForm(let name):
            attachForm(name)
            return .handled
        case .preview:
            isPreviewing.toggle()
            previewTop = 0
            completion = nil
            return .handled
        case .close:
            return cancel()
        case .move(let motion):
            guard isPreviewing else { return .ignored }
            scrollPreview(motion)
            return .handled
        case .edit(let action):
            return edit(action)
        default:
            return .ignored
        }
    }

    public mutating func insert(_ text: String) -> PaneOutcome {
        if isConfirmingCancel { return answerCancel(text) }
        guard !isPreviewing else { return .ignored }
        switch focus {
        case .to:
            to.insert(text)
            completion = nil
        case .subject:
            subject.insert(text)
        case .attachments:
            attachPath.insert(text)
        case .body:
            body.insert(text)
        }
        problems.remove(focus)
        return .handled
    }

    /// A paste goes in literally: into the body with its lines (one undo step), into To and
    /// Subject on one line. It never answers the cancel question.
    public mutating func paste(_ pasted: PastedText) -> PaneOutcome {
        guard !isConfirmingCancel, !isPreviewing else { return .ignored }
        switch focus {
        case .to:
            to.insert(pasted.singleLine)
            completion = nil
        case .subject:
            subject.insert(pasted.singleLine)
        case .attachments:
            attachPath.insert(pasted.singleLine)
        case .body:
            body.paste(pasted.text)
        }
        problems.remove(focus)
        return .handled
    }

    public mutating func complete(_ request: AppRequest, with result: RequestResult) {
        switch (request, result) {
        case (.send, .done):
            savedContent = content
            isFinished = true
        case (.saveDraft(let saved), .done(let text)):
            savedContent = content
            lastSaved = saved
            message = .info(text)
            if closesAfterSave { isFinished = true }
        case (.editExternally, .text(let text)):
            body.setText(text)
            focus = .body
            problems.remove(.body)
        case (_, .failed(let reason)):
            closesAfterSave = false
            message = .error(reason)
        default:
            break
        }
    }

    private mutating func send() -> PaneOutcome {
        problems = []
        var reasons: [String] = []
        if !isReply && recipients.isEmpty {
            problems.insert(.to)
            reasons.append("add a recipient")
        }
        if !isReply && subject.text.trimmingCharacters(in: .whitespaces).isEmpty {
            problems.insert(.subject)
            reasons.append("write a subject")
        }
        let missing = attachments.filter { $0.form == nil && (try? ComposerAttachment.load(path: $0.path)) == nil }
        if let first = missing.first {
            problems.insert(.attachments)
            reasons.append("\(first.name) can no longer be read")
        }
        guard reasons.isEmpty else {
            message = .error(TerminalSafeText(sanitising: "Not sent: " + reasons.joined(separator: "; ")))
            if let first = fields.first(where: problems.contains) { focus = first }
            return .handled
        }
        message = nil
        return .request(.send(draft))
    }

    /// Attaches blank form `name` of the library (`family` is its original revision).
    private mutating func attachForm(_ name: String) {
        guard let library = formLibrary else {
            message = .error(UIText("There is no form library here").safe)
            return
        }
        do {
            let form = try FormName(parsing: name)
            let entry = try library.entry(form)
            guard !attachments.contains(where: { $0.form == form.description }) else {
                message = .error(TerminalSafeText(sanitising: "form \(form) is already attached"))
                return
            }
            let size = Int64((try? library.json(form))?.count ?? 0)
            attachments.append(.libraryForm(form.description, size: size))
            attachmentSelection = attachments.count - 1
            message = .info(
                TerminalSafeText(sanitising: "Attached form \(form) (\(entry.spec.fields.count) fields)"))
        } catch {
            message = .error(TerminalSafeText(sanitising: "Not attached: \(error)"))
        }
    }

    /// Attaches the file at `path`; false (with the reason on the message line) when it cannot.
    @discardableResult
    private mutating func attach(_ path: String) -> Bool {
        do {
            let attachment = try ComposerAttachment.load(path: path)
            if let index = attachments.firstIndex(where: { $0.path == attachment.path }) {
                attachmentSelection = index
                message = .error(TerminalSafeText(sanitising: "\(attachment.name) is already attached"))
                return false
            }
            attachments.append(attachment)
            attachmentSelection = attachments.count - 1
            problems.remove(.attachments)
            message = .info(
                TerminalSafeText(
                    sanitising: "Attached \(attachment.name) (\(ComposerAttachment.formatSize(attachment.size)))"))
            return true
        } catch {
            message = .error(TerminalSafeText(sanitising: "Not attached: \(error.description)"))
            return false
        }
    }

    /// Tab on the Attach line: completes the typed path as far as the files it names agree,
    /// and lists them when there are several.
    private mutating func completeAttachPath() {
        let completion = PathCompletion(typed: attachPath.text)
        let candidates = completion.candidates()
        switch candidates.count {
        case 0:
            message = .error(TerminalSafeText(sanitising: "No file matches \(attachPath.text)"))
        case 1:
            attachPath = LineEditor(text: completion.completed(with: candidates[0]))
            message = nil
        default:
            let shared = PathCompletion.sharedPrefix(of: candidates.map(\.name))
            attachPath = LineEditor(text: completion.directoryPart + shared)
            let names = candidates.prefix(12).map { $0.name + ($0.isDirectory ? "/" : "") }
            message = .info(
                TerminalSafeText(
                    sanitising: names.joined(separator: "  ") + (candidates.count > 12 ? "  …" : "")))
        }
    }

    private mutating func cancel() -> PaneOutcome {
        if completion != nil {
            completion = nil
            return .handled
        }
        if isPreviewing {
            isPreviewing = false
            return .handled
        }
        guard hasUnsavedChanges else { return .close }
        isConfirmingCancel = true
        message = .info(UIText("Discard changes? y discard · s save draft and close · n keep writing").safe)
        return .handled
    }

    private mutating func answerCancel(_ text: String) -> PaneOutcome {
        switch text.lowercased() {
        case "y":
            isConfirmingCancel = false
            return .close
        case "s":
            isConfirmingCancel = false
            closesAfterSave = true
            message = nil
            return .request(.saveDraft(draft))
        case "n":
            isConfirmingCancel = false
            message = nil
            return .handled
        default:
            return .handled
        }
    }

    // MARK: Editing

    private mutating func edit(_ action: EditAction) -> PaneOutcome {
        if action == .cancel { return cancel() }
        if isPreviewing {
            switch action {
            case .cursorUp: scrollPreview(.up)
            case .cursorDown, .newline: scrollPreview(.down)
            case .textStart: scrollPreview(.pageUp)
            case .textEnd: scrollPreview(.pageDown)
            case .lineStart: scrollPreview(.first)
            case .lineEnd: scrollPreview(.last)
            default: return .ignored
            }
            return .handled
        }
        if action == .complete {
            switch focus {
            case .to: completeRecipient()
            case .attachments where !attachPath.text.isEmpty: completeAttachPath()
            default: moveFocus(by: 1, wrapping: true)
            }
            return .handled
        }
        switch focus {
        case .to, .subject: editLine(action)
        case .attachments: editAttachments(action)
        case .body: editBody(action)
        }
        return .handled
    }

    private mutating func editLine(_ action: EditAction) {
        if focus == .to, var popup = completion {
            switch action {
            case .cursorDown:
                popup.selected = (popup.selected + 1) % popup.candidates.count
                completion = popup
                return
            case .cursorUp:
                popup.selected = (popup.selected + popup.candidates.count - 1) % popup.candidates.count
                completion = popup
                return
            case .newline, .submit:
                accept(popup.candidates[popup.selected], from: popup.wordStart)
                return
            default:
                completion = nil
            }
        }
        switch action {
        case .cursorUp: moveFocus(by: -1, wrapping: false)
        case .cursorDown, .newline, .submit: moveFocus(by: 1, wrapping: false)
        default:
            if focus == .to { to.apply(action) } else { subject.apply(action) }
            problems.remove(focus)
        }
    }

    /// The Attach line: a path being typed is edited like any field and attached by Enter;
    /// with none, the keys choose and remove attachments, and Enter goes on to the body.
    private mutating func editAttachments(_ action: EditAction) {
        if !attachPath.text.isEmpty {
            switch action {
            case .newline, .submit:
                let path = TildePath.expanding(attachPath.text.trimmingCharacters(in: .whitespaces))
                if attach(path) { attachPath = LineEditor() }
            case .cursorUp: moveFocus(by: -1, wrapping: false)
            case .cursorDown: moveFocus(by: 1, wrapping: false)
            default: attachPath.apply(action)
            }
            return
        }
        switch action {
        case .cursorLeft, .wordLeft: attachmentSelection = max(0, attachmentSelection - 1)
        case .cursorRight, .wordRight: attachmentSelection = min(max(0, attachments.count - 1), attachmentSelection + 1)
        case .lineStart, .textStart: attachmentSelection = 0
        case .lineEnd, .textEnd: attachmentSelection = max(0, attachments.count - 1)
        case .deleteBackward, .deleteForward, .cutLine, .deleteWordBackward, .deleteWordForward:
            guard attachments.indices.contains(attachmentSelection) else { return }
            let removed = attachments.remove(at: attachmentSelection)
            attachmentSelection = min(attachmentSelection, max(0, attachments.count - 1))
            problems.remove(.attachments)
            message = .info(TerminalSafeText(sanitising: "Removed \(removed.name)"))
        case .cursorUp: moveFocus(by: -1, wrapping: false)
        case .cursorDown, .newline: moveFocus(by: 1, wrapping: false)
        default: break
        }
    }

    private mutating func editBody(_ action: EditAction) {
        if action == .cursorUp && body.cursor.line == 0 {
            moveFocus(by: -1, wrapping: false)
            return
        }
        body.apply(action)
        problems.remove(.body)
    }

    private mutating func moveFocus(by step: Int, wrapping: Bool) {
        completion = nil
        guard let index = fields.firstIndex(of: focus) else {
            focus = fields[0]
            return
        }
        let target = index + step
        if fields.indices.contains(target) {
            focus = fields[target]
        } else if wrapping {
            focus = fields[(target + fields.count) % fields.count]
        }
    }

    /// Tab in the To field: one candidate is taken whole, several open the popup (a further
    /// Tab moves through it, Enter takes one); an empty word moves on to the subject.
    private mutating func completeRecipient() {
        if var popup = completion {
            popup.selected = (popup.selected + 1) % popup.candidates.count
            completion = popup
            return
        }
        let word = RecipientCompletion.word(in: to.characters, cursor: to.cursor)
        guard !word.text.isEmpty else {
            moveFocus(by: 1, wrapping: true)
            return
        }
        let chosen = recipients.filter { $0.lowercased() != word.text.lowercased() }
        let candidates = RecipientCompletion.candidates(for: word.text, in: completionNames, excluding: chosen)
        switch candidates.count {
        case 0:
            message = .error(TerminalSafeText(sanitising: "No contact or group starts with \(word.text)"))
        case 1:
            accept(candidates[0], from: word.start)
        default:
            let shared = RecipientCompletion.commonPrefix(of: candidates)
            if shared.count > word.text.count { to.replace(word.start..<to.cursor, with: shared) }
            completion = RecipientCompletion(candidates: candidates, wordStart: word.start)
        }
    }

    private mutating func accept(_ name: String, from start: Int) {
        let rest = to.characters[to.cursor...]
        let end = to.cursor + (rest.firstIndex(of: ",").map { $0 - to.cursor } ?? rest.count)
        to.replace(start..<end, with: name)
        if to.cursor < to.characters.count {
            to.apply(.cursorRight)
            if to.cursor < to.characters.count, to.characters[to.cursor] == " " { to.apply(.cursorRight) }
        } else {
            to.insert(", ")
        }
        completion = nil
        problems.remove(.to)
        if message != nil, case .error = message { message = nil }
    }

    private mutating func scrollPreview(_ motion: Motion) {
        switch motion {
        case .down: previewTop += 1
        case .up: previewTop = max(0, previewTop - 1)
        case .pageDown: previewTop += 10
        case .halfPageDown: previewTop += 5
        case .pageUp: previewTop = max(0, previewTop - 10)
        case .halfPageUp: previewTop = max(0, previewTop - 5)
        case .first: previewTop = 0
        case .last: previewTop = Int.max / 2
        }
    }
}
