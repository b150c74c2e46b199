import Foundation

/// How a draft's attachments are kept in its `attachments` column.
///
/// A plain JSON array of paths, as drafts were first stored; a draft answering a form keeps an
/// object instead, `{"files": [...], "formResults": {path: ffn}}`, so older rows read unchanged.
struct DraftAttachments: Codable, Hashable {
    var files: [String]
    var formResults: [String: String]

    init(files: [String], formResults: [String: String]) {
        self.files = files
        self.formResults = formResults
    }

    init(column text: String) throws {
        if let files = try? ClientStore.decodeJSON([String].self, text) {
            self.init(files: files, formResults: [:])
        } else {
            self = try ClientStore.decodeJSON(DraftAttachments.self, text)
        }
    }

    func column() throws -> String {
        formResults.isEmpty ? try ClientStore.encodeJSON(files) : try ClientStore.encodeJSON(self)
    }
}
