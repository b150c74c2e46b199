import Foundation
import QuireCore
import QuireRender

/// `quire check` on its short path, before the argument parser: a headless machine runs it every
/// minute, and most of its time was the start. The parser (and `print`) look up protocol
/// conformances at run time, and each first lookup scans every conformance of this large binary;
/// this path makes none of them. It takes only `check [--home DIR]` and a store that needs no
/// migrating; anything else (`--json`, `--help`, a problem to report) goes the usual way, which
/// gives the same answer.
enum QuickCheck {
    /// The exit code when the short path answered, nil when the usual path should.
    static func run(_ arguments: [String]) -> Int32? {
        // The environment is read only when no home is given: building it costs a lookup too.
        guard let home = homeOption(arguments),
            let resolved = try? QuireHome.resolve(
                explicitHome: home, environment: home == nil ? ProcessInfo.processInfo.environment : [:]),
            let reader = StoreReader.openReadOnly(path: resolved.databaseURL.path),
            let counts = try? reader.unreadCounts()
        else { return nil }
        var text = ""
        for count in counts {
            text += Sanitiser.sanitise(CheckCommand.line(count)).string + "\n"
        }
        FileHandle.standardOutput.write(Data(text.utf8))
        return counts.contains { $0.unreadMessages > 0 } ? 0 : 1
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
