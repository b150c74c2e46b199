import Foundation
import Logging
import TMTP
import TMTPTransport

/// Stores what the site sends one account on a link, besides acks, presence and quits: posts and
/// forwarded threads (through ``DeliveryReceiver``), pings and invitations, group member changes,
/// and user changes (a node this device asked for gets its enrolment bundle). It says what
/// follows; the session announces it.
struct InboundReceiver: Sendable {
    let store: ClientStore
    let account: String
    let home: QuireHome
    let logger: Logger

    /// What storing one message leads to.
    struct Received: Sendable {
        /// A new message to announce.
        var newMessage: NewMessageEvent?
        /// A node this device asked for was enrolled: it needs this node's history.
        var enrolledNode = false
    }

    /// Stores `message` (its effects committed when this returns, so the site may be acked) and
    /// says what follows from it.
    func receive(_ message: InboundMessage, std: ServerMessage.Std, me: Account, peer: CertificateFingerprint)
        async throws -> Received
    {
        var received = Received()
        let text = String(decoding: message.data, as: UTF8.self)
        switch message.header {
        case .delivery, .notify:
            let receiver = DeliveryReceiver(store: store, account: account, logger: logger)
            received.newMessage = try await receiver.receive(message.header, data: message.data, me: me)
        case .ping(let ping):
            try await store.storePing(
                ReceivedNotice(
                    serverID: std.id, kind: .ping, fromAlias: ping.alias, fromUID: std.from, text: text,
                    posted: std.posted),
                to: ping.to, account: account)
        case .invite(let invite):
            try await store.storePing(
                ReceivedNotice(
                    serverID: std.id, kind: .invite, fromAlias: invite.alias, fromUID: std.from, gid: invite.gid,
                    text: text, posted: std.posted),
                to: invite.to, account: account)
        case .member(let member):
            let action: MemberChange.Action? =
                switch member.act {
                case "invite": .invite
                case "join": .join
                case "alias": member.newAlias.map { .alias(newAlias: $0) }
                case "drop": .drop
                default: nil
                }
            if let action {
                try await store.storeMemberChange(
                    MemberChange(
                        serverID: std.id, fromUID: std.from, gid: member.gid, alias: member.alias, action: action),
                    account: account)
            } else {
                try await store.markSeen(account: account, serverID: std.id)
            }
        case .user(let user):
            if let label = user.newNode, let node = user.nodeID, !node.isEmpty {
                let enrolment = EnrolmentWriter(store: store, account: account, home: home)
                received.enrolledNode = try await enrolment.write(label: label, node: node, me: me, peer: peer)
            }
            try await store.storeUserChange(serverID: std.id, newAlias: user.newAlias, account: account)
        default:
            // login, ohiedit: nothing to keep but the id.
            try await store.markSeen(account: account, serverID: std.id)
        }
        return received
    }
}
