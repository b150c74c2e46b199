import Foundation
import TMTPTransport

/// A site address with the invite code that lets a new account register on a site run with
/// `tmtpd serve --registration invite`.
///
/// The code may be given on its own or inside a link a site can mail out:
/// `tmtp://HOST:PORT/?invite=CODE` for a site with a certificate from a public authority
/// (`+HOST:PORT`), and `tmtp://HOST:PORT/?invite=CODE&pin=SHA256` for a self-signed one
/// (`=HOST:PORT#SHA256`). IPv6 hosts go in brackets.
public struct SiteInvitation: Sendable, Hashable {
    /// The site in `quire`'s address syntax.
    public var site: String
    public var code: String?

    public static let scheme = "tmtp://"

    /// The site and code from `site` (an address or a link) and `invite` (a code or a link);
    /// a link gives the site when `site` is absent, and both must agree when both are given.
    public init(site: String?, invite: String?) throws(SiteInvitationError) {
        var siteLink: SiteInvitation?
        var inviteLink: SiteInvitation?
        if let site { siteLink = try Self.parseLink(site) }
        if let invite { inviteLink = try Self.parseLink(invite) }
        let given = inviteLink == nil ? invite.map { $0.trimmingCharacters(in: .whitespaces) } : inviteLink?.code
        let code = given ?? siteLink?.code
        if let siteCode = siteLink?.code, let code, siteCode != code {
            throw .conflict("the site link and --invite carry different invite codes")
        }
        let address = siteLink?.site ?? site ?? inviteLink?.site
        guard let address else { throw .missingSite }
        if let linked = inviteLink?.site, linked != address {
            throw .conflict("the invite link is for \(linked), not \(address)")
        }
        if let code, code.isEmpty || code.contains(where: { $0 == "/" || $0.isWhitespace }) {
            throw .invalid("an invite code is one word without '/' (as `tmtpd invite create` prints it)")
        }
        self.site = address
        self.code = code
    }

    /// The site and code of a `tmtp://` link; nil for text that is not a link.
    static func parseLink(_ text: String) throws(SiteInvitationError) -> SiteInvitation? {
        guard text.lowercased().hasPrefix(scheme) else { return nil }
        guard let components = URLComponents(string: text), let host = components.host, !host.isEmpty,
            let port = components.port, (1...65535).contains(port)
        else {
            throw .invalid("\(text): a link is written \(scheme)HOST:PORT/?invite=CODE[&pin=SHA256]")
        }
        let items = components.queryItems ?? []
        let code = items.first { $0.name == "invite" }?.value
        let pin = items.first { $0.name == "pin" }?.value
        // URLComponents keeps IPv6 brackets on some platforms and drops them on others.
        let bare = host.trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        let endpoint = bare.contains(":") ? "[\(bare)]:\(port)" : "\(bare):\(port)"
        let address = pin.map { "=\(endpoint)#\($0)" } ?? "+\(endpoint)"
        do {
            _ = try SiteAddress(parsing: address)
        } catch {
            throw .invalid("\(text): \(error)")
        }
        return SiteInvitation(site: address, code: code)
    }

    private init(site: String, code: String?) {
        self.site = site
        self.code = code
    }
}

/// Why a site and invite could not be read.
public enum SiteInvitationError: Error, Sendable, Equatable, CustomStringConvertible {
    case missingSite
    case conflict(String)
    case invalid(String)

    public var description: String {
        switch self {
        case .missingSite: "give the site with --site ADDR, or an invite link with --invite"
        case .conflict(let reason), .invalid(let reason): reason
        }
    }
}
