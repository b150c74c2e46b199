import Foundation

/// Completing a file path typed on the composer's Attach line, as a shell completes one: the
/// entries of the typed directory whose names start with the typed last part (hidden files only
/// when that part starts with a dot).
struct PathCompletion {
    struct Candidate: Hashable {
        var name: String
        var isDirectory: Bool
    }

    /// The directory part as typed, with its trailing slash (`~/docs/`), or empty.
    let directoryPart: String
    /// The last part as typed, which candidates start with.
    let prefix: String

    init(typed: String) {
        if let slash = typed.lastIndex(of: "/") {
            directoryPart = String(typed[...slash])
            prefix = String(typed[typed.index(after: slash)...])
        } else {
            directoryPart = ""
            prefix = typed
        }
    }

    /// The matching entries, sorted by name.
    func candidates() -> [Candidate] {
        let directory = directoryPart.isEmpty ? "." : TildePath.expanding(directoryPart)
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return [] }
        return names.filter { $0.hasPrefix(prefix) && (prefix.hasPrefix(".") || !$0.hasPrefix(".")) }.sorted()
            .map { name in
                var isDirectory: ObjCBool = false
                let path = (directory as NSString).appendingPathComponent(name)
                _ = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
                return Candidate(name: name, isDirectory: isDirectory.boolValue)
            }
    }

    /// The typed text with `candidate` completed: a directory gets its slash, ready for more.
    func completed(with candidate: Candidate) -> String {
        directoryPart + candidate.name + (candidate.isDirectory ? "/" : "")
    }

    /// The longest start every name shares, case and all.
    static func sharedPrefix(of names: [String]) -> String {
        guard var shared = names.first else { return "" }
        for name in names.dropFirst() {
            shared = String(zip(shared, name).prefix { $0 == $1 }.map(\.0))
        }
        return shared
    }
}
