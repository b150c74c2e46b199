import Foundation

/// Text folded for matching what a person types: lower case and without accents ("José" and
/// "JOSE" both give "jose"; a combining accent is dropped, and so is the stroke of letters such
/// as "ł" and "ø", which have no accent to take off), as UTF-8 bytes, so a match is a plain
/// byte search. ASCII folds byte by byte; any other character goes through Foundation's folding
/// once and is remembered.
struct SearchFolding {
    private var folded: [Unicode.Scalar: [UInt8]] = [:]

    /// Letters whose mark is part of the letter, so folding keeps it: as a reader types them.
    private static let plainLetters: [Character: String] = [
        "ł": "l", "ø": "o", "đ": "d", "ħ": "h", "ŧ": "t", "ı": "i", "æ": "ae", "œ": "oe", "ð": "d", "þ": "th",
    ]

    /// `text` folded, on its own.
    static func fold(_ text: String) -> [UInt8] {
        var folding = SearchFolding()
        var bytes: [UInt8] = []
        folding.append(text, to: &bytes)
        return bytes
    }

    /// Appends `text`, folded, to `bytes`.
    mutating func append(_ text: String, to bytes: inout [UInt8]) {
        if text.utf8.withContiguousStorageIfAvailable({ $0.allSatisfy { $0 < 0x80 } }) == true {
            for byte in text.utf8 { bytes.append(byte &+ (byte >= 0x41 && byte <= 0x5A ? 0x20 : 0)) }
            return
        }
        for scalar in text.unicodeScalars {
            if scalar.isASCII {
                let byte = UInt8(scalar.value)
                bytes.append(byte &+ (byte >= 0x41 && byte <= 0x5A ? 0x20 : 0))
            } else if let known = folded[scalar] {
                bytes += known
            } else {
                folded[scalar] = Self.fold(scalar)
                bytes += folded[scalar] ?? []
            }
        }
    }

    /// One character other than ASCII, folded: nothing for a combining mark (an accent written
    /// after its letter), else Foundation's case and accent folding, then the plain letter.
    private static func fold(_ scalar: Unicode.Scalar) -> [UInt8] {
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .spacingMark: return []
        default: break
        }
        let folded = String(scalar).folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
        return Array(folded.map { plainLetters[$0] ?? String($0) }.joined().utf8)
    }
}
