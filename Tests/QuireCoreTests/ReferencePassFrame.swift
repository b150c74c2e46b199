import Foundation
import Testing

/// One frame of the reference client's own test pass, as its site saw it: which link carried
/// it, which way, the header as sent and the data after it. The fixture keeps only the frames
/// these tests replay (registrations, a login, and the posts that carry attachments or a forward).
struct ReferencePassFrame {
    let connection: Int
    let fromClient: Bool
    /// The header JSON exactly as sent.
    let headerJSON: [UInt8]
    /// The header's fields, keys lower-cased (Go matches them in any case).
    let fields: [String: Any]
    var data: [UInt8]

    /// A header field as text, or nil.
    func text(_ key: String) -> String? { fields[key.lowercased()] as? String }

    /// A header field as a number, or nil.
    func number(_ key: String) -> Int? { (fields[key.lowercased()] as? NSNumber)?.intValue }

    static func loadAll() throws -> [ReferencePassFrame] {
        let url = try #require(
            Bundle.module.url(forResource: "reference-pass-posts", withExtension: "jsonl", subdirectory: "Fixtures"))
        let text = try String(contentsOf: url, encoding: .utf8)
        return try text.split(separator: "\n").map { line in
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            let header = try #require(object["head_raw"] as? String)
            let head = try #require(try JSONSerialization.jsonObject(with: Data(header.utf8)) as? [String: Any])
            let data = try #require(Data(base64Encoded: object["data_b64"] as? String ?? ""))
            return ReferencePassFrame(
                connection: try #require(object["conn"] as? Int),
                fromClient: object["dir"] as? String == "client->server",
                headerJSON: Array(header.utf8),
                fields: Dictionary(head.map { ($0.key.lowercased(), $0.value) }) { first, _ in first },
                data: [UInt8](data))
        }
    }
}
