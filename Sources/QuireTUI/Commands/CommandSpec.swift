/// How one command is spelled on the `:` line: its name, aliases, arguments and help text.
public struct CommandSpec: Sendable {
    /// What the command's arguments are, for parsing, completion and help.
    public enum Arguments: Sendable, Hashable {
        case none
        /// One optional word.
        case optional(String)
        /// One required word.
        case required(String)
        /// A required number and an optional word.
        case numberThenOptional(String, String)
        /// The rest of the line as one text, optional.
        case restOfLine(String)
    }

    public let name: String
    public let aliases: [String]
    public let arguments: Arguments
    public let summary: String
    let make: @Sendable ([String]) throws(CommandLineError) -> Command

    init(
        _ name: String,
        aliases: [String] = [],
        arguments: Arguments = .none,
        _ summary: String,
        make: @escaping @Sendable ([String]) throws(CommandLineError) -> Command
    ) {
        self.name = name
        self.aliases = aliases
        self.arguments = arguments
        self.summary = summary
        self.make = make
    }

    /// The usage line shown by help and in errors: `tag <tag>`.
    public var usage: String {
        switch arguments {
        case .none: name
        case .optional(let word): "\(name) [\(word)]"
        case .required(let word): "\(name) <\(word)>"
        case .numberThenOptional(let number, let word): "\(name) <\(number)> [\(word)]"
        case .restOfLine(let word): "\(name) [\(word)...]"
        }
    }
}

/// Why a command line could not be read.
public struct CommandLineError: Error, Sendable, Hashable, CustomStringConvertible {
    public let message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
