/// A chart described in a ```` ```chart ```` fenced block.
///
/// ```chart
/// type: bar            # bar (default), line or sparkline
/// title: Visitors
/// x: month             # label of the category axis (also `x-label`)
/// y: people            # label of the value axis (also `y-label`)
/// height: 8            # rows of a line chart, 3-24
/// month,web,mail       # optional header row: names the series
/// Jan,120,30
/// Feb,150,42
/// ```
///
/// Settings come first, one `key: value` per line; then CSV rows `label,value[,value...]`
/// (fields may be double-quoted). Lines starting with `#` and blank lines are skipped. Every
/// row has the same number of values, which are finite numbers. Bar charts need values of
/// zero or more. Anything else is a ``ChartSpec/Error`` naming the line.
struct ChartSpec: Sendable, Hashable {
    enum Kind: String, Sendable, Hashable {
        case bar, line, sparkline
    }

    struct Error: Swift.Error, Sendable, Hashable, CustomStringConvertible {
        var line: Int
        var reason: String
        var description: String { line > 0 ? "line \(line): \(reason)" : reason }
    }

    var kind: Kind = .bar
    var title = ""
    var xLabel = ""
    var yLabel = ""
    var height = 8
    var seriesNames: [String] = []
    var labels: [String] = []
    /// `values[series][row]`.
    var values: [[Double]] = []

    static let maximumRows = 10_000
    static let maximumSeries = 16

    static func parse(_ source: String) throws(Error) -> ChartSpec {
        var spec = ChartSpec()
        var readingSettings = true
        var columnCount: Int?
        var rows: [(label: String, values: [Double])] = []
        for (offset, rawLine) in source.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let number = offset + 1
            let line = rawLine.trimmingSpaces()
            if line.isEmpty || line.hasPrefix("#") { continue }
            if readingSettings, let setting = try spec.apply(setting: line, line: number) {
                if setting { continue }
            }
            readingSettings = false
            let fields = try csvFields(line, line: number)
            guard fields.count >= 2 else { throw Error(line: number, reason: "expected label,value[,value...]") }
            if let count = columnCount, fields.count != count {
                throw Error(line: number, reason: "expected \(count - 1) values, found \(fields.count - 1)")
            }
            let numbers = fields.dropFirst().map { Double($0) }
            if rows.isEmpty && spec.seriesNames.isEmpty && columnCount == nil && numbers.contains(nil) {
                spec.seriesNames = fields.dropFirst().map { $0 }
                if spec.xLabel.isEmpty { spec.xLabel = fields[0] }
                columnCount = fields.count
                continue
            }
            columnCount = fields.count
            var values: [Double] = []
            for (index, value) in numbers.enumerated() {
                guard let value, value.isFinite else {
                    throw Error(line: number, reason: "\"\(fields[index + 1])\" is not a number")
                }
                values.append(value)
            }
            rows.append((fields[0], values))
            guard rows.count <= maximumRows else { throw Error(line: number, reason: "more than \(maximumRows) rows") }
        }
        guard let first = rows.first else { throw Error(line: 0, reason: "no data rows") }
        guard first.values.count <= maximumSeries else {
            throw Error(line: 0, reason: "more than \(maximumSeries) series")
        }
        spec.labels = rows.map(\.label)
        spec.values = (0..<first.values.count).map { series in rows.map { $0.values[series] } }
        if spec.seriesNames.isEmpty {
            spec.seriesNames = spec.values.count == 1 ? [spec.yLabel] : (1...spec.values.count).map { "series \($0)" }
        }
        if spec.kind == .bar, spec.values.contains(where: { $0.contains { $0 < 0 } }) {
            throw Error(line: 0, reason: "bar charts need values of 0 or more")
        }
        return spec
    }

    /// Applies a `key: value` line; nil if the line is not a setting (so data starts).
    private mutating func apply(setting line: String, line number: Int) throws(Error) -> Bool? {
        guard let colon = line.firstIndex(of: ":"), !line[..<colon].contains(",") else { return nil }
        let key = line[..<colon].trimmingSpaces().lowercased()
        let value = line[line.index(after: colon)...].trimmingSpaces()
        switch key {
        case "type":
            guard let kind = Kind(rawValue: value.lowercased()) else {
                throw Error(line: number, reason: "unknown chart type \"\(value)\" (bar, line, sparkline)")
            }
            self.kind = kind
        case "title": title = value
        case "x", "x-label", "xlabel": xLabel = value
        case "y", "y-label", "ylabel": yLabel = value
        case "height":
            guard let rows = Int(value), (3...24).contains(rows) else {
                throw Error(line: number, reason: "height must be 3-24")
            }
            height = rows
        default:
            throw Error(line: number, reason: "unknown setting \"\(key)\"")
        }
        return true
    }

    /// Splits a CSV line; fields may be double-quoted, with `""` for a quote inside.
    private static func csvFields(_ line: String, line number: Int) throws(Error) -> [String] {
        var fields: [String] = []
        var field = ""
        var quoted = false
        var wasQuoted = false
        var iterator = line.makeIterator()
        while let character = iterator.next() {
            if quoted {
                if character == "\"" {
                    quoted = false
                } else {
                    field.append(character)
                }
            } else if character == "\"" {
                if wasQuoted { field.append("\"") }
                quoted = true
                wasQuoted = true
            } else if character == "," {
                fields.append(wasQuoted ? field : field.trimmingSpaces())
                field = ""
                wasQuoted = false
            } else if !(wasQuoted && character == " ") {
                field.append(character)
            }
        }
        guard !quoted else { throw Error(line: number, reason: "unterminated quote") }
        fields.append(wasQuoted ? field : field.trimmingSpaces())
        return fields
    }
}

extension StringProtocol {
    func trimmingSpaces() -> String {
        var slice = Substring(self)
        while let first = slice.first, first == " " || first == "\t" || first == "\r" { slice = slice.dropFirst() }
        while let last = slice.last, last == " " || last == "\t" || last == "\r" { slice = slice.dropLast() }
        return String(slice)
    }
}
