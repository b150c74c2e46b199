import Foundation
import QuireRender

/// Writes a command's result: text through the terminal sanitiser (every string that came from
/// the network may carry escape sequences), or JSON with a versioned schema.
struct Output {
    static let schema = 1
    let json: Bool

    /// Prints one line of text, sanitised.
    func line(_ text: String) {
        guard !json else { return }
        print(Sanitiser.sanitise(text).string)
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
