import Foundation
import QuireCore

/// Runs the `quire sync --exec` program for a new message: directly, never through a shell, so
/// nothing in a subject or alias can become a command.
enum ExecHook {
    static func run(_ argv: [String], for message: NewMessageEvent) async {
        guard let program = argv.first, let executable = resolve(program) else {
            FileHandle.standardError.write(Data("quire: --exec: cannot find \(argv.first ?? "")\n".utf8))
            return
        }
        let process = Process()
        process.executableURL = executable
        process.arguments = Array(argv.dropFirst())
        var environment = ProcessInfo.processInfo.environment
        environment["QUIRE_ACCOUNT"] = message.account
        environment["QUIRE_FROM"] = safe(message.fromAlias)
        environment["QUIRE_SUBJECT"] = safe(message.subject)
        environment["QUIRE_THREAD"] = message.threadID
        environment["QUIRE_MSGID"] = message.msgid
        process.environment = environment
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            process.terminationHandler = { _ in continuation.resume() }
            do {
                try process.run()
            } catch {
                process.terminationHandler = nil
                FileHandle.standardError.write(Data("quire: --exec: \(error)\n".utf8))
                continuation.resume()
            }
        }
    }

    /// A path, or a name looked up in `$PATH`.
    static func resolve(_ program: String) -> URL? {
        if program.contains("/") { return URL(fileURLWithPath: program) }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for directory in path.split(separator: ":") {
            let candidate = URL(fileURLWithPath: String(directory)).appendingPathComponent(program)
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        return nil
    }
}

/// Splits a command line into words: spaces separate, single or double quotes group, a backslash
/// escapes the next character. No variables, globs or other shell features.
enum ArgumentSplitter {
    static func split(_ text: String) throws -> [String] {
        var words: [String] = []
        var current = ""
        var inWord = false
        var quote: Character?
        var escaped = false
        for character in text {
            if escaped {
                current.append(character)
                escaped = false
                inWord = true
            } else if character == "\\" && quote != "'" {
                escaped = true
            } else if let open = quote {
                if character == open { quote = nil } else { current.append(character) }
            } else if character == "'" || character == "\"" {
                quote = character
                inWord = true
            } else if character == " " || character == "\t" {
                if inWord { words.append(current) }
                current = ""
                inWord = false
            } else {
                current.append(character)
                inWord = true
            }
        }
        guard quote == nil, !escaped else { throw CommandFailure("--exec: unbalanced quote or trailing backslash") }
        if inWord { words.append(current) }
        guard !words.isEmpty else { throw CommandFailure("--exec: empty command") }
        return words
    }
}
