import NIOConcurrencyHelpers

/// Waits for work that does not answer task cancellation (SwiftNIO's connect and TLS handshake
/// wait on futures), answering it anyway: when the waiting task is cancelled, the wait ends at
/// once with `CancellationError`, the work runs on to its end (bounded by its own timeout), and
/// what it produces then is handed to `discard`.
enum CancellableWait {
    static func value<Value: Sendable>(
        of work: @escaping @Sendable () async throws -> Value,
        discarding discard: @escaping @Sendable (Value) async -> Void
    ) async throws -> Value {
        let waiter = Waiter<Value>()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                guard waiter.install(continuation) else {
                    return continuation.resume(throwing: CancellationError())
                }
                Task {
                    let result: Result<Value, any Error>
                    do {
                        result = .success(try await work())
                    } catch {
                        result = .failure(error)
                    }
                    if !waiter.resume(with: result), case .success(let value) = result {
                        await discard(value)
                    }
                }
            }
        } onCancel: {
            waiter.resume(with: .failure(CancellationError()))
        }
    }

    /// The one continuation of a wait, resumed once: by the work or by the cancellation,
    /// whichever comes first.
    private final class Waiter<Value: Sendable>: Sendable {
        private enum State: Sendable {
            case idle
            case waiting(CheckedContinuation<Value, any Error>)
            case finished
        }

        private let state = NIOLockedValueBox(State.idle)

        /// Keeps the continuation; false when the wait was cancelled before it began.
        func install(_ continuation: CheckedContinuation<Value, any Error>) -> Bool {
            state.withLockedValue { state in
                if case .finished = state { return false }
                state = .waiting(continuation)
                return true
            }
        }

        /// Resumes the wait with `result`; false when it had ended already.
        @discardableResult
        func resume(with result: Result<Value, any Error>) -> Bool {
            let continuation: CheckedContinuation<Value, any Error>? = state.withLockedValue { state in
                defer { state = .finished }
                if case .waiting(let continuation) = state { return continuation }
                return nil
            }
            guard let continuation else { return false }
            continuation.resume(with: result)
            return true
        }
    }
}
