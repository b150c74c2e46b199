/// What rendering collects on the way: numbered links, attachments, forms, hashtags, notices.
///
/// A reference type so that nested block and inline renderers share one numbering.
final class RenderContext {
    let options: RenderOptions
    let glyphs: Glyphs
    private(set) var links: [LinkTarget] = []
    private(set) var attachments: [AttachmentRef] = []
    private(set) var forms: [FormRef] = []
    private(set) var hashtags: [String] = []
    private(set) var notices: [RenderNotice] = []
    private var linkNumbers: [String: Int] = [:]
    private var attachmentNumbers: [String: Int] = [:]
    private var formReferences: Set<String> = []
    private var hashtagKeys: Set<String> = []
    fileprivate(set) var listDepth = 0

    init(options: RenderOptions) {
        self.options = options
        self.glyphs = Glyphs.forAmbiguousWide(options.ambiguousWide)
    }

    /// The number of the link to `destination`, registering it on first use.
    func linkNumber(for destination: String, kind: LinkTarget.Kind) -> Int {
        if let number = linkNumbers[destination] { return number }
        let number = links.count + 1
        let shown: TerminalSafeText
        if case .web(let url, _) = kind {
            shown = TerminalSafeText(verified: url)
        } else {
            shown = Sanitiser.sanitise(destination)
        }
        links.append(LinkTarget(number: number, kind: kind, destination: shown))
        linkNumbers[destination] = number
        return number
    }

    /// The attachment a reference names, registering it on first use.
    func attachment(
        reference: String, owner: AttachmentRef.Owner, kind: AttachmentRef.Kind, name: String
    ) -> AttachmentRef {
        if let number = attachmentNumbers[reference] { return attachments[number - 1] }
        let attachment = AttachmentRef(
            number: attachments.count + 1, owner: owner, kind: kind, name: Sanitiser.sanitise(name),
            reference: reference
        )
        attachments.append(attachment)
        attachmentNumbers[reference] = attachment.number
        return attachment
    }

    /// Registers a blank form; nil when the same form was already placed (mnm ignores repeats).
    func form(for attachment: AttachmentRef, label: String) -> FormRef? {
        guard formReferences.insert(attachment.reference).inserted else {
            note(.duplicateForm(Sanitiser.sanitise(attachment.reference).string))
            return nil
        }
        let form = FormRef(number: forms.count + 1, attachment: attachment, label: Sanitiser.sanitise(label))
        forms.append(form)
        return form
    }

    func hashtag(_ tag: String) {
        if hashtagKeys.insert(tag.lowercased()).inserted { hashtags.append(tag) }
    }

    func note(_ notice: RenderNotice) {
        if !notices.contains(notice) { notices.append(notice) }
    }
}

extension RenderContext {
    /// Enters a list; returns its depth among enclosing lists (0 for the outermost).
    func enterList() -> Int {
        listDepth += 1
        return listDepth - 1
    }

    func leaveList() {
        listDepth -= 1
    }
}
