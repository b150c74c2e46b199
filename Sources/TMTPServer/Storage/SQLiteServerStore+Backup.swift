import Foundation
import GRDB

/// Backups of the SQLite store: a directory holding `server.sqlite` (a plain SQLite file, no WAL) and
/// `blobs/data/`, the message files the database references.
///
/// The database is copied with SQLite's online backup API from one read snapshot, so it never waits for
/// the server or holds up its commits. Message files are the subtle part: the server deletes a file once
/// the last node acks its message, which may be after the snapshot. So every finished file is first
/// hard-linked into a staging folder inside the data directory (instant, and the link keeps the file
/// whatever the server deletes later); the snapshot is taken next; then exactly the files it references
/// are copied out of the staging folder, or, for a file finished between the two steps, from the live
/// folder.
extension SQLiteServerStore: StoreBackup {
    static let databaseFile = "server.sqlite"

    public func backup(to directory: String) async throws -> BackupSummary {
        let files = FileManager.default
        guard !files.fileExists(atPath: directory) else {
            throw BackupError("\(directory) exists already; a backup goes into a new directory")
        }
        let staging = self.directory + "/backup-staging-\(ProcessInfo.processInfo.processIdentifier)"
        try? files.removeItem(atPath: staging)
        try FileSystem.makeDirectory(staging)
        defer { try? files.removeItem(atPath: staging) }
        for blob in try blobs.finishedBlobs() {
            try? files.linkItem(atPath: blobs.path(of: blob), toPath: staging + "/" + blob.rawValue)
        }

        try FileSystem.makeDirectory(directory)
        let copy = try DatabaseQueue(path: directory + "/" + Self.databaseFile)
        try pool.backup(to: copy)
        let referenced = try await copy.read { db in
            try String.fetchAll(db, sql: "SELECT blob FROM message WHERE blob IS NOT NULL")
        }
        let summary = try await copy.read { db in try Self.summary(db, files: referenced.count) }
        try copy.close()

        let target = try BlobStore(directory: directory + "/blobs")
        for name in referenced {
            guard let blob = BlobID(rawValue: name) else { throw StoreError.corruptRow("message blob \(name)") }
            let staged = staging + "/" + name
            let source = files.fileExists(atPath: staged) ? staged : blobs.path(of: blob)
            do {
                try files.copyItem(atPath: source, toPath: target.path(of: blob))
            } catch {
                throw BackupError("message file \(name) vanished during the backup; run it again (\(error))")
            }
        }
        return summary
    }

    /// Checks a backup directory (`tmtpd restore`): SQLite's integrity and foreign-key checks pass, the
    /// schema is one this build knows, and every referenced message file is there with its recorded size.
    public static func verifyBackup(at directory: String) throws -> BackupSummary {
        let path = directory + "/" + databaseFile
        guard FileManager.default.fileExists(atPath: path) else {
            throw BackupError("\(directory) holds no \(databaseFile); not a tmtpd backup")
        }
        var configuration = Configuration()
        configuration.readonly = true
        let database = try DatabaseQueue(path: path, configuration: configuration)
        defer { try? database.close() }
        let blobs = directory + "/blobs/data/"
        return try database.read { db in
            let integrity = try String.fetchAll(db, sql: "PRAGMA integrity_check")
            guard integrity == ["ok"] else {
                throw BackupError(
                    "\(path) fails SQLite's integrity check: \(integrity.prefix(3).joined(separator: "; "))")
            }
            guard try Row.fetchAll(db, sql: "PRAGMA foreign_key_check").isEmpty else {
                throw BackupError("\(path) fails SQLite's foreign-key check")
            }
            let applied = try SQLiteSchema.migrator.appliedIdentifiers(db)
            let known = Set(SQLiteSchema.migrator.migrations)
            guard applied.isSubset(of: known), !applied.isEmpty else {
                throw BackupError("\(path) has a schema this tmtpd does not know (a newer version's backup?)")
            }
            let rows = try Row.fetchAll(db, sql: "SELECT blob, dataLength FROM message WHERE blob IS NOT NULL")
            for row in rows {
                let name: String = row["blob"]
                let length: Int = row["dataLength"]
                guard BlobID(rawValue: name) != nil,
                    let size = try? FileSystem.fileSize(blobs + name), size == length
                else { throw BackupError("message file \(name) is missing or has the wrong size") }
            }
            return try summary(db, files: rows.count)
        }
    }

    /// Checks the backup in `backup` and installs it as the data directory `directory`, which must not exist
    /// or be empty: a restore never overwrites a store.
    public static func restoreBackup(from backup: String, into directory: String) throws -> BackupSummary {
        let summary = try verifyBackup(at: backup)
        let files = FileManager.default
        if files.fileExists(atPath: directory) {
            guard try files.contentsOfDirectory(atPath: directory).isEmpty else {
                throw BackupError("\(directory) is not empty; restore into a new data directory")
            }
        }
        try FileSystem.makeDirectory(directory)
        try files.copyItem(atPath: backup + "/" + databaseFile, toPath: directory + "/" + databaseFile)
        let target = try BlobStore(directory: directory + "/blobs")
        for name in try FileSystem.entries(of: backup + "/blobs/data") {
            guard let blob = BlobID(rawValue: name) else { continue }
            try files.copyItem(atPath: backup + "/blobs/data/" + name, toPath: target.path(of: blob))
        }
        // Opening migrates an older backup and proves the store opens; it runs the start-up cleanup too.
        let store = try SQLiteServerStore(directory: directory)
        try store.close()
        return summary
    }

    private static func summary(_ db: Database, files: Int) throws -> BackupSummary {
        BackupSummary(
            users: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM user") ?? 0,
            messages: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM message") ?? 0,
            queuedDeliveries: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM queue") ?? 0, files: files)
    }
}
