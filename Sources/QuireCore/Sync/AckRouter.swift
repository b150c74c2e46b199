/// Hands the server's acks, read by the receive loop, to the sender waiting for them by id.
///
/// The sender registers an id with `expect(_:)` before writing the op, so an ack that overtakes
/// the wait is kept rather than lost.
actor AckRouter {
    enum Outcome: Sendable, Equatable {
        case sent
        case failed(String)
        case timedOut
        case linkClosed
    }

    private var waiting: [String: CheckedContinuation<Outcome, Never>] = [:]
    private var arrived: [String: Outcome] = [:]
    private var expected: Set<String> = []

    func expect(_ id: String) {
        expected.insert(id)
    }

    /// Whether `id` is an op this session sent and has not seen answered.
    func isExpected(_ id: String) -> Bool {
        expected.contains(id)
    }

    func deliver(_ id: String, _ outcome: Outcome) {
        guard expected.remove(id) != nil else { return }
        if let continuation = waiting.removeValue(forKey: id) {
            continuation.resume(returning: outcome)
        } else {
            arrived[id] = outcome
        }
    }

    /// The ack of `id`, or `.timedOut` after `timeout`.
    func wait(for id: String, timeout: Duration) async -> Outcome {
        if let outcome = arrived.removeValue(forKey: id) { return outcome }
        let timer = Task {
            try? await Task.sleep(for: timeout)
            self.deliverTimeout(id)
        }
        defer { timer.cancel() }
        return await withCheckedContinuation { continuation in
            waiting[id] = continuation
        }
    }

    private func deliverTimeout(_ id: String) {
        if let continuation = waiting.removeValue(forKey: id) {
            expected.remove(id)
            continuation.resume(returning: .timedOut)
        }
    }

    /// Ends every wait: the link is gone.
    func closeAll() {
        for continuation in waiting.values { continuation.resume(returning: .linkClosed) }
        waiting = [:]
        arrived = [:]
        expected = []
    }
}
