import TMTP
import TMTPTransport

/// What a site did wrong, in words, from the error that ended its link.
///
/// A site that breaks the protocol (a malformed header, a message larger than quire keeps, a
/// reply out of turn) is told apart from a network that failed, so the user reads what the site
/// did instead of a bare `invalidHeader`.
enum SiteFault {
    /// The words for an error the site caused, or nil for one it did not (network, local).
    static func describe(_ error: any Error) -> String? {
        switch error {
        case ReceivedMessagesError.dataTooLarge(let header, let limit):
            let from = header.std.map { " from \($0.from)" } ?? ""
            let id = header.std.map { " (id \($0.id))" } ?? ""
            return "the site sent a \(header.op)\(from)\(id) of \(size(header.dataLength)), more than the "
                + "\(size(Int64(limit))) quire accepts; quire closed the link without acknowledging it"
        case let reason as QuitReason:
            return "the site sent a malformed message (\(reason.rawValue)); "
                + "quire closed the link and kept nothing of it"
        case SyncFailure.unexpected(let op):
            return "the site answered out of turn (\(op)); quire closed the link"
        case TransportError.protocolViolation(let reason):
            return "the site broke the protocol (\(reason)); quire closed the link"
        default:
            return nil
        }
    }

    /// `8,000,000,000 bytes (7.5 GiB)`.
    static func size(_ bytes: Int64) -> String {
        let units = ["KiB", "MiB", "GiB", "TiB", "PiB", "EiB"]
        var value = Double(bytes)
        var unit = "bytes"
        for next in units where value >= 1024 {
            value /= 1024
            unit = next
        }
        let grouped = String(bytes).reversed().enumerated()
            .map { $0.offset > 0 && $0.offset % 3 == 0 ? "\($0.element)," : "\($0.element)" }.reversed().joined()
        guard unit != "bytes" else { return "\(grouped) bytes" }
        let rounded = (value * 10).rounded() / 10
        return "\(grouped) bytes (\(rounded) \(unit))"
    }
}
