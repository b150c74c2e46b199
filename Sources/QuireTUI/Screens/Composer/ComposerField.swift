/// The parts of the composer that take the keyboard, in the order Tab visits them.
public enum ComposerField: Sendable, Hashable, CaseIterable {
    case to
    case subject
    case attachments
    case body
}
