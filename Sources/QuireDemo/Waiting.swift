/// Polls `condition` every 20 ms until it holds; throws ``DemoError/timedOut(_:)`` after `timeout`.
func waitUntil(
    _ what: String, timeout: Duration, _ condition: @Sendable () async throws -> Bool
) async throws {
    let deadline = ContinuousClock.now + timeout
    while true {
        if try await condition() { return }
        guard ContinuousClock.now < deadline else { throw DemoError.timedOut(what) }
        try await Task.sleep(for: .milliseconds(20))
    }
}
