/// Text the terminal delivered as one bracketed paste, already cleaned: line ends are `\n`,
/// tabs kept, every other control character dropped.
public struct PastedText: Sendable, Hashable {
    public var text: String
    /// Whether the paste was longer than the decoder's limit and its tail dropped.
    public var wasCut: Bool

    public init(_ text: String, wasCut: Bool = false) {
        self.text = text
        self.wasCut = wasCut
    }

    /// The paste for a one-line field (search, command line, recipients, subject): line ends
    /// and tabs become spaces.
    public var singleLine: String {
        String(text.map { $0 == "\n" || $0 == "\t" ? " " : $0 })
    }
}
