/// Finds bracketed pastes (`ESC [ 200 ~` … `ESC [ 201 ~`) in the characters a terminal sends,
/// so pasted text reaches the app as one ``PastedText`` rather than as keystrokes that would
/// run bindings.
///
/// The decoder is fed one code point at a time, in whatever pieces the reads bring; a marker
/// split across reads is held until it completes or proves not to be one. When input pauses,
/// ``timeOut()`` releases what it holds: a partial start marker goes on as the keys it was (Esc
/// and the rest), and a paste whose end marker never came ends with the text it has, so a lost
/// marker can never swallow the keys that follow for long. A paste longer than ``limit`` bytes
/// keeps only its first ``limit`` bytes and says so.
public struct BracketedPasteDecoder: Sendable {
    /// What the decoder passes on.
    public enum Output: Sendable, Hashable {
        /// A code point that was typed, to decode as a key.
        case typed(UInt32)
        /// A whole paste.
        case paste(PastedText)
    }

    /// The most UTF-8 bytes one paste keeps.
    public let limit: Int

    static let escape: UInt32 = 0x1B
    static let startMarker: [UInt32] = [0x1B, 0x5B, 0x32, 0x30, 0x30, 0x7E]
    static let endMarker: [UInt32] = [0x1B, 0x5B, 0x32, 0x30, 0x31, 0x7E]

    /// Code points that may be the beginning of a marker.
    private var held: [UInt32] = []
    private var isPasting = false
    private var pasted = String.UnicodeScalarView()
    private var pastedBytes = 0
    private var wasCut = false
    private var afterCarriageReturn = false

    public init(limit: Int = 1 << 20) {
        self.limit = max(0, limit)
    }

    /// Whether a paste has started and not ended.
    public var isInPaste: Bool { isPasting }

    /// Whether the decoder holds input that a pause would release (``timeOut()``).
    public var isHolding: Bool { isPasting || !held.isEmpty }

    /// Takes one code point; returns what it completes.
    public mutating func feed(_ value: UInt32) -> [Output] {
        let marker = isPasting ? Self.endMarker : Self.startMarker
        guard !held.isEmpty || value == Self.escape else {
            if isPasting {
                append(value)
                return []
            }
            return [.typed(value)]
        }
        held.append(value)
        if held == marker {
            held.removeAll()
            if isPasting { return [.paste(finishPaste())] }
            startPaste()
            return []
        }
        if marker.starts(with: held) { return [] }
        // Not a marker after all: what was held is input. A new Esc may start the next marker.
        var released = held
        held.removeAll()
        if released.count > 1, released.last == Self.escape {
            released.removeLast()
            held = [Self.escape]
        }
        if isPasting {
            released.forEach { append($0) }
            return []
        }
        return released.map(Output.typed)
    }

    /// Input paused: releases what is held (see the type's description).
    public mutating func timeOut() -> [Output] {
        if isPasting {
            // An end marker cut short is dropped with the paste's end.
            held.removeAll()
            return [.paste(finishPaste())]
        }
        defer { held.removeAll() }
        return held.map(Output.typed)
    }

    // MARK: Private

    private mutating func startPaste() {
        isPasting = true
        pasted = String.UnicodeScalarView()
        pastedBytes = 0
        wasCut = false
        afterCarriageReturn = false
    }

    private mutating func finishPaste() -> PastedText {
        isPasting = false
        let text = PastedText(String(pasted), wasCut: wasCut)
        pasted = String.UnicodeScalarView()
        return text
    }

    /// Adds a pasted code point: CR and CR LF become LF, tabs stay, other controls (Esc
    /// included) and invalid code points are dropped.
    private mutating func append(_ value: UInt32) {
        let wasCarriageReturn = afterCarriageReturn
        afterCarriageReturn = value == 0x0D
        let kept: Unicode.Scalar
        switch value {
        case 0x0D: kept = "\n"
        case 0x0A:
            if wasCarriageReturn { return }
            kept = "\n"
        case 0x09: kept = "\t"
        case 0..<0x20, 0x7F...0x9F: return
        default:
            guard let scalar = Unicode.Scalar(value) else { return }
            kept = scalar
        }
        let size = UTF8.width(kept)
        guard !wasCut, pastedBytes + size <= limit else {
            wasCut = true
            return
        }
        pasted.append(kept)
        pastedBytes += size
    }
}

extension BracketedPasteDecoder {
    /// Turns typed code points into key events: Esc followed at once by a printable character
    /// is that character with Alt, as terminals send Alt chords.
    public static func keyEvents(_ typed: [UInt32]) -> [InputEvent] {
        var events: [InputEvent] = []
        var index = 0
        while index < typed.count {
            let value = typed[index]
            if value == escape, index + 1 < typed.count, typed[index + 1] >= 0x20, typed[index + 1] != 0x7F {
                var key = Key(codePoint: typed[index + 1])
                key.modifiers.insert(.alt)
                events.append(.key(key))
                index += 2
                continue
            }
            events.append(value == escape ? .key(Key(.escape)) : .key(Key(codePoint: value)))
            index += 1
        }
        return events
    }

    /// Decodes a whole run of input at once (what the in-memory terminal is given), releasing
    /// what is held at its end as a pause would.
    public mutating func events(decoding text: String.UnicodeScalarView, thenPause: Bool) -> [InputEvent] {
        var outputs: [Output] = []
        for scalar in text { outputs += feed(scalar.value) }
        if thenPause { outputs += timeOut() }
        return Self.events(outputs)
    }

    /// Key events for typed runs, paste events for pastes, in order.
    static func events(_ outputs: [Output]) -> [InputEvent] {
        var events: [InputEvent] = []
        var typed: [UInt32] = []
        for output in outputs {
            switch output {
            case .typed(let value):
                typed.append(value)
            case .paste(let paste):
                events += keyEvents(typed)
                typed.removeAll()
                events.append(.paste(paste))
            }
        }
        return events + keyEvents(typed)
    }
}
