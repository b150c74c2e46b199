import Foundation
import TMTP

extension LinkSession {
    // MARK: Register

    func register(_ op: ClientMessage.Register) async throws {
        try await reader.skipData()
        let identity = try await authenticate(op.oidc)
        let request = InviteRequest(newNode: op.newNode)
        var invite: String?
        switch configuration.registration {
        case .open: break
        case .closed: throw SessionEnd(RegistrationRefusal.closed)
        case .invite:
            guard let code = request.code, !code.isEmpty else { throw SessionEnd(RegistrationRefusal.inviteRequired) }
            invite = code
        }
        if configuration.registration != .open, await site.isLoginBlocked(link.remoteHost) {
            throw SessionEnd(RegistrationRefusal.inviteRefused)
        }
        let password = NodeKey.makePassword()
        let keyHash = try await hashNodeKey(password.bytes)
        let uid = NodeKey.makeUID()
        let node: NodeAddress
        do {
            node = try await store.createUser(
                uid: uid, nodeKeyHash: keyHash, invite: invite,
                signIn: identity.map { SignInIdentity(issuer: $0.issuer, subject: $0.subject) }, now: Date())
        } catch StoreError.inviteRefused {
            await site.recordLoginFailure(link.remoteHost)
            throw SessionEnd(RegistrationRefusal.inviteRefused)
        } catch {
            logger.error("\(label) register failed: \(error)")
            throw SessionEnd(.registerFailure)
        }
        var aliasError: String?
        if op.newAlias != "_" {
            aliasError = await addAlias(op.newAlias, for: uid)
        }
        let queue = makeQueue(for: node)
        guard case .claimed = await site.registry.claim(node, link: link, queue: queue) else {
            throw SessionEnd(.registerFailure)
        }
        guard await claimAcrossInstances(node) else {
            await site.registry.release(node, link: link)
            throw SessionEnd(.registerFailure)
        }
        SiteMetrics.registrations.increment()
        logIn(node, queue: queue)
        logger.info("\(label) + register\(identity.map { " oidc \($0.issuer) \($0.subject)" } ?? "")")
        await reply(.registered(.init(uid: uid, nodeID: password.text, error: aliasError)))
        await sendInfo()
        startDelivery(queue)
    }

    /// Checks Register's token result when the site uses OpenID Connect; returns the claims of its
    /// ID token when one was verified. As on the reference server, an `oidc` object sent to a site
    /// where sign-in is optional is checked too. Only the issuer and subject are kept (no e-mail
    /// address or other claims to leak or keep in sync).
    private func authenticate(_ token: OIDCToken?) async throws -> IDTokenClaims? {
        guard let oidc = configuration.oidc, !oidc.providers.isEmpty else { return nil }
        if token == nil && !oidc.required { return nil }
        do {
            return try await oidc.verify(token?.idToken ?? "")
        } catch {
            await site.recordLoginFailure(link.remoteHost)
            logger.info("\(label) register refused: id token \(error)")
            throw SessionEnd(.authenticationRequired)
        }
    }

    /// Adds an alias the way Register and UserEdit do; returns the refusal text, if any.
    func addAlias(_ alias: String, for uid: String) async -> String? {
        guard alias.utf8.count >= 8 else { return "newalias must be 8+ characters" }
        do {
            try await store.addAlias(alias, for: uid)
            return nil
        } catch {
            return errorText(error, op: "AddAlias")
        }
    }

    // MARK: Login

    func login(_ op: ClientMessage.Login) async throws {
        try await reader.skipData()
        let password = try op.nodeBytes()
        guard await !site.isLoginBlocked(link.remoteHost) else { throw SessionEnd(.loginFailed) }
        let keyHash = try await hashNodeKey(password)
        guard let number = try await store.verify(uid: op.uid, nodeKeyHash: keyHash) else {
            await site.recordLoginFailure(link.remoteHost)
            throw SessionEnd(.loginFailed)
        }
        // Told apart from a wrong key only in the log: the link learns no more than "login failed".
        guard !site.suspended.contains(op.uid) else {
            logger.info("\(link.remote) login refused: suspended member")
            throw SessionEnd(.loginFailed)
        }
        let node = NodeAddress(uid: op.uid, number: number)
        let queue = makeQueue(for: node)
        switch await site.registry.claim(node, link: link, queue: queue) {
        case .claimed:
            // Another instance sharing the store may have it logged in.
            guard await claimAcrossInstances(node) else {
                await site.registry.release(node, link: link)
                throw SessionEnd(.nodeAlreadyConnected)
            }
        case .alreadyConnected: throw SessionEnd(.nodeAlreadyConnected)
        case .tookOver(let previous):
            logger.info("\(label) + takeover of silent link \(previous.remote)")
            previous.activity.recordClose("fail taken over by a new login")
            previous.close()
        }
        logIn(node, queue: queue)
        logger.info("\(label) + login")
        await sendInfo()
        startDelivery(queue)
        do {
            let nodes = try await FanOut(store: store, sender: node).ownNodes()
            try await enqueueNotice({ .login(.init(std: $0)) }, from: node.uid, to: nodes)
        } catch {
            logger.error("\(label) login notice not queued: \(error)")
        }
    }

    /// The store's claim on a node this process's registry just gave the link; `false` when
    /// another process holds it or the claim could not be made.
    private func claimAcrossInstances(_ node: NodeAddress) async -> Bool {
        do {
            return try await store.claimLogin(node)
        } catch {
            logger.error("\(label) login claim failed: \(error)")
            return false
        }
    }

    private func makeQueue(for node: NodeAddress) -> NodeQueue {
        NodeQueue(
            node: node, store: store, outbox: link.outbox, ackTimeout: configuration.ackTimeout,
            eventLoop: link.channel.eventLoop, logger: site.logger)
    }

    private func logIn(_ node: NodeAddress, queue: NodeQueue) {
        self.node = node
        self.queue = queue
        state.isLoggedIn = true
        site.admission.release(link)
        link.channel.triggerUserOutboundEvent(LinkTimeoutHandler.LoggedIn(), promise: nil)
    }

    private func sendInfo() async {
        guard let node else { return }
        let watchers = await site.watchers(of: node.uid)
        await reply(.info(.init(ohi: watchers.isEmpty ? nil : watchers)))
    }

    private func startDelivery(_ queue: NodeQueue) {
        Task { await queue.start() }
    }

    // MARK: UserEdit

    func userEdit(_ op: ClientMessage.UserEdit) async throws {
        try await reader.skipData()
        let me = try sender
        let change = try op.change()
        let fanOut = FanOut(store: store, sender: me)
        do {
            switch change {
            case .newAlias(let alias):
                if let refusal = await addAlias(alias, for: me.uid) {
                    await ack(op.id, error: refusal)
                    return
                }
                try await enqueueNotice(
                    { .user(.init(std: $0, newAlias: alias)) }, from: me.uid, priority: .edit,
                    to: try await fanOut.ownNodes())
            case .newNode(let label):
                let password = NodeKey.makePassword()
                let keyHash = try await hashNodeKey(password.bytes)
                // The backlog copied is what this node has not acked: an ack still committing (on
                // a store that runs writes side by side) must land first.
                await queue?.acksCommitted()
                _ = try await store.addNode(uid: me.uid, nodeKeyHash: keyHash, copyingBacklogOf: me.number)
                try await enqueueNotice(
                    { .user(.init(std: $0, newNode: label, nodeID: password.text)) }, from: me.uid, priority: .edit,
                    to: try await fanOut.ownNodes())
            }
        } catch {
            await ack(op.id, error: errorText(error, op: "UserEdit"))
            return
        }
        await reply(.ack(.init(id: op.id)))
    }
}
