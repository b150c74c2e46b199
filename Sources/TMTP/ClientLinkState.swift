/// The reference server's session-state gate (PROTOCOL.md section 1, "Order of checks", step 3).
///
/// The server records `hasTmtpRev` after answering op 0 and `isLoggedIn` after a successful
/// Login or Register; `admit` then says which quit, if any, an op gets. A quit is only sent once
/// TmtpRev was received (`sendsQuitMessage`); before that the link closes silently.
public struct ClientLinkState: Sendable, Equatable {
    public var hasTmtpRev = false
    public var isLoggedIn = false

    public init(hasTmtpRev: Bool = false, isLoggedIn: Bool = false) {
        self.hasTmtpRev = hasTmtpRev
        self.isLoggedIn = isLoggedIn
    }

    public func admit(_ op: ClientOp) throws(QuitReason) {
        switch op {
        case .tmtpRev:
            guard !hasTmtpRev else { throw .opRepetition }
        case .register, .login:
            guard hasTmtpRev else { throw .tmtpRevOmitted }
            guard !isLoggedIn else { throw .opOnConnectedLink }
        default:
            guard isLoggedIn else { throw .opOnUnauthenticatedLink }
        }
    }

    /// Whether a `quit` message goes out before closing.
    public var sendsQuitMessage: Bool { hasTmtpRev }
}
