/// How a message shows the blank forms it carries, as the reference client writes it: an image
/// reference with alt text `?` to the attachment of this message, `![?](this_f:family.revision)`,
/// which the reference renders as a live form. Library names need no percent-encoding.
public enum FormEmbedding {
    /// The reference to a blank form of the message being written.
    public static func reference(_ name: FormName) -> String {
        "![?](this_f:\(name))"
    }

    /// `body` with a reference to each form it does not show yet, each on a line of its own.
    public static func body(_ body: String, forms: [FormName]) -> String {
        let missing = forms.map(reference).filter { !body.contains($0) }
        guard !missing.isEmpty else { return body }
        let separator = body.isEmpty ? "" : body.hasSuffix("\n\n") ? "" : body.hasSuffix("\n") ? "\n" : "\n\n"
        return body + separator + missing.joined(separator: "\n\n") + "\n"
    }
}
