import Foundation

/// The blank forms of one Quire home, kept as the reference client keeps them (`store/form/`):
/// one file per revision, `<family>.<revision>`, holding the vue-form-generator JSON exactly as
/// added, and an optional `<family>.spec` naming the family's FFN. The files can be copied to and
/// from the reference client's folder unchanged.
public struct FormLibrary: Sendable {
    /// One blank form of the library.
    public struct Entry: Sendable, Hashable {
        public var name: FormName
        /// The FFN its filled forms are filed under.
        public var ffn: String
        public var spec: FormSpec
        public var modified: Date
    }

    public let directory: URL

    public init(directory: URL) {
        self.directory = directory
    }

    public init(home: QuireHome) {
        self.init(directory: home.dataDirectory.appendingPathComponent("forms", isDirectory: true))
    }

    /// Adds (or replaces) a blank form, checked first; `family.spec` takes a spec instead. A
    /// family's revisions after its first need a spec, as in the reference client.
    @discardableResult
    public func add(_ name: FormName, json: Data) throws(FormLibraryError) -> FormName {
        if name.isSpec {
            guard (try? JSONSerialization.jsonObject(with: json)) is [String: Any] else {
                throw .invalidSpec(name.description)
            }
        } else {
            do {
                _ = try FormSpec.parse(json)
            } catch {
                throw .invalidForm(name: name.description, error)
            }
            let others = revisions(family: name.family).filter { $0 != name && !$0.isSpec }
            if !others.isEmpty, !exists(FormName(family: name.family, revision: FormName.spec)) {
                throw .needsSpec(family: name.family)
            }
        }
        try write(json, to: url(name))
        return name
    }

    /// Names the FFN of a family (writes `family.spec`).
    public func setFFN(_ ffn: String, family: String) throws(FormLibraryError) {
        let name = FormName(family: family, revision: FormName.spec)
        let object = ["ffn": ffn]
        guard
            let json = try? JSONSerialization.data(
                withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
        else {
            throw .invalidSpec(name.description)
        }
        try write(json, to: url(name))
    }

    /// The FFN filled forms of a family are filed under: its spec's `ffn`, else `local/<family>`.
    public func ffn(family: String) -> String {
        specFFN(family: family) ?? FormName.localFFN(family: family)
    }

    /// The FFN the family's spec names, if it names one.
    public func specFFN(family: String) -> String? {
        let spec = url(FormName(family: family, revision: FormName.spec))
        guard let data = FileManager.default.contents(atPath: spec.path),
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            let ffn = (object["ffn"] ?? object["Ffn"]) as? String, !ffn.isEmpty
        else { return nil }
        return ffn
    }

    /// Every blank form, by family then revision (`original` first); unreadable files are skipped.
    public func entries() -> [Entry] {
        names().filter { !$0.isSpec }.compactMap { try? entry($0) }
    }

    /// One blank form, read and checked.
    public func entry(_ name: FormName) throws(FormLibraryError) -> Entry {
        let file = url(name)
        guard let data = FileManager.default.contents(atPath: file.path) else { throw .notFound(name.description) }
        let spec: FormSpec
        do {
            spec = try FormSpec.parse(data)
        } catch {
            throw .invalidForm(name: name.description, error)
        }
        let attributes = try? FileManager.default.attributesOfItem(atPath: file.path)
        let modified = attributes?[.modificationDate] as? Date ?? Date()
        return Entry(name: name, ffn: ffn(family: name.family), spec: spec, modified: modified)
    }

    /// The bytes of a blank form as added, to attach to a message.
    public func json(_ name: FormName) throws(FormLibraryError) -> Data {
        guard let data = FileManager.default.contents(atPath: url(name).path) else {
            throw .notFound(name.description)
        }
        return data
    }

    /// The revisions of a family held here (its spec included), `original` first.
    public func revisions(family: String) -> [FormName] {
        names().filter { $0.family == family }
    }

    /// Removes one revision (or the family's spec).
    public func remove(_ name: FormName) throws(FormLibraryError) {
        guard exists(name) else { throw .notFound(name.description) }
        do {
            try FileManager.default.removeItem(at: url(name))
        } catch {
            throw .cannotWrite(path: url(name).path, reason: error.localizedDescription)
        }
    }

    public func exists(_ name: FormName) -> Bool {
        FileManager.default.fileExists(atPath: url(name).path)
    }

    private func url(_ name: FormName) -> URL {
        directory.appendingPathComponent(name.description)
    }

    private func names() -> [FormName] {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return files.compactMap { try? FormName(parsing: $0) }
            .filter { files.contains($0.description) }
            .sorted { lhs, rhs in
                if lhs.family != rhs.family { return lhs.family < rhs.family }
                let order = { (name: FormName) in name.revision == FormName.original ? 0 : name.isSpec ? 2 : 1 }
                if order(lhs) != order(rhs) { return order(lhs) < order(rhs) }
                return lhs.revision < rhs.revision
            }
    }

    private func write(_ data: Data, to file: URL) throws(FormLibraryError) {
        do {
            try FileManager.default.createDirectory(
                at: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            try data.write(to: file, options: .atomic)
        } catch {
            throw .cannotWrite(path: file.path, reason: error.localizedDescription)
        }
    }
}
