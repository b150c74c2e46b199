/// Why the form library refused a request.
public enum FormLibraryError: Error, Sendable, Hashable, CustomStringConvertible {
    case invalidName(String)
    case notFound(String)
    case invalidForm(name: String, FormSpecError)
    case invalidSpec(String)
    /// A family's second revision needs a spec (an FFN), as in the reference client.
    case needsSpec(family: String)
    case cannotWrite(path: String, reason: String)

    public var description: String {
        switch self {
        case .invalidName(let name):
            "invalid form name \"\(name)\": use FAMILY or FAMILY.REVISION with letters, digits, - _ ~"
        case .notFound(let name): "no form \(name) in the library"
        case .invalidForm(let name, let error): "\(name) is not a blank form: \(error)"
        case .invalidSpec(let name): "\(name) is not a form spec: a JSON object such as {\"ffn\": \"...\"}"
        case .needsSpec(let family):
            "the family \(family) needs an FFN before a second revision: add it with --ffn (or \(family).spec)"
        case .cannotWrite(let path, let reason): "cannot write \(path): \(reason)"
        }
    }
}
