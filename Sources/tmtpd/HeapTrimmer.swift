import ServiceLifecycle

#if canImport(Glibc)
    import Glibc
#endif

/// Gives free heap pages back to the system now and then.
///
/// Every link's TLS handshake allocates and frees tens of kilobytes between the long-lived
/// allocations of other links, so glibc's heap fills with free but resident holes that it only
/// returns at the top of the heap. `malloc_trim(0)` releases every whole free page wherever it is:
/// it is cheap when there is little to do, and it keeps a server with many idle links small.
struct HeapTrimmer: Service {
    private typealias MallocTrim = @convention(c) (Int) -> Int32

    /// Trims every `interval` until the task is cancelled; returns at once where there is no
    /// `malloc_trim` (it is glibc's; Swift's Glibc module does not export `malloc.h`).
    static func trim(every interval: Duration = .seconds(10)) async {
        #if canImport(Glibc)
            guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "malloc_trim") else { return }
            let trim = unsafeBitCast(symbol, to: MallocTrim.self)
            while !Task.isCancelled {
                do { try await Task.sleep(for: interval) } catch { return }
                _ = trim(0)
            }
        #endif
    }

    /// Trims until the process shuts down.
    func run() async throws {
        try await cancelWhenGracefulShutdown { await Self.trim() }
    }
}
