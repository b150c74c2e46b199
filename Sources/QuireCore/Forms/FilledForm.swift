import TMTP

/// A filled form (`r:` attachment) as read from its bytes: the reference client's fill JSON, one
/// object keyed by each field's model. Nested objects are read as dotted paths (`or.anr`), as
/// vue-form-generator writes a dotted model, so every answer has one flat key.
public struct FilledForm: Sendable, Hashable {
    /// The answers by model path.
    public var values: [String: FormValue]
    /// The model paths in the order the JSON gives them.
    public var paths: [String]

    public init(values: [String: FormValue], paths: [String]) {
        self.values = values
        self.paths = paths
    }

    /// Reads fill JSON; anything else is an error saying what is wrong, for the row to show.
    public static func read(_ bytes: some Collection<UInt8>) throws(FilledFormError) -> FilledForm {
        guard !bytes.isEmpty else { throw .empty }
        let json: JSONValue
        do {
            json = try JSONValue.parse(bytes)
        } catch {
            throw .notJSON
        }
        guard case .object(let members) = json else { throw .notAnObject }
        var form = FilledForm(values: [:], paths: [])
        form.collect(members, prefix: "")
        return form
    }

    private mutating func collect(_ members: [JSONValue.Member], prefix: String) {
        for member in members {
            let path = prefix + member.key
            if case .object(let inner) = member.value {
                collect(inner, prefix: path + ".")
            } else if let value = FormValue(json: member.value) {
                if values.updateValue(value, forKey: path) == nil { paths.append(path) }
            }
        }
    }
}

/// Why the bytes of a filled form are not answers.
public enum FilledFormError: Error, Sendable, Hashable, CustomStringConvertible {
    case empty
    case notJSON
    case notAnObject

    public var description: String {
        switch self {
        case .empty: "empty"
        case .notJSON: "not valid JSON"
        case .notAnObject: "not a JSON object"
        }
    }
}
