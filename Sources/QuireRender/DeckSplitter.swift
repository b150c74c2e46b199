/// Finds mnm slide decks in a message.
///
/// A line of exactly `:::` (up to three spaces of indent, nothing after it) opens a slide; the
/// next `:::` starts another; `:::>` ends the deck, and so does the end of the message. Lines
/// inside fenced code blocks are never markers. A message can hold several decks, and up to
/// ``maximumSlides`` slides in all.
enum DeckSplitter {
    enum Segment: Equatable {
        case markdown(String)
        case deck([String])
    }

    /// Slides per message; later `:::` lines are ordinary text.
    static let maximumSlides = 500

    static func split(_ text: String) -> [Segment] {
        guard hasColonRun(text) else { return [.markdown(text)] }
        var segments: [Segment] = []
        var current = ""
        var slides: [String]?
        var fence: (character: Character, length: Int)?
        var slideCount = 0
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var marker = fence == nil ? deckMarker(line) : nil
            if marker == .slide, slideCount >= maximumSlides { marker = nil }
            if marker == .slide { slideCount += 1 }
            if fence == nil, let opening = fenceOpening(line) {
                fence = opening
            } else if let open = fence, isFenceClosing(line, open) {
                fence = nil
            }
            switch marker {
            case .slide?:
                if slides != nil {
                    slides?.append(current)
                } else {
                    if !current.isEmpty { segments.append(.markdown(current)) }
                    slides = []
                }
                current = ""
            case .end?:
                if let deck = slides {
                    segments.append(.deck(deck + [current]))
                    slides = nil
                    current = ""
                } else {
                    current += line + "\n"
                }
            case nil:
                current += line + "\n"
            }
        }
        if let deck = slides {
            segments.append(.deck(deck + [current]))
        } else if !current.isEmpty {
            segments.append(.markdown(current))
        }
        return segments
    }

    /// Whether `:::` occurs at all; a byte scan, as most messages have no deck.
    private static func hasColonRun(_ text: String) -> Bool {
        UTF8Bytes.with(text) { bytes in
            var run = 0
            for byte in bytes {
                run = byte == UInt8(ascii: ":") ? run + 1 : 0
                if run == 3 { return true }
            }
            return false
        }
    }

    private enum Marker {
        case slide, end
    }

    private static func deckMarker(_ line: Substring) -> Marker? {
        let indent = line.prefix { $0 == " " }
        guard indent.count <= 3 else { return nil }
        let rest = line.dropFirst(indent.count)
        switch rest {
        case ":::": return .slide
        case ":::>": return .end
        default: return nil
        }
    }

    private static func fenceOpening(_ line: Substring) -> (Character, Int)? {
        let indent = line.prefix { $0 == " " }
        guard indent.count <= 3 else { return nil }
        let rest = line.dropFirst(indent.count)
        guard let first = rest.first, first == "`" || first == "~" else { return nil }
        let run = rest.prefix { $0 == first }
        guard run.count >= 3 else { return nil }
        if first == "`" && rest.dropFirst(run.count).contains("`") { return nil }
        return (first, run.count)
    }

    private static func isFenceClosing(_ line: Substring, _ fence: (character: Character, length: Int)) -> Bool {
        let trimmed = line.drop { $0 == " " }
        guard line.count - trimmed.count <= 3 else { return false }
        let run = trimmed.prefix { $0 == fence.character }
        return run.count >= fence.length && trimmed.dropFirst(run.count).allSatisfy { $0 == " " || $0 == "\t" }
    }
}
