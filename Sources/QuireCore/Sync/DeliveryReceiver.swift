import Foundation
import Logging
import TMTP

/// Stores the posts the site delivers to one account: a post with its attachment files, a
/// forwarded thread (PostNotify) and its note, a confirmation of a forwarded copy, node sync and
/// history. It needs no link, so a session and a replay of recorded frames store alike.
struct DeliveryReceiver: Sendable {
    let store: ClientStore
    let account: String
    let logger: Logger

    /// Stores a `delivery` or `notify`; returns the new message to announce, if there is one.
    /// Ack the site only after this returns.
    func receive(_ header: ServerMessage, data: [UInt8], me: Account) async throws -> NewMessageEvent? {
        guard let std = header.std else { return nil }
        switch header {
        case .delivery(let delivery):
            if delivery.notify != nil { return try await storeForwardedThread(data, std: std) }
            return try await storeDelivery(data, std: std, me: me)
        case .notify:
            try await storeNotify(data, std: std)
        default:
            try await store.markSeen(account: account, serverID: std.id)
        }
        return nil
    }

    /// Stores a post with its attachment files; node sync, history and confirmations go their own ways.
    private func storeDelivery(_ data: [UInt8], std: ServerMessage.Std, me: Account) async throws
        -> NewMessageEvent?
    {
        let post: PostData
        do {
            post = try PostData(data: data, dataheadLength: std.dataHead ?? 0)
        } catch {
            logger.warning("dropping malformed post \(std.id) from \(std.from): \(error)")
            try await store.markSeen(account: account, serverID: std.id)
            return nil
        }
        if post.datahead.nodeSync {
            // Only our own nodes may change our read state and tags.
            if std.from == me.uid,
                let changes = try? JSONDecoder().decode([NodeSyncChange].self, from: Data(post.body.utf8))
            {
                try await store.storeNodeSync(serverID: std.id, changes: changes, account: account)
            } else {
                try await store.markSeen(account: account, serverID: std.id)
            }
            return nil
        }
        if post.datahead.nodeHistory {
            try await storeHistory(data, post: post, std: std, me: me)
            return nil
        }
        if !post.datahead.confirmID.isEmpty {
            try await storeConfirmation(post, std: std)
            return nil
        }
        // One write stores the post and says what it did; a post with files takes one read
        // first, so the files of a post stored already are not written again.
        var attachments = post.attachments.map { AttachmentInfo(entry: $0.entry) }
        var written: [URL] = []
        if !attachments.isEmpty,
            let directory = try await store.attachmentsDirectory(account: account, unlessSeen: std.id)
        {
            let names = AttachmentFileName.stored(msgid: std.id, attachments: attachments)
            for index in attachments.indices {
                // Files first, durably; the row that points at them commits after.
                let file = directory.appendingPathComponent(names[index])
                try Self.writeDurably(post.attachments[index].bytes, to: file)
                attachments[index].storedPath = file.path
                written.append(file)
            }
        }
        let received = ReceivedMessage(
            msgid: std.id, fromUID: std.from, posted: std.posted,
            alias: post.datahead.alias.isEmpty ? nil : post.datahead.alias,
            threadID: post.datahead.threadID, subject: post.datahead.subject,
            recipients: post.datahead.cc.map {
                Recipient(alias: $0.who, uid: $0.whoUID.isEmpty ? nil : $0.whoUID, isGroup: $0.isGroup)
            },
            attachments: attachments, dataheadJSON: post.dataheadJSON, body: post.body)
        let stored = try await store.storeDelivery(received, account: account)
        guard stored.outcome == .stored else {
            for file in written { try? FileManager.default.removeItem(at: file) }
            return nil
        }
        guard std.from != me.uid else { return nil }
        let alias = stored.fromAlias ?? std.from
        return NewMessageEvent(
            account: account, msgid: std.id, threadID: received.effectiveThreadID, fromUID: std.from,
            fromAlias: alias, subject: received.subject)
    }

    /// Stores a confirm post. Its attachments are the files of the forwarded copy it vouches for,
    /// which came without them; only those that copy still waits for are written, so no file of
    /// a message received whole is ever touched.
    private func storeConfirmation(_ post: PostData, std: ServerMessage.Std) async throws {
        let confirmID = post.datahead.confirmID
        var attachments = post.attachments.map { AttachmentInfo(entry: $0.entry) }
        var written: [URL] = []
        if !attachments.isEmpty, try await !store.hasSeen(account: account, serverID: std.id),
            let copy = try await store.message(account: account, msgid: confirmID),
            copy.threadID == post.datahead.threadID, copy.fromUID == std.from, copy.forwardedBy != nil,
            !copy.isPossiblyForged,
            let directory = try await store.attachmentsDirectory(account: account)
        {
            let names = AttachmentFileName.stored(msgid: confirmID, attachments: attachments)
            for index in attachments.indices {
                let awaited = copy.attachments.contains {
                    $0.storedPath == nil && $0.kind == attachments[index].kind && $0.name == attachments[index].name
                        && $0.size == attachments[index].size
                }
                guard awaited else { continue }
                let file = directory.appendingPathComponent(names[index])
                try Self.writeDurably(post.attachments[index].bytes, to: file)
                attachments[index].storedPath = file.path
                written.append(file)
            }
        }
        try await store.storeConfirmation(
            serverID: std.id, fromUID: std.from, threadID: post.datahead.threadID, confirmID: confirmID,
            record: Self.confirmedRecord(post, from: std.from), body: post.body, attachments: attachments,
            account: account)
        guard !written.isEmpty else { return }
        let kept = Set(
            try await store.message(account: account, msgid: confirmID)?.attachments.compactMap(\.storedPath) ?? [])
        for file in written where !kept.contains(file.path) { try? FileManager.default.removeItem(at: file) }
    }

    /// The record a confirm post stands for, as the reference client rebuilds it: the message it
    /// names (id, posted time) from its sender, its datahead without Cc and confirm fields.
    static func confirmedRecord(_ post: PostData, from sender: String) -> ThreadFile.RecordSum {
        var subHead = post.datahead
        subHead.cc = []
        subHead.confirmID = ""
        subHead.confirmPosted = ""
        subHead.nodeSync = false
        subHead.nodeHistory = false
        let message = ThreadFile.Message(
            id: post.datahead.confirmID, fromUID: sender, posted: post.datahead.confirmPosted, subHead: subHead,
            body: post.body)
        // A head too long for a thread file cannot match any copy.
        return (try? ThreadFile.sum(message)) ?? ThreadFile.RecordSum(size: -1, checksum: 0)
    }

    /// Stores history sent by another node of ours: a thread file, or the summary that follows them.
    private func storeHistory(_ data: [UInt8], post: PostData, std: ServerMessage.Std, me: Account) async throws {
        guard std.from == me.uid else {
            // Only our own nodes may write our history.
            try await store.markSeen(account: account, serverID: std.id)
            return
        }
        if post.datahead.threadID.isEmpty {
            guard let history = try? JSONDecoder().decode(NodeHistory.self, from: Data(post.body.utf8)) else {
                logger.warning("dropping malformed history summary \(std.id)")
                try await store.markSeen(account: account, serverID: std.id)
                return
            }
            try await store.storeNodeHistory(serverID: std.id, history: history, account: account)
            return
        }
        guard let file = try? ThreadFile(decoding: data[Int(std.dataHead ?? 0)...]) else {
            logger.warning("dropping malformed history thread \(std.id)")
            try await store.markSeen(account: account, serverID: std.id)
            return
        }
        try await store.storeForwardedThread(
            serverID: std.id, forwardedBy: nil, threadID: post.datahead.threadID, file: file, account: account)
    }

    /// Stores the thread file of a PostNotify sent to us (we are a new member of that thread).
    private func storeForwardedThread(_ data: [UInt8], std: ServerMessage.Std) async throws -> NewMessageEvent? {
        let threadID: String
        let file: ThreadFile
        do {
            (threadID, file) = try Self.forwardedThread(data, dataheadLength: Int(std.dataHead ?? 0))
        } catch {
            logger.warning("dropping malformed forwarded thread \(std.id) from \(std.from): \(error)")
            try await store.markSeen(account: account, serverID: std.id)
            return nil
        }
        let stored = try await store.storeForwardedThread(
            serverID: std.id, forwardedBy: std.from, threadID: threadID, file: file, account: account)
        guard stored == .stored, let root = file.messages.first else { return nil }
        let alias = try await store.message(account: account, msgid: root.id)?.fromAlias ?? root.fromUID
        return NewMessageEvent(
            account: account, msgid: root.id, threadID: threadID, fromUID: root.fromUID, fromAlias: alias,
            subject: root.subHead.subject)
    }

    /// Stores a `notify`: who was added to a thread we hold.
    private func storeNotify(_ data: [UInt8], std: ServerMessage.Std) async throws {
        let head = std.dataHead ?? 0
        let note =
            head > 0 && head <= Int64(data.count)
            ? try? PostDatahead(decoding: data.prefix(Int(head))) : nil
        if let note, !note.threadID.isEmpty {
            try await store.storeForwardNotice(
                serverID: std.id, fromUID: std.from, threadID: note.threadID, added: note.cc, posted: std.posted,
                account: account)
        } else {
            logger.warning("dropping malformed notify \(std.id) from \(std.from)")
            try await store.markSeen(account: account, serverID: std.id)
        }
    }

    /// The thread id (from the datahead) and thread file of a forwarded post.
    static func forwardedThread(_ data: [UInt8], dataheadLength head: Int) throws -> (String, ThreadFile) {
        guard head >= 0, head <= data.count else { throw PostDataError.dataheadLongerThanData }
        let subHead = try PostDatahead(decoding: data.prefix(head))
        // The reference refuses a missing thread id and draft ids, which start with "_".
        guard !subHead.threadID.isEmpty, !subHead.threadID.hasPrefix("_") else { throw ThreadFileError.badIndex }
        return (subHead.threadID, try ThreadFile(decoding: data[head...]))
    }

    static func writeDurably(_ bytes: ArraySlice<UInt8>, to url: URL) throws {
        try FileManager.default.createDirectory(
            at: url.deletingLastPathComponent(), withIntermediateDirectories: true,
            attributes: [.posixPermissions: 0o700])
        let descriptor = open(url.path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard descriptor >= 0 else { throw SyncStorageError(path: url.path, reason: String(cString: strerror(errno))) }
        defer { close(descriptor) }
        var offset = bytes.startIndex
        while offset < bytes.endIndex {
            let count = bytes[offset...].withUnsafeBytes { Foundation.write(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw SyncStorageError(path: url.path, reason: String(cString: strerror(errno)))
            }
            offset += count
        }
        guard fsync(descriptor) == 0 else {
            throw SyncStorageError(path: url.path, reason: String(cString: strerror(errno)))
        }
    }
}
