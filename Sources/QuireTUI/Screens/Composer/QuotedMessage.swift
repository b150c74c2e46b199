import Foundation

/// The message a reply quotes or a forward carries, as the reader shows it.
public struct QuotedMessage: Sendable, Hashable {
    public var fromAlias: String
    /// How the reader shows the date (`Mon 10:42`); the app formats it.
    public var date: String
    public var subject: String
    /// The Markdown body.
    public var body: String

    public init(fromAlias: String, date: String, subject: String, body: String) {
        self.fromAlias = fromAlias
        self.date = date
        self.subject = subject
        self.body = body
    }

    /// The body as a Markdown quote under an attribution line, for a reply.
    public var replyQuote: String {
        "\(fromAlias) wrote on \(date):\n" + QuotedMessage.quoted(body) + "\n\n"
    }

    /// The message under a forward banner, quoted so its Markdown stays apart from the new text.
    public var forwardBody: String {
        "\n\n---------- Forwarded message ----------\n"
            + QuotedMessage.quoted("From: \(fromAlias)\nDate: \(date)\nSubject: \(subject)\n\n\(body)") + "\n"
    }

    /// Subject for a reply in a new thread: `Re: ` once.
    public var replySubject: String {
        let trimmed = subject.trimmingCharacters(in: .whitespaces)
        return trimmed.lowercased().hasPrefix("re:") ? trimmed : "Re: " + trimmed
    }

    /// The body of a reply to the author alone: a link back to the thread (the reader follows
    /// `#<threadId>` links) above the quote.
    public func privateReplyBody(thread: String) -> String {
        let label = subject.isEmpty ? "the thread" : subject
        let escaped = label.replacingOccurrences(of: "\\", with: "\\\\")
            .replacingOccurrences(of: "[", with: "\\[").replacingOccurrences(of: "]", with: "\\]")
        return "About [\(escaped)](#\(thread)):\n\n" + replyQuote
    }

    /// Subject for a forward: `Fwd: ` once.
    public var forwardSubject: String {
        subject.lowercased().hasPrefix("fwd:") ? subject : "Fwd: " + subject
    }

    static func quoted(_ text: String) -> String {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        while lines.last?.isEmpty == true { lines.removeLast() }
        return lines.map { $0.isEmpty ? ">" : "> " + $0 }.joined(separator: "\n")
    }
}
