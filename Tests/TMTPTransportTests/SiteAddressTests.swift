import TMTPTransport
import Testing

@Suite struct SiteAddressTests {
    @Test func parsesTheThreeForms() throws {
        let ca = try SiteAddress(parsing: "+mnm.example.org:443")
        #expect(ca.host == "mnm.example.org" && ca.port == 443 && ca.trust == .certificateAuthorities)

        let tofu = try SiteAddress(parsing: "=127.0.0.1:8444")
        #expect(tofu.host == "127.0.0.1" && tofu.port == 8444 && tofu.trust == .trustOnFirstUse)

        let hex = String(repeating: "aB", count: 32)
        let pinned = try SiteAddress(parsing: "=site.local:9000#\(hex)")
        #expect(pinned.trust == .pinned(try #require(CertificateFingerprint(hex: hex))))
        #expect(pinned.description == "=site.local:9000#\(hex.lowercased())")

        let v6 = try SiteAddress(parsing: "=[::1]:8444")
        #expect(v6.host == "::1" && v6.endpoint == "[::1]:8444")
    }

    @Test func colonSeparatedFingerprintsAreAccepted() throws {
        let bytes = (0..<32).map { String(format: "%02X", $0) }
        let fingerprint = try #require(CertificateFingerprint(hex: bytes.joined(separator: ":")))
        #expect(fingerprint.bytes == Array(0..<32))
    }

    @Test(arguments: [
        ("host:1", "must start with"),
        ("+host", "missing ':port'"),
        ("=:80", "missing host"),
        ("=host:0", "port must be"),
        ("=host:99999", "port must be"),
        ("=host:http", "port must be"),
        ("+host:443#" + String(repeating: "0", count: 64), "only for '='"),
        ("=host:443#abc", "64 hex digits"),
        ("=[::1:443", "IPv6"),
    ])
    func refusesMalformedAddresses(text: String, reason: String) {
        #expect {
            try SiteAddress(parsing: text)
        } throws: { error in
            "\(error)".contains(reason) && "\(error)".contains(text)
        }
    }
}
