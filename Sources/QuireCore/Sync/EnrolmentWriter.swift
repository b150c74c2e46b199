import Foundation
import TMTP
import TMTPTransport

/// Writes the bundle a new device of the account enrols with, when the site says the node this
/// device asked for exists: the site, its pinned certificate, the uid and the node's password.
struct EnrolmentWriter: Sendable {
    let store: ClientStore
    let account: String
    let home: QuireHome

    /// Writes the enrolment bundle of node `label` if this device asked for it (UserEdit
    /// `newnode`); returns whether it did. `peer` is the certificate this link trusts.
    func write(label: String, node: String, me: Account, peer: CertificateFingerprint) async throws -> Bool {
        let rows = try await store.outboxItems(account: account, states: [.queued, .sent, .failed])
        let requested = rows.contains { row in
            guard row.kind == .userEdit,
                case .userEdit(let edit)? = try? ClientMessage.decode(json: ArraySlice(row.headerJSON.utf8))
            else { return false }
            return edit.newNode == label
        }
        guard requested, let uid = me.uid else { return false }
        var siteAddress = me.siteAddress
        if let address = try? SiteAddress(parsing: me.siteAddress), address.trust != .certificateAuthorities {
            // The new device pins the certificate this one trusts.
            siteAddress =
                SiteAddress(host: address.host, port: address.port, trust: .pinned(peer))
                .description
        }
        let bundle = EnrolmentBundle(
            account: account, siteAddress: siteAddress, siteName: me.siteName, uid: uid, alias: me.alias,
            label: label, node: node)
        let directory = home.enrolmentsDirectory
        try FileManager.default.createDirectory(
            at: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        try bundle.write(to: EnrolmentBundle.pendingURL(account: account, label: label, home: home))
        return true
    }
}

extension EnrolmentBundle {
    /// Where the sync writes the bundle of a node requested from this device.
    public static func pendingURL(account: String, label: String, home: QuireHome) -> URL {
        let hex = account.utf8.map { String(format: "%02x", $0) }.joined()
        return home.enrolmentsDirectory.appendingPathComponent("\(hex)-\(AttachmentFileName.sanitise(label)).json")
    }
}
