import TMTP

extension LinkSession {
    /// GroupInvite: ping-rule data, then the directory's invite; the `invite` goes to the invitee and
    /// the sender's other nodes, a `member` notice to every joined member.
    func groupInvite(_ op: ClientMessage.GroupInvite) async throws {
        let text = try await pingText()
        let me = try sender
        guard op.gid.utf8.count >= 8 else {
            await ack(op.id, error: "gid must be 8+ characters")
            return
        }
        if let refusal = await takePingAllowance(me) {
            await ack(op.id, error: refusal)
            return
        }
        let fanOut = FanOut(store: store, sender: me)
        let stamp: SiteStamp
        do {
            let invitee = try await store.groupInvite(gid: op.gid, alias: op.to, byAlias: op.from, byUid: me.uid)
            let inviteNodes = try await fanOut.nodes(of: [invitee], includingSelf: true)
            let members = try await store.groupMembers(gid: op.gid).filter { $0.status == .joined }.map(\.uid)
            let memberNodes = try await fanOut.nodes(of: members, includingSelf: true)
            stamp = try await enqueue(stamping: 2) { stamps in
                let invite = ServerMessage.invite(
                    .init(
                        std: std(
                            id: stamps[0].id, posted: stamps[0].posted, from: me.uid, dataLength: Int64(text.count),
                            dataHead: op.dataHead, dataSum: op.dataSum),
                        gid: op.gid, alias: op.from, to: op.to))
                return [
                    Delivery(
                        SiteMessage(
                            id: stamps[0].id, header: invite.headerJSON(), data: text.isEmpty ? .none : .inline(text)),
                        to: inviteNodes),
                    notice(
                        { .member(.init(std: $0, act: "invite", gid: op.gid, alias: op.to)) }, stamp: stamps[1],
                        from: me.uid, to: memberNodes),
                ]
            }[0]
        } catch {
            await ack(op.id, error: errorText(error, op: "GroupInvite"))
            return
        }
        await reply(.ack(.init(id: op.id, msgID: MessageID(stamp.id).description, posted: stamp.posted)))
    }

    /// GroupEdit join / alias / drop; the `member` notice goes to the joined members as they are
    /// after the change, the dropped member, and the sender's other nodes.
    func groupEdit(_ op: ClientMessage.GroupEdit) async throws {
        try await reader.skipData()
        let me = try sender
        let action = try op.action()
        let fanOut = FanOut(store: store, sender: me)
        do {
            let member: (String, String, String?)
            var extra: [String] = []
            switch action {
            case .join(let newAlias):
                let alias = try await store.groupJoin(gid: op.gid, uid: me.uid, newAlias: newAlias)
                // The reference leaves `newalias` out of join notices (PROTOCOL.md 7.6); we carry it.
                member = ("join", alias, newAlias)
            case .alias(let newAlias):
                let old = try await store.groupAlias(gid: op.gid, uid: me.uid, newAlias: newAlias)
                member = ("alias", old, newAlias)
            case .drop(let to):
                let dropped = try await store.groupDrop(gid: op.gid, alias: to, byUid: me.uid)
                extra = [dropped]
                member = ("drop", to, nil)
            }
            let joined = try await store.groupMembers(gid: op.gid).filter { $0.status == .joined }.map(\.uid)
            let nodes = try await fanOut.nodes(of: joined + extra.filter { !joined.contains($0) }, includingSelf: true)
            let (act, alias, newAlias) = member
            try await enqueueNotice(
                { .member(.init(std: $0, act: act, gid: op.gid, alias: alias, newAlias: newAlias)) }, from: me.uid,
                to: nodes)
        } catch {
            await ack(op.id, error: errorText(error, op: "GroupEdit"))
            return
        }
        await reply(.ack(.init(id: op.id)))
    }

    /// Reads Ping/GroupInvite data, whose length `checkOperation` already capped at 420 bytes, and
    /// applies the UTF-8 and 140-unit rules.
    func pingText() async throws -> [UInt8] {
        let text = try await reader.smallData()
        try PingText.validate(text)
        return text
    }

    /// Counts a ping or invite against the optional daily limit; the refusal text when it is spent.
    func takePingAllowance(_ me: NodeAddress) async -> String? {
        let limit = configuration.dailyPingLimit
        guard limit > 0, await !site.takeDailyPing(me.uid, limit: limit) else { return nil }
        return "daily ping limit of \(limit) reached"
    }
}
