import ArgumentParser
import Foundation
import QuireCore

/// What a command works with: the home, its store, and the user actions over it.
struct CommandContext {
    let home: QuireHome
    let store: ClientStore
    let client: QuireClient
    let output: Output

    init(_ options: GlobalOptions) throws {
        do {
            home = try QuireHome.resolve(explicitHome: options.home)
        } catch {
            throw CommandFailure("\(error)")
        }
        store = try ClientStore(home: home)
        client = QuireClient(store: store, home: home)
        output = Output(json: options.json)
    }

    var syncConfiguration: SyncConfiguration { SyncConfiguration(home: home) }

    /// The accounts a listing covers: the one named, or all of them.
    func accounts(_ name: String?) async throws -> [Account] {
        if let name { return [try await account(name)] }
        return try await store.accounts()
    }

    /// The account a command acts on: the one named, or the only one there is.
    func account(_ name: String?) async throws -> Account {
        if let name {
            guard let account = try await store.account(named: name) else {
                throw CommandFailure("no account named \"\(name)\" (see `quire account list`)")
            }
            return account
        }
        let accounts = try await store.accounts()
        guard accounts.count == 1, let only = accounts.first else {
            throw CommandFailure(
                accounts.isEmpty
                    ? "no accounts yet: add one with `quire account add NAME --site ADDR`"
                    : "several accounts: choose one with --account")
        }
        return only
    }
}

/// A failure with a message for the user; exits with `code`.
struct CommandFailure: Error, CustomStringConvertible {
    var message: String
    var code: Int32 = 1

    init(_ message: String, code: Int32 = 1) {
        self.message = message
        self.code = code
    }

    var description: String { message }
}

/// Runs a command body, turning every error into a clear message on standard error and an exit code.
func runReportingErrors(failureCode: Int32 = 1, _ body: () async throws -> Void) async throws {
    do {
        try await body()
    } catch let exit as ExitCode {
        throw exit
    } catch let failure as CommandFailure {
        FileHandle.standardError.write(Data("quire: \(failure.message)\n".utf8))
        throw ExitCode(failure.code == 1 ? failureCode : failure.code)
    } catch {
        let text = "\(error)"
        FileHandle.standardError.write(Data("quire: \(text)\n".utf8))
        throw ExitCode(failureCode)
    }
}
