import Testing

/// Every test here runs real processes (tmtpd, quire, tmux sessions): one suite at a time, so
/// that on a two-core machine none starves another past a site's login deadline or a screen's wait.
@Suite(.serialized)
enum EndToEnd {}
