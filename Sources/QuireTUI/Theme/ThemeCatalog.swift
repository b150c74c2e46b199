#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Finds themes: `*.toml` files in the shipped themes folder and in the user's config
/// folder (a user file wins over a shipped one of the same name), then the built-in themes.
public struct ThemeCatalog: Sendable {
    /// Folders searched, lowest priority first.
    public var directories: [String]

    public init(directories: [String]) {
        self.directories = directories
    }

    /// The usual folders: the shipped `Themes/` (when given) then
    /// `$XDG_CONFIG_HOME/quire/themes` (or `~/.config/quire/themes`).
    public static func standard(shippedDirectory: String?, environment: [String: String]) -> ThemeCatalog {
        var directories: [String] = []
        if let shippedDirectory { directories.append(shippedDirectory) }
        if let config = environment["XDG_CONFIG_HOME"], !config.isEmpty {
            directories.append(config + "/quire/themes")
        } else if let home = environment["HOME"], !home.isEmpty {
            directories.append(home + "/.config/quire/themes")
        }
        return ThemeCatalog(directories: directories)
    }

    /// Why a theme could not be loaded.
    public enum LoadError: Error, Sendable, Hashable, CustomStringConvertible {
        case notFound(name: String, searched: [String])
        case unreadable(path: String)
        case invalid(UIThemeFile.ParseError)

        public var description: String {
            switch self {
            case .notFound(let name, let searched):
                "no theme `\(name)` (looked in \(searched.joined(separator: ", ")) and the built-in themes)"
            case .unreadable(let path): "\(path): cannot read"
            case .invalid(let error): error.description
            }
        }
    }

    /// Names of every theme available, sorted.
    public func availableNames() -> [String] {
        var names: Set<String> = ["default", "light", "mono"]
        for directory in directories {
            for file in POSIXFile.listFiles(in: directory) where file.hasSuffix(".toml") {
                names.insert(String(file.dropLast(".toml".count)))
            }
        }
        return names.sorted()
    }

    /// The theme called `name`, lowered to `capability`.
    public func theme(named name: String, capability: ColourCapability) throws(LoadError) -> UITheme {
        try theme(named: name).lowered(to: capability)
    }

    /// The theme called `name` at full depth.
    public func theme(named name: String) throws(LoadError) -> UITheme {
        // A name is a file name in the theme folders, never a path out of them.
        guard !name.isEmpty, !name.hasPrefix("."), !name.contains("/") else {
            throw .notFound(name: name, searched: directories)
        }
        for directory in directories.reversed() {
            let path = directory + "/" + name + ".toml"
            guard POSIXFile.exists(path) else { continue }
            guard let text = POSIXFile.read(path) else { throw .unreadable(path: path) }
            do {
                return try UIThemeFile.parse(text, file: path)
            } catch {
                throw .invalid(error)
            }
        }
        if let builtIn = UITheme.builtIn(named: name) { return builtIn }
        throw .notFound(name: name, searched: directories)
    }
}
