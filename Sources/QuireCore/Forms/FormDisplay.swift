import Foundation

/// Blank and filled forms as Markdown, for the reader and the command line: a blank form is a
/// table of its fields, a filled one a table of each field with its answer (and what is wrong
/// with it), so a form reads as fields rather than as a file. Pure text in, text out; the caller
/// renders it like any message body.
public enum FormDisplay {
    /// A form as a Markdown table; with `answers`, one row per field with the answer given, then
    /// any answer the form has no field for.
    public static func markdown(spec: FormSpec?, answers: FilledForm?) -> String {
        guard let answers else {
            guard let spec else { return "" }
            var lines = ["| Field | To fill |", "|---|---|"]
            for field in spec.fields {
                lines.append("| \(cell(label(field))) | \(cell(kindText(field.kind))) |")
            }
            return lines.joined(separator: "\n")
        }
        var lines = ["| Field | Answer |", "|---|---|"]
        var shown: Set<String> = []
        for field in spec?.fields ?? [] {
            shown.insert(field.model)
            let value = answers.values[field.model]
            var text = value.map { cell($0.text) } ?? "—"
            if let problem = field.problem(with: value) { text += " **(\(cell(problem)))**" }
            lines.append("| \(cell(label(field))) | \(text) |")
        }
        for path in answers.paths where !shown.contains(path) {
            lines.append("| \(cell(path)) | \(cell(answers.values[path]?.text ?? "")) |")
        }
        return lines.joined(separator: "\n")
    }

    /// A message's body followed by each of its forms shown as fields: blank forms (`f:`) with
    /// what to fill, filled ones (`r:`) with their answers, labelled from the thread's blank form
    /// of the same name when there is one. `contents` gives an attachment's bytes (nil when not
    /// downloaded), so this stays free of files in tests.
    public static func readerMarkdown(
        body: String, attachments: [AttachmentInfo], threadAttachments: [AttachmentInfo] = [],
        contents: (AttachmentInfo) -> Data? = FormDisplay.storedContents
    ) -> String {
        var sections: [String] = []
        for attachment in attachments where attachment.kind != .upload {
            guard let bytes = contents(attachment) else { continue }
            switch attachment.kind {
            case .form:
                guard let spec = try? FormSpec.parse(bytes) else { continue }
                sections.append("**Form \(cell(attachment.name))** to fill:\n\n" + markdown(spec: spec, answers: nil))
            case .formResult:
                let blank = (attachments + threadAttachments).first { $0.kind == .form && $0.name == attachment.name }
                let spec = blank.flatMap(contents).flatMap { try? FormSpec.parse($0) }
                do {
                    let answers = try FilledForm.read(bytes)
                    sections.append(
                        "**Answers to \(cell(attachment.name))**:\n\n" + markdown(spec: spec, answers: answers))
                } catch {
                    sections.append("**Answers to \(cell(attachment.name))**: unreadable (\(error))")
                }
            case .upload:
                continue
            }
        }
        guard !sections.isEmpty else { return body }
        return ([body] + sections).joined(separator: "\n\n")
    }

    /// The bytes of a downloaded attachment; nil when it has none yet or it cannot be read.
    public static func storedContents(_ attachment: AttachmentInfo) -> Data? {
        attachment.storedPath.flatMap { FileManager.default.contents(atPath: $0) }
    }

    /// What a field takes, in words.
    public static func kindText(_ kind: FormField.Kind) -> String {
        switch kind {
        case .text: "text"
        case .email: "email address"
        case .url: "URL"
        case .number(let minimum, let maximum):
            "number" + (minimum.map { " from \(FormValue.number($0).text)" } ?? "")
                + (maximum.map { " up to \(FormValue.number($0).text)" } ?? "")
        case .textArea: "text (several lines)"
        case .choice(let options): "one of: " + options.joined(separator: ", ")
        case .checklist(let options): "any of: " + options.joined(separator: ", ")
        case .checkbox: "yes or no"
        }
    }

    private static func label(_ field: FormField) -> String {
        field.label + (field.required ? " *" : "")
    }

    /// Text made safe for a table cell: no line breaks, pipes and Markdown marks escaped.
    static func cell(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "\n", "\r", "\r\n": out += " "
            case "|", "\\", "*", "_", "`", "[", "]", "<", ">", "#", "!": out += "\\\(character)"
            default: out.append(character)
            }
        }
        return out
    }
}
