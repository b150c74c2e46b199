/// The quit errors of a refused Register. The reference server cannot refuse registration, so
/// these texts are this site's own; clients match them to tell the user what to do.
public enum RegistrationRefusal {
    /// `--registration closed`: nobody may register.
    public static let closed = "registration closed"
    /// `--registration invite` and the Register carried no code.
    public static let inviteRequired = "registration requires an invite"
    /// The code is unknown, used up, expired or revoked (or the address made too many failures).
    public static let inviteRefused = "invite refused"
}
