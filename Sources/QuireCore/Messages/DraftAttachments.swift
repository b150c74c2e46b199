import Foundation

/// How a draft's attachments are kept in its `attachments` column.
///
/// A plain JSON array of paths, as drafts were first stored; a draft answering a form or carrying
/// library forms keeps an object instead, `{"files": [...], "formResults": {path: ffn}, "forms":
/// [name]}`, so older rows read unchanged.
struct DraftAttachments: Codable, Hashable {
    var files: [String]
    var formResults: [String: String]
    var forms: [String]

    init(files: [String], formResults: [String: String], forms: [String] = []) {
        self.files = files
        self.formResults = formResults
        self.forms = forms
    }

    init(column text: String) throws {
        if let files = try? ClientStore.decodeJSON([String].self, text) {
            self.init(files: files, formResults: [:])
        } else {
            self = try ClientStore.decodeJSON(DraftAttachments.self, text)
        }
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        files = try container.decode([String].self, forKey: .files)
        formResults = try container.decodeIfPresent([String: String].self, forKey: .formResults) ?? [:]
        // Rows saved before drafts carried library forms have none.
        forms = try container.decodeIfPresent([String].self, forKey: .forms) ?? []
    }

    func column() throws -> String {
        formResults.isEmpty && forms.isEmpty ? try ClientStore.encodeJSON(files) : try ClientStore.encodeJSON(self)
    }
}
