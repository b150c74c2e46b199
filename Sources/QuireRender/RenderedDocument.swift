/// A rendered message: lines to draw plus what the reader can act on.
public struct RenderedDocument: Sendable, Hashable {
    /// The whole message, decks showing every slide (the "all slides" mode).
    public var lines: [StyledLine]
    /// Numbered link targets, in order of first use; `[n]` in the text is `links[n - 1]`.
    public var links: [LinkTarget]
    /// Numbered attachment references.
    public var attachments: [AttachmentRef]
    /// Blank forms the reader can open and fill in.
    public var forms: [FormRef]
    /// Hashtags, in order of first use, without the `#`.
    public var hashtags: [String]
    /// Slide decks, each a list of pages.
    public var decks: [Deck]
    /// Things the reader should know about the rendering itself (input cut, nesting flattened).
    public var notices: [RenderNotice]

    /// Every slide of every deck, as pages.
    public var slides: [[StyledLine]] { decks.flatMap(\.slides) }

    /// The lines as plain text, one string per line.
    public var plainLines: [String] { lines.map(\.plainText) }
}

/// A slide deck: pages, and where its all-slides rendering sits in ``RenderedDocument/lines``.
public struct Deck: Sendable, Hashable {
    public var slides: [[StyledLine]]
    /// The deck's lines in the document, so a reader can show one page in their place.
    public var lineRange: Range<Int>
}

/// Where a link goes.
public struct LinkTarget: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        /// An `https`, `http` or `mailto` URL.
        case web(url: String, host: String)
        /// `#<tid>&<mid>`: one message of a thread.
        case message(thread: String, message: String)
        /// `#<tid>`: a thread.
        case thread(String)
        /// Anything else; shown but never opened.
        case other
    }

    public var number: Int
    public var kind: Kind
    /// The destination as written, sanitised.
    public var destination: TerminalSafeText

    /// Whether a reader may open it: web links and our own message and thread links.
    public var isFollowable: Bool {
        if case .other = kind { return false }
        return true
    }
}

/// A reference to an attachment: `<msgid>_u:name`, `this_u:name`, with `u:` upload,
/// `f:` blank form, `r:` filled form.
public struct AttachmentRef: Sendable, Hashable {
    public enum Owner: Sendable, Hashable {
        /// `this_`: the message (or draft) the text belongs to.
        case thisMessage
        case message(String)
    }

    public enum Kind: String, Sendable, Hashable {
        case upload = "u"
        case form = "f"
        case filledForm = "r"
    }

    public var number: Int
    public var owner: Owner
    public var kind: Kind
    /// The attachment name, percent-decoded and sanitised.
    public var name: TerminalSafeText
    /// The reference as written (`0123456789abcdef_u:plan%20b.pdf`).
    public var reference: String
}

/// A blank form placeholder `![?label](<ref>_f:name)`.
public struct FormRef: Sendable, Hashable {
    public var number: Int
    public var attachment: AttachmentRef
    /// The alt text after `?`, sanitised.
    public var label: TerminalSafeText
}

/// Something about the rendering the reader should know.
public enum RenderNotice: Sendable, Hashable, CustomStringConvertible {
    /// The input was longer than the cap; only the first `renderedBytes` were rendered.
    case inputTruncated(totalBytes: Int, renderedBytes: Int)
    /// Containers nested deeper than the cap were flattened.
    case nestingFlattened(maximum: Int)
    /// A repeated use of the same blank form was ignored, as mnm does.
    case duplicateForm(String)
    /// Brackets past the cap were shown as text, not read as links or images.
    case bracketsLimited(maximum: Int)

    public var description: String {
        switch self {
        case .inputTruncated(let total, let rendered):
            "message is \(total) bytes; only the first \(rendered) are shown"
        case .nestingFlattened(let maximum):
            "nesting deeper than \(maximum) levels is shown flattened"
        case .duplicateForm(let reference):
            "form \(reference) appears more than once; only the first is shown"
        case .bracketsLimited(let maximum):
            "only the first \(maximum) brackets are read as links or images"
        }
    }
}
