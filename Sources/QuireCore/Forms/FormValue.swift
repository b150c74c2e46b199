import Foundation
import TMTP

/// One answer of a filled form.
public enum FormValue: Sendable, Hashable {
    case text(String)
    case number(Double)
    case bool(Bool)
    /// The options ticked in a checklist (or any JSON list an answer holds).
    case list([FormValue])

    /// The answer as `JSONSerialization` writes it.
    var jsonObject: Any {
        switch self {
        case .text(let text): text
        case .number(let number): number
        case .bool(let flag): flag
        case .list(let items): items.map(\.jsonObject)
        }
    }

    /// An answer read from filled JSON; nil for `null` and for objects (which are paths, not answers).
    init?(json: JSONValue) {
        switch json {
        case .null, .object: return nil
        case .bool(let flag): self = .bool(flag)
        case .number(let literal):
            guard let number = Double(literal) else { return nil }
            self = .number(number)
        case .string(let text): self = .text(text)
        case .array(let items): self = .list(items.compactMap(FormValue.init(json:)))
        }
    }

    /// The answer as one line of text: numbers without a needless `.0`, lists joined by commas.
    public var text: String {
        switch self {
        case .text(let text): text
        case .number(let number):
            number.rounded() == number && abs(number) < 1e15 ? String(Int64(number)) : String(number)
        case .bool(let flag): flag ? "yes" : "no"
        case .list(let items): items.map(\.text).joined(separator: ", ")
        }
    }
}
