/// Key bindings per context, loaded from bindings files over the shipped defaults.
///
/// A context's table maps key sequences to commands; a sequence explicitly unbound in a pane
/// also hides the `[global]` binding there.
public struct Keymap: Sendable, Hashable {
    /// A binding as help shows it.
    public struct Binding: Sendable, Hashable {
        public var keys: [Key]
        public var command: Command
    }

    private var tables: [KeyContext: [[Key]: Command?]] = [:]

    /// No bindings at all.
    public init() {}

    /// The shipped defaults (``DefaultBindings``).
    public static let defaults: Keymap =
        // The default file is tested to parse; an empty keymap is the safe answer if it ever did not.
        (try? KeymapParser.parse(DefaultBindings.text, file: DefaultBindings.fileName)) ?? Keymap()

    /// Binds `keys` to `command` in `context`.
    public mutating func bind(_ keys: [Key], to command: Command, in context: KeyContext) {
        tables[context, default: [:]][keys] = .some(command)
    }

    /// Removes the binding of `keys` in `context` (and hides a `[global]` one there).
    public mutating func unbind(_ keys: [Key], in context: KeyContext) {
        // Kept as an explicit nil, so applying this keymap over another unbinds there too.
        tables[context, default: [:]][keys] = .some(nil)
    }

    /// Applies another keymap on top of this one (a user file over the defaults).
    public mutating func apply(_ overrides: Keymap) {
        for (context, table) in overrides.tables {
            for (keys, command) in table {
                if let command {
                    bind(keys, to: command, in: context)
                } else {
                    unbind(keys, in: context)
                }
            }
        }
    }

    /// The command bound to exactly `keys` in `context`.
    public func command(for keys: [Key], in context: KeyContext) -> Command? {
        effectiveTable(for: context)[keys]
    }

    /// Every binding active in `context`, sorted by command then keys, for help.
    public func bindings(in context: KeyContext) -> [Binding] {
        effectiveTable(for: context)
            .map { Binding(keys: $0.key, command: $0.value) }
            .sorted {
                ($0.command.description, KeyNotation.format($0.keys)) < (
                    $1.command.description, KeyNotation.format($1.keys)
                )
            }
    }

    /// The bindings in effect in `context`: `[global]` first if inherited, the pane over it.
    public func effectiveTable(for context: KeyContext) -> [[Key]: Command] {
        var result: [[Key]: Command] = [:]
        if context.inheritsGlobal {
            for (keys, command) in tables[.global] ?? [:] {
                if let command { result[keys] = command }
            }
        }
        for (keys, command) in tables[context] ?? [:] {
            result[keys] = command
        }
        return result
    }

    /// The keys bound to `command` in `context`, for hints in the status line.
    public func keys(for command: Command, in context: KeyContext) -> [[Key]] {
        effectiveTable(for: context).filter { $0.value == command }.map(\.key).sorted {
            KeyNotation.format($0) < KeyNotation.format($1)
        }
    }
}
