import Foundation
import TMTP
import TMTPTransport

/// The sending half of a session: takes the account's queued outbox rows in order and sends each,
/// waiting for its ack before the next (stop and wait, as the site expects); sends a pulse when
/// the link has been idle. An ack that never comes ends the session.
struct OutboxSender: Sendable {
    let sync: AccountSync
    let acks: AckRouter

    private var account: String { sync.account }
    private var store: ClientStore { sync.store }
    private var configuration: SyncConfiguration { sync.configuration }

    /// Runs until the link fails or the session is cancelled; ends the session when it fails.
    func run(_ writer: LinkWriter) async throws {
        do {
            var lastWrite = ContinuousClock.now
            while true {
                try Task.checkCancellation()
                if let item = try await store.nextQueuedOutboxItem(account: account) {
                    try await send(item, writer)
                    lastWrite = .now
                    continue
                }
                let idle = ContinuousClock.now - lastWrite
                if idle >= configuration.pulseInterval {
                    try await writer.send(.pulse(.init()))
                    lastWrite = .now
                    continue
                }
                await sync.waitForWork(
                    timeout: min(configuration.outboxPollInterval, configuration.pulseInterval - idle))
            }
        } catch {
            await sync.abortSession()
            throw error
        }
    }

    private func send(_ item: OutboxItem, _ writer: LinkWriter) async throws {
        let header: ClientMessage
        do {
            header = try ClientMessage.decode(json: ArraySlice(item.headerJSON.utf8))
        } catch {
            try await store.markFailed(
                account: account, id: item.id, reason: "not a valid TMTP op (\(QuitReason.text(error)))")
            return
        }
        guard header.id == item.id else {
            try await store.markFailed(account: account, id: item.id, reason: "its header id is not the row id")
            return
        }
        let data: [UInt8]
        switch item.payload {
        case .none: data = []
        case .inline(let bytes): data = [UInt8](bytes)
        case .file(let path):
            guard let bytes = FileManager.default.contents(atPath: path) else {
                try await store.markFailed(account: account, id: item.id, reason: "cannot read \(path)")
                return
            }
            data = [UInt8](bytes)
        }
        guard Int64(data.count) == header.dataLength else {
            try await store.markFailed(
                account: account, id: item.id, reason: "its data length does not match its header")
            return
        }
        try await store.recordAttempt(account: account, id: item.id)
        await acks.expect(item.id)
        if !data.isEmpty, configuration.crashPoints.fire(.midSend) {
            try await writer.sendHead(header)
            try await writer.sendData(data.prefix(data.count / 2))
            throw SyncFailure.crash(.midSend)
        }
        try await writer.send(header, data: data)
        switch await acks.wait(for: item.id, timeout: configuration.ackTimeout) {
        case .sent, .failed: return
        case .timedOut: throw SyncFailure.ackTimeout(item.id)
        case .linkClosed: throw SyncFailure.linkClosed
        }
    }
}
