import Foundation
import NIOCore
import NIOPosix
import TMTP
import TMTPTransport

/// Everything written to one link, one frame at a time: replies to the client's ops, presence
/// notices and queued deliveries never interleave (the reference uses a 1-slot channel as a mutex).
///
/// A writer task drains it in priority order: replies, then `ohi` notices, then the node's
/// in-flight delivery. The task only lives while there is something to write, so an idle link
/// keeps no suspended writer (a few KB each, which count at thousands of links). Memory stays bounded: a reply's sender waits until it is written (so a peer
/// that stops reading stops being read), notices are coalesced to the latest status per user, and
/// blob data streams from disk in chunks as the socket takes it.
actor LinkOutbox {
    /// A frame whose data is small enough to hold.
    struct Frame: Sendable {
        var header: [UInt8]
        var data: [UInt8] = []
    }

    private struct PendingReply {
        var frame: Frame
        var written: CheckedContinuation<Bool, Never>
    }

    private struct PendingDelivery {
        var message: QueuedMessage
        var written: CheckedContinuation<Bool, Never>
    }

    private let blobs: BlobStore
    private var replies: [PendingReply] = []
    private var ohiOrder: [String] = []
    private var ohiStatus: [String: Int8] = [:]
    private var delivery: PendingDelivery?
    private var closed = false
    private let channel: any Channel
    /// The writer task, while one runs.
    private var writer: Task<Void, Never>?

    init(blobs: BlobStore, channel: any Channel) {
        self.blobs = blobs
        self.channel = channel
    }

    /// Queues a frame and returns once it went to the socket; `false` when the link closed first.
    @discardableResult
    func send(_ frame: Frame) async -> Bool {
        guard !closed else { return false }
        return await withCheckedContinuation { continuation in
            replies.append(PendingReply(frame: frame, written: continuation))
            wakeWriter()
        }
    }

    /// Queues a presence notice. It is never dropped while the link lives; a newer notice about the
    /// same user replaces an unsent older one.
    func post(ohiFrom uid: String, status: Int8) {
        guard !closed else { return }
        if ohiStatus.updateValue(status, forKey: uid) == nil { ohiOrder.append(uid) }
        wakeWriter()
    }

    /// Writes a queued message (header and data); `false` when the link closed first.
    func deliver(_ message: QueuedMessage) async -> Bool {
        guard !closed else { return false }
        return await withCheckedContinuation { continuation in
            if let previous = delivery { previous.written.resume(returning: false) }
            delivery = PendingDelivery(message: message, written: continuation)
            wakeWriter()
        }
    }

    /// Fails everything still queued; later calls return `false` at once.
    func close() {
        guard !closed else { return }
        closed = true
        for reply in replies { reply.written.resume(returning: false) }
        replies = []
        delivery?.written.resume(returning: false)
        delivery = nil
        ohiOrder = []
        ohiStatus = [:]
        wakeWriter()
    }

    /// Closes the outbox and returns once no write is in progress, so the channel can close.
    func closeAndWait() async {
        close()
        await writer?.value
    }

    /// Writes until nothing is left, the link closes or a write fails.
    private func drain(to outbound: any Channel) async {
        let allocator = outbound.allocator
        defer { writer = nil }
        while let job = nextJob() {
            do {
                switch job {
                case .reply(let reply):
                    try await write(reply.frame, to: outbound, allocator: allocator)
                    reply.written.resume(returning: true)
                case .ohi(let frame):
                    try await write(frame, to: outbound, allocator: allocator)
                case .delivery(let pending):
                    do {
                        try await write(pending.message, to: outbound, allocator: allocator)
                    } catch {
                        pending.written.resume(returning: false)
                        throw error
                    }
                    pending.written.resume(returning: true)
                }
            } catch {
                if case .reply(let reply) = job { reply.written.resume(returning: false) }
                close()
                return
            }
        }
    }

    private enum Job {
        case reply(PendingReply)
        case ohi(Frame)
        case delivery(PendingDelivery)
    }

    private func nextJob() -> Job? {
        if closed { return nil }
        if !replies.isEmpty {
            let reply = replies.removeFirst()
            if replies.isEmpty { replies = [] }
            return .reply(reply)
        }
        if !ohiOrder.isEmpty {
            let uid = ohiOrder.removeFirst()
            let status = ohiStatus.removeValue(forKey: uid) ?? ServerMessage.Ohi.offline
            if ohiOrder.isEmpty {
                // Notices come in bursts (a login with many watchers): keep no capacity between them.
                ohiOrder = []
                ohiStatus = [:]
            }
            return .ohi(Frame(header: ServerMessage.ohi(.init(from: uid, status: status)).headerJSON()))
        }
        if let pending = delivery {
            delivery = nil
            return .delivery(pending)
        }
        return nil
    }

    /// Starts the writer task unless one runs (it takes every job queued before it ends).
    private func wakeWriter() {
        guard writer == nil, !closed else { return }
        writer = Task { await self.drain(to: channel) }
    }

    /// Hands `frame` to the channel. While the channel is writable it does not wait for the socket
    /// (one thread hop less per frame); once it is not, it waits for the write, so a peer that stops
    /// reading holds the writer back and memory stays bounded.
    private nonisolated func send(_ frame: OutboundFrame, to channel: any Channel) async throws {
        if channel.isWritable {
            channel.writeAndFlush(frame, promise: nil)
        } else {
            try await channel.writeAndFlush(frame)
        }
    }

    private nonisolated func write(
        _ frame: Frame, to outbound: any Channel, allocator: ByteBufferAllocator
    ) async throws {
        let data = frame.data.isEmpty ? nil : allocator.buffer(bytes: frame.data)
        try await send(.frame(header: frame.header, data: data), to: outbound)
    }

    private nonisolated func write(
        _ message: QueuedMessage, to outbound: any Channel, allocator: ByteBufferAllocator
    ) async throws {
        switch message.data {
        case .none:
            try await send(.frame(header: message.header, data: nil), to: outbound)
        case .inline(let bytes):
            try await send(.frame(header: message.header, data: allocator.buffer(bytes: bytes)), to: outbound)
        case .blob(let id):
            let reader = try BlobReader(path: blobs.path(of: id))
            try await send(.head(header: message.header, dataLength: Int64(message.dataLength)), to: outbound)
            var remaining = message.dataLength
            while remaining > 0 {
                let chunk = try await reader.read(upTo: min(remaining, BlobReader.chunkSize))
                guard !chunk.isEmpty else { throw BlobReader.Truncated(path: reader.path) }
                remaining -= chunk.count
                try await send(.body(allocator.buffer(bytes: chunk)), to: outbound)
            }
        }
    }
}
