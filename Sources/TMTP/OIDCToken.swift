/// The `oidc` object of Register: an OAuth token response (Go `*struct{Token_type ...}`).
public struct OIDCToken: Sendable, Hashable {
    public var tokenType: String
    /// Go `uint`: 64-bit, never negative.
    public var expiresIn: UInt64
    public var accessToken: String
    public var idToken: String
    public var refreshToken: String
    public var scope: String

    public init(
        tokenType: String = "", expiresIn: UInt64 = 0, accessToken: String = "", idToken: String = "",
        refreshToken: String = "", scope: String = ""
    ) {
        self.tokenType = tokenType
        self.expiresIn = expiresIn
        self.accessToken = accessToken
        self.idToken = idToken
        self.refreshToken = refreshToken
        self.scope = scope
    }

    /// Go decodes into an existing pointer target, so a repeated `oidc` key merges fields.
    static func decode(into token: inout OIDCToken?, from reader: inout JSONReader) throws(JSONParseError) {
        guard try reader.beginObject() else {
            token = nil
            return
        }
        var value = token ?? OIDCToken()
        var first = true
        while let key = try reader.nextKey(first: &first) {
            switch key.folded {
            case "token_type": if let text = try reader.readString() { value.tokenType = text }
            case "expires_in": if let number = try reader.readInteger(UInt64.self) { value.expiresIn = number }
            case "access_token": if let text = try reader.readString() { value.accessToken = text }
            case "id_token": if let text = try reader.readString() { value.idToken = text }
            case "refresh_token": if let text = try reader.readString() { value.refreshToken = text }
            case "scope": if let text = try reader.readString() { value.scope = text }
            default: try reader.skipValue()
            }
        }
        token = value
    }

    func append(to writer: inout ClientJSONWriter) {
        writer.beginNestedObject()
        writer.field("token_type", tokenType)
        writer.field("expires_in", expiresIn)
        writer.field("access_token", accessToken)
        writer.field("id_token", idToken)
        writer.field("refresh_token", refreshToken)
        writer.field("scope", scope)
        writer.endObject()
    }
}
