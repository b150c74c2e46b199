import Foundation

/// Runs blocking work (the terminal's input loop, the UI) on a thread of its own, so the
/// cooperative thread pool is never held by a `poll(2)` or a wait for the store.
public enum DedicatedThread {
    /// Runs `body` on a new thread and resumes when it returns.
    public static func run<Value: Sendable>(
        name: String = "quire-ui", _ body: @escaping @Sendable () throws -> Value
    ) async throws -> Value {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread {
                do {
                    continuation.resume(returning: try body())
                } catch {
                    continuation.resume(throwing: error)
                }
            }
            thread.name = name
            // Rendering deep Markdown recurses; give the UI thread a main-thread-sized stack.
            thread.stackSize = 8 << 20
            thread.start()
        }
    }
}
