import Foundation

extension FormResultsTable {
    /// Builds the table of `family` from the store's form attachments and the library's blank
    /// forms of that family. Filled forms whose FFN is the family's (or `family` itself, given
    /// as an FFN) or whose name is of the family are rows, every revision included; the blank
    /// forms give the columns and check the answers.
    public static func build(
        family: String, libraryFFN: String? = nil, libraryForms: [FormLibrary.Entry] = [],
        records: [FormAttachmentRecord]
    ) -> FormResultsTable {
        let ffns = Set([family] + (libraryFFN.map { [$0] } ?? []) + libraryForms.map(\.ffn))
        let mine = records.filter { $0.belongs(to: family, ffns: ffns) }
        // Blank forms by revision name: the library's first, then those that came in messages.
        var specs: [String: FormSpec] = [:]
        var order: [FormSpec] = []
        for entry in libraryForms where specs[entry.name.description] == nil {
            specs[entry.name.description] = entry.spec
            order.append(entry.spec)
        }
        for record in mine where record.attachment.kind == .form && specs[record.attachment.name] == nil {
            guard let bytes = record.bytes, let spec = try? FormSpec.parse(bytes) else { continue }
            specs[record.attachment.name] = spec
            order.append(spec)
        }
        var fields: [FormField] = []
        var models: Set<String> = []
        for spec in order {
            for field in spec.fields where models.insert(field.model).inserted { fields.append(field) }
        }
        var rows: [FormResultRow] = []
        for record in mine where record.attachment.kind == .formResult {
            rows.append(row(record, spec: specs[record.attachment.name] ?? order.first))
        }
        for row in rows {
            for path in row.paths where models.insert(path).inserted {
                fields.append(FormField(model: path, label: path, kind: .text))
            }
        }
        return FormResultsTable(family: family, ffns: ffns, fields: fields, rows: rows)
    }

    private static func row(_ record: FormAttachmentRecord, spec: FormSpec?) -> FormResultRow {
        var row = FormResultRow(
            account: record.account, fromAlias: record.fromAlias, fromUID: record.fromUID, posted: record.posted,
            threadID: record.threadID, msgid: record.msgid, formName: record.attachment.name)
        guard let bytes = record.bytes else {
            row.problems = ["not downloaded yet"]
            return row
        }
        do {
            let filled = try FilledForm.read(bytes)
            row.answers = filled.values
            row.paths = filled.paths
            if let spec {
                let problems = spec.problems(in: filled.values)
                row.problems = spec.fields.compactMap { field in problems[field.model].map { "\(field.model): \($0)" } }
            }
        } catch {
            row.problems = [error.description]
            row.rawText = String(decoding: bytes, as: UTF8.self)
        }
        return row
    }
}
