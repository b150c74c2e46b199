import Foundation
import Testing

extension EndToEnd {
    /// The README's first command is what a newcomer pastes on a fresh Debian machine, whose package
    /// lists are empty: it must refresh them first, and install what `.ci/run` installs.
    @Suite("README quick start")
    struct QuickStartTests {
        private static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()

        /// The packages named by the first `apt-get install` in `text` (options and `\` continuations skipped).
        private static func installedPackages(in text: String) -> [String] {
            let joined = text.replacingOccurrences(of: "\\\n", with: " ")
            guard let install = joined.range(of: "apt-get install") else { return [] }
            let rest = joined[install.upperBound...]
            let command = rest.prefix { $0 != "\n" && $0 != "&" }
            return command.split(separator: " ").map(String.init).filter(isPackageName).sorted()
        }

        /// A Debian package name, as opposed to an option or a redirection.
        private static func isPackageName(_ word: String) -> Bool {
            guard let first = word.unicodeScalars.first, CharacterSet.lowercaseLetters.contains(first) else {
                return false
            }
            return word.unicodeScalars.allSatisfy {
                CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyz0123456789.+-").contains($0)
            }
        }

        @Test("command 1 refreshes the package lists, then installs, builds and runs the demo")
        func commandOneWorksOnAFreshMachine() throws {
            let readme = try String(contentsOf: Self.root.appendingPathComponent("README.md"), encoding: .utf8)
            let command = try #require(
                readme.split(separator: "\n").first { $0.contains("apt-get install") && $0.contains("quire demo") },
                "the README has no one-line command 1")
            #expect(command.hasPrefix("apt-get update && apt-get install -y "))
            #expect(command.hasSuffix("&& swift build && .build/debug/quire demo"))
        }

        @Test("command 1 and .ci/run install the same packages, after apt-get update")
        func ciInstallsWhatTheReadmeSays() throws {
            let readme = try String(contentsOf: Self.root.appendingPathComponent("README.md"), encoding: .utf8)
            let ci = try String(contentsOf: Self.root.appendingPathComponent(".ci/run"), encoding: .utf8)
            let readmePackages = Self.installedPackages(in: readme)
            #expect(!readmePackages.isEmpty)
            #expect(readmePackages == Self.installedPackages(in: ci))
            let update = try #require(ci.range(of: "apt-get update"))
            let install = try #require(ci.range(of: "apt-get install"))
            #expect(update.lowerBound < install.lowerBound)
        }
    }
}
