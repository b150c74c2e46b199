/// Every problem found in a bindings file, each naming its file and line.
public struct KeymapError: Error, Sendable, Hashable, CustomStringConvertible {
    /// One problem at one line.
    public struct Problem: Sendable, Hashable, CustomStringConvertible {
        public enum Kind: Sendable, Hashable {
            /// A `[section]` that is not a context.
            case unknownContext(String)
            /// A binding before any `[section]`.
            case outsideContext
            /// A line that is neither a section, a binding, nor `unbind`.
            case malformedLine
            /// The keys could not be read.
            case badKeys(String)
            /// The command could not be read.
            case badCommand(String)
        }

        public var file: String
        public var line: Int
        public var kind: Kind

        public var description: String {
            let message: String
            switch kind {
            case .unknownContext(let name):
                let known = KeyContext.allCases.map { "[\($0.name)]" }.joined(separator: " ")
                message = "unknown context [\(name)]; known: \(known)"
            case .outsideContext:
                message = "binding before any [context] section"
            case .malformedLine:
                message = "expected `keys = command`, `unbind keys` or `[context]`"
            case .badKeys(let reason):
                message = reason
            case .badCommand(let reason):
                message = reason
            }
            return "\(file):\(line): \(message)"
        }
    }

    public var problems: [Problem]

    public var description: String { problems.map(\.description).joined(separator: "\n") }
}
