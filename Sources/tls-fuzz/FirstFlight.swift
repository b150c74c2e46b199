import TMTPTransport

/// The input is the client's first bytes on a fresh link (the seeds are real clients' hellos): it goes to one
/// server whole and to another a byte at a time.
///
/// Nothing an input can send completes a handshake without the server's keys, so neither server may pass any
/// plaintext up; both must come to the same end (still waiting, or closed with a ``ServerTLSError`` of the same
/// kind); and everything they send must be whole TLS records.
func fuzzFirstFlight(_ bytes: ArraySlice<UInt8>) {
    guard let whole = try? LinkPair(), let dripped = try? LinkPair() else {
        require(false, "cannot set up an embedded server")
        return
    }
    whole.feedServer(Array(bytes))
    _ = whole.takeServerOutput()
    for byte in bytes {
        dripped.feedServer([byte])
        _ = dripped.takeServerOutput()
    }
    for link in [whole, dripped] {
        require(link.serverReceived.isEmpty, "plaintext passed up before a handshake")
        require(
            link.serverError == nil || link.serverError is ServerTLSError,
            "not a TLS error: \(String(describing: link.serverError))")
        require(link.serverError == nil || !link.server.isActive, "the server failed and stayed open")
    }
    require(
        Ending(whole) == Ending(dripped),
        "whole and dripped input ended differently: \(Ending(whole)) vs \(Ending(dripped))")
}

/// How a link's input ended, in terms that do not depend on how it was split.
private enum Ending: Equatable {
    case waiting
    case closed
    case handshakeFailed
    case protocolFailure
    case otherFailure

    init(_ link: LinkPair) {
        switch link.serverError as? ServerTLSError {
        case .some(.handshakeFailed): self = .handshakeFailed
        case .some(.protocolFailure): self = .protocolFailure
        case .some: self = .otherFailure
        case .none: self = link.server.isActive ? .waiting : .closed
        }
    }
}
