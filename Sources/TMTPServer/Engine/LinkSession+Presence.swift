import TMTP

extension LinkSession {
    /// OhiEdit: every listed uid must exist (else nothing changes), then flags change in the user's
    /// `ohi` set and the affected users' live links are told; add/drop is echoed to own nodes.
    func ohiEdit(_ op: ClientMessage.OhiEdit) async throws {
        try await reader.skipData()
        let me = try sender
        let kind = try op.kind()
        let uids = op.recipients.map(\.id)
        do {
            _ = try await store.nodes(of: uids)
        } catch {
            await ack(op.id, error: errorText(error, op: "OhiEdit"))
            return
        }
        let (on, off) = await site.registry.editOhi(user: me.uid, link: link, kind: kind, uids: uids)
        await site.announcePresence(of: me.uid, flags: on, online: true)
        await site.announcePresence(of: me.uid, flags: off, online: false)
        if kind != .initialize {
            do {
                try await enqueueNotice(
                    { .ohiedit(.init(std: $0, recipients: op.recipients, type: op.type)) }, from: me.uid,
                    to: try await FanOut(store: store, sender: me).ownNodes())
            } catch {
                await ack(op.id, error: errorText(error, op: "OhiEdit"))
                return
            }
        }
        await reply(.ack(.init(id: op.id)))
    }
}
