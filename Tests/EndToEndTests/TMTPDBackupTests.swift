import Foundation
import QuireTestSupport
import TMTP
import Testing

#if canImport(Glibc)
    import Glibc
#endif

extension EndToEnd {
    /// `tmtpd backup` under load, `tmtpd restore`, and a graceful stop under load: no acked message is lost.
    @Suite("tmtpd backup, restore and stop")
    struct TMTPDBackupTests {
        static func tmtpd(_ arguments: [String]) async throws -> ProcessResult {
            try await ChildProcess.run(try BuiltProducts.executable("tmtpd"), arguments)
        }

        /// A site with a sender and an offline recipient (whose messages stay queued).
        static func senderAndOfflineRecipient(port: Int, _ name: String) async throws -> (TestUser, TestUser) {
            let sender = try await TestUser.register(port: port, alias: "\(name)-sender")
            let recipient = try await TestUser.register(port: port, alias: "\(name)-recipient")
            try await recipient.peer.send(.quit(.init()))
            _ = try await recipient.peer.closedMessages()
            return (sender, recipient)
        }

        /// A PostgreSQL store is PostgreSQL's to back up: both commands say how, and touch nothing.
        @Test func aPostgresStorePointsToPgDumpAndPgRestore() async throws {
            let directory = try TemporaryDirectory()
            let store = ["--store", "postgres://tmtp:secret@127.0.0.1:5432/tmtp"]
            let backup = directory.path + "/backup"
            let refused = try await Self.tmtpd(
                ["backup", "--data-dir", directory.path + "/data", "--to", backup] + store)
            #expect(refused.status != 0)
            #expect(refused.stderr.contains("pg_dump -Fc") && refused.stderr.contains("tmtpd(8)"))
            #expect(!FileManager.default.fileExists(atPath: backup))
            let restore = try await Self.tmtpd(
                ["restore", "--from", backup, "--data-dir", directory.path + "/new"] + store)
            #expect(restore.status != 0 && restore.stderr.contains("pg_restore -d"))
            #expect(!FileManager.default.fileExists(atPath: directory.path + "/new"))
        }

        @Test func backupUnderLoadRestoresEveryMessageAckedBeforeIt() async throws {
            let directory = try TemporaryDirectory()
            let data = directory.path + "/data"
            let backup = directory.path + "/backup"
            let server = try await SiteDaemon.start(dataDirectory: data)
            let (sender, recipient) = try await Self.senderAndOfflineRecipient(port: server.port, "backup")
            let load = PostingLoad(peer: sender.peer, recipient: recipient.recipient())
            let posting = Task { await load.run(count: 90) }
            try await eventually("the load is under way") { load.ackedMessages.count >= 15 }
            let ackedBefore = load.ackedMessages
            let taken = try await Self.tmtpd(["backup", "--data-dir", data, "--to", backup])
            #expect(taken.status == 0, "\(taken.stderr)")
            #expect(taken.stdout.contains("backed up 2 users"))
            await posting.value
            server.terminate()
            #expect(try await Self.tmtpd(["backup", "--data-dir", data, "--to", backup]).stderr.contains("exists"))

            // A damaged copy is refused, and nothing is installed.
            let damaged = directory.path + "/damaged"
            try FileManager.default.copyItem(atPath: backup, toPath: damaged)
            let files = try FileManager.default.contentsOfDirectory(atPath: damaged + "/blobs/data")
            try FileManager.default.removeItem(atPath: damaged + "/blobs/data/" + (try #require(files.first)))
            let refused = try await Self.tmtpd(["restore", "--from", damaged, "--data-dir", directory.path + "/bad"])
            #expect(refused.status != 0 && refused.stderr.contains("missing"))
            #expect(!FileManager.default.fileExists(atPath: directory.path + "/bad/server.sqlite"))

            let restoredData = directory.path + "/restored"
            let restored = try await Self.tmtpd(["restore", "--from", backup, "--data-dir", restoredData])
            #expect(restored.status == 0, "\(restored.stderr)")
            #expect(try await Self.tmtpd(["restore", "--from", backup, "--data-dir", restoredData]).status != 0)
            let site = try await SiteDaemon.start(dataDirectory: restoredData)
            defer { site.terminate() }
            let (link, _) = try await recipient.login(port: site.port)
            let seen = try await PostingLoad.drain(link, expecting: ackedBefore)
            #expect(seen.isSuperset(of: ackedBefore.keys))
        }

        @Test func sigtermUnderLoadLosesNoAckedMessage() async throws {
            let directory = try TemporaryDirectory()
            let data = directory.path + "/data"
            let server = try await SiteDaemon.start(dataDirectory: data)
            let (sender, recipient) = try await Self.senderAndOfflineRecipient(port: server.port, "stop")
            let load = PostingLoad(peer: sender.peer, recipient: recipient.recipient())
            let posting = Task { await load.run(count: 400) }
            try await eventually("the load is under way") { load.ackedMessages.count >= 20 }
            kill(server.process.processIdentifier, SIGTERM)
            #expect(await server.running.exited(within: 40))
            #expect(server.process.terminationStatus == 0)
            #expect(server.running.stderrText.contains("shutting down"))
            await posting.value
            let acked = load.ackedMessages
            #expect(acked.count < 400, "the stop came before the load ended")

            let again = try await SiteDaemon.start(dataDirectory: data)
            defer { again.terminate() }
            let (link, _) = try await recipient.login(port: again.port)
            let seen = try await PostingLoad.drain(link, expecting: acked)
            #expect(seen.isSuperset(of: acked.keys))
        }
    }
}
