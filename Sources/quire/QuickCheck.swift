import Foundation
import QuireCore
import QuireRender

/// `quire check` on its short path, before the argument parser: a headless machine runs it every
/// minute, and most of its time was the start. The parser, `print`, Foundation's `URL` and GRDB
/// instantiate generic types whose conformances the Swift runtime finds by scanning every
/// conformance record of this large binary; this path makes no such lookup (environment read
/// with `getenv`, the store through ``UnreadCountsProbe``, output with `write`). It takes only
/// `check [--home DIR]` and a store that needs no migrating; anything else (`--json`, `--help`,
/// a problem to report) goes the usual way, which gives the same answer.
enum QuickCheck {
    /// The exit code when the short path answered, nil when the usual path should.
    static func run(_ arguments: [String]) -> Int32? {
        guard let home = homeOption(arguments),
            let path = try? QuireHome.databasePath(explicitHome: home, variable: variable),
            let counts = UnreadCountsProbe.read(path: path)
        else { return nil }
        var text = ""
        for count in counts {
            text += Sanitiser.sanitise(CheckCommand.line(count)).string + "\n"
        }
        writeToStandardOutput(text)
        return counts.contains { $0.unreadMessages > 0 } ? 0 : 1
    }

    private static func variable(_ name: String) -> String? {
        getenv(name).map { String(cString: $0) }
    }

    private static func writeToStandardOutput(_ text: String) {
        var text = text
        text.withUTF8 { bytes in
            var offset = 0
            while offset < bytes.count {
                let written = write(STDOUT_FILENO, bytes.baseAddress.map { $0 + offset }, bytes.count - offset)
                if written > 0 {
                    offset += written
                } else if written < 0 && errno == EINTR {
                    continue
                } else {
                    return  // A closed or full output: nothing more can be said there.
                }
            }
        }
    }

    /// The `--home` value of `check [--home DIR]` or `--home DIR check` (nil inside: the default
    /// home), or nil when the arguments are anything else.
    static func homeOption(_ given: [String]) -> String?? {
        var arguments = given
        if let index = arguments.firstIndex(of: "check"), index > 0 {
            // Global options before the subcommand, as `quire --home DIR check` writes them.
            arguments = [arguments[index]] + arguments[..<index] + arguments[(index + 1)...]
        }
        guard arguments.first == "check" else { return nil }
        switch arguments.count {
        case 1:
            return .some(nil)
        case 2 where arguments[1].hasPrefix("--home="):
            let value = String(arguments[1].dropFirst("--home=".count))
            return value.isEmpty ? nil : .some(value)
        case 3 where arguments[1] == "--home" && !arguments[2].isEmpty && !arguments[2].hasPrefix("-"):
            return .some(arguments[2])
        default:
            return nil
        }
    }
}
