import NIOCore
import NIOPosix

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Why a TCP connection could not be made, in words for a person: the system's text for a
/// socket error ("Connection refused"), not the event loop's wrapping of it (the addresses
/// tried, the error set, the errno).
public enum ConnectionFailure {
    /// The reason, or nil when `error` is not a connection failure.
    public static func reason(_ error: any Error) -> String? {
        switch error {
        case let socket as IOError:
            return String(cString: strerror(socket.errnoCode))
        case let attempts as NIOConnectionError:
            // Every address tried failed: the first one's reason speaks for them (they are the
            // same host); none tried means the name did not resolve.
            if let first = attempts.connectionErrors.first { return reason(first.error) ?? "\(first.error)" }
            if attempts.dnsAError != nil || attempts.dnsAAAAError != nil { return "no such host" }
            return nil
        case ChannelError.connectTimeout:
            return "timed out"
        default:
            return nil
        }
    }
}
