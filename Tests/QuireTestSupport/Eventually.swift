/// A condition that did not come true in time.
public struct NeverHappened: Error, CustomStringConvertible {
    public var what: String
    public var seconds: Double
    public var description: String { "never happened within \(seconds) s: \(what)" }
}

/// Polls `condition` until it holds; throws ``NeverHappened`` after `seconds`.
///
/// Deadlines are generous: they only bound a failing test, and the suite runs on loaded machines.
public func eventually(
    _ what: String, seconds: Double = 30, pollingEvery interval: Duration = .milliseconds(20),
    _ condition: @Sendable () async throws -> Bool
) async throws {
    let deadline = ContinuousClock.now + .milliseconds(Int64(seconds * 1000))
    while ContinuousClock.now < deadline {
        if try await condition() { return }
        try await Task.sleep(for: interval)
    }
    if try await condition() { return }
    throw NeverHappened(what: what, seconds: seconds)
}
