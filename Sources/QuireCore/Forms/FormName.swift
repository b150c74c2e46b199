import TMTPTransport

/// A blank form's name in the library, as the reference client names its form files:
/// `<family>.<revision>`, the revision `original` unless another is given, and `<family>.spec`
/// for the family's spec (its FFN). Names are kept to the characters a URL query leaves as they
/// are (letters, digits, `-`, `_`, `~`), so they are file names and attachment names everywhere.
public struct FormName: Sendable, Hashable, CustomStringConvertible {
    public static let original = "original"
    public static let spec = "spec"

    public var family: String
    public var revision: String

    /// Reads `family` or `family.revision`; refuses what the reference client refuses.
    public init(parsing text: String, revision explicit: String? = nil) throws(FormLibraryError) {
        let parts = text.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        let family = parts[0]
        let revision = explicit ?? (parts.count == 2 ? parts[1] : Self.original)
        guard Self.isValid(family), Self.isValid(revision), !["tmp", "tok"].contains(revision),
            explicit == nil || parts.count == 1
        else { throw .invalidName(text) }
        self.family = family
        self.revision = revision
    }

    public init(family: String, revision: String = FormName.original) {
        self.family = family
        self.revision = revision
    }

    /// `family.revision`: the library's file name and the attachment's name after `f:` or `r:`.
    public var description: String { "\(family).\(revision)" }

    public var isSpec: Bool { revision == Self.spec }

    /// The FFN the library shows for a family without a spec naming one, before an account is
    /// known. What goes out is `siteFFN`.
    public static func localFFN(family: String) -> String { "local/" + family }

    /// The FFN of a family without a spec naming one, as the reference client gives it:
    /// `<site>/<alias>/<family>`, the site written as the reference client keeps an address:
    /// `host:port`, without quire's `=`/`+` mark of how it is trusted or a pin. A receiving reference
    /// client on the same site takes such a name as the site's own, with no registry to check
    /// answers against; any other name it checks against its registry.
    public static func siteFFN(site: String, alias: String, family: String) -> String {
        // An account's site was parsed when it was added; the raw text stays only as a fallback.
        let endpoint = (try? SiteAddress(parsing: site))?.endpoint ?? site
        return "\(endpoint)/\(alias)/\(family)"
    }

    /// The family part of an attachment name (`Blue.original` → `Blue`).
    public static func family(ofAttachment name: String) -> String {
        String(name.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false).first ?? "")
    }

    private static func isValid(_ part: String) -> Bool {
        !part.isEmpty && part.utf8.count <= 100
            && part.unicodeScalars.allSatisfy { scalar in
                scalar.isASCII
                    && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)
                        || "-_~".unicodeScalars.contains(scalar))
            }
    }
}
