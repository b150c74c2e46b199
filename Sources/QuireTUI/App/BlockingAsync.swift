import Dispatch
import Synchronization

/// Runs store reads and user actions from the UI thread, which is a dedicated thread and never
/// one of Swift's cooperative threads.
///
/// The UI thread draws from the local store only, so waiting for a read is waiting for SQLite,
/// never for the network. The work itself runs as a task on the cooperative pool; only the
/// dedicated thread waits. Never call this from async code: it would park a pool thread.
public enum BlockingAsync {
    /// Runs `body` to completion and returns its result or throws its error.
    public static func run<Value: Sendable>(_ body: @escaping @Sendable () async throws -> Value) throws -> Value {
        let box = ResultBox<Value>()
        let done = DispatchSemaphore(value: 0)
        Task.detached {
            let result: Result<Value, any Error>
            do {
                result = .success(try await body())
            } catch {
                result = .failure(error)
            }
            box.result.withLock { $0 = result }
            done.signal()
        }
        done.wait()
        guard let result = box.result.withLock({ $0 }) else { throw MissingResult() }
        return try result.get()
    }

    /// Runs `body`, for work that cannot fail.
    public static func run<Value: Sendable>(_ body: @escaping @Sendable () async -> Value) -> Value {
        let box = ResultBox<Value>()
        let done = DispatchSemaphore(value: 0)
        Task.detached {
            let value = await body()
            box.result.withLock { $0 = .success(value) }
            done.signal()
        }
        done.wait()
        // The task always stores a value before it signals.
        if case .success(let value)? = box.result.withLock({ $0 }) { return value }
        preconditionFailure("BlockingAsync: the task signalled without a result")
    }

    private final class ResultBox<Value: Sendable>: Sendable {
        let result = Mutex<Result<Value, any Error>?>(nil)
    }

    private struct MissingResult: Error {}
}
