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
            for file in ThemeCatalog.listFiles(in: directory) where file.hasSuffix(".toml") {
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
            guard ThemeCatalog.fileExists(path) else { continue }
            guard let text = ThemeCatalog.readFile(path) else { throw .unreadable(path: path) }
            do {
                return try UIThemeFile.parse(text, file: path)
            } catch {
                throw .invalid(error)
            }
        }
        if let builtIn = UITheme.builtIn(named: name) { return builtIn }
        throw .notFound(name: name, searched: directories)
    }

    // MARK: Files (POSIX, so the TUI needs no Foundation)

    static func fileExists(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG
    }

    static func readFile(_ path: String, limit: Int = 1 << 20) -> String? {
        guard let file = fopen(path, "rb") else { return nil }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 16_384)
        while bytes.count <= limit {
            let count = fread(&buffer, 1, buffer.count, file)
            if count <= 0 { break }
            bytes.append(contentsOf: buffer[0..<count])
        }
        guard bytes.count <= limit, ferror(file) == 0 else { return nil }
        return String(decoding: bytes, as: UTF8.self)
    }

    static func listFiles(in directory: String) -> [String] {
        guard let handle = opendir(directory) else { return [] }
        defer { closedir(handle) }
        var names: [String] = []
        while let entry = readdir(handle) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            if !name.hasPrefix(".") { names.append(name) }
        }
        return names.sorted()
    }
}
