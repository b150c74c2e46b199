/// Why a link ends: the exact `error` strings of the reference server's `quit` message.
///
/// The raw values are wire text (`{"error":<rawValue>,"op":"quit"}`); keep them byte-exact.
public enum QuitReason: String, Error, Sendable, CaseIterable {
    case invalidHeaderLength = "invalid header length"
    case invalidHeader = "invalid header"
    case corruptBase32 = "corrupt base32 value"
    case opRepetition = "disallowed op repetition"
    case opOnUnauthenticatedLink = "disallowed op on unauthenticated link"
    case opOnConnectedLink = "disallowed op on connected link"
    case tmtpRevOmitted = "tmtprev was omitted"
    case authenticationRequired = "authentication required"
    case registerFailure = "register failure"
    case loginFailed = "login failed"
    case nodeAlreadyConnected = "node already connected"
    case logoutOK = "logout ok"
    case dataTooLong = "data too long for request type"
    case dataTooShort = "data too short for request type"
    case dataNotUTF8 = "data not valid UTF8"
    case recipientListEmpty = "recipient list empty"
}
