import Foundation

/// The executables this target depends on, which `swift test` builds next to the test bundle
/// (`.build/debug`) before running the tests that start them as child processes.
public enum BuiltProducts {
    public struct Missing: Error, CustomStringConvertible {
        public var name: String
        public var searched: [String]
        public var description: String {
            "\(name) is not built (looked in \(searched.joined(separator: ", "))); run `swift build` before `swift test`"
        }
    }

    /// The built executable `name`.
    public static func executable(_ name: String) throws -> URL {
        var directories: [URL] = []
        if let bundle = Bundle.main.executableURL { directories.append(bundle.deletingLastPathComponent()) }
        directories.append(URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent())
        let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        directories.append(packageRoot.appendingPathComponent(".build/debug"))
        for directory in directories {
            let url = directory.appendingPathComponent(name)
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        }
        throw Missing(name: name, searched: directories.map(\.path))
    }
}
