/// Fills lines of at most `width` columns with styled text.
///
/// Paragraph text breaks at spaces (runs of spaces collapse to one), on either side of a wide
/// (CJK) character, and inside a word longer than a whole line. A `"\n"` in a span is a hard
/// break. Verbatim text (code) keeps every space and breaks only at the edge.
///
/// The wrapper works on byte ranges of ``SpanText``: it measures and joins pieces of text
/// without cutting a `Substring` for each, and builds each output span's string once.
struct LineWrapper {
    let width: Int
    let ambiguousWide: Bool

    init(width: Int, ambiguousWide: Bool) {
        self.width = max(1, width)
        self.ambiguousWide = ambiguousWide
    }

    /// A piece of one span that is never split by the wrapper unless it is wider than a line.
    private struct Piece {
        /// The piece's bytes in ``SpanText/bytes``.
        var range: Range<Int>
        /// The index of the span the piece is cut from.
        var span: Int
        var style: Style
        var link: Int?
        var columns: Int
        /// Whether the piece is printable ASCII: one column per byte.
        var isPrintableASCII = false
    }

    /// The space drawn between two words: a space byte of the text, or the text's spare space
    /// for a tab.
    private struct Space {
        var range: Range<Int>
        var style: Style
        var link: Int?
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
        let text = SpanText(spans)
        var splitter = Splitter(text: text, ambiguousWide: ambiguousWide)
        splitter.split()
        let pieces = splitter.pieces
        var builder = Builder(text: text, width: width, ambiguousWide: ambiguousWide)
        for word in splitter.words {
            if word.isHardBreak {
                builder.finishLine(force: true)
                continue
            }
            let gap = builder.isLineEmpty || !word.spaceBefore ? 0 : 1
            if builder.columns + gap + word.columns <= width {
                if gap == 1 { builder.appendSpace(word.space) }
                builder.append(pieces[word.range])
            } else if word.columns <= width && !isWideRun(pieces[word.range], in: text) {
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
    ///
    /// Safe text holds no carriage return, so every `"\n"` byte is a line end of its own.
    func verbatim(_ spans: [StyledSpan], overflow: RenderOptions.CodeOverflow, glyphs: Glyphs) -> [StyledLine] {
        let text = SpanText(spans)
        var builder = Builder(text: text, width: width, ambiguousWide: ambiguousWide)
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
        for (index, span) in spans.enumerated() {
            let spanRange = text.ranges[index]
            var lineStart = spanRange.lowerBound
            while lineStart < spanRange.upperBound {
                let lineEnd = text.bytes[lineStart..<spanRange.upperBound].firstIndex(of: 0x0A) ?? spanRange.upperBound
                if lineEnd > lineStart {
                    let columns = text.columns(lineStart..<lineEnd, ambiguousWide: ambiguousWide)
                    current.append(
                        Piece(
                            range: lineStart..<lineEnd, span: index, style: span.style, link: span.link,
                            columns: columns))
                    currentColumns += columns
                }
                if lineEnd < spanRange.upperBound {
                    flush()
                    lineStart = lineEnd + 1
                } else {
                    lineStart = spanRange.upperBound
                }
            }
        }
        if !current.isEmpty { flush() }
        return builder.lines
    }

    /// Whether the pieces hold wide (CJK) characters, which may break anywhere.
    private func isWideRun(_ pieces: ArraySlice<Piece>, in text: SpanText) -> Bool {
        pieces.contains { piece in
            piece.range.count != piece.columns && text.containsWide(piece.range, ambiguousWide: ambiguousWide)
        }
    }

    /// Splits spans into pieces and words at spaces and hard breaks; pieces of adjacent spans
    /// with no space between them belong to one word.
    private struct Splitter {
        let text: SpanText
        let ambiguousWide: Bool
        var pieces: [Piece] = []
        var words: [Word] = []
        private var wordStart = 0
        private var wordColumns = 0
        private var spaceBefore = false
        private var space: Space
        private var pendingSpace: Space?

        init(text: SpanText, ambiguousWide: Bool) {
            self.text = text
            self.ambiguousWide = ambiguousWide
            self.space = Space(range: text.spareSpace, style: Style(.plain))
            // About one word per six bytes of prose; growing the arrays costs more than spare room.
            pieces.reserveCapacity(text.bytes.count / 6 + text.spans.count)
            words.reserveCapacity(text.bytes.count / 6 + 1)
        }

        mutating func split() {
            text.bytes.withUnsafeBufferPointer { bytes in
                for (index, span) in text.spans.enumerated() {
                    split(span, index: index, range: text.ranges[index], bytes: bytes)
                }
            }
            endWord()
        }

        private mutating func split(
            _ span: StyledSpan, index spanIndex: Int, range: Range<Int>, bytes: UnsafeBufferPointer<UInt8>
        ) {
            var offset = range.lowerBound
            while offset < range.upperBound {
                let byte = bytes[offset]
                if byte == 0x20 || byte == 0x09 {
                    endWord()
                    // A tab is drawn as a plain space.
                    let spaceRange = byte == 0x20 ? offset..<offset + 1 : text.spareSpace
                    pendingSpace = Space(range: spaceRange, style: span.style, link: span.link)
                    offset += 1
                    continue
                }
                if byte == 0x0A {
                    endWord()
                    let hardBreak = Word(
                        range: pieces.count..<pieces.count, columns: 0, spaceBefore: false,
                        space: Space(range: text.spareSpace, style: span.style), isHardBreak: true
                    )
                    words.append(hardBreak)
                    pendingSpace = nil
                    offset += 1
                    continue
                }
                var end = offset
                var isPrintableASCII = true
                while end < range.upperBound {
                    let next = bytes[end]
                    if next == 0x20 || next == 0x09 || next == 0x0A { break }
                    if next < 0x20 || next >= 0x7F { isPrintableASCII = false }
                    end += 1
                }
                if pieces.count == wordStart {
                    spaceBefore = pendingSpace != nil
                    if let pendingSpace { space = pendingSpace }
                }
                pendingSpace = nil
                let columns =
                    isPrintableASCII
                    ? end - offset
                    : DisplayWidth.of(
                        utf8: UnsafeBufferPointer(rebasing: bytes[offset..<end]), ambiguousWide: ambiguousWide)
                pieces.append(
                    Piece(
                        range: offset..<end, span: spanIndex, style: span.style, link: span.link, columns: columns,
                        isPrintableASCII: isPrintableASCII))
                wordColumns += columns
                offset = end
            }
        }

        private mutating func endWord() {
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
    }

    /// Accumulates pieces into lines, merging neighbours of the same style.
    private struct Builder {
        let text: SpanText
        let width: Int
        let ambiguousWide: Bool
        var lines: [StyledLine] = []
        var spans: [StyledSpan] = []
        var columns = 0
        /// Text collected in one style: a byte range of the text while it is contiguous there
        /// (so nothing is copied until the span is made), else bytes gathered in `scratch`.
        private var pendingRange: Range<Int>?
        private var pendingSpan = 0
        private var scratch: [UInt8] = []
        private var pendingStyle = Style(.plain)
        private var pendingLink: Int?

        init(text: SpanText, width: Int, ambiguousWide: Bool) {
            self.text = text
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
            add(space.range, span: nil, style: space.style, link: space.link, columns: 1)
        }

        mutating func append<Pieces: Sequence<Piece>>(_ pieces: Pieces) {
            for piece in pieces { add(piece) }
        }

        private mutating func add(_ piece: Piece) {
            add(piece.range, span: piece.span, style: piece.style, link: piece.link, columns: piece.columns)
        }

        /// Appends a piece, breaking it by grapheme cluster wherever the line is full.
        mutating func appendBreaking(_ piece: Piece) {
            if columns + piece.columns <= width {
                add(piece)
                return
            }
            if piece.isPrintableASCII {
                appendBreakingPrintableASCII(piece)
                return
            }
            appendClusters(of: piece, limit: width, breaking: .plain)
        }

        /// ``appendBreaking(_:)`` for a piece of printable ASCII: every byte is a one-column
        /// cluster, so it breaks at byte counts.
        private mutating func appendBreakingPrintableASCII(_ piece: Piece) {
            var start = piece.range.lowerBound
            while start < piece.range.upperBound {
                let room = width - columns
                if room <= 0 {
                    finishLine(force: false)
                    continue
                }
                let end = min(start + room, piece.range.upperBound)
                add(start..<end, span: piece.span, style: piece.style, link: piece.link, columns: end - start)
                start = end
                if start < piece.range.upperBound { finishLine(force: false) }
            }
        }

        /// Appends a verbatim line wider than the view: wrapped with a marker at each break,
        /// or clipped with a marker at the edge.
        mutating func appendVerbatim(
            _ pieces: [Piece], overflow: RenderOptions.CodeOverflow, glyphs: Glyphs, markerColumns: Int
        ) {
            let room = max(1, width - markerColumns)
            let marker = overflow == .wrap ? glyphs.wrapMarker : glyphs.clipMarker
            let breaking = LineBreak.marked(marker, columns: markerColumns, clips: overflow == .clip)
            for piece in pieces {
                guard appendClusters(of: piece, limit: room, breaking: breaking) else { return }
            }
            finishLine(force: true)
        }

        /// What happens where a piece is broken because the line is full.
        private enum LineBreak {
            /// The rest continues on a new line.
            case plain
            /// `marker` goes at the edge; the rest continues on a new line, or is dropped when `clips`.
            case marked(String, columns: Int, clips: Bool)
        }

        /// Appends `piece` grapheme cluster by cluster, breaking it wherever the line would pass `limit`
        /// columns. Returns `false` when a clipping break dropped the rest of the piece.
        @discardableResult
        private mutating func appendClusters(of piece: Piece, limit: Int, breaking: LineBreak) -> Bool {
            let clusters = text.clusters(piece.range, ambiguousWide: ambiguousWide)
            var start = piece.range.lowerBound
            var used = 0
            var index = start
            var cluster = 0
            while cluster < clusters.count {
                let (length, clusterColumns) = clusters[cluster]
                let next = index + length
                if columns + used + clusterColumns > limit {
                    if used > 0 {
                        add(start..<index, span: piece.span, style: piece.style, link: piece.link, columns: used)
                    }
                    if columns == 0 && used == 0 {
                        // A cluster wider than the whole line: cannot be drawn; skip it.
                        start = next
                        index = next
                        cluster += 1
                        continue
                    }
                    switch breaking {
                    case .plain:
                        finishLine(force: false)
                    case .marked(let marker, let markerColumns, let clips):
                        add(literal: marker, style: Style(.marker), link: nil, columns: markerColumns)
                        finishLine(force: true)
                        if clips { return false }
                    }
                    start = index
                    used = 0
                    continue
                }
                used += clusterColumns
                index = next
                cluster += 1
            }
            if start < piece.range.upperBound {
                add(
                    start..<piece.range.upperBound, span: piece.span, style: piece.style, link: piece.link,
                    columns: used)
            }
            return true
        }

        /// Starts a new span when the style or link changes.
        private mutating func switchStyle(_ style: Style, link: Int?) {
            if pendingStyle != style || pendingLink != link {
                flushPending()
                pendingStyle = style
                pendingLink = link
            }
        }

        /// Adds the bytes `range` of the text; `span` is the span they come from, if one.
        private mutating func add(_ range: Range<Int>, span: Int?, style: Style, link: Int?, columns: Int) {
            guard !range.isEmpty else { return }
            switchStyle(style, link: link)
            self.columns += columns
            if let pending = pendingRange {
                // Text that follows on in the buffer joins without a copy.
                if pending.upperBound == range.lowerBound {
                    pendingRange = pending.lowerBound..<range.upperBound
                    return
                }
                scratch.append(contentsOf: text.bytes[pending])
                pendingRange = nil
            } else if scratch.isEmpty {
                pendingRange = range
                pendingSpan = span ?? -1
                return
            }
            scratch.append(contentsOf: text.bytes[range])
        }

        private mutating func add(literal: String, style: Style, link: Int?, columns: Int) {
            guard !literal.isEmpty else { return }
            switchStyle(style, link: link)
            self.columns += columns
            if let pending = pendingRange {
                scratch.append(contentsOf: text.bytes[pending])
                pendingRange = nil
            }
            scratch.append(contentsOf: literal.utf8)
        }

        /// Moves the text collected in one style into a span.
        private mutating func flushPending() {
            let string: String
            if let pending = pendingRange {
                string = text.string(pending, span: pendingSpan)
                pendingRange = nil
            } else if !scratch.isEmpty {
                string = String(decoding: scratch, as: UTF8.self)
                scratch.removeAll(keepingCapacity: true)
            } else {
                return
            }
            spans.append(StyledSpan(TerminalSafeText(verified: string), style: pendingStyle, link: pendingLink))
        }
    }
}

/// The text of the spans being wrapped, end to end in one byte buffer.
///
/// Joining two pieces whose bytes follow each other in the buffer gives exactly their text, so
/// the wrapper can merge neighbours by widening a range; cutting at space and newline bytes or
/// between grapheme clusters keeps text that was safe safe.
private struct SpanText {
    let spans: [StyledSpan]
    /// Every span's bytes, then one spare space (drawn for a tab).
    let bytes: [UInt8]
    /// Each span's bytes in `bytes`.
    let ranges: [Range<Int>]

    init(_ spans: [StyledSpan]) {
        self.spans = spans
        var bytes: [UInt8] = []
        bytes.reserveCapacity(spans.reduce(1) { $0 + $1.text.string.utf8.count })
        var ranges: [Range<Int>] = []
        ranges.reserveCapacity(spans.count)
        for span in spans {
            let start = bytes.count
            UTF8Bytes.with(span.text.string) { bytes.append(contentsOf: $0) }
            ranges.append(start..<bytes.count)
        }
        bytes.append(0x20)
        self.bytes = bytes
        self.ranges = ranges
    }

    /// The byte range of the spare space.
    var spareSpace: Range<Int> { bytes.count - 1..<bytes.count }

    /// The text of `range`: the span's own string when the range is all of span `span`.
    func string(_ range: Range<Int>, span: Int) -> String {
        if span >= 0 && ranges[span] == range { return spans[span].text.string }
        return bytes.withUnsafeBufferPointer { String(decoding: $0[range], as: UTF8.self) }
    }

    func columns(_ range: Range<Int>, ambiguousWide: Bool) -> Int {
        bytes.withUnsafeBufferPointer {
            DisplayWidth.of(utf8: UnsafeBufferPointer(rebasing: $0[range]), ambiguousWide: ambiguousWide)
        }
    }

    func containsWide(_ range: Range<Int>, ambiguousWide: Bool) -> Bool {
        bytes.withUnsafeBufferPointer {
            DisplayWidth.containsWide(utf8: UnsafeBufferPointer(rebasing: $0[range]), ambiguousWide: ambiguousWide)
        }
    }

    /// The grapheme clusters of `range`: byte length and columns of each.
    func clusters(_ range: Range<Int>, ambiguousWide: Bool) -> [(length: Int, columns: Int)] {
        let string = bytes.withUnsafeBufferPointer { String(decoding: $0[range], as: UTF8.self) }
        return string.map { ($0.utf8.count, DisplayWidth.of($0, ambiguousWide: ambiguousWide)) }
    }
}
