import Foundation

/// The `posted` timestamp: Go layout `2006-01-02T15:04:05.000Z07:00` of a UTC time, e.g.
/// `2026-11-29T07:49:47.676Z`. Milliseconds are truncated, as Go's formatter does.
public enum PostedTime {
    public static func format(_ date: Date) -> String {
        let milliseconds = (date.timeIntervalSince1970 * 1000).rounded(.down)
        return format(millisecondsSince1970: Int64(milliseconds))
    }

    public static func format(millisecondsSince1970 total: Int64) -> String {
        let (days, dayMilliseconds) = total.floorDivided(by: 86_400_000)
        let (year, month, day) = civil(fromDays: days)
        let seconds = dayMilliseconds / 1000
        var out = ""
        out.reserveCapacity(24)
        out += pad(year, 4) + "-" + pad(month, 2) + "-" + pad(day, 2)
        out += "T" + pad(seconds / 3600, 2) + ":" + pad(seconds / 60 % 60, 2) + ":" + pad(seconds % 60, 2)
        out += "." + pad(dayMilliseconds % 1000, 3) + "Z"
        return out
    }

    /// Milliseconds since 1970 of a `posted` value in the wire layout exactly (milliseconds, then `Z` or a
    /// `±hh:mm` offset, on a day that exists); nil otherwise.
    public static func parseMilliseconds(_ text: String) -> Int64? {
        let bytes = Array(text.utf8)
        guard bytes.count == 24 || bytes.count == 29, bytes[10] == UInt8(ascii: "T"), bytes[19] == UInt8(ascii: "."),
            bytes.count == 24
                ? bytes[23] == UInt8(ascii: "Z") : [UInt8(ascii: "+"), UInt8(ascii: "-")].contains(bytes[23]),
            let time = Reading(bytes), time.second < 60, time.day <= daysIn(month: time.month, year: time.year)
        else { return nil }
        return time.microseconds / 1000
    }

    /// Microseconds since 1970 of any RFC 3339 time (`2026-11-29T07:49:47.676Z`, any fraction, any offset),
    /// as other clients and sites may write `posted`; nil for anything else. Cheap: it runs once per message.
    public static func microseconds(_ text: String) -> Int64? {
        Reading(Array(text.utf8))?.microseconds
    }

    /// Seconds since 1970 of any RFC 3339 time, rounded down; nil for anything else.
    public static func seconds(_ text: String) -> Int64? {
        microseconds(text)?.floorDivided(by: 1_000_000).0
    }

    public static func parse(_ text: String) -> Date? {
        guard let milliseconds = parseMilliseconds(text) else { return nil }
        return Date(timeIntervalSince1970: Double(milliseconds) / 1000)
    }

    private static func pad(_ value: Int64, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }

    private static func daysIn(month: Int64, year: Int64) -> Int64 {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
    public static func days(fromCivil year: Int64, _ month: Int64, _ day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    static func civil(fromDays days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}

extension PostedTime {
    /// The fields of an RFC 3339 time, read without a date formatter.
    private struct Reading {
        var year: Int64 = 0
        var month: Int64 = 0
        var day: Int64 = 0
        var second: Int64 = 0
        /// Since 1970, the offset applied.
        var microseconds: Int64 = 0

        init?(_ bytes: [UInt8]) {
            var index = 0
            func number(_ digits: Int) -> Int64? {
                guard index + digits <= bytes.count else { return nil }
                var value: Int64 = 0
                for _ in 0..<digits {
                    let byte = bytes[index]
                    guard byte >= 48, byte <= 57 else { return nil }
                    value = value * 10 + Int64(byte - 48)
                    index += 1
                }
                return value
            }
            func expect(_ characters: String) -> Bool {
                guard index < bytes.count, characters.utf8.contains(bytes[index]) else { return false }
                index += 1
                return true
            }
            guard let year = number(4), expect("-"), let month = number(2), expect("-"), let day = number(2),
                expect("Tt "), let hour = number(2), expect(":"), let minute = number(2), expect(":"),
                let second = number(2)
            else { return nil }
            guard (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61 else {
                return nil
            }
            var fraction: Int64 = 0
            if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
                index += 1
                var scale: Int64 = 100_000
                var digits = 0
                while index < bytes.count, bytes[index] >= 48, bytes[index] <= 57 {
                    fraction += Int64(bytes[index] - 48) * scale
                    scale /= 10
                    index += 1
                    digits += 1
                }
                guard digits > 0 else { return nil }
            }
            var offsetSeconds: Int64 = 0
            if expect("Zz") {
                offsetSeconds = 0
            } else if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
                let sign: Int64 = bytes[index] == UInt8(ascii: "+") ? 1 : -1
                index += 1
                guard let offsetHours = number(2), expect(":"), let offsetMinutes = number(2),
                    offsetHours < 24, offsetMinutes < 60
                else { return nil }
                offsetSeconds = sign * (offsetHours * 3600 + offsetMinutes * 60)
            } else {
                return nil
            }
            guard index == bytes.count else { return nil }
            self.year = year
            self.month = month
            self.day = day
            self.second = second
            let days = PostedTime.days(fromCivil: year, month, day)
            let seconds = days * 86_400 + hour * 3600 + minute * 60 + second - offsetSeconds
            microseconds = seconds * 1_000_000 + fraction
        }
    }
}

extension Int64 {
    /// Quotient and non-negative remainder.
    fileprivate func floorDivided(by divisor: Int64) -> (Int64, Int64) {
        let remainder = self % divisor
        return remainder < 0 ? (self / divisor - 1, remainder + divisor) : (self / divisor, remainder)
    }
}
