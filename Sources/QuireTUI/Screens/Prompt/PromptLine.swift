import QuireRender

/// The command line at the bottom: the prompt open on it (`:`, `/`, a link number, a step of
/// adding a site), the candidates the last Tab found, and the `:` and `/` histories, which
/// outlive each prompt. The app hands it keys while it is open and acts on what comes out.
struct PromptLine {
    /// What an edit came to.
    enum Outcome: Equatable {
        /// Still editing (or nothing happened).
        case editing
        /// Enter: the text typed at a prompt of this kind.
        case submitted(String, Prompt.Kind)
        /// Esc: the prompt of this kind closed with nothing done.
        case cancelled(Prompt.Kind)
    }

    private(set) var prompt: Prompt?
    private(set) var completions: [String] = []
    private var commandHistory = PromptHistory()
    private var searchHistory = PromptHistory()

    var isOpen: Bool { prompt != nil }

    /// Opens a prompt of `kind` holding `text`, with its history.
    mutating func open(_ kind: Prompt.Kind, text: String) {
        let history: PromptHistory
        switch kind {
        case .command: history = commandHistory
        case .search: history = searchHistory
        default: history = PromptHistory()
        }
        prompt = Prompt(kind: kind, editor: LineEditor(text: text, history: history))
        completions = []
    }

    /// Closes the prompt without submitting it (what it asked for arrived another way).
    mutating func close() {
        prompt = nil
        completions = []
    }

    /// Typed or pasted text, on one line.
    mutating func insert(_ text: String) {
        if !text.isEmpty { prompt?.editor.insert(text) }
        completions = []
    }

    /// Applies an editing key; Tab at a `:` prompt completes with `completer`.
    mutating func edit(_ action: EditAction, completer: () -> CommandCompleter) -> Outcome {
        guard var current = prompt else { return .editing }
        if action == .complete {
            if current.kind == .command {
                completions = current.editor.complete(using: completer())
                prompt = current
            }
            return .editing
        }
        completions = []
        switch current.editor.apply(action) {
        case .submitted(let text):
            prompt = nil
            switch current.kind {
            case .command: commandHistory = current.editor.history
            case .search: searchHistory = current.editor.history
            default: break
            }
            return .submitted(text, current.kind)
        case .cancelled:
            prompt = nil
            return .cancelled(current.kind)
        case .edited, .ignored:
            prompt = current
            return .editing
        }
    }

    /// Draws the prompt, or the candidates of the last Tab, or an empty line; returns where the
    /// cursor goes.
    func draw(in canvas: Canvas) -> CursorPosition? {
        if let prompt { return prompt.editor.draw(prompt: prompt.label, in: canvas) }
        let style = canvas.theme.style(.commandLine)
        canvas.fill(row: 0, style: style)
        if !completions.isEmpty {
            let line = DisplayLine(
                completions.map { DisplaySpan(TerminalSafeText(sanitising: $0 + "  "), .completion) })
            canvas.draw(Truncation.truncate(line, toWidth: canvas.width), row: 0, base: style)
        }
        return nil
    }
}
