import Foundation
import NIOPosix
import PostgresNIO

extension PostgresServerStore {
    @discardableResult
    public func enqueue(_ deliveries: [Delivery], queueQuota: Int) async throws -> UInt64 {
        // Blob contents are read before the transaction, so no file I/O holds its locks.
        var blobData: [UInt64: [UInt8]] = [:]
        for delivery in deliveries {
            guard case .blob(let blob) = delivery.message.data, !delivery.recipients.isEmpty else { continue }
            let path = blobs.path(of: blob)
            blobData[delivery.message.id] = try await NIOThreadPool.singleton.runIfActive {
                [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
            }
        }
        let contents = blobData
        let unused = try await transaction { connection -> [String] in
            let rows = try await self.liveRows(of: deliveries.flatMap(\.recipients), on: connection)
            try await self.checkOrder(deliveries, nodeRows: rows, on: connection)
            if queueQuota > 0 { try await self.checkQuota(rows, quota: queueQuota, on: connection) }
            var unused: [String] = []
            var woken: [NodeAddress: Bool] = [:]
            for delivery in deliveries {
                var seen = Set<NodeAddress>()
                let recipients = delivery.recipients.filter { seen.insert($0).inserted }
                let message = delivery.message
                guard !recipients.isEmpty else {
                    if case .blob(let blob) = message.data { unused.append(blob.rawValue) }
                    continue
                }
                var nodeRows: [Int64] = []
                for recipient in recipients {
                    guard let row = rows[recipient] else { throw StoreError.unknownNode(recipient) }
                    nodeRows.append(row)
                }
                try await self.insert(message, data: contents[message.id], refs: nodeRows.count, on: connection)
                let id = Int64(message.id)
                let priority = Int16(message.priority.rawValue)
                try await self.execute(
                    "INSERT INTO queue (node, message, priority) SELECT unnest(\(nodeRows)), \(id), \(priority)",
                    on: connection)
                for recipient in recipients { woken[recipient] = woken[recipient] == true || message.priority == .edit }
            }
            let notices = PostgresQueueNotice.payloads(sender: self.instance, nodes: woken)
            if !notices.isEmpty {
                try await self.execute(
                    "SELECT pg_notify(\(PostgresQueueNotice.channel), notice) FROM unnest(\(notices)) AS notice",
                    on: connection)
            }
            return unused
        }
        removeCachedBlobs(unused)
        return 0
    }

    public func nextMessage(for node: NodeAddress) async throws -> QueuedMessage? {
        try await nextMessages(for: node, excluding: [], limit: 1, byteBudget: 0).messages.first
    }

    public func nextMessages(for node: NodeAddress, excluding excluded: Set<UInt64>, limit: Int, byteBudget: Int)
        async throws -> QueueBatch
    {
        let wanted = excluded.count + max(1, limit)
        let rows = try await rows(
            """
            SELECT m.id, m.priority, m.header, m.inline_data, m.blob, m.data_length
            FROM queue q JOIN message m ON m.id = q.message
            WHERE q.node = (SELECT id FROM node WHERE uid = \(node.uid) AND number = \(node.number) AND NOT defunct)
            ORDER BY q.priority, q.message LIMIT \(wanted)
            """, as: (Int64, Int16, ByteBuffer, ByteBuffer?, String?, Int64).self)
        var messages: [QueuedMessage] = []
        var bytes = 0
        var read = 0
        var isWholeQueue = true
        for (id, priority, header, inline, blob, length) in rows {
            read += 1
            guard !excluded.contains(UInt64(id)) else { continue }
            guard messages.count < max(1, limit), messages.isEmpty || bytes < byteBudget else {
                isWholeQueue = false
                continue
            }
            let message = try Self.queuedMessage(
                id: id, priority: priority, header: Array(header.readableBytesView),
                inline: inline.map { Array($0.readableBytesView) }, blob: blob, length: length)
            if case .inline(let data) = message.data { bytes += data.count }
            bytes += message.header.count
            messages.append(message)
        }
        if read >= wanted { isWholeQueue = false }
        for message in messages {
            if case .blob(let blob) = message.data { try await cacheBlob(blob, of: message.id) }
        }
        return QueueBatch(messages: messages, isWholeQueue: isWholeQueue)
    }

    public func queuedCounts(for nodes: [NodeAddress], limit: Int) async throws -> [Int] {
        var counts: [Int] = []
        for node in nodes {
            let count = try await value(
                """
                SELECT count(*) FROM (SELECT 1 FROM queue WHERE node =
                    (SELECT id FROM node WHERE uid = \(node.uid) AND number = \(node.number) AND NOT defunct)
                LIMIT \(limit)) AS queued
                """, as: Int.self)
            counts.append(count ?? 0)
        }
        return counts
    }

    @discardableResult
    public func acknowledge(_ id: UInt64, for node: NodeAddress) async throws -> Bool {
        guard id < 1 << 63 else { return false }
        let (removed, freed) = try await transaction { connection -> (Bool, [String]) in
            let gone = try await self.rows(
                """
                DELETE FROM queue WHERE message = \(Int64(id)) AND node =
                    (SELECT id FROM node WHERE uid = \(node.uid) AND number = \(node.number) AND NOT defunct)
                RETURNING message
                """, as: Int64.self, on: connection)
            guard !gone.isEmpty else { return (false, []) }
            return (true, try await self.release(gone, on: connection))
        }
        removeCachedBlobs(freed)
        return removed
    }

    public func queuedCount(for node: NodeAddress) async throws -> Int {
        try await value(
            """
            SELECT count(*) FROM queue WHERE node =
                (SELECT id FROM node WHERE uid = \(node.uid) AND number = \(node.number) AND NOT defunct)
            """, as: Int.self) ?? 0
    }

    // MARK: Helpers

    /// The row ids of the live nodes among `nodes` (unknown and defunct ones are left out).
    func liveRows(of nodes: [NodeAddress], on connection: PostgresConnection) async throws -> [NodeAddress: Int64] {
        var seen = Set<NodeAddress>()
        let unique = nodes.filter { seen.insert($0).inserted }
        let rows = try await rows(
            """
            SELECT n.id, n.uid, n.number FROM unnest(\(unique.map(\.uid)), \(unique.map(\.number))) AS r(uid, number)
            JOIN node n ON n.uid = r.uid AND n.number = r.number AND NOT n.defunct
            """, as: (Int64, String, Int).self, on: connection)
        var found: [NodeAddress: Int64] = [:]
        for (id, uid, number) in rows {
            found[NodeAddress(uid: uid, number: number)] = id
        }
        return found
    }

    /// Keeps ids reaching each node in increasing order: locks the recipients' node rows (in id
    /// order, so two posts never deadlock) until the transaction ends, throws
    /// ``StoreError/messageIDBehind(_:)`` when a node was already given a higher id than one of these
    /// messages, and otherwise records each node's new highest id. Two instances posting to one node
    /// thus commit one after the other, and the later sees the earlier's id.
    func checkOrder(_ deliveries: [Delivery], nodeRows: [NodeAddress: Int64], on connection: PostgresConnection)
        async throws
    {
        var lowest: [Int64: Int64] = [:]
        var highest: [Int64: Int64] = [:]
        for delivery in deliveries {
            let id = Int64(clamping: delivery.message.id)
            for recipient in delivery.recipients {
                guard let row = nodeRows[recipient] else { continue }
                lowest[row] = min(lowest[row] ?? .max, id)
                highest[row] = max(highest[row] ?? .min, id)
            }
        }
        let ids = lowest.keys.sorted()
        guard !ids.isEmpty else { return }
        let given = try await rows(
            "SELECT id, last_message FROM node WHERE id = ANY(\(ids)) ORDER BY id FOR UPDATE", as: (Int64, Int64).self,
            on: connection)
        for (row, last) in given where last >= lowest[row] ?? .max {
            guard let node = nodeRows.first(where: { $0.value == row })?.key else { continue }
            throw StoreError.messageIDBehind(node)
        }
        try await execute(
            """
            UPDATE node SET last_message = r.highest
            FROM unnest(\(ids), \(ids.map { highest[$0] ?? 0 })) AS r(node, highest) WHERE node.id = r.node
            """, on: connection)
    }

    /// Throws when a node already holds `quota` messages. Runs after ``checkOrder(_:nodeRows:on:)``
    /// locked the node rows to the end of the transaction, so a post on another instance counts
    /// after this one commits.
    func checkQuota(_ nodeRows: [NodeAddress: Int64], quota: Int, on connection: PostgresConnection) async throws {
        let ids = Array(Set(nodeRows.values)).sorted()
        guard !ids.isEmpty else { return }
        let full = try await rows(
            """
            SELECT r.node FROM unnest(\(ids)) AS r(node)
            WHERE (SELECT count(*) FROM (SELECT 1 FROM queue q WHERE q.node = r.node LIMIT \(quota)) AS c) >= \(quota)
            LIMIT 1
            """, as: Int64.self, on: connection)
        if let node = full.first, let address = nodeRows.first(where: { $0.value == node })?.key {
            throw QueueQuotaExceeded(uid: address.uid)
        }
    }

    func insert(_ message: SiteMessage, data blobData: [UInt8]?, refs: Int, on connection: PostgresConnection)
        async throws
    {
        guard message.id < 1 << 63 else { throw StoreError.messageIDOutOfRange(message.id) }
        var inline: [UInt8]?
        var blob: String?
        var length = 0
        switch message.data {
        case .none: break
        case .inline(let bytes):
            inline = bytes
            length = bytes.count
        case .blob(let id):
            blob = id.rawValue
            length = blobData?.count ?? 0
        }
        let id = Int64(message.id)
        let priority = Int16(message.priority.rawValue)
        let header = ByteBuffer(bytes: message.header)
        let inlineData = inline.map { ByteBuffer(bytes: $0) }
        let blobContents = blobData.map { ByteBuffer(bytes: $0) }
        do {
            try await execute(
                """
                INSERT INTO message (id, priority, header, inline_data, blob, blob_data, data_length, ref_count)
                VALUES (\(id), \(priority), \(header), \(inlineData), \(blob), \(blobContents), \(length), \(refs))
                """, on: connection)
        } catch  where PostgresErrorCode.of(error) == PostgresErrorCode.uniqueViolation {
            throw StoreError.duplicateMessageID(message.id)
        }
    }

    static func queuedMessage(
        id: Int64, priority: Int16, header: [UInt8], inline: [UInt8]?, blob blobName: String?, length: Int64
    ) throws -> QueuedMessage {
        guard let priority = QueuePriority(rawValue: Int(priority)) else {
            throw StoreError.corruptRow("message \(id) priority")
        }
        var data = MessageData.none
        if let blobName {
            guard let blob = BlobID(rawValue: blobName) else { throw StoreError.corruptRow("message \(id) blob") }
            data = .blob(blob)
        } else if let inline {
            data = .inline(inline)
        }
        return QueuedMessage(id: UInt64(id), priority: priority, header: header, data: data, dataLength: Int(length))
    }

    /// Counts one removed queue entry against each of `messages`, deleting those no node still waits
    /// for. Returns their blob names, whose cached files go once the transaction has committed.
    func release(_ messages: [Int64], on connection: PostgresConnection) async throws -> [String] {
        guard !messages.isEmpty else { return [] }
        let rows = try await rows(
            """
            UPDATE message SET ref_count = ref_count - 1 WHERE id = ANY(\(messages))
            RETURNING id, ref_count, blob
            """, as: (Int64, Int, String?).self, on: connection)
        var gone: [Int64] = []
        var blobNames: [String] = []
        for (id, refs, blob) in rows where refs <= 0 {
            gone.append(id)
            if let blob { blobNames.append(blob) }
        }
        if !gone.isEmpty {
            try await execute("DELETE FROM message WHERE id = ANY(\(gone))", on: connection)
        }
        return blobNames
    }

    /// Writes a blob's file from its message row unless this instance already has it.
    func cacheBlob(_ blob: BlobID, of id: UInt64) async throws {
        let path = blobs.path(of: blob)
        guard !FileManager.default.fileExists(atPath: path) else { return }
        guard
            let data = try await value(
                "SELECT blob_data FROM message WHERE id = \(Int64(id))", as: ByteBuffer?.self) ?? nil
        else { throw StoreError.corruptRow("message \(id) has no blob data") }
        let blobs = blobs
        try await NIOThreadPool.singleton.runIfActive {
            // Written under a fresh name and renamed into place, so two deliveries of one message
            // writing it at once each leave a whole file.
            let writer = try blobs.makeWriter()
            try data.withUnsafeReadableBytes { try writer.append($0) }
            let written = try writer.finish()
            try FileSystem.rename(blobs.path(of: written), path)
        }
    }

    /// Removes cached blob files whose messages are gone (best effort: the next open sweeps the rest).
    func removeCachedBlobs(_ names: [String]) {
        for name in names {
            guard let blob = BlobID(rawValue: name) else { continue }
            try? blobs.discard(blob)
        }
    }
}
