import QuireRender

/// What a terminal below the smallest usable size shows instead of a broken layout: one
/// sentence saying its size and the size needed, wrapped to fit. The app keeps running and
/// draws its screens again as soon as the terminal is large enough.
struct TerminalTooSmall {
    /// The smallest size every screen lays out in: the composer's header, a line of body and its
    /// message line, the top bar, the status line and the command line.
    static let minimum = TerminalSize(rows: 10, columns: 40)

    static func applies(to size: TerminalSize) -> Bool {
        size.rows < minimum.rows || size.columns < minimum.columns
    }

    let size: TerminalSize

    var text: String {
        "terminal too small (\(size.columns)x\(size.rows), needs at least "
            + "\(Self.minimum.columns)x\(Self.minimum.rows))"
    }

    /// The sentence broken at spaces into lines of at most `width` columns (ASCII only, so one
    /// character is one column); a word longer than a line is cut.
    func lines(width: Int) -> [String] {
        guard width > 0 else { return [] }
        var lines: [String] = []
        var line = ""
        for word in text.split(separator: " ") {
            let candidate = line.isEmpty ? String(word) : line + " " + word
            if candidate.count <= width {
                line = candidate
            } else {
                if !line.isEmpty { lines.append(line) }
                line = String(word.prefix(width))
            }
        }
        if !line.isEmpty { lines.append(line) }
        return lines
    }

    /// Blanks the screen and draws the sentence from the top left, as much as fits.
    func draw(on terminal: any Terminal, style: CellStyle) {
        terminal.clear()
        for row in 0..<size.rows { terminal.fill(row: row, column: 0, count: size.columns, style: style) }
        for (row, line) in lines(width: size.columns).prefix(size.rows).enumerated() {
            terminal.put(TerminalSafeText(sanitising: line), row: row, column: 0, style: style)
        }
    }
}
