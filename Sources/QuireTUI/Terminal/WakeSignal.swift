#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A self-pipe that wakes the input loop from another thread, so core change events reach the
/// UI without the UI ever waiting on the network.
///
/// Writing is one non-blocking `write(2)` of a byte, which is also safe from a signal handler.
public final class WakeSignal: Sendable {
    /// The end the input loop polls.
    public let readDescriptor: Int32
    private let writeDescriptor: Int32

    /// Makes the pipe; nil if the process is out of descriptors.
    public init?() {
        var descriptors: [Int32] = [-1, -1]
        guard pipe(&descriptors) == 0 else { return nil }
        readDescriptor = descriptors[0]
        writeDescriptor = descriptors[1]
        for descriptor in descriptors {
            _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) | O_NONBLOCK)
            _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC)
        }
    }

    deinit {
        close(readDescriptor)
        close(writeDescriptor)
    }

    /// Wakes the loop. A full pipe already guarantees a wake-up, so a failed write is fine.
    public func wake() {
        var byte: UInt8 = 1
        _ = write(writeDescriptor, &byte, 1)
    }

    /// Empties the pipe; returns whether anything was in it.
    @discardableResult
    public func drain() -> Bool {
        var buffer = [UInt8](repeating: 0, count: 64)
        var woke = false
        while read(readDescriptor, &buffer, buffer.count) > 0 { woke = true }
        return woke
    }
}
