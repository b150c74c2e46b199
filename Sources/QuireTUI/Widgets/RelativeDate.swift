#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Short dates for list rows: the time for today, the weekday within the last week, month
/// and day within the year, the year beyond. At most six columns, so the column lines up.
public struct RelativeDate: Sendable, Hashable {
    /// The current time, seconds since 1970 (UTC).
    public var now: Int64
    /// The local time zone's offset from UTC in seconds (east positive).
    public var utcOffset: Int64

    /// Numbers instead of names beyond today (`11-20` rather than `Nov 20`, also for the
    /// last week), for the `date-format = "numeric"` setting.
    public var numeric: Bool

    public init(now: Int64, utcOffset: Int64, numeric: Bool = false) {
        self.now = now
        self.utcOffset = utcOffset
        self.numeric = numeric
    }

    /// The clock and zone of this process.
    public static func current() -> RelativeDate {
        var seconds = time(nil)
        var parts = tm()
        localtime_r(&seconds, &parts)
        return RelativeDate(now: Int64(seconds), utcOffset: Int64(parts.tm_gmtoff))
    }

    /// The widest text ``format(_:)`` returns.
    public static let width = 6

    private static let weekdays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// `seconds` (since 1970, UTC) as a short local date.
    public func format(_ seconds: Int64) -> String {
        let then = RelativeDate.breakDown(seconds + utcOffset)
        let today = RelativeDate.breakDown(now + utcOffset)
        let dayNumber = (seconds + utcOffset).floorDivided(by: 86_400)
        let todayNumber = (now + utcOffset).floorDivided(by: 86_400)
        if dayNumber == todayNumber {
            return RelativeDate.twoDigits(then.hour) + ":" + RelativeDate.twoDigits(then.minute)
        }
        if numeric, then.year == today.year {
            return RelativeDate.twoDigits(then.month + 1) + "-" + RelativeDate.twoDigits(then.day)
        }
        if dayNumber < todayNumber, todayNumber - dayNumber < 7 {
            return RelativeDate.weekdays[then.weekday]
        }
        if then.year == today.year {
            return RelativeDate.months[then.month] + " " + String(then.day)
        }
        return String(then.year)
    }

    private struct Parts {
        var year: Int
        var month: Int
        var day: Int
        var hour: Int
        var minute: Int
        var weekday: Int
    }

    private static func breakDown(_ seconds: Int64) -> Parts {
        var value = time_t(seconds)
        var parts = tm()
        gmtime_r(&value, &parts)
        return Parts(
            year: Int(parts.tm_year) + 1900, month: Int(parts.tm_mon), day: Int(parts.tm_mday),
            hour: Int(parts.tm_hour), minute: Int(parts.tm_min), weekday: Int(parts.tm_wday))
    }

    private static func twoDigits(_ value: Int) -> String {
        value < 10 ? "0" + String(value) : String(value)
    }
}

extension Int64 {
    fileprivate func floorDivided(by divisor: Int64) -> Int64 {
        let quotient = self / divisor
        return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? quotient - 1 : quotient
    }
}
