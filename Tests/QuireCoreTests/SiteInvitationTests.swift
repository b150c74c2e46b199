import QuireCore
import Testing

/// Invite codes and the `tmtp://` links a site mails out, as `quire account add` reads them.
@Suite("site invitations")
struct SiteInvitationTests {
    private static let pin = String(repeating: "ab", count: 32)

    @Test("a code on its own rides along with the site address")
    func plainCode() throws {
        let invitation = try SiteInvitation(site: "=example.org:8444", invite: " code123 ")
        #expect(invitation.site == "=example.org:8444")
        #expect(invitation.code == "code123")
        #expect(try SiteInvitation(site: "+example.org:8444", invite: nil).code == nil)
    }

    @Test("a link gives the site: pinned with pin=, from an authority without; in --invite or --site")
    func links() throws {
        let pinned = try SiteInvitation(site: nil, invite: "tmtp://example.org:8444/?invite=abc&pin=\(Self.pin)")
        #expect(pinned.site == "=example.org:8444#\(Self.pin)")
        #expect(pinned.code == "abc")
        let authority = try SiteInvitation(site: "tmtp://example.org:443/?invite=xyz", invite: nil)
        #expect(authority.site == "+example.org:443")
        #expect(authority.code == "xyz")
        let both = try SiteInvitation(
            site: "=example.org:8444#\(Self.pin)", invite: "tmtp://example.org:8444/?invite=abc&pin=\(Self.pin)")
        #expect(both.code == "abc")
    }

    @Test("a link that disagrees with --site, a malformed link or no site at all is refused")
    func refusals() {
        #expect(throws: SiteInvitationError.self) {
            try SiteInvitation(site: "+other.org:443", invite: "tmtp://example.org:443/?invite=abc")
        }
        #expect(throws: SiteInvitationError.self) {
            try SiteInvitation(site: "tmtp://example.org:443/?invite=abc", invite: "def")
        }
        #expect(throws: SiteInvitationError.self) {
            try SiteInvitation(site: nil, invite: "tmtp://example.org/?invite=a")
        }
        #expect(throws: SiteInvitationError.self) {
            try SiteInvitation(site: nil, invite: "tmtp://example.org:443/?invite=a&pin=short")
        }
        #expect(throws: SiteInvitationError.missingSite) { try SiteInvitation(site: nil, invite: "abc") }
        #expect(throws: SiteInvitationError.self) { try SiteInvitation(site: "+example.org:443", invite: "a/b") }
    }
}
