#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Hands out message ids that increase strictly, within a run and across restarts, even when the
/// clock is set back (the reference relies on NTP for that).
///
/// Ids start near the wall clock in Unix nanoseconds, like the reference's. They are taken from
/// blocks reserved durably in the store before the first id of a block is used, so after a crash
/// the next block starts past every id the previous run could have handed out.
public actor MessageIDAllocator {
    /// Unix time in nanoseconds.
    public typealias Clock = @Sendable () -> UInt64

    private let store: any ServerStore
    private let blockSize: UInt64
    private let clock: Clock
    private var nextID: UInt64 = 0
    private var ceiling: UInt64 = 0
    private var reservation: Task<Range<UInt64>, any Error>?
    /// The store gave one id for a block: it takes ids from a shared sequence.
    private var handsOutSingleIDs = false

    /// - Parameters:
    ///   - blockSize: ids reserved per store write; a restart skips at most this many.
    ///   - clock: the time source, replaceable in tests.
    public init(store: any ServerStore, blockSize: UInt64 = 1 << 16, clock: @escaping Clock = wallClockNanoseconds) {
        self.store = store
        self.blockSize = max(1, blockSize)
        self.clock = clock
    }

    /// The next id.
    public func next() async throws -> UInt64 {
        // A store several processes share hands out one id per reservation, from one sequence: each
        // caller takes its own, side by side, since waiting in line for one shared reservation at a
        // time would allow one id per database round trip.
        if handsOutSingleIDs {
            return try await store.reserveMessageIDs(clock: clock(), count: 1).lowerBound
        }
        while nextID >= ceiling {
            let task: Task<Range<UInt64>, any Error>
            if let reservation {
                task = reservation
            } else {
                let store = store
                let clock = clock()
                let count = blockSize
                task = Task { try await store.reserveMessageIDs(clock: clock, count: count) }
                reservation = task
            }
            // Concurrent callers wait on the same reservation; the first to resume installs it.
            let result = await task.result
            if reservation == task {
                reservation = nil
                if case .success(let range) = result {
                    nextID = range.lowerBound
                    ceiling = range.upperBound
                    handsOutSingleIDs = blockSize > 1 && range.count == 1
                }
            }
            if case .failure(let error) = result { throw error }
        }
        defer { nextID += 1 }
        return nextID
    }
}

/// The wall clock in Unix nanoseconds.
public func wallClockNanoseconds() -> UInt64 {
    var now = timespec()
    clock_gettime(CLOCK_REALTIME, &now)
    return UInt64(max(0, now.tv_sec)) * 1_000_000_000 + UInt64(max(0, now.tv_nsec))
}
