import Foundation

/// One field of a ``FormSpec``.
public struct FormField: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        /// One line of text; `email` and `url` inputs are checked for their shape.
        case text
        case email
        case url
        /// A number between optional bounds.
        case number(minimum: Double?, maximum: Double?)
        /// Several lines of text.
        case textArea
        /// One of fixed options (a select or radios).
        case choice([String])
        /// Any number of fixed options (a checklist); the answer is a list.
        case checklist([String])
        case checkbox
    }

    /// The key of the answer in the filled JSON.
    public var model: String
    public var label: String
    public var kind: Kind
    public var required: Bool
    /// Longest text accepted, in characters.
    public var maximumLength: Int?
    public var hint: String?
    public var defaultValue: FormValue?

    public init(
        model: String, label: String, kind: Kind, required: Bool = false, maximumLength: Int? = nil,
        hint: String? = nil, defaultValue: FormValue? = nil
    ) {
        self.model = model
        self.label = label
        self.kind = kind
        self.required = required
        self.maximumLength = maximumLength
        self.hint = hint
        self.defaultValue = defaultValue
    }

    /// A field from its schema entry; nil for fields that take no answer (labels, buttons).
    init?(json: [String: Any], index: Int) throws(FormSpecError) {
        let type = (json["type"] as? String ?? "input").lowercased()
        if ["label", "submit", "upload"].contains(type) { return nil }
        guard let model = json["model"] as? String, !model.isEmpty else { throw .badField(index: index) }
        let inputType = (json["inputType"] as? String ?? "text").lowercased()
        let minimum = FormField.number(json["min"])
        let maximum = FormField.number(json["max"])
        switch type {
        case "textarea":
            kind = .textArea
        case "select", "radios", "selectex":
            let options = (json["values"] as? [Any] ?? []).compactMap(FormField.optionName)
            guard !options.isEmpty else { throw .noOptions(model) }
            kind = .choice(options)
        case "checklist":
            let options = (json["values"] as? [Any] ?? []).compactMap(FormField.optionName)
            guard !options.isEmpty else { throw .noOptions(model) }
            kind = .checklist(options)
        case "checkbox", "switch":
            kind = .checkbox
        default:
            switch inputType {
            case "number", "range": kind = .number(minimum: minimum, maximum: maximum)
            case "email": kind = .email
            case "url": kind = .url
            default: kind = .text
            }
        }
        self.model = model
        label = json["label"] as? String ?? model
        required = json["required"] as? Bool ?? false
        hint = json["hint"] as? String ?? json["help"] as? String ?? json["placeholder"] as? String
        if case .number = kind {
            maximumLength = nil
        } else {
            maximumLength = (json["max"] as? Int) ?? (json["maxlength"] as? Int)
        }
        switch json["default"] {
        case let flag as Bool where kind == .checkbox: defaultValue = .bool(flag)
        case let number as NSNumber: defaultValue = .number(number.doubleValue)
        case let text as String: defaultValue = .text(text)
        default: defaultValue = nil
        }
    }

    /// Why `value` is not an acceptable answer, or nil when it is.
    public func problem(with value: FormValue?) -> String? {
        switch value {
        case nil:
            return required && kind != .checkbox ? "required" : nil
        case .text(let text)?:
            // Checked without Foundation first: a results table checks every answer it shows.
            if text.allSatisfy(\.isWhitespace) { return required ? "required" : nil }
            if let maximumLength, text.count > maximumLength { return "at most \(maximumLength) characters" }
            switch kind {
            case .email:
                let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
                let parts = trimmed.split(separator: "@", omittingEmptySubsequences: false)
                if parts.count != 2 || parts[0].isEmpty || !parts[1].contains(".") || trimmed.contains(" ") {
                    return "not an email address"
                }
            case .url:
                let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
                if URL(string: trimmed)?.scheme == nil || trimmed.contains(" ") { return "not a URL" }
            case .choice(let options):
                if !options.contains(text) { return "not one of the choices" }
            case .number:
                return "not a number"
            case .checklist:
                return "not a list of choices"
            case .text, .textArea, .checkbox:
                break
            }
            return nil
        case .number(let number)?:
            guard case .number(let minimum, let maximum) = kind else { return "not expected to be a number" }
            if let minimum, number < minimum { return "at least \(FormField.format(minimum))" }
            if let maximum, number > maximum { return "at most \(FormField.format(maximum))" }
            return nil
        case .bool?:
            return kind == .checkbox ? nil : "not expected to be a yes or no"
        case .list(let items)?:
            guard case .checklist(let options) = kind else { return "not expected to be a list" }
            if required && items.isEmpty { return "required" }
            for case .text(let item) in items where !options.contains(item) { return "not one of the choices" }
            return nil
        }
    }

    /// Reads typed text as this field's answer: a number for number fields, the options named
    /// between commas for a checklist, nil when empty.
    public func value(fromText text: String) -> FormValue? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.isEmpty { return nil }
        if case .number = kind {
            guard let number = Double(trimmed), number.isFinite else { return .text(text) }
            return .number(number)
        }
        if case .checklist = kind {
            // Typed as the options ticked, separated by commas.
            return .list(
                trimmed.split(separator: ",").map { .text($0.trimmingCharacters(in: .whitespaces)) }.filter {
                    $0 != .text("")
                })
        }
        return .text(text)
    }

    private static func number(_ value: Any?) -> Double? {
        (value as? NSNumber).map(\.doubleValue)
    }

    /// A select option is a string, or an object with a `name` (vue-form-generator's `{id, name}`).
    private static func optionName(_ value: Any) -> String? {
        if let text = value as? String { return text }
        if let number = value as? NSNumber { return number.stringValue }
        if let object = value as? [String: Any] {
            return object["name"] as? String ?? object["value"] as? String ?? object["id"] as? String
        }
        return nil
    }

    private static func format(_ number: Double) -> String {
        number.rounded() == number && abs(number) < 1e15 ? String(Int64(number)) : String(number)
    }
}
