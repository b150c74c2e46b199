/// Durations written as a number and a unit: `90s`, `30m`, `12h`, `7d` (a bare number is seconds).
enum DurationText {
    static func seconds(_ text: String) -> Int? {
        guard let last = text.last else { return nil }
        let units: [Character: Int] = ["s": 1, "m": 60, "h": 3600, "d": 86_400]
        if let unit = units[last] {
            guard let value = Int(text.dropLast()), value >= 0 else { return nil }
            return value * unit
        }
        guard let value = Int(text), value >= 0 else { return nil }
        return value
    }
}
