import Foundation

extension FormResultsTable {
    /// Builds the table of `family` from form attachments with their bytes and the library's
    /// blank forms of that family. Filled forms whose FFN is the family's (or `family` itself,
    /// given as an FFN) or whose name is of the family are rows, every revision included; the
    /// blank forms give the columns and check the answers.
    public static func build(
        family: String, libraryFFN: String? = nil, libraryForms: [FormLibrary.Entry] = [],
        records: [FormAttachmentRecord]
    ) -> FormResultsTable {
        let ffns = familyFFNs(family, libraryFFN: libraryFFN, libraryForms: libraryForms)
        var blanks: [(name: String, bytes: Data)] = []
        var rows: [FormResultRow] = []
        for record in records where record.belongs(to: family, ffns: ffns) {
            switch record.attachment.kind {
            case .form: if let bytes = record.bytes { blanks.append((record.attachment.name, bytes)) }
            case .formResult:
                rows.append(FormResultRow(record, content: FormContent(kind: .formResult, bytes: record.bytes)))
            case .upload: continue
            }
        }
        return build(family: family, ffns: ffns, libraryForms: libraryForms, blanks: blanks, rows: rows)
    }

    /// The FFNs whose forms are of `family`: the name itself, and those the library files it under.
    static func familyFFNs(_ family: String, libraryFFN: String?, libraryForms: [FormLibrary.Entry]) -> Set<String> {
        Set([family] + (libraryFFN.map { [$0] } ?? []) + libraryForms.map(\.ffn))
    }

    /// Builds the table from the family's blank forms (bytes by attachment name, oldest first)
    /// and its filled forms as rows not yet checked: a row without problems is checked against
    /// the blank form of its revision (the library's first), else the first blank form.
    static func build(
        family: String, ffns: Set<String>, libraryForms: [FormLibrary.Entry], blanks: [(name: String, bytes: Data)],
        rows: consuming [FormResultRow]
    ) -> FormResultsTable {
        var specs: [String: FormSpec] = [:]
        var order: [FormSpec] = []
        for entry in libraryForms where specs[entry.name.description] == nil {
            specs[entry.name.description] = entry.spec
            order.append(entry.spec)
        }
        for blank in blanks where specs[blank.name] == nil {
            guard let spec = try? FormSpec.parse(blank.bytes) else { continue }
            specs[blank.name] = spec
            order.append(spec)
        }
        var fields: [FormField] = []
        var models: Set<String> = []
        for spec in order {
            for field in spec.fields where models.insert(field.model).inserted { fields.append(field) }
        }
        for index in rows.indices where rows[index].problems.isEmpty {
            guard let spec = specs[rows[index].formName] ?? order.first else { continue }
            let problems = spec.problems(in: rows[index].answers)
            if !problems.isEmpty {
                rows[index].problems = spec.fields.compactMap { field in
                    problems[field.model].map { "\(field.model): \($0)" }
                }
            }
        }
        for index in rows.indices {
            for path in rows[index].paths where models.insert(path).inserted {
                fields.append(FormField(model: path, label: path, kind: .text))
            }
        }
        return FormResultsTable(family: family, ffns: ffns, fields: fields, rows: rows)
    }
}

extension FormResultRow {
    /// The row of a filled form attachment from what its bytes held, not yet checked against a
    /// blank form; a form that cannot be read has its problem already.
    init(_ record: FormAttachmentRecord, content: FormContent) {
        self.init(
            account: record.account, fromAlias: record.fromAlias, fromUID: record.fromUID, posted: record.posted,
            threadID: record.threadID, msgid: record.msgid, formName: record.attachment.name)
        switch content {
        case .answers(let filled):
            answers = filled.values
            paths = filled.paths
        case .malformed(let problem, let bytes):
            problems = [problem]
            rawText = String(decoding: bytes, as: UTF8.self)
        case .missing, .blank:
            problems = ["not downloaded yet"]
        }
    }
}
