/// Where keys are read: each pane has its own bindings, layered over `[global]` for the
/// browsing panes.
public enum KeyContext: String, Sendable, Hashable, CaseIterable {
    case global
    case list
    case reader
    case composer
    case prompt
    case addressBook = "addressbook"
    /// A table: a form's results or the form library.
    case table

    /// The section name in bindings files.
    public var name: String { rawValue }

    /// Whether `[global]` bindings apply here too. The editing contexts do not take them, so a
    /// global `q = quit` does not stop `q` from being typed.
    public var inheritsGlobal: Bool {
        switch self {
        case .list, .reader, .addressBook, .table: true
        case .global, .composer, .prompt: false
        }
    }
}
