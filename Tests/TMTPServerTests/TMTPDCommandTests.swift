import Foundation
import Testing

/// The `tmtpd` executable's admin commands, config file errors and graceful shutdown.
@Suite("tmtpd commands")
struct TMTPDCommandTests {
    /// Runs `tmtpd` to completion; returns its exit status, stdout and stderr.
    static func run(_ arguments: [String]) throws -> (status: Int32, output: String, errors: String) {
        let process = Process()
        process.executableURL = try TMTPDProcess.executable()
        process.arguments = arguments
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let out = output.fileHandleForReading.readDataToEndOfFile()
        let err = errors.fileHandleForReading.readDataToEndOfFile()
        while process.isRunning { usleep(1_000) }  // not waitUntilExit: its run-loop wait can miss the exit
        return (process.terminationStatus, String(decoding: out, as: UTF8.self), String(decoding: err, as: UTF8.self))
    }

    @Test func invitesUsersAndStats() async throws {
        let directory = try TemporaryDirectory()
        let data = directory.path + "/data"
        let created = try Self.run(["invite", "create", "--data-dir", data, "--uses", "2", "--expires", "7d"])
        #expect(created.status == 0)
        let code = created.output.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(code.count == 20)
        let listed = try Self.run(["invite", "list", "--data-dir", data])
        #expect(listed.output.contains("\(code)  uses-left 2"))

        let server = try await TMTPDProcess.start(dataDirectory: data, extra: ["--registration", "invite"])
        let user = try await TestPeerAccount.register(
            port: server.port, alias: "invited-user", newNode: "invite:\(code)/laptop")
        await user.peer.close()
        server.terminate()
        #expect(server.process.terminationStatus == 0)

        #expect(try Self.run(["invite", "list", "--data-dir", data]).output.contains("\(code)  uses-left 1"))
        let users = try Self.run(["user", "list", "--data-dir", data])
        #expect(users.output.contains(user.uid) && users.output.contains("invited-user"))
        let stats = try Self.run(["stats", "--data-dir", data])
        #expect(stats.output.contains("users 1"))
        #expect(try Self.run(["invite", "revoke", "--data-dir", data, code]).status == 0)
        #expect(try Self.run(["invite", "list", "--data-dir", data]).output.isEmpty)
    }

    @Test func configFileErrorsNameTheFileAndKey() throws {
        let directory = try TemporaryDirectory()
        let config = directory.path + "/tmtpd.toml"
        try #"listen = "127.0.0.1:0"\#ndata-dir = "\#(directory.path)/data"\#nqueue-quota = "many"\#n"#.write(
            toFile: config, atomically: true, encoding: .utf8)
        let wrongType = try Self.run(["serve", "--config", config])
        #expect(wrongType.status != 0)
        #expect(wrongType.errors.contains("\(config): key 'queue-quota' must be an integer"))
        try "listen = \"127.0.0.1:0\"\nlisten-on = 1\n".write(toFile: config, atomically: true, encoding: .utf8)
        #expect(try Self.run(["serve", "--config", config]).errors.contains("\(config): unknown key 'listen-on'"))
        try "listen = [\n".write(toFile: config, atomically: true, encoding: .utf8)
        #expect(try Self.run(["serve", "--config", config]).errors.contains("\(config):"))
    }
}
