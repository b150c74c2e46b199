/// The TMTP revision this library speaks.
public enum ProtocolVersion {
    /// The `id` a client sends in op 0 (TmtpRev) and the server echoes.
    public static let current = "1"
}
