import Foundation

/// Where Quire keeps its data (store, secrets, attachments) and its configuration.
///
/// An explicit home (`--home DIR` or `$QUIRE_HOME`) holds both, so a whole installation can be
/// moved or thrown away as one directory. Otherwise the XDG base directories are used, keeping
/// configuration (which people put in dotfile repositories) apart from data and secrets.
public struct QuireHome: Sendable, Hashable {
    /// Store, secrets and attachments.
    public let dataDirectory: URL
    /// Configuration files.
    public let configDirectory: URL

    public init(dataDirectory: URL, configDirectory: URL) {
        self.dataDirectory = dataDirectory
        self.configDirectory = configDirectory
    }

    /// Picks the locations: `explicitHome` first, then `$QUIRE_HOME`, then the XDG directories.
    ///
    /// - Parameters:
    ///   - explicitHome: the `--home DIR` option, when given.
    ///   - environment: the process environment (a parameter so that tests can pass their own).
    public static func resolve(
        explicitHome: String? = nil,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(QuireHomeError) -> QuireHome {
        let paths = try resolvePaths(explicitHome: explicitHome) { environment[$0] }
        return QuireHome(
            dataDirectory: URL(fileURLWithPath: paths.data, isDirectory: true),
            configDirectory: URL(fileURLWithPath: paths.config, isDirectory: true))
    }

    /// The store's path, found as ``resolve(explicitHome:environment:)`` finds it, from variables
    /// read one at a time and without a `URL`: what `quire check`'s short path can afford.
    public static func databasePath(
        explicitHome: String?, variable: (String) -> String?
    ) throws(QuireHomeError) -> String {
        let data = try resolvePaths(explicitHome: explicitHome, variable: variable).data
        return data.hasSuffix("/") ? data + "quire.sqlite" : data + "/quire.sqlite"
    }

    /// The data and configuration directories as absolute paths, standardized.
    static func resolvePaths(
        explicitHome: String?, variable: (String) -> String?
    ) throws(QuireHomeError) -> (data: String, config: String) {
        if let explicitHome, !explicitHome.isEmpty {
            let path = standardizedPath(explicitHome)
            return (path, path)
        }
        if let home = variable("QUIRE_HOME"), !home.isEmpty {
            let path = standardizedPath(home)
            return (path, path)
        }
        let userHome = variable("HOME").flatMap { $0.isEmpty ? nil : $0 }
        func base(_ name: String, fallback: String) throws(QuireHomeError) -> String {
            // The XDG spec says relative paths in these variables are invalid and must be ignored.
            if let value = variable(name), value.hasPrefix("/") {
                return value
            }
            guard let userHome else { throw QuireHomeError.noHomeDirectory }
            return userHome + "/" + fallback
        }
        return (
            standardizedPath(try base("XDG_DATA_HOME", fallback: ".local/share") + "/quire"),
            standardizedPath(try base("XDG_CONFIG_HOME", fallback: ".config") + "/quire")
        )
    }

    /// `path` made absolute against the working directory, with `.`, `..` and repeated slashes
    /// taken out by their letters, as `URL.standardizedFileURL` does. A path starting with `~`
    /// (or a working directory that cannot be found) is left to `URL`, which expands the tilde.
    static func standardizedPath(_ path: String) -> String {
        func byFoundation() -> String { URL(fileURLWithPath: path, isDirectory: true).standardizedFileURL.path }
        if path.hasPrefix("~") { return byFoundation() }
        var absolute = path
        if !path.hasPrefix("/") {
            let directory = FileManager.default.currentDirectoryPath
            guard !directory.isEmpty else { return byFoundation() }
            absolute = directory + "/" + path
        }
        var components: [Substring] = []
        for component in absolute.split(separator: "/") {
            switch component {
            case ".": continue
            case "..": _ = components.popLast()
            default: components.append(component)
            }
        }
        // Joined by hand, String to String: the generic `joined(separator:)`, or appending a
        // Substring, costs `quire check` a conformance lookup.
        var standardized = ""
        for component in components {
            standardized += "/"
            standardized += String(component)
        }
        return standardized.isEmpty ? "/" : standardized
    }

    /// The SQLite store.
    public var databaseURL: URL { dataDirectory.appendingPathComponent("quire.sqlite") }

    /// Node passwords. Kept with the data, not the configuration, so that copying one's
    /// configuration somewhere never copies the secrets along.
    public var secretsURL: URL { dataDirectory.appendingPathComponent("secrets.json") }

    /// Received attachment files, one subdirectory per account.
    public var attachmentsDirectory: URL { dataDirectory.appendingPathComponent("attachments", isDirectory: true) }

    /// The configuration file.
    public var configFileURL: URL { configDirectory.appendingPathComponent("config.toml") }

    /// Creates the data and configuration directories (and any missing parents) with mode 0700,
    /// and tightens the two Quire directories to 0700 if they exist with a looser mode.
    public func createDirectories() throws(QuireHomeError) {
        for directory in [dataDirectory, configDirectory] {
            try Self.makeDirectory(directory.path)
            if chmod(directory.path, 0o700) != 0 {
                throw QuireHomeError.cannotCreate(path: directory.path, reason: String(cString: strerror(errno)))
            }
        }
    }

    private static func makeDirectory(_ path: String) throws(QuireHomeError) {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else {
                throw QuireHomeError.cannotCreate(path: path, reason: "a file of that name exists")
            }
            return
        }
        let parent = (path as NSString).deletingLastPathComponent
        if parent != path, !parent.isEmpty {
            try makeDirectory(parent)
        }
        if mkdir(path, 0o700) != 0, errno != EEXIST {
            throw QuireHomeError.cannotCreate(path: path, reason: String(cString: strerror(errno)))
        }
    }
}

/// Why the Quire directories could not be found or made.
public enum QuireHomeError: Error, Equatable, CustomStringConvertible {
    case noHomeDirectory
    case cannotCreate(path: String, reason: String)

    public var description: String {
        switch self {
        case .noHomeDirectory:
            return "cannot find a home directory: set HOME, QUIRE_HOME or pass --home DIR"
        case .cannotCreate(let path, let reason):
            return "cannot create directory \(path): \(reason)"
        }
    }
}
