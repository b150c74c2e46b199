import TMTP

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Shows a TMTP `posted` time (read by `TMTP.PostedTime`) in the list and the reader.
enum PostedDate {
    /// Seconds since 1970 (UTC), or nil for text that is not such a time.
    static func seconds(_ text: String) -> Int64? { PostedTime.seconds(text) }

    /// `2026-11-29 08:49` in the zone of `dates` (or the text as received if unreadable).
    static func long(_ text: String, utcOffset: Int64) -> String {
        guard let seconds = seconds(text) else { return text }
        var value = time_t(seconds + utcOffset)
        var parts = tm()
        gmtime_r(&value, &parts)
        func two(_ number: Int32) -> String { number < 10 ? "0\(number)" : "\(number)" }
        return "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday)) "
            + "\(two(parts.tm_hour)):\(two(parts.tm_min))"
    }
}
