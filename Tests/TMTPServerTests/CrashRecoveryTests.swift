import Foundation
import QuireTestSupport
import Testing

@testable import TMTPServer

private let sqliteShell = "/usr/bin/sqlite3"

/// A writer killed mid-transaction must leave committed work intact and uncommitted work invisible.
/// The killed writer is the sqlite3 shell in a child process (a store cannot be SIGKILLed inside
/// the test process); it writes the store's own tables through the same WAL.
@Suite struct CrashRecoveryTests {
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: sqliteShell)))
    func killedWriterLosesOnlyItsUncommittedTransaction() async throws {
        let directory = try TemporaryDirectory()
        let node: NodeAddress
        do {
            let store = try SQLiteServerStore(directory: directory.path)
            node = try await store.register("U1")
            try await store.enqueue([Delivery(message(1), to: [node])])
            try store.close()
        }

        let shell = Process()
        shell.executableURL = URL(fileURLWithPath: sqliteShell)
        shell.arguments = [directory.path + "/server.sqlite"]
        let input = Pipe()
        let output = Pipe()
        shell.standardInput = input
        shell.standardOutput = output
        try shell.run()
        // One committed message, then a large transaction (spilled into the WAL by a tiny cache)
        // that never commits because the process is killed.
        let script = """
            PRAGMA cache_size = 5;
            BEGIN;
            INSERT INTO message (id, priority, header, dataLength, refCount) VALUES (2, 1, x'7b7d', 0, 1);
            INSERT INTO queue (node, message, priority) VALUES (1, 2, 1);
            COMMIT;
            BEGIN;
            WITH RECURSIVE n(i) AS (SELECT 100 UNION ALL SELECT i + 1 FROM n WHERE i < 3099)
              INSERT INTO message (id, priority, header, dataLength, refCount)
              SELECT i, 1, randomblob(1000), 0, 1 FROM n;
            INSERT INTO queue (node, message, priority) SELECT 1, id, 1 FROM message WHERE id >= 100;
            SELECT 'ready';

            """
        input.fileHandleForWriting.write(Data(script.utf8))
        var printed = Data()
        while !String(decoding: printed, as: UTF8.self).contains("ready") {
            let chunk = output.fileHandleForReading.availableData
            try #require(!chunk.isEmpty, "sqlite3 exited early")
            printed += chunk
        }
        let walSize = try FileManager.default.attributesOfItem(atPath: directory.path + "/server.sqlite-wal")[.size]
        try #require((walSize as? Int ?? 0) > 1_000_000, "the uncommitted transaction reached the WAL")
        kill(shell.processIdentifier, SIGKILL)
        while shell.isRunning { usleep(1_000) }  // not waitUntilExit: its run-loop wait can miss the exit

        let store = try SQLiteServerStore(directory: directory.path)
        #expect(try await store.queuedCount(for: node) == 2)
        #expect(try await store.statistics().messages == 2)
        try await store.enqueue([Delivery(message(3), to: [node])])
        #expect(try await store.drain(node) == [1, 2, 3])
    }
}
