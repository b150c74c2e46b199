import NIOSSL

/// Inputs recorded from real clients, as a starting corpus: each client's hello, a whole TLS 1.3 client handshake
/// (whose second flight cannot verify against a fresh server), a TLS 1.2 hello offering only a CBC suite (which the
/// server refuses), and session scripts for each client.
enum Seeds {
    static func all() throws -> [(name: String, bytes: [UInt8])] {
        var seeds: [(String, [UInt8])] = []
        for kind in FuzzSite.Client.allCases {
            let link = try LinkPair(client: FuzzSite.shared.context(for: kind))
            seeds.append(("hello-\(kind)", [0] + link.takeClientOutput()))
            let byte = UInt8(kind.rawValue)
            seeds.append(("session-\(kind)", [1, byte, 0, 3, 1, 2, 0, 0, 4, 0]))
            seeds.append(("tampered-\(kind)", [1, byte, 0, 1, 2, 0, 0, 0, 9, 0x40, 1, 0]))
            seeds.append(("injected-\(kind)", [1, byte, 0, 0, 3, 5, 0x17, 3, 3, 0, 1, 0xFF, 0, 1]))
        }
        let whole = try LinkPair(client: FuzzSite.shared.context(for: .tls13))
        whole.pump()
        seeds.append(("handshake-tls13", [0] + whole.clientSent))

        var cbc = TLSConfiguration.makeClientConfiguration()
        cbc.certificateVerification = .none
        cbc.maximumTLSVersion = .tlsv12
        cbc.cipherSuites = "ECDHE-ECDSA-AES128-SHA"
        let refused = try LinkPair(client: try NIOSSLContext(configuration: cbc))
        seeds.append(("hello-tls12-cbc", [0] + refused.takeClientOutput()))
        return seeds
    }
}
