import Foundation
import Logging
import TMTP
import TMTPTransport

/// One link's life for an account: TmtpRev, Register or Login, OhiEdit init, then the receive
/// loop (store through the ``InboundReceiver``, then ack) beside the ``OutboxSender`` until it
/// ends.
struct AccountSession: Sendable {
    let sync: AccountSync
    let acks = AckRouter()

    private var account: String { sync.account }
    private var store: ClientStore { sync.store }
    private var configuration: SyncConfiguration { sync.configuration }
    private var logger: Logger { sync.logger }

    init(sync: AccountSync) {
        self.sync = sync
    }

    private var inbound: InboundReceiver {
        InboundReceiver(store: store, account: account, home: configuration.home, logger: logger)
    }

    /// Runs until the link ends; always throws the reason it ended.
    func run() async throws {
        await sync.setState(.connecting)
        guard let record = try await store.account(named: account) else {
            throw SyncFailure.rejected("the account \"\(account)\" no longer exists")
        }
        let address: SiteAddress
        do {
            address = try SiteAddress(parsing: record.siteAddress)
        } catch {
            throw SyncFailure.rejected("\(error)")
        }
        let link: ClientLink
        do {
            link = try await ClientLink.connect(
                to: address, options: ClientLinkOptions(knownSites: configuration.knownSites))
        } catch let error as TransportError {
            if let refusal = Self.certificateRefusal(error, address: address, knownSites: configuration.knownSites) {
                throw refusal
            }
            throw error
        }
        try await link.run { messages, writer in
            do {
                let me = try await handshake(&messages, writer, record: record)
                await sync.markOnline()
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask { try await OutboxSender(sync: sync, acks: acks).run(writer) }
                    do {
                        try await receiveLoop(&messages, writer, me: me, link: link)
                    } catch {
                        group.cancelAll()
                        await acks.closeAll()
                        await sync.wake()
                        throw error
                    }
                }
            } catch {
                await sync.linkFailed(error)
                throw error
            }
        }
    }

    /// A certificate other than the trusted one will not change by retrying: say which file
    /// records the trusted one, so the user can check the site and edit it.
    static func certificateRefusal(_ error: TransportError, address: SiteAddress, knownSites: any KnownSites)
        -> SyncFailure?
    {
        switch error {
        case .certificateChanged(_, let remembered, let presented):
            let file = (knownSites as? KnownSitesFile).map { " (\($0.path))" } ?? ""
            return .refused(
                "\(address): the site's certificate has CHANGED since it was first trusted (was \(remembered), "
                    + "now \(presented)); if the site's operator confirms the change, delete the line for "
                    + "\(address.endpoint) from the known-sites file\(file), or pin the new certificate by "
                    + "adding the account again with =\(address.endpoint)#\(presented)")
        case .pinMismatch:
            return .refused(
                "\(error); if the site's operator confirms the change, add the account again with the new pin")
        default:
            return nil
        }
    }

    // MARK: - Handshake

    private func handshake(_ messages: inout ReceivedMessages, _ writer: LinkWriter, record: Account) async throws
        -> Account
    {
        try await writer.send(.tmtpRev(.init()))
        let revision = try await nextHeader(&messages)
        guard case .tmtprev(let site) = revision else { throw SyncFailure.unexpected(revision.op) }
        var record = record
        if record.siteName != site.name {
            record = try await store.updateAccount(named: account) { $0.siteName = site.name }
        }
        let secrets = SecretsFile(home: configuration.home)
        if let uid = record.uid {
            let password: String?
            do {
                password = try secrets.password(for: account)
            } catch {
                throw SyncFailure.rejected("\(error)")
            }
            guard let password else {
                throw SyncFailure.rejected("no node password for \"\(account)\" in \(secrets.url.path)")
            }
            try await writer.send(.login(.init(uid: uid, node: password)))
        } else {
            let label = configuration.deviceLabel
            let newNode = record.invite.map { InviteRequest.newNode(code: $0, label: label) } ?? label
            try await writer.send(
                .register(.init(newNode: newNode, newAlias: record.alias ?? "_", oidc: configuration.signInToken)))
            let reply = try await nextHeader(&messages)
            guard case .registered(let registered) = reply else { throw SyncFailure.unexpected(reply.op) }
            do {
                try secrets.setPassword(registered.nodeID, for: account)
            } catch {
                throw SyncFailure.rejected("registered, but cannot save the node password: \(error)")
            }
            let refusal = registered.error
            record = try await store.updateAccount(named: account) {
                $0.uid = registered.uid
                $0.state = .registered
                $0.nodeNumber = 1
                $0.invite = nil
                if let refusal {
                    $0.alias = nil
                    $0.error = "alias refused: \(refusal)"
                } else {
                    $0.error = nil
                }
            }
        }
        let reply = try await nextHeader(&messages)
        guard case .info(let info) = reply else { throw SyncFailure.unexpected(reply.op) }
        for uid in info.ohi ?? [] {
            if try await !store.isBlocked(account: account, uid: uid) { await sync.setPresence(uid, online: true) }
        }
        let uids = try await store.presenceUIDs(account: account)
        if !uids.isEmpty {
            // Presence must be re-announced after every login; its ack is not tracked.
            try await writer.send(.ohiEdit(.init(id: "first_ohi", uids: uids, kind: .initialize)))
        }
        return record
    }

    private func nextHeader(_ messages: inout ReceivedMessages) async throws -> ServerMessage {
        guard let message = try await messages.next() else { throw SyncFailure.linkClosed }
        if case .quit(let quit) = message.header {
            if QuitReason(rawValue: quit.error) == .authenticationRequired, configuration.signInToken != nil {
                throw SyncFailure.refused(
                    "the site refused the sign-in (authentication required): the provider's token is not one it "
                        + "accepts (expired, or for another site); add the account again to sign in again")
            }
            throw Self.failure(quit.error)
        }
        return message.header
    }

    private static func failure(_ reason: String) -> SyncFailure {
        switch (QuitReason(rawValue: reason), reason) {
        case (.loginFailed, _):
            .rejected("the site refused this device's node password (login failed); remove and re-add the account")
        case (.authenticationRequired, _):
            .refused(
                "the site requires sign-in (OpenID Connect) to register; add the account with `quire account add`, "
                    + "which signs in with one of the site's providers")
        case (_, RegistrationRefusal.closed):
            .refused("the site does not take new accounts (registration closed); ask its operator for an account")
        case (_, RegistrationRefusal.inviteRequired):
            .refused(
                "the site takes new accounts by invitation only (registration requires an invite); "
                    + "ask its operator for an invite code or link and add the account with it")
        case (_, RegistrationRefusal.inviteRefused):
            .refused(
                "the site refused the invite code (invite refused: unknown, used up, expired or revoked); "
                    + "ask its operator for a new one")
        default:
            .quit(reason)
        }
    }

    // MARK: - Receiving

    private func receiveLoop(_ messages: inout ReceivedMessages, _ writer: LinkWriter, me: Account, link: ClientLink)
        async throws
    {
        while let message = try await messages.next() {
            switch message.header {
            case .ack(let ack):
                try await apply(ack)
            case .ohi(let ohi):
                if try await !store.isBlocked(account: account, uid: ohi.from) {
                    await sync.setPresence(ohi.from, online: ohi.status == ServerMessage.Ohi.online)
                }
            case .quit(let quit):
                throw Self.failure(quit.error)
            case .tmtprev, .registered, .info:
                continue
            default:
                guard let std = message.header.std else { continue }
                let isDelivery = if case .delivery = message.header { true } else { false }
                if isDelivery, configuration.crashPoints.fire(.beforeCommit) { throw SyncFailure.crash(.beforeCommit) }
                let received = try await inbound.receive(message, std: std, me: me, peer: link.peerFingerprint)
                if let event = received.newMessage { await sync.emit(.newMessage(event)) }
                // The site gives the new node only what is still queued for this one: send it the
                // rest. (A node is enrolled only for a registered account, which has a uid.)
                if received.enrolledNode, let uid = me.uid {
                    try await HistoryShare(store: store).queue(
                        account: account, author: Outgoing.Author(uid: uid, alias: me.alias ?? uid))
                }
                if isDelivery, configuration.crashPoints.fire(.afterCommitBeforeAck) {
                    throw SyncFailure.crash(.afterCommitBeforeAck)
                }
                // Only now, with the effects committed, may the site forget the message.
                try await writer.send(.ack(.init(id: std.id)))
            }
        }
        throw SyncFailure.linkClosed
    }

    private func apply(_ ack: ServerMessage.Ack) async throws {
        guard await acks.isExpected(ack.id) else { return }
        do {
            if let error = ack.error {
                try await store.markFailed(account: account, id: ack.id, reason: error)
                await acks.deliver(ack.id, .failed(error))
            } else {
                try await store.markSent(account: account, id: ack.id, msgid: ack.msgID, posted: ack.posted)
                await acks.deliver(ack.id, .sent)
            }
            await sync.emit(.outbox(account: account, id: ack.id, sent: ack.error == nil))
        } catch ClientStoreError.unknownOutboxItem {
            await acks.deliver(ack.id, .failed("the outbox row is gone"))
        }
    }
}
