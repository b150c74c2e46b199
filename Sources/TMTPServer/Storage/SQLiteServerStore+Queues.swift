import Foundation
import GRDB

extension SQLiteServerStore {
    @discardableResult
    public func enqueue(_ deliveries: [Delivery], queueQuota: Int) async throws -> UInt64 {
        // Sizes come from the file system before the transaction, so no file I/O holds the writer.
        var lengths: [UInt64: Int] = [:]
        for delivery in deliveries {
            let message = delivery.message
            switch message.data {
            case .none: lengths[message.id] = 0
            case .inline(let bytes): lengths[message.id] = bytes.count
            case .blob(let blob): lengths[message.id] = try blobs.size(of: blob)
            }
        }
        let dataLengths = lengths
        let (unused, commit) = try await committer.performNumbered { db -> [String] in
            // Each node's row is looked up once, however many messages and checks name it.
            let allRecipients = deliveries.flatMap(\.recipients)
            var nodeRows: [NodeAddress: Int64] = [:]
            for node in allRecipients where nodeRows[node] == nil {
                if let row = try self.writerNodeRow(db, node) { nodeRows[node] = row }
            }
            if queueQuota > 0 { try Self.checkQuota(db, allRecipients, rows: nodeRows, quota: queueQuota) }
            var unused: [String] = []
            for delivery in deliveries {
                var seen = Set<NodeAddress>()
                let recipients = delivery.recipients.filter { seen.insert($0).inserted }
                let message = delivery.message
                guard !recipients.isEmpty else {
                    if case .blob(let blob) = message.data { unused.append(blob.rawValue) }
                    continue
                }
                let id = try Self.storedID(message.id)
                var rows: [Int64] = []
                rows.reserveCapacity(recipients.count)
                for recipient in recipients {
                    guard let row = nodeRows[recipient] else { throw StoreError.unknownNode(recipient) }
                    rows.append(row)
                }
                try Self.insertMessage(db, message, id: id, dataLength: dataLengths[message.id] ?? 0, refs: rows.count)
                let insert = try db.cachedStatement(sql: "INSERT INTO queue (node, message, priority) VALUES (?, ?, ?)")
                for row in rows {
                    try insert.execute(arguments: [row, id, message.priority.rawValue])
                }
            }
            return unused
        }
        removeBlobs(unused)
        return commit
    }

    public func nextMessage(for node: NodeAddress) async throws -> QueuedMessage? {
        try await nextMessages(for: node, excluding: [], limit: 1, byteBudget: 0).messages.first
    }

    public func nextMessages(for node: NodeAddress, excluding excluded: Set<UInt64>, limit: Int, byteBudget: Int)
        async throws -> QueueBatch
    {
        let (batch, window) = try await reads.performWindowed { db in
            guard let nodeRow = try self.readerNodeRow(db, node) else {
                return QueueBatch(messages: [], isWholeQueue: true)
            }
            let order = try db.cachedStatement(
                sql: "SELECT message FROM queue WHERE node = ? ORDER BY priority, message LIMIT ?")
            let wanted = excluded.count + max(1, limit)
            let ids = try Int64.fetchAll(order, arguments: [nodeRow, wanted])
            let statement = try db.cachedStatement(
                sql: "SELECT id, priority, header, inlineData, blob, dataLength FROM message WHERE id = ?")
            var messages: [QueuedMessage] = []
            var bytes = 0
            var isWholeQueue = ids.count < wanted
            for id in ids where !excluded.contains(UInt64(id)) {
                guard messages.count < max(1, limit), messages.isEmpty || bytes < byteBudget else {
                    isWholeQueue = false
                    break
                }
                guard let row = try Row.fetchOne(statement, arguments: [id]) else { continue }
                let message = try Self.queuedMessage(row)
                if case .inline(let data) = message.data { bytes += data.count }
                bytes += message.header.count
                messages.append(message)
            }
            return QueueBatch(messages: messages, isWholeQueue: isWholeQueue)
        }
        var windowed = batch
        windowed.includesCommitsThrough = window.through
        windowed.excludesCommitsAfter = window.after
        return windowed
    }

    public func queuedCounts(for nodes: [NodeAddress], limit: Int) async throws -> [Int] {
        try await read { db in
            let count = try db.cachedStatement(
                sql: "SELECT COUNT(*) FROM (SELECT 1 FROM queue WHERE node = ? LIMIT ?)")
            return try nodes.map { node in
                guard let nodeRow = try self.readerNodeRow(db, node) else { return 0 }
                return try Int.fetchOne(count, arguments: [nodeRow, limit]) ?? 0
            }
        }
    }

    @discardableResult
    public func acknowledge(_ id: UInt64, for node: NodeAddress) async throws -> Bool {
        guard id < 1 << 63 else { return false }
        let (removed, freed) = try await write { db -> (Bool, String?) in
            guard let nodeRow = try self.writerNodeRow(db, node) else { return (false, nil) }
            try db.cachedStatement(sql: "DELETE FROM queue WHERE node = ? AND message = ?").execute(arguments: [
                nodeRow, Int64(id),
            ])
            guard db.changesCount > 0 else { return (false, nil) }
            return (true, try Self.release(db, message: Int64(id)))
        }
        removeBlobs(freed.map { [$0] } ?? [])
        return removed
    }

    public func queuedCount(for node: NodeAddress) async throws -> Int {
        try await read { db in
            guard let nodeRow = try self.readerNodeRow(db, node) else { return 0 }
            return try Int.fetchOne(
                db.cachedStatement(sql: "SELECT COUNT(*) FROM queue WHERE node = ?"), arguments: [nodeRow]) ?? 0
        }
    }

    // MARK: Helpers

    /// Throws when a node already holds `quota` messages; counts stop there, so a long queue costs
    /// no more than the quota. Nodes missing from `rows` (unknown) are left to the enqueue.
    static func checkQuota(_ db: Database, _ nodes: [NodeAddress], rows: [NodeAddress: Int64], quota: Int) throws {
        let count = try db.cachedStatement(sql: "SELECT COUNT(*) FROM (SELECT 1 FROM queue WHERE node = ? LIMIT ?)")
        var seen = Set<NodeAddress>()
        for node in nodes where seen.insert(node).inserted {
            guard let row = rows[node] else { continue }
            if try Int.fetchOne(count, arguments: [row, quota]) ?? 0 >= quota {
                throw QueueQuotaExceeded(uid: node.uid)
            }
        }
    }

    static func insertMessage(_ db: Database, _ message: SiteMessage, id: Int64, dataLength: Int, refs: Int) throws {
        var inline: [UInt8]?
        var blob: String?
        switch message.data {
        case .none: break
        case .inline(let bytes): inline = bytes
        case .blob(let id): blob = id.rawValue
        }
        let insert = try db.cachedStatement(
            sql: """
                INSERT INTO message (id, priority, header, inlineData, blob, dataLength, refCount)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """)
        do {
            try insert.execute(arguments: [
                id, message.priority.rawValue, Data(message.header), inline.map { Data($0) }, blob, dataLength, refs,
            ])
        } catch let error as DatabaseError where error.extendedResultCode == .SQLITE_CONSTRAINT_PRIMARYKEY {
            throw StoreError.duplicateMessageID(message.id)
        }
    }

    static func queuedMessage(_ row: Row) throws -> QueuedMessage {
        let id: Int64 = row["id"]
        guard let priority = QueuePriority(rawValue: row["priority"]) else {
            throw StoreError.corruptRow("message \(id) priority")
        }
        let header: Data = row["header"]
        var data = MessageData.none
        if let blobName: String = row["blob"] {
            guard let blob = BlobID(rawValue: blobName) else { throw StoreError.corruptRow("message \(id) blob") }
            data = .blob(blob)
        } else if let inline: Data = row["inlineData"] {
            data = .inline([UInt8](inline))
        }
        return QueuedMessage(
            id: UInt64(id), priority: priority, header: [UInt8](header), data: data, dataLength: row["dataLength"])
    }

    /// Drops one queue entry (already deleted from `queue` by the caller, or deleted here when
    /// `node` is given) and frees the message when it was the last. Returns the blob to remove.
    static func removeQueueEntry(_ db: Database, node: Int64, message: Int64) throws -> String? {
        try db.execute(sql: "DELETE FROM queue WHERE node = ? AND message = ?", arguments: [node, message])
        guard db.changesCount > 0 else { return nil }
        return try release(db, message: message)
    }

    /// Counts one ack against a message; deletes it when no node still waits for it.
    /// Returns the blob file to remove once the transaction has committed.
    static func release(_ db: Database, message: Int64) throws -> String? {
        guard
            let row = try Row.fetchOne(
                db.cachedStatement(
                    sql: "UPDATE message SET refCount = refCount - 1 WHERE id = ? RETURNING refCount, blob"),
                arguments: [message])
        else { return nil }
        let refs: Int = row["refCount"]
        guard refs <= 0 else { return nil }
        try db.cachedStatement(sql: "DELETE FROM message WHERE id = ?").execute(arguments: [message])
        return row["blob"]
    }

    /// Removes blob files whose messages are gone. Runs after the commit: a crash before it leaves
    /// orphans, which the next open deletes; a failure now is left to that same sweep.
    func removeBlobs(_ names: [String]) {
        for name in names {
            guard let blob = BlobID(rawValue: name) else { continue }
            try? blobs.discard(blob)
        }
    }
}
