/// An attachment as named in a message's datahead `attach` list.
public struct AttachmentInfo: Sendable, Hashable, Codable {
    /// The attachment kinds, which are the name prefixes the reference client uses on the wire.
    public enum Kind: String, Sendable, Hashable, Codable {
        /// `u:` an uploaded file.
        case upload = "u"
        /// `f:` a blank form.
        case form = "f"
        /// `r:` a filled-form result.
        case formResult = "r"
    }

    /// The name without its kind prefix.
    public var name: String
    public var kind: Kind
    public var size: Int64
    /// The form's FFN, for `f:` and `r:` attachments.
    public var ffn: String?
    /// Where the received bytes are stored, once they are.
    public var storedPath: String?

    public init(name: String, kind: Kind, size: Int64, ffn: String? = nil, storedPath: String? = nil) {
        self.name = name
        self.kind = kind
        self.size = size
        self.ffn = ffn
        self.storedPath = storedPath
    }

    /// Parses a wire name such as `u:photo.png`; nil when the prefix is unknown or the name empty.
    public init?(wireName: String, size: Int64, ffn: String? = nil) {
        guard wireName.count > 2, let colon = wireName.firstIndex(of: ":"),
            let kind = Kind(rawValue: String(wireName[..<colon]))
        else { return nil }
        self.init(name: String(wireName[wireName.index(after: colon)...]), kind: kind, size: size, ffn: ffn)
    }

    /// An attachment as a datahead lists it; a name without a known kind prefix is an upload.
    init(entry: PostDatahead.AttachEntry) {
        self =
            AttachmentInfo(wireName: entry.name, size: entry.size, ffn: entry.ffn)
            ?? AttachmentInfo(name: entry.name, kind: .upload, size: entry.size, ffn: entry.ffn)
    }

    /// The name with its kind prefix, as sent on the wire.
    public var wireName: String { "\(kind.rawValue):\(name)" }
}
