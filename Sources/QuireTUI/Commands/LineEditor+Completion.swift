extension LineEditor {
    /// Completes the word before the cursor on a `:` line (Tab): one candidate is inserted
    /// whole, followed by a space; several insert what they share and are returned so the
    /// prompt can show them.
    @discardableResult
    public mutating func complete(using completer: CommandCompleter) -> [String] {
        let beforeCursor = String(characters[..<cursor])
        let completion = completer.complete(beforeCursor)
        let start = min(completion.offset, cursor)
        switch completion.candidates.count {
        case 0:
            return []
        case 1:
            replace(start..<cursor, with: completion.candidates[0] + " ")
            return []
        default:
            let shared = completion.commonPrefix
            if shared.count > cursor - start { replace(start..<cursor, with: shared) }
            return completion.candidates
        }
    }
}
