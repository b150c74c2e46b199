import Foundation
import QuireCore

/// What an open pane holds that a closed window or a killed process must not take with it: the
/// draft it would save, the files that draft refers to (a form's answers so far), and the
/// draft as the user last saved it, to put back if they discard their changes.
public struct UnsavedWork: Sendable, Hashable {
    /// The pane's content as a draft, saved under the pane's one draft id.
    public var draft: Draft
    /// Files to write before the draft is saved, by path.
    public var files: [String: Data]
    /// The draft as the user last saved it; nil when it was never saved (discarding deletes it).
    public var lastSaved: Draft?

    public init(draft: Draft, files: [String: Data] = [:], lastSaved: Draft? = nil) {
        self.draft = draft
        self.files = files
        self.lastSaved = lastSaved
    }

    /// Whether `other` would save the same thing: the time of saving aside.
    public func hasSameContent(as other: UnsavedWork) -> Bool {
        var mine = draft
        mine.updated = other.draft.updated
        return mine == other.draft && files == other.files
    }
}
