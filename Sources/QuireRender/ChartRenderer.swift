/// Draws a ``ChartSpec`` with block and braille characters, one colour role per series,
/// scaled to the width. A spec that does not parse is shown as its code plus a one-line error.
struct ChartRenderer {
    let context: RenderContext

    private var glyphs: Glyphs { context.glyphs }
    private var ambiguousWide: Bool { context.options.ambiguousWide }

    func render(source: String, width: Int) -> [StyledLine] {
        let spec: ChartSpec
        do {
            spec = try ChartSpec.parse(Sanitiser.sanitise(source).string)
        } catch {
            let code = BlockRenderer(context: context).codeBlock(source, role: .codeBlock, width: width)
            let message = StyledSpan(Sanitiser.sanitise("chart error: \(error.description)"), style: Style(.error))
            return code + LineWrapper(width: width, ambiguousWide: ambiguousWide).wrap([message])
        }
        var lines: [StyledLine] = []
        if !spec.title.isEmpty {
            lines += wrap([StyledSpan(Sanitiser.sanitise(spec.title), style: Style(.strong, attributes: .bold))], width)
        }
        switch spec.kind {
        case .bar: lines += bars(spec, width: width)
        case .sparkline: lines += sparklines(spec, width: width)
        case .line: lines += lineChart(spec, width: width)
        }
        if spec.values.count > 1 && spec.kind != .sparkline { lines += legend(spec, width: width) }
        return lines
    }

    private func wrap(_ spans: [StyledSpan], _ width: Int) -> [StyledLine] {
        LineWrapper(width: width, ambiguousWide: ambiguousWide).wrap(spans)
    }

    private func text(_ string: String, _ role: Style.Role) -> StyledSpan {
        StyledSpan(Sanitiser.sanitise(string), style: Style(role))
    }

    private func columns(_ string: String) -> Int { DisplayWidth.of(string, ambiguousWide: ambiguousWide) }

    /// `string` cut or padded to `width` columns; `pad: false` leaves no trailing spaces.
    private func fitted(_ string: String, _ width: Int, alignRight: Bool = false, pad: Bool = true) -> String {
        let cut = DisplayWidth.truncate(
            Sanitiser.sanitise(string).string, to: width, ellipsis: glyphs.ellipsis, ambiguousWide: ambiguousWide
        )
        let padding = String(repeated: " ", count: max(0, width - columns(cut)))
        return alignRight ? padding + cut : pad ? cut + padding : cut
    }

    // MARK: Bars

    private func bars(_ spec: ChartSpec, width: Int) -> [StyledLine] {
        let widestLabel = max(columns(spec.xLabel), spec.labels.map(columns).max() ?? 1)
        let labelWidth = min(max(1, widestLabel), max(1, width / 3))
        let formatted = spec.values.map { $0.map(Self.format) }
        let valueWidth = formatted.flatMap { $0 }.map(\.count).max() ?? 1
        let barRoom = width - labelWidth - 3 - valueWidth
        guard barRoom >= 2 else { return sparklines(spec, width: width) }
        let maximum = spec.values.flatMap { $0 }.max() ?? 0
        var lines: [StyledLine] = []
        if !spec.xLabel.isEmpty || !spec.yLabel.isEmpty {
            lines.append(
                StyledLine([
                    text(
                        fitted(spec.xLabel, labelWidth) + "  "
                            + fitted(spec.yLabel, width - labelWidth - 2, pad: false), .chartAxis)
                ]))
        }
        for (row, label) in spec.labels.enumerated() {
            for series in spec.values.indices {
                let value = spec.values[series][row]
                let eighths = maximum > 0 ? Self.nearest(value / maximum * Double(barRoom * 8)) : 0
                let full = String(repeated: glyphs.barEighths[8], count: eighths / 8)
                let bar = full + glyphs.barEighths[eighths % 8]
                let name = series == 0 ? fitted(label, labelWidth) : String(repeated: " ", count: labelWidth)
                var spans = [text(name + " ", .plain), StyledSpan(glyph: glyphs.vertical, .chartAxis)]
                if !bar.isEmpty { spans.append(StyledSpan(glyph: bar, .chartSeries(series + 1))) }
                spans.append(text(" " + formatted[series][row], .chartAxis))
                lines.append(StyledLine(spans))
            }
        }
        return lines
    }

    // MARK: Sparklines

    private func sparklines(_ spec: ChartSpec, width: Int) -> [StyledLine] {
        var lines: [StyledLine] = []
        let hasNames = spec.seriesNames.contains { !$0.isEmpty }
        let nameWidth = hasNames ? min(spec.seriesNames.map(columns).max() ?? 0, width / 4) : 0
        for (series, values) in spec.values.enumerated() {
            let low = values.min() ?? 0
            let high = values.max() ?? 0
            let range = " " + Self.format(low) + ".." + Self.format(high)
            let room = width - (nameWidth > 0 ? nameWidth + 1 : 0) - range.count
            guard room >= 1 else {
                lines += wrap([text(spec.seriesNames[series] + range, .chartAxis)], width)
                continue
            }
            let samples = Self.resample(values, to: room)
            let levels = glyphs.sparkLevels
            let spark = samples.map { value -> String in
                let level = high > low ? Self.nearest((value - low) / (high - low) * Double(levels.count - 1)) : 0
                return levels[min(levels.count - 1, max(0, level))]
            }.joined()
            var spans: [StyledSpan] = []
            if nameWidth > 0 { spans.append(text(fitted(spec.seriesNames[series], nameWidth) + " ", .plain)) }
            spans.append(StyledSpan(glyph: spark, .chartSeries(series + 1)))
            spans.append(text(range, .chartAxis))
            lines.append(StyledLine(spans))
        }
        return lines
    }

    /// Averages values into `count` buckets when there are more values than columns.
    static func resample(_ values: [Double], to count: Int) -> [Double] {
        guard values.count > count, count > 0 else { return values }
        return (0..<count).map { bucket in
            let start = bucket * values.count / count
            let end = max(start + 1, (bucket + 1) * values.count / count)
            let slice = values[start..<end]
            return slice.reduce(0, +) / Double(slice.count)
        }
    }

    // MARK: Line chart

    private func lineChart(_ spec: ChartSpec, width: Int) -> [StyledLine] {
        let all = spec.values.flatMap { $0 }
        var low = all.min() ?? 0
        var high = all.max() ?? 0
        if low == high {
            low -= 1
            high += 1
        }
        let highLabel = Self.format(high)
        let lowLabel = Self.format(low)
        let axisWidth = max(highLabel.count, lowLabel.count)
        let plotWidth = width - axisWidth - 1
        guard plotWidth >= 4 else { return sparklines(spec, width: width) }
        let rows = spec.height
        var canvas = BrailleCanvas(columns: plotWidth, rows: rows)
        let dotsWide = plotWidth * 2
        let dotsHigh = rows * 4
        for (series, values) in spec.values.enumerated() {
            let points = Self.resample(values, to: dotsWide)
            var previous: (Int, Int)?
            for (index, value) in points.enumerated() {
                let x = points.count > 1 ? index * (dotsWide - 1) / (points.count - 1) : dotsWide / 2
                let y = Self.nearest((high - value) / (high - low) * Double(dotsHigh - 1))
                if let (px, py) = previous {
                    canvas.line(from: (px, py), to: (x, y), series: series + 1)
                } else {
                    canvas.plot(x: x, y: y, series: series + 1)
                }
                previous = (x, y)
            }
        }
        var lines: [StyledLine] = []
        if !spec.yLabel.isEmpty { lines.append(StyledLine([text(fitted(spec.yLabel, width, pad: false), .chartAxis)])) }
        for row in 0..<rows {
            let label = row == 0 ? highLabel : row == rows - 1 ? lowLabel : ""
            var spans = [
                text(fitted(label, axisWidth, alignRight: true), .chartAxis),
                StyledSpan(glyph: glyphs.vertical, .chartAxis),
            ]
            spans += canvas.spans(row: row)
            lines.append(StyledLine(spans))
        }
        let axis =
            String(repeated: " ", count: axisWidth) + glyphs.bottomLeft
            + String(repeated: glyphs.horizontal, count: plotWidth)
        lines.append(StyledLine([StyledSpan(glyph: axis, .chartAxis)]))
        if let first = spec.labels.first, let last = spec.labels.last {
            let half = max(1, plotWidth / 2 - 1)
            let left = fitted(first, half, pad: spec.labels.count > 1)
            let right = spec.labels.count > 1 ? fitted(last, plotWidth - half - 1, alignRight: true) : ""
            let indent = String(repeated: " ", count: axisWidth + 1)
            lines.append(StyledLine([text(indent + left + (right.isEmpty ? "" : " " + right), .chartAxis)]))
        }
        if !spec.xLabel.isEmpty {
            let indent = String(repeated: " ", count: axisWidth + 1)
            lines.append(StyledLine([text(indent + fitted(spec.xLabel, plotWidth, pad: false), .chartAxis)]))
        }
        return lines
    }

    private func legend(_ spec: ChartSpec, width: Int) -> [StyledLine] {
        var spans: [StyledSpan] = []
        for (series, name) in spec.seriesNames.enumerated() {
            if series > 0 { spans.append(text("  ", .plain)) }
            spans.append(StyledSpan(glyph: glyphs.barEighths[8], .chartSeries(series + 1)))
            spans.append(text(" " + name, .plain))
        }
        return wrap(spans, width)
    }

    /// Rounds half away from zero without libm (QuireRender links nothing but cmark).
    static func nearest(_ value: Double) -> Int {
        value >= 0 ? Int(value + 0.5) : -Int(-value + 0.5)
    }

    /// A value with at most two decimals and no trailing zeros.
    static func format(_ value: Double) -> String {
        guard value.isFinite else { return "?" }
        if abs(value) >= 1e15 { return String(value) }
        let hundredths = Int64(Self.nearest(value * 100))
        let sign = hundredths < 0 ? "-" : ""
        let magnitude = hundredths.magnitude
        let whole = magnitude / 100
        let fraction = magnitude % 100
        if fraction == 0 { return sign + String(whole) }
        let digits = fraction % 10 == 0 ? String(fraction / 10) : (fraction < 10 ? "0" : "") + String(fraction)
        return sign + String(whole) + "." + digits
    }
}

/// A grid of braille cells, each 2 dots wide and 4 high, remembering which series drew last.
struct BrailleCanvas {
    let columns: Int
    let rows: Int
    private var dots: [UInt8]
    private var owners: [Int]

    init(columns: Int, rows: Int) {
        self.columns = columns
        self.rows = rows
        dots = Array(repeating: 0, count: columns * rows)
        owners = Array(repeating: 0, count: columns * rows)
    }

    /// Bit of each dot: `bits[y][x]` within a cell.
    private static let bits: [[UInt8]] = [[0x01, 0x08], [0x02, 0x10], [0x04, 0x20], [0x40, 0x80]]

    mutating func plot(x: Int, y: Int, series: Int) {
        guard x >= 0, y >= 0, x < columns * 2, y < rows * 4 else { return }
        let cell = (y / 4) * columns + x / 2
        dots[cell] |= Self.bits[y % 4][x % 2]
        owners[cell] = series
    }

    mutating func line(from start: (Int, Int), to end: (Int, Int), series: Int) {
        var (x, y) = start
        let dx = abs(end.0 - x)
        let dy = -abs(end.1 - y)
        let stepX = x < end.0 ? 1 : -1
        let stepY = y < end.1 ? 1 : -1
        var error = dx + dy
        while true {
            plot(x: x, y: y, series: series)
            if x == end.0 && y == end.1 { return }
            let doubled = 2 * error
            if doubled >= dy {
                error += dy
                x += stepX
            }
            if doubled <= dx {
                error += dx
                y += stepY
            }
        }
    }

    /// The row's cells; blank cells at the end are left out.
    func spans(row: Int) -> [StyledSpan] {
        var spans: [StyledSpan] = []
        var used = 0
        for column in stride(from: columns - 1, through: 0, by: -1) where dots[row * columns + column] != 0 {
            used = column + 1
            break
        }
        for column in 0..<used {
            let cell = row * columns + column
            let empty = dots[cell] == 0
            let character = empty ? " " : Character(Unicode.Scalar(0x2800 + UInt32(dots[cell])) ?? " ")
            let role: Style.Role = empty ? .plain : .chartSeries(owners[cell])
            if let last = spans.indices.last, spans[last].style.role == role {
                spans[last].text = TerminalSafeText(verified: spans[last].text.string + String(character))
            } else {
                spans.append(StyledSpan(TerminalSafeText(verified: String(character)), style: Style(role)))
            }
        }
        return spans
    }
}
