/// Word and character rules shared by the one-line and multi-line editors.
enum TextEditing {
    /// Whether a character belongs to a word (letters, digits, marks, `_`), for word moves.
    static func isWordCharacter(_ character: Character) -> Bool {
        character == "_" || character.isLetter || character.isNumber
    }

    /// The index of the start of the word before `index`: skip non-word characters, then word
    /// characters.
    static func wordStart(before index: Int, in characters: [Character]) -> Int {
        var position = min(index, characters.count)
        while position > 0, !isWordCharacter(characters[position - 1]) { position -= 1 }
        while position > 0, isWordCharacter(characters[position - 1]) { position -= 1 }
        return position
    }

    /// The index just after the end of the word at or after `index`.
    static func wordEnd(after index: Int, in characters: [Character]) -> Int {
        var position = max(0, index)
        while position < characters.count, !isWordCharacter(characters[position]) { position += 1 }
        while position < characters.count, isWordCharacter(characters[position]) { position += 1 }
        return position
    }

    /// Characters a user may type into text: printable ones; controls never enter a buffer.
    static func isInsertable(_ character: Character) -> Bool {
        guard let first = character.unicodeScalars.first else { return false }
        return first.value >= 0x20 && !(0x7F...0x9F).contains(first.value)
    }
}
