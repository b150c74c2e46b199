/// A URL made safe to carry inside an OSC 8 hyperlink sequence: printable ASCII only, every other
/// byte percent-encoded, so no escape, control or terminator can end the sequence early.
public struct HyperlinkURL: Sendable, Hashable {
    public let string: String

    /// `nil` for an empty URL or one longer than terminals accept (2048 bytes once encoded).
    public init?(_ url: String) {
        let safe = LinkDestination.percentEncodingUnprintable(url)
        guard !safe.isEmpty, safe.utf8.count <= 2048 else { return nil }
        string = safe
    }
}
