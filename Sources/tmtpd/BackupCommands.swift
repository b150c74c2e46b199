import ArgumentParser
import TMTPServer

/// `tmtpd backup`: a consistent copy of a data directory, taken while the server runs.
struct BackupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Copy the database and message files into a new directory, while the server runs.",
        discussion: """
            BACKUP receives server.sqlite (a plain SQLite file, from SQLite's online backup) and blobs/data/, \
            the message files it references. The certificate and key are not copied.
            """)
    @OptionGroup var data: DataDirectoryOption
    @Option(name: .customLong("to"), help: ArgumentHelp("The new backup directory.", valueName: "backup"))
    var destination: String

    func run() async throws {
        try PostgresBackupAdvice.refuse(store: data.store, command: "backup")
        let store = try SQLiteServerStore(directory: data.dataDirectory, options: .alongsideServer)
        do {
            let summary = try await store.backup(to: destination)
            try store.close()
            print("backed up \(summary.users) users, \(summary.messages) messages, \(summary.files) files")
        } catch {
            try? store.close()
            throw ServeError("\(error)")
        }
    }
}

/// `tmtpd restore`: checks a backup and installs it as a new data directory.
struct RestoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore",
        abstract: "Check a backup and install it as a new data directory (never over an existing store).",
        discussion: """
            The checks: SQLite's integrity and foreign-key checks, a schema this tmtpd knows, and every \
            referenced message file present with its recorded size.
            """)
    @Option(name: .customLong("from"), help: ArgumentHelp("The backup directory.", valueName: "backup"))
    var source: String
    @Option(name: .customLong("data-dir"), help: "The data directory to create (new or empty).")
    var dataDirectory: String
    @Option(help: ArgumentHelp("The server's --store, when it is not SQLite in --data-dir.", valueName: "url"))
    var store: String?

    func run() async throws {
        try PostgresBackupAdvice.refuse(store: store, command: "restore")
        do {
            let summary = try SQLiteServerStore.restoreBackup(from: source, into: dataDirectory)
            print(
                "restored \(summary.users) users, \(summary.messages) messages, \(summary.queuedDeliveries) queued, "
                    + "\(summary.files) files into \(dataDirectory)")
        } catch {
            throw ServeError("\(error)")
        }
    }
}

/// What `backup` and `restore` say about a PostgreSQL store, which PostgreSQL's own tools copy.
enum PostgresBackupAdvice {
    static func refuse(store: String?, command: String) throws {
        guard let store, store != "sqlite" else { return }
        throw ServeError(
            """
            tmtpd \(command) works on the SQLite store; a PostgreSQL store holds every message and \
            attachment in the database, so back it up with PostgreSQL's tools while the instances run: \
            pg_dump -Fc -d DATABASE -f site.dump, and restore into an empty database with \
            pg_restore -d DATABASE site.dump (see BACKUPS in tmtpd(8))
            """)
    }
}
