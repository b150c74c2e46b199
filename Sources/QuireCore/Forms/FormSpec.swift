import Foundation

/// A blank form as the reference client keeps it (`store/form/<family>.<rev>`): a
/// vue-form-generator schema, `{"fields": [...]}` or `{"groups": [{"legend", "fields"}]}`.
///
/// Only what a terminal can fill field by field is kept: text inputs, numbers, text areas,
/// selects and radios, checkboxes. Display-only fields (labels, submit buttons) are dropped, and
/// an input type the terminal has no widget for is filled as text.
public struct FormSpec: Sendable, Hashable {
    /// The form's form-family name (FFN) when the spec names one.
    public var ffn: String?
    public var fields: [FormField]

    public init(ffn: String? = nil, fields: [FormField]) {
        self.ffn = ffn
        self.fields = fields
    }

    /// Reads a blank form; the bytes come from a message, so anything malformed is an error.
    public static func parse(_ data: Data) throws(FormSpecError) -> FormSpec {
        guard let object = try? JSONSerialization.jsonObject(with: data), let root = object as? [String: Any] else {
            throw .notAnObject
        }
        var rawFields = root["fields"] as? [Any] ?? []
        for group in root["groups"] as? [Any] ?? [] {
            guard let group = group as? [String: Any] else { throw .badField(index: rawFields.count) }
            rawFields.append(contentsOf: group["fields"] as? [Any] ?? [])
        }
        var fields: [FormField] = []
        var models: Set<String> = []
        for (index, raw) in rawFields.enumerated() {
            guard let raw = raw as? [String: Any] else { throw .badField(index: index) }
            guard let field = try FormField(json: raw, index: index) else { continue }
            guard models.insert(field.model).inserted else { throw .duplicateModel(field.model) }
            fields.append(field)
        }
        guard !fields.isEmpty else { throw .noFields }
        return FormSpec(ffn: root["ffn"] as? String, fields: fields)
    }

    /// The problem of each field whose value is not acceptable, by model name.
    public func problems(in values: [String: FormValue]) -> [String: String] {
        var problems: [String: String] = [:]
        for field in fields {
            if let problem = field.problem(with: values[field.model]) { problems[field.model] = problem }
        }
        return problems
    }

    /// The filled form as the reference client stores it: one JSON object of model name to
    /// value, keys sorted so the same answers always give the same bytes. A dotted model
    /// (`address.city`) is a path into nested objects, as vue-form-generator reads it.
    public func filledJSON(_ values: [String: FormValue]) -> Data {
        var object: [String: Any] = [:]
        for field in fields {
            guard let value = values[field.model] else { continue }
            Self.set(value.jsonObject, at: field.model.split(separator: ".").map(String.init)[...], in: &object)
        }
        let options: JSONSerialization.WritingOptions = [.sortedKeys, .withoutEscapingSlashes]
        return (try? JSONSerialization.data(withJSONObject: object, options: options)) ?? Data("{}".utf8)
    }

    private static func set(_ value: Any, at path: ArraySlice<String>, in object: inout [String: Any]) {
        guard let key = path.first else { return }
        if path.count == 1 {
            object[key] = value
            return
        }
        var inner = object[key] as? [String: Any] ?? [:]
        set(value, at: path.dropFirst(), in: &inner)
        object[key] = inner
    }
}
