import TMTPServer
import TOMLKit

/// OpenID Connect in the `--config` file, as the reference server's configuration has it:
///
///     auth = 1
///     [[authby]]            # an empty first table makes sign-in optional
///     [[authby]]
///     label = "Example ID"
///     login = ["https://id.example.org/authorize", "response_type=code", "scope=openid"]
///     token = ["https://id.example.org/token", "grant_type=authorization_code"]
///     std = ["client_id=tmtpd-example", "redirect_uri=http://localhost:8123/u"]
///     keys = "https://id.example.org/jwks.json"   # or a JWKS file
///     iss = "https://id.example.org"
///     aud = "tmtpd-example"
///
/// Every provider's keys are loaded here, so a wrong URL or file stops the server at start, not at Register.
enum SignInSettings {
    static let providerKeys: Set<String> = ["label", "login", "token", "std", "keys", "iss", "aud"]

    /// `nil` when the file has neither `auth` nor `[[authby]]`.
    static func configuration(file: ConfigFile?) async throws -> OIDCConfiguration? {
        guard let file else { return nil }
        let auth = try file.integer("auth")
        let tables = try file.tables("authby")
        guard auth != nil || tables != nil else { return nil }
        guard var tables, !tables.isEmpty else {
            throw ConfigFile.Failure(description: "\(file.path): 'auth' is set but there is no [[authby]] provider")
        }
        let optional = tables[0].isEmpty
        if optional { tables.removeFirst() }
        guard !tables.isEmpty else {
            throw ConfigFile.Failure(
                description: "\(file.path): [[authby]] has only the empty table that makes sign-in optional; "
                    + "add a provider after it")
        }
        var providers: [SignInProvider] = []
        for (index, table) in tables.enumerated() {
            // Numbered as the file orders them, the empty first table included.
            let number = index + (optional ? 2 : 1)
            providers.append(try await provider(table, number: number, file: file))
        }
        do {
            return try OIDCConfiguration(auth: auth ?? 1, providers: providers, required: !optional)
        } catch {
            throw ConfigFile.Failure(description: "\(file.path): \(error)")
        }
    }

    private static func provider(_ table: TOMLTable, number: Int, file: ConfigFile) async throws -> SignInProvider {
        let label = table["label"]?.string ?? ""
        let name = "[[authby]] \(number)" + (label.isEmpty ? "" : " (\"\(label)\")")
        func failure(_ text: String) -> ConfigFile.Failure {
            ConfigFile.Failure(description: "\(file.path): \(name): \(text)")
        }
        for key in table.keys where !providerKeys.contains(key) { throw failure("unknown key '\(key)'") }
        func string(_ key: String) throws -> String {
            guard let value = table[key] else { return "" }
            guard let text = value.string else { throw failure("'\(key)' must be a string") }
            return text
        }
        func strings(_ key: String) throws -> [String] {
            guard let value = table[key] else { return [] }
            guard let array = value.array else { throw failure("'\(key)' must be an array of strings") }
            return try array.map {
                guard let text = $0.string else { throw failure("'\(key)' must be an array of strings") }
                return text
            }
        }
        let keysSetting = try string("keys")
        guard !keysSetting.isEmpty else { throw failure("'keys' is missing or empty") }
        let keys: ProviderKeys
        do {
            keys = try await ProviderKeys.load(from: try JSONWebKeySet.Source(keysSetting))
        } catch {
            throw failure("'keys': \(error)")
        }
        do {
            return try SignInProvider(
                label: label, login: try strings("login"), token: try strings("token"), std: try strings("std"),
                issuer: try string("iss"), audience: try string("aud"), keys: keys)
        } catch let error as SignInProviderError {
            throw failure("\(error)")
        }
    }
}
