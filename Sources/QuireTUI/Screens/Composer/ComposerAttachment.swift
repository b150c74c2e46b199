import Foundation

/// A file attached in the composer, checked when added and again on send.
public struct ComposerAttachment: Sendable, Hashable {
    /// The absolute path the outbox reads the file from.
    public var path: String
    public var name: String
    public var size: Int64
    /// The library form this is (`family.revision`), sent as a blank form; nil for a file.
    public var form: String?

    public init(path: String, name: String, size: Int64, form: String? = nil) {
        self.path = path
        self.name = name
        self.size = size
        self.form = form
    }

    /// A blank form of the library, attached by name: it goes out as an `f:` attachment and is
    /// shown in the body.
    public static func libraryForm(_ name: String, size: Int64) -> ComposerAttachment {
        ComposerAttachment(path: "form:" + name, name: "form " + name, size: size, form: name)
    }

    /// Why a path cannot be attached.
    public enum Problem: Error, Sendable, Hashable, CustomStringConvertible {
        case missing(String)
        case directory(String)
        case unreadable(String)

        public var description: String {
            switch self {
            case .missing(let path): "no file at \(path)"
            case .directory(let path): "\(path) is a directory"
            case .unreadable(let path): "cannot read \(path)"
            }
        }
    }

    /// Checks that `path` (`~` expanded) is a readable regular file and reads its size.
    public static func load(path raw: String) throws(Problem) -> ComposerAttachment {
        let trimmed = raw.trimmingCharacters(in: .whitespaces)
        let expanded = NSString(string: trimmed).expandingTildeInPath
        let url = URL(fileURLWithPath: expanded).standardizedFileURL
        let path = url.path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { throw .missing(trimmed) }
        guard !isDirectory.boolValue else { throw .directory(trimmed) }
        guard FileManager.default.isReadableFile(atPath: path),
            let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        else { throw .unreadable(trimmed) }
        let size = (attributes[.size] as? NSNumber)?.int64Value ?? 0
        return ComposerAttachment(path: path, name: url.lastPathComponent, size: size)
    }

    /// `512 B`, `12 KB`, `3.4 MB`: short enough for the attachments line.
    public static func formatSize(_ size: Int64) -> String {
        let units = ["B", "KB", "MB", "GB", "TB"]
        var value = Double(max(0, size))
        var unit = 0
        while value >= 1024, unit < units.count - 1 {
            value /= 1024
            unit += 1
        }
        if unit == 0 { return "\(size) B" }
        let text = value < 10 ? String(format: "%.1f", value) : String(Int(value.rounded()))
        return "\(text) \(units[unit])"
    }
}
