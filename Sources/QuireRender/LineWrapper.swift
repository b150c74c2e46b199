/// Fills lines of at most `width` columns with styled text.
///
/// Paragraph text breaks at spaces (runs of spaces collapse to one), on either side of a wide
/// (CJK) character, and inside a word longer than a whole line. A `"\n"` in a span is a hard
/// break. Verbatim text (code) keeps every space and breaks only at the edge.
struct LineWrapper {
    let width: Int
    let ambiguousWide: Bool

    init(width: Int, ambiguousWide: Bool) {
        self.width = max(1, width)
        self.ambiguousWide = ambiguousWide
    }

    /// A piece of one span that is never split by the wrapper unless it is wider than a line.
    private struct Piece {
        var text: Substring
        var style: Style
        var link: Int?
        var columns: Int
        /// The index of the span `text` is cut from (nil: not cut from a span), so that the
        /// builder can join neighbouring pieces of one span without copying their text.
        var source: Int?
    }

    /// The space drawn between two words: a single `" "` of the source text where there is
    /// one, so that the words and the space between them stay one slice of the span.
    private struct Space {
        var text: Substring = " "
        var style = Style(.plain)
        var link: Int?
        var source: Int?
    }

    /// One unbreakable unit: `pieces[range]` glued together (a word made of several styles),
    /// or a hard break.
    private struct Word {
        var range: Range<Int>
        var columns: Int
        /// Whether a space separated it from the previous word.
        var spaceBefore: Bool
        var space: Space
        var isHardBreak: Bool
    }

    /// Wraps paragraph text.
    func wrap(_ spans: [StyledSpan]) -> [StyledLine] {
        var builder = Builder(width: width, ambiguousWide: ambiguousWide)
        let (pieces, words) = split(spans)
        for word in words {
            if word.isHardBreak {
                builder.finishLine(force: true)
                continue
            }
            let gap = builder.isLineEmpty || !word.spaceBefore ? 0 : 1
            if builder.columns + gap + word.columns <= width {
                if gap == 1 { builder.appendSpace(word.space) }
                builder.append(pieces[word.range])
            } else if word.columns <= width && !isWideRun(pieces[word.range]) {
                builder.finishLine(force: false)
                builder.append(pieces[word.range])
            } else {
                // Too long for any line, or CJK text that breaks anywhere: fill what is left.
                if gap == 1 && builder.columns + 1 < width {
                    builder.appendSpace(word.space)
                } else if gap == 1 {
                    builder.finishLine(force: false)
                }
                for piece in pieces[word.range] { builder.appendBreaking(piece) }
            }
        }
        builder.finishLine(force: false)
        return builder.lines
    }

    /// Wraps or clips verbatim lines (no space collapsing); each `"\n"` ends a line.
    func verbatim(_ spans: [StyledSpan], overflow: RenderOptions.CodeOverflow, glyphs: Glyphs) -> [StyledLine] {
        var builder = Builder(width: width, ambiguousWide: ambiguousWide)
        var current: [Piece] = []
        var currentColumns = 0
        func flush() {
            if currentColumns <= width {
                builder.append(current)
                builder.finishLine(force: true)
            } else {
                let markerColumns = DisplayWidth.of(
                    overflow == .wrap ? glyphs.wrapMarker : glyphs.clipMarker, ambiguousWide: ambiguousWide
                )
                builder.appendVerbatim(current, overflow: overflow, glyphs: glyphs, markerColumns: markerColumns)
            }
            current = []
            currentColumns = 0
        }
        for span in spans {
            var rest = Substring(span.text.string)
            while !rest.isEmpty {
                let line = rest.prefix { $0 != "\n" }
                if !line.isEmpty {
                    let columns = measure(line)
                    current.append(Piece(text: line, style: span.style, link: span.link, columns: columns))
                    currentColumns += columns
                }
                rest = rest.dropFirst(line.count)
                if rest.first == "\n" {
                    rest = rest.dropFirst()
                    flush()
                }
            }
        }
        if !current.isEmpty { flush() }
        return builder.lines
    }

    private func measure(_ text: Substring) -> Int {
        DisplayWidth.of(text, ambiguousWide: ambiguousWide)
    }

    /// Whether the pieces hold wide (CJK) characters, which may break anywhere.
    private func isWideRun(_ pieces: ArraySlice<Piece>) -> Bool {
        pieces.contains { piece in
            piece.text.utf8.count != piece.columns
                && DisplayWidth.containsWide(piece.text, ambiguousWide: ambiguousWide)
        }
    }

    /// Splits spans into pieces and words at spaces and hard breaks; pieces of adjacent spans
    /// with no space between them belong to one word.
    private func split(_ spans: [StyledSpan]) -> ([Piece], [Word]) {
        var pieces: [Piece] = []
        var words: [Word] = []
        var wordStart = 0
        var wordColumns = 0
        var spaceBefore = false
        var space = Space()
        var pendingSpace: Space?
        func endWord() {
            if pieces.count > wordStart {
                words.append(
                    Word(
                        range: wordStart..<pieces.count, columns: wordColumns, spaceBefore: spaceBefore,
                        space: space, isHardBreak: false
                    )
                )
            }
            wordStart = pieces.count
            wordColumns = 0
        }
        for (spanIndex, span) in spans.enumerated() {
            let text = span.text.string
            let utf8 = text.utf8
            func index(_ offset: Int) -> String.Index { utf8.index(utf8.startIndex, offsetBy: offset) }
            UTF8Bytes.with(text) { bytes in
                var offset = 0
                while offset < bytes.count {
                    let byte = bytes[offset]
                    if byte == 0x20 || byte == 0x09 {
                        endWord()
                        // A tab is drawn as a plain space, so only a space byte can stay in the slice.
                        let isSpace = byte == 0x20
                        pendingSpace = Space(
                            text: isSpace ? text[index(offset)..<index(offset + 1)] : " ", style: span.style,
                            link: span.link, source: isSpace ? spanIndex : nil
                        )
                        offset += 1
                        continue
                    }
                    if byte == 0x0A {
                        endWord()
                        let hardBreak = Word(
                            range: pieces.count..<pieces.count, columns: 0, spaceBefore: false,
                            space: Space(style: span.style), isHardBreak: true
                        )
                        words.append(hardBreak)
                        pendingSpace = nil
                        offset += 1
                        continue
                    }
                    var end = offset
                    var isPrintableASCII = true
                    while end < bytes.count {
                        let next = bytes[end]
                        if next == 0x20 || next == 0x09 || next == 0x0A { break }
                        if next < 0x20 || next >= 0x7F { isPrintableASCII = false }
                        end += 1
                    }
                    let run = text[index(offset)..<index(end)]
                    if pieces.count == wordStart {
                        spaceBefore = pendingSpace != nil
                        if let pendingSpace { space = pendingSpace }
                    }
                    pendingSpace = nil
                    let columns = isPrintableASCII ? end - offset : measure(run)
                    pieces.append(
                        Piece(text: run, style: span.style, link: span.link, columns: columns, source: spanIndex))
                    wordColumns += columns
                    offset = end
                }
            }
        }
        endWord()
        return (pieces, words)
    }

    /// Accumulates pieces into lines, merging neighbours of the same style.
    private struct Builder {
        let width: Int
        let ambiguousWide: Bool
        var lines: [StyledLine] = []
        var spans: [StyledSpan] = []
        var columns = 0
        /// Text collected in one style: a slice of one source span while it is contiguous there
        /// (no copy), else an owned string.
        private var pending = ""
        private var pendingSlice: Substring?
        private var pendingSource: Int?
        private var pendingStyle = Style(.plain)
        private var pendingLink: Int?

        init(width: Int, ambiguousWide: Bool) {
            self.width = width
            self.ambiguousWide = ambiguousWide
        }

        var isLineEmpty: Bool { columns == 0 }

        mutating func finishLine(force: Bool) {
            flushPending()
            if force || !spans.isEmpty {
                lines.append(StyledLine(spans))
            }
            spans.removeAll(keepingCapacity: true)
            columns = 0
        }

        mutating func appendSpace(_ space: Space) {
            add(space.text, style: space.style, link: space.link, columns: 1, source: space.source)
        }

        mutating func append<Pieces: Sequence<Piece>>(_ pieces: Pieces) {
            for piece in pieces { add(piece) }
        }

        private mutating func add(_ piece: Piece) {
            add(piece.text, style: piece.style, link: piece.link, columns: piece.columns, source: piece.source)
        }

        /// Appends a piece, breaking it by grapheme cluster wherever the line is full.
        mutating func appendBreaking(_ piece: Piece) {
            if columns + piece.columns <= width {
                add(piece)
                return
            }
            if piece.columns == piece.text.utf8.count {
                appendBreakingPrintableASCII(piece)
                return
            }
            var start = piece.text.startIndex
            var used = 0
            var index = start
            while index < piece.text.endIndex {
                let next = piece.text.index(after: index)
                let cluster = DisplayWidth.of(piece.text[index], ambiguousWide: ambiguousWide)
                if columns + used + cluster > width {
                    if used > 0 {
                        add(
                            piece.text[start..<index], style: piece.style, link: piece.link, columns: used,
                            source: piece.source)
                    }
                    if columns == 0 && used == 0 {
                        // A cluster wider than the whole line: cannot be drawn; skip it.
                        start = next
                        index = next
                        continue
                    }
                    finishLine(force: false)
                    start = index
                    used = 0
                    continue
                }
                used += cluster
                index = next
            }
            if start < piece.text.endIndex {
                add(piece.text[start...], style: piece.style, link: piece.link, columns: used, source: piece.source)
            }
        }

        /// ``appendBreaking(_:)`` for a piece of printable ASCII (as many columns as bytes, which
        /// no other text has): every byte is a one-column cluster, so it breaks at byte counts.
        private mutating func appendBreakingPrintableASCII(_ piece: Piece) {
            let utf8 = piece.text.utf8
            var start = utf8.startIndex
            var remaining = piece.columns
            while remaining > 0 {
                let room = width - columns
                if room <= 0 {
                    finishLine(force: false)
                    continue
                }
                let taken = min(room, remaining)
                let end = utf8.index(start, offsetBy: taken)
                add(piece.text[start..<end], style: piece.style, link: piece.link, columns: taken, source: piece.source)
                start = end
                remaining -= taken
                if remaining > 0 { finishLine(force: false) }
            }
        }

        /// Appends a verbatim line wider than the view: wrapped with a marker at each break,
        /// or clipped with a marker at the edge.
        mutating func appendVerbatim(
            _ pieces: [Piece], overflow: RenderOptions.CodeOverflow, glyphs: Glyphs, markerColumns: Int
        ) {
            let room = max(1, width - markerColumns)
            let marker = overflow == .wrap ? glyphs.wrapMarker : glyphs.clipMarker
            for piece in pieces {
                var start = piece.text.startIndex
                var used = 0
                var index = start
                while index < piece.text.endIndex {
                    let next = piece.text.index(after: index)
                    let cluster = DisplayWidth.of(piece.text[index], ambiguousWide: ambiguousWide)
                    if columns + used + cluster > room {
                        if used > 0 {
                            add(piece.text[start..<index], style: piece.style, link: piece.link, columns: used)
                        }
                        if columns == 0 && used == 0 {
                            start = next
                            index = next
                            continue
                        }
                        add(Substring(marker), style: Style(.marker), link: nil, columns: markerColumns)
                        finishLine(force: true)
                        if overflow == .clip { return }
                        start = index
                        used = 0
                        continue
                    }
                    used += cluster
                    index = next
                }
                if start < piece.text.endIndex {
                    add(piece.text[start...], style: piece.style, link: piece.link, columns: used)
                }
            }
            finishLine(force: true)
        }

        private mutating func add(_ text: Substring, style: Style, link: Int?, columns: Int, source: Int? = nil) {
            guard !text.isEmpty else { return }
            if pendingStyle != style || pendingLink != link {
                flushPending()
                pendingStyle = style
                pendingLink = link
            }
            self.columns += columns
            if let slice = pendingSlice {
                if source != nil && source == pendingSource && slice.endIndex == text.startIndex {
                    pendingSlice = slice.base[slice.startIndex..<text.endIndex]
                    return
                }
                pending = String(slice)
                pendingSlice = nil
            } else if pending.isEmpty, let source {
                pendingSlice = text
                pendingSource = source
                return
            }
            pending += text
        }

        /// Moves the text collected in one style into a span.
        private mutating func flushPending() {
            if let slice = pendingSlice {
                let whole = slice.startIndex == slice.base.startIndex && slice.endIndex == slice.base.endIndex
                let text = whole ? slice.base : String(slice)
                spans.append(StyledSpan(TerminalSafeText(verified: text), style: pendingStyle, link: pendingLink))
                pendingSlice = nil
                return
            }
            guard !pending.isEmpty else { return }
            spans.append(StyledSpan(TerminalSafeText(verified: pending), style: pendingStyle, link: pendingLink))
            pending = ""
        }
    }
}
