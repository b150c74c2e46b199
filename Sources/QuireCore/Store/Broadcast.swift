import Synchronization

/// Hands each published value to every current subscriber's `AsyncStream`, each with its own
/// bounded buffer (a subscriber that falls behind loses its oldest values, never blocks the
/// publisher). Subscribing and publishing are synchronous, so an actor can keep one and use it
/// from its isolated methods; a stream that ends unsubscribes itself.
final class Broadcast<Element: Sendable>: Sendable {
    private struct Subscribers {
        var continuations: [UInt64: AsyncStream<Element>.Continuation] = [:]
        var nextID: UInt64 = 0
    }

    private let subscribers = Mutex(Subscribers())
    private let bufferSize: Int

    init(bufferingNewest bufferSize: Int) {
        self.bufferSize = bufferSize
    }

    /// A stream of every value published from now on, after `first` when given (a current state).
    func subscribe(startingWith first: Element? = nil) -> AsyncStream<Element> {
        let (stream, continuation) = AsyncStream<Element>.makeStream(bufferingPolicy: .bufferingNewest(bufferSize))
        if let first { continuation.yield(first) }
        let id = subscribers.withLock { state in
            defer { state.nextID += 1 }
            return state.nextID
        }
        continuation.onTermination = { [weak self] _ in
            self?.subscribers.withLock { _ = $0.continuations.removeValue(forKey: id) }
        }
        subscribers.withLock { $0.continuations[id] = continuation }
        return stream
    }

    func publish(_ element: Element) {
        let continuations = subscribers.withLock { Array($0.continuations.values) }
        for continuation in continuations { continuation.yield(element) }
    }
}
