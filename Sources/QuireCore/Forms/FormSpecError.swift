/// Why a blank form could not be read.
public enum FormSpecError: Error, Sendable, Hashable, CustomStringConvertible {
    case notAnObject
    case badField(index: Int)
    case duplicateModel(String)
    case noOptions(String)
    case noFields

    public var description: String {
        switch self {
        case .notAnObject: "the form is not a JSON object"
        case .badField(let index): "field \(index + 1) of the form is malformed"
        case .duplicateModel(let model): "the form has two fields named \(model)"
        case .noOptions(let model): "the choice field \(model) has no options"
        case .noFields: "the form has no fields to fill"
        }
    }
}
