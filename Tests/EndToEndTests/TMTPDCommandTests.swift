import Foundation
import QuireTestSupport
import Testing

extension EndToEnd {
    /// The `tmtpd` executable's admin commands, config file errors and graceful shutdown.
    @Suite("tmtpd commands")
    struct TMTPDCommandTests {
        /// Runs `tmtpd` to completion; returns its exit status, stdout and stderr.
        static func run(_ arguments: [String]) async throws -> (status: Int32, output: String, errors: String) {
            let result = try await ChildProcess.run(try BuiltProducts.executable("tmtpd"), arguments)
            return (result.status, result.stdout, result.stderr)
        }

        @Test func invitesUsersAndStats() async throws {
            let directory = try TemporaryDirectory()
            let data = directory.path + "/data"
            let created = try await Self.run(["invite", "create", "--data-dir", data, "--uses", "2", "--expires", "7d"])
            #expect(created.status == 0)
            let code = created.output.trimmingCharacters(in: .whitespacesAndNewlines)
            #expect(code.count == 20)
            let listed = try await Self.run(["invite", "list", "--data-dir", data])
            #expect(listed.output.contains("\(code)  uses-left 2"))

            let server = try await SiteDaemon.start(dataDirectory: data, extra: ["--registration", "invite"])
            let user = try await TestUser.register(
                port: server.port, alias: "invited-user", newNode: "invite:\(code)/laptop")
            await user.peer.close()
            server.terminate()
            #expect(server.process.terminationStatus == 0)

            #expect(try await Self.run(["invite", "list", "--data-dir", data]).output.contains("\(code)  uses-left 1"))
            let users = try await Self.run(["user", "list", "--data-dir", data])
            #expect(users.output.contains(user.uid) && users.output.contains("invited-user"))
            let stats = try await Self.run(["stats", "--data-dir", data])
            #expect(stats.output.contains("users 1"))
            #expect(try await Self.run(["invite", "revoke", "--data-dir", data, code]).status == 0)
            #expect(try await Self.run(["invite", "list", "--data-dir", data]).output.isEmpty)
        }

        /// Two instances on one PostgreSQL database, the store given in a config file as an operator
        /// would (the password stays out of the process list): the admin commands see one site and
        /// `tmtpd stats` lists both instances with their logged-in nodes.
        @Test(.enabled(if: TestStore.postgresURL != nil || TestStore.isCI))
        func twoInstancesShareOneDatabase() async throws {
            let database = try await TestDatabase.create()
            let directory = try TemporaryDirectory()
            let config = directory.path + "/tmtpd.toml"
            try "store = \"\(database.url)\"\nname = \"shared\"\n".write(
                toFile: config, atomically: true, encoding: .utf8)
            let first = try await SiteDaemon.start(
                dataDirectory: directory.path + "/one", extra: ["--config", config])
            let second = try await SiteDaemon.start(
                dataDirectory: directory.path + "/two", extra: ["--config", config])
            let one = try await TestUser.register(port: first.port, alias: "user-on-one")
            let two = try await TestUser.register(port: second.port, alias: "user-on-two")
            let also = try await TestUser.register(port: second.port, alias: "also-on-two")

            let admin = ["--data-dir", directory.path + "/admin", "--store", database.url]
            let users = try await Self.run(["user", "list"] + admin)
            #expect([one.uid, two.uid, also.uid].allSatisfy(users.output.contains))
            let stats = try await Self.run(["stats"] + admin)
            #expect(stats.output.contains("users 3"))
            #expect(stats.output.contains("instances 2"))
            let loggedIn = stats.output.split(separator: "\n").filter { $0.hasPrefix("instance tmtpd serve@") }
                .compactMap { $0.split(separator: " ").last.flatMap { Int($0) } }
            #expect(loggedIn.sorted() == [1, 2])
            #expect(!stats.output.contains(database.location.password ?? "no password"))

            await one.peer.close()
            await two.peer.close()
            await also.peer.close()
            first.terminate()
            second.terminate()
            await database.drop()
        }

        @Test func configFileErrorsNameTheFileAndKey() async throws {
            let directory = try TemporaryDirectory()
            let config = directory.path + "/tmtpd.toml"
            try #"listen = "127.0.0.1:0"\#ndata-dir = "\#(directory.path)/data"\#nqueue-quota = "many"\#n"#.write(
                toFile: config, atomically: true, encoding: .utf8)
            let wrongType = try await Self.run(["serve", "--config", config])
            #expect(wrongType.status != 0)
            #expect(wrongType.errors.contains("\(config):3: key 'queue-quota' must be an integer"))
            try "listen = \"127.0.0.1:0\"\nlisten-on = 1\n".write(toFile: config, atomically: true, encoding: .utf8)
            #expect(
                try await Self.run(["serve", "--config", config]).errors.contains(
                    "\(config):2: unknown key 'listen-on'"))
            try "listen = [\n".write(toFile: config, atomically: true, encoding: .utf8)
            #expect(try await Self.run(["serve", "--config", config]).errors.contains("\(config):"))
        }
    }
}
