import Foundation
import QuireRender

/// Writes a command's result: text through the terminal sanitiser (every string that came from
/// the network may carry escape sequences), or JSON with a versioned schema.
struct Output {
    /// 2: notices of kind `forward` (with `thread`), `forwardedBy` on messages, `quire draft`.
    static let schema = 2
    let json: Bool

    /// Prints one line of text, sanitised.
    func line(_ text: String) {
        guard !json else { return }
        print(Sanitiser.sanitise(text).string)
        // `quire sync --watch` feeds pipes: each event must reach the reader as it happens.
        fflush(nil)
    }

    /// Prints `{"schema":1, ...fields}` when JSON was asked for.
    func object(_ fields: [String: Any]) {
        guard json else { return }
        var object = fields
        object["schema"] = Self.schema
        guard
            let data = try? JSONSerialization.data(
                withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
        else { return }
        print(String(decoding: data, as: UTF8.self))
        fflush(nil)
    }
}

/// Sanitises a network string for a terminal.
func safe(_ text: String) -> String {
    Sanitiser.sanitise(text).string
}

extension Optional {
    /// The value for a JSON object, or JSON null.
    var orNull: Any {
        switch self {
        case .some(let value): value
        case .none: NSNull()
        }
    }
}
