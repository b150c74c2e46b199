import TMTP

extension LinkSession {
    /// Post: recipients are resolved first (all or nothing), the data streams into memory or a blob,
    /// and the `ack` with `msgid` goes out only after the message is committed for every node.
    func post(_ op: ClientMessage.Post) async throws {
        try checkMessageSize(op.dataLength)
        let me = try sender
        let fanOut = FanOut(store: store, sender: me)
        let recipients: [NodeAddress]
        do {
            recipients = try await fanOut.nodes(of: try await fanOut.uids(named: op.recipients), includingSelf: true)
        } catch {
            try await reader.skipData()
            await ack(op.id, error: errorText(error, op: "Post"))
            return
        }
        let sink = makeSink(op.dataLength)
        defer { sink.discard() }
        try await reader.readData(into: [sink])
        let stamp: SiteStamp
        do {
            let data = try await sink.finish()
            stamp = try await enqueueOwning(data, stamping: 1) { stamps in
                let header = ServerMessage.delivery(
                    .init(
                        std: std(
                            id: stamps[0].id, posted: stamps[0].posted, from: me.uid, dataLength: op.dataLength,
                            dataHead: op.dataHead, dataSum: op.dataSum))
                ).headerJSON()
                return [Delivery(SiteMessage(id: stamps[0].id, header: header, data: data), to: recipients)]
            }[0]
        } catch {
            await ack(op.id, error: errorText(error, op: "Post"))
            return
        }
        SiteMetrics.posts.increment()
        await reply(.ack(.init(id: op.id, msgID: MessageID(stamp.id).description, posted: stamp.posted)))
    }

    /// PostNotify: the first `notelen` bytes are the notification, the rest the post. The post goes
    /// to `for` (and the sender's other nodes unless `fornotself`), the `notify` to `notefor` and
    /// `for` and the sender's other nodes; both commit together before the `ack`.
    func postNotify(_ op: ClientMessage.PostNotify) async throws {
        try checkMessageSize(op.dataLength)
        let me = try sender
        let fanOut = FanOut(store: store, sender: me)
        let postNodes: [NodeAddress]
        let noteNodes: [NodeAddress]
        do {
            let postUids = try await fanOut.uids(named: op.recipients)
            let noteUids = try await fanOut.uids(named: op.noteRecipients)
            postNodes = try await fanOut.nodes(of: postUids, includingSelf: !op.forNotSelf)
            noteNodes = try await fanOut.nodes(
                of: noteUids + postUids.filter { !noteUids.contains($0) }, includingSelf: true)
        } catch {
            try await reader.skipData()
            await ack(op.id, error: errorText(error, op: "PostNotify"))
            return
        }
        let noteSink = makeSink(op.noteLength)
        let postSink = makeSink(op.postLength)
        defer {
            noteSink.discard()
            postSink.discard()
        }
        try await reader.readData(into: [noteSink, postSink])
        let postStamp: SiteStamp
        do {
            let noteData = try await noteSink.finish()
            let postData = try await postSink.finish()
            let notifyCount = Int64(op.recipients.count + op.noteRecipients.count + (op.forNotSelf ? 0 : 1))
            postStamp = try await enqueueOwning(noteData, postData, stamping: 2) { stamps in
                let (postStamp, noteStamp) = (stamps[0], stamps[1])
                let delivery = ServerMessage.delivery(
                    .init(
                        std: std(
                            id: postStamp.id, posted: postStamp.posted, from: me.uid, dataLength: op.postLength,
                            dataHead: op.dataHead, dataSum: op.dataSum),
                        notify: notifyCount))
                let notify = ServerMessage.notify(
                    .init(
                        std: std(
                            id: noteStamp.id, posted: noteStamp.posted, from: me.uid, dataLength: op.noteLength,
                            dataHead: op.noteHead, dataSum: op.noteSum),
                        postID: MessageID(postStamp.id).description))
                return [
                    Delivery(
                        SiteMessage(id: postStamp.id, header: delivery.headerJSON(), data: postData), to: postNodes),
                    Delivery(
                        SiteMessage(id: noteStamp.id, header: notify.headerJSON(), data: noteData), to: noteNodes),
                ]
            }[0]
        } catch {
            await ack(op.id, error: errorText(error, op: "PostNotify"))
            return
        }
        SiteMetrics.posts.increment()
        await reply(.ack(.init(id: op.id, msgID: MessageID(postStamp.id).description, posted: postStamp.posted)))
    }

    /// Ping: at most 420 bytes of valid UTF-8 and 140 UTF-16 units; `from` must be the sender's
    /// alias and `to` must resolve.
    func ping(_ op: ClientMessage.Ping) async throws {
        let text = try await pingText()
        let me = try sender
        let stamp: SiteStamp
        do {
            guard try await store.lookup(alias: op.from) == me.uid else {
                await ack(op.id, error: "from must identify sender")
                return
            }
            guard let target = try await store.lookup(alias: op.to) else {
                await ack(op.id, error: DirectoryError.aliasNotFound(op.to).message)
                return
            }
            if let refusal = await takePingAllowance(me) {
                await ack(op.id, error: refusal)
                return
            }
            let nodes = try await FanOut(store: store, sender: me).nodes(of: [target], includingSelf: true)
            stamp = try await enqueue(stamping: 1, checksQuota: true) { stamps in
                let header = ServerMessage.ping(
                    .init(
                        std: std(
                            id: stamps[0].id, posted: stamps[0].posted, from: me.uid, dataLength: Int64(text.count),
                            dataHead: op.dataHead, dataSum: op.dataSum),
                        alias: op.from, to: op.to)
                ).headerJSON()
                return [
                    Delivery(
                        SiteMessage(id: stamps[0].id, header: header, data: text.isEmpty ? .none : .inline(text)),
                        to: nodes)
                ]
            }[0]
        } catch {
            await ack(op.id, error: errorText(error, op: "Ping"))
            return
        }
        await reply(.ack(.init(id: op.id, msgID: MessageID(stamp.id).description, posted: stamp.posted)))
    }

    // MARK: Helpers

    /// Ends the link before any data is read when a post is over the configured size.
    private func checkMessageSize(_ length: Int64) throws {
        guard length <= configuration.maxMessageSize else { throw SessionEnd(.dataTooLong) }
    }

    private func makeSink(_ length: Int64) -> DataSink {
        DataSink(length: length, inlineLimit: configuration.inlineDataLimit, blobs: store.blobs)
    }

    /// Stamps and enqueues (see ``enqueue(stamping:checksQuota:_:)``), checking the quota; on failure
    /// removes the blobs the store did not take.
    private func enqueueOwning(
        _ data: MessageData..., stamping count: Int, _ build: ([SiteStamp]) throws -> [Delivery]
    ) async throws -> [SiteStamp] {
        do {
            return try await enqueue(stamping: count, checksQuota: true, build)
        } catch {
            for case .blob(let blob) in data { try? store.blobs.discard(blob) }
            throw error
        }
    }
}
