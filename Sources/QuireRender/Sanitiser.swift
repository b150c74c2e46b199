/// Turns untrusted text into ``TerminalSafeText``.
///
/// - Drops C0 controls except tab and newline, DEL, and C1 controls (U+0080-U+009F).
/// - Drops every ESC-started sequence whole: CSI (`ESC [` ... final byte), the string
///   sequences OSC, DCS, SOS, PM and APC up to their BEL or ST terminator (an unterminated one
///   ends at the end of its line), and two- or three-byte escapes such as `ESC c` or `ESC ( B`.
///   The 8-bit introducers (U+009B CSI, U+009D OSC, U+0090 DCS, U+0098 SOS, U+009E PM,
///   U+009F APC) are treated the same way.
/// - Shows bidirectional controls (U+202A-U+202E, U+2066-U+2069, U+200E, U+200F, U+061C) and
///   invisible format characters (U+200B, U+2060-U+2064, U+FEFF, U+180E, U+00AD, a stray
///   U+200C/U+200D) as a visible marker `<U+202E>`, so nothing can reorder or hide text.
///   A zero-width joiner inside an emoji sequence, and a zero-width non-joiner after a letter
///   of a script that uses it (Arabic, Indic and later scripts), are kept.
///
/// Text that needs no change is returned without copying; ASCII is checked byte by byte.
public enum Sanitiser {
    /// Sanitises `raw`.
    public static func sanitise(_ raw: String) -> TerminalSafeText {
        if !needsWork(raw) {
            return TerminalSafeText(verified: raw)
        }
        return TerminalSafeText(verified: clean(raw))
    }

    /// Whether any scalar is suspect; one pass over the bytes, decoding only non-ASCII sequences.
    private static func needsWork(_ raw: String) -> Bool {
        UTF8Bytes.with(raw) { bytes in
            guard let base = UnsafeRawPointer(bytes.baseAddress) else { return false }
            var index = 0
            while index < bytes.count {
                if index + 8 <= bytes.count,
                    UTF8Bytes.isPrintableASCII(base.loadUnaligned(fromByteOffset: index, as: UInt64.self))
                {
                    index += 8
                    continue
                }
                let byte = bytes[index]
                if byte < 0x80 {
                    if byte >= 0x20 ? byte == 0x7F : byte != 0x09 && byte != 0x0A { return true }
                    index += 1
                    continue
                }
                let (value, length) = UTF8Bytes.scalarValue(at: index, in: bytes)
                if isSuspect(value) { return true }
                index += length
            }
            return false
        }
    }

    private static func isSuspect(_ value: UInt32) -> Bool {
        if value < 0x20 { return value != 0x09 && value != 0x0A }
        if value < 0x7F { return false }
        if value <= 0x9F { return true }
        return isMarked(value) || value == 0x200C || value == 0x200D
    }

    /// Format characters always shown as a marker.
    private static func isMarked(_ value: UInt32) -> Bool {
        switch value {
        case 0x00AD, 0x061C, 0x180E, 0x200B, 0x200E, 0x200F, 0x202A...0x202E, 0x2060...0x2064,
            0x2066...0x2069, 0xFEFF:
            return true
        default:
            return false
        }
    }

    private enum State {
        case text
        case escape  // after ESC
        case escapeIntermediate  // ESC followed by 0x20-0x2F bytes
        case controlSequence  // CSI parameters and intermediates
        case controlString  // OSC, DCS, SOS, PM, APC body
        case controlStringEscape  // ESC inside a control string: ST if `\` follows
    }

    private static func clean(_ raw: String) -> String {
        var output = String.UnicodeScalarView()
        var state = State.text
        var previous: Unicode.Scalar?
        let scalars = Array(raw.unicodeScalars)
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            let value = scalar.value
            index += 1
            switch state {
            case .text:
                break
            case .escape:
                switch value {
                case 0x5B:  // [
                    state = .controlSequence
                    continue
                case 0x5D, 0x50, 0x58, 0x5E, 0x5F:  // ] P X ^ _
                    state = .controlString
                    continue
                case 0x20...0x2F:
                    state = .escapeIntermediate
                    continue
                case 0x30...0x7E:
                    state = .text
                    continue
                default:
                    state = .text  // a lone ESC: dropped; look at this scalar as text
                }
            case .escapeIntermediate:
                if (0x20...0x2F).contains(value) { continue }
                state = .text
                if (0x30...0x7E).contains(value) { continue }
            case .controlSequence:
                if (0x20...0x3F).contains(value) { continue }
                state = .text
                if (0x40...0x7E).contains(value) { continue }
            case .controlString:
                if value == 0x07 || value == 0x9C || value == 0x0A {
                    state = .text
                    if value != 0x0A { continue }
                } else if value == 0x1B {
                    state = .controlStringEscape
                    continue
                } else {
                    continue
                }
            case .controlStringEscape:
                state = .text
                if value == 0x5C { continue }  // ESC \ = ST
                index -= 1  // any other escape ends the string and starts again
                state = .escape
                continue
            }
            // Plain text position.
            switch value {
            case 0x1B:
                state = .escape
            case 0x9B:
                state = .controlSequence
            case 0x90, 0x98, 0x9D, 0x9E, 0x9F:
                state = .controlString
            case 0x09, 0x0A:
                output.append(scalar)
            case 0x00..<0x20, 0x7F...0x9F:
                break
            case 0x200D where previous.map(isEmojiBase) ?? false:
                output.append(scalar)
            case 0x200C where previous.map(isJoiningScriptLetter) ?? false:
                output.append(scalar)
            case 0x200C, 0x200D:
                appendMarker(value, to: &output)
            default:
                if isMarked(value) {
                    appendMarker(value, to: &output)
                } else {
                    output.append(scalar)
                }
            }
            previous = scalar
        }
        return String(output)
    }

    private static func isEmojiBase(_ scalar: Unicode.Scalar) -> Bool {
        // Emoji, a skin tone modifier or VS16 can precede the joiner of a ZWJ sequence.
        scalar.value == 0xFE0F || (scalar.value >= 0x80 && scalar.properties.isEmoji)
    }

    private static func isJoiningScriptLetter(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value >= 0x0600 && scalar.value < 0x2000 && scalar.properties.isAlphabetic
    }

    private static func appendMarker(_ value: UInt32, to output: inout String.UnicodeScalarView) {
        let hex = String(value, radix: 16, uppercase: true)
        let marker = "<U+" + String(repeated: "0", count: max(0, 4 - hex.count)) + hex + ">"
        output.append(contentsOf: marker.unicodeScalars)
    }
}
