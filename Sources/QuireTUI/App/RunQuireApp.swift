import QuireCore

/// Runs the terminal client on the user's terminal until they quit: opens the store, starts
/// the sync of every account (unless `options.startSync` is false), runs the UI on a thread
/// of its own, then stops the sync and gives the terminal back as it was.
///
/// Throws before touching the screen when the config file is wrong, naming file, line and key.
public func runQuireApp(home: QuireHome, options: QuireAppOptions) async throws {
    let config = try AppConfigParser.load(path: home.configFileURL.path)
    let keymap = try loadKeymap(home: home)
    let store = try ClientStore(home: home)
    let supervisor = SyncSupervisor(store: store, configuration: SyncConfiguration(home: home))
    let services = AppServices(home: home, store: store, supervisor: supervisor)
    let inbox = AppInbox()
    let forwarders = await inbox.forward(store: store, supervisor: supervisor, presence: services.presence)
    defer { for task in forwarders { task.cancel() } }
    if options.startSync { try await supervisor.startAll() }
    // The app learns link states and presence from events; these are the ones before it listened.
    for (account, state) in await supervisor.states() {
        inbox.post(.sync(.state(account: account, state)))
        if let sync = await supervisor.sync(for: account) {
            services.presence.set(await sync.onlineContacts, account: account)
        }
    }
    let environment = options.environment
    let result: Result<Void, NCursesTerminal.StartError> = try await DedicatedThread.run {
        let terminal: NCursesTerminal
        do throws(NCursesTerminal.StartError) {
            terminal = try NCursesTerminal(environment: environment, ambiguousWide: config.ambiguousWide)
        } catch {
            return .failure(error)
        }
        let app = QuireApp(
            terminal: terminal, services: services, inbox: inbox, config: config, keymap: keymap, options: options)
        app.run()
        terminal.shutdown()
        return .success(())
    }
    await supervisor.stopAll()
    try result.get()
}

/// The shipped bindings with the user's `binds.conf` (in the config directory) on top.
func loadKeymap(home: QuireHome) throws -> Keymap {
    var keymap = Keymap.defaults
    let path = home.configDirectory.appendingPathComponent("binds.conf").path
    if POSIXFile.exists(path) {
        guard let text = POSIXFile.read(path) else { throw KeymapFileUnreadable(path: path) }
        keymap.apply(try KeymapParser.parse(text, file: path))
    }
    return keymap
}

/// A bindings file that exists but cannot be read.
struct KeymapFileUnreadable: Error, CustomStringConvertible {
    var path: String
    var description: String { "\(path): cannot read the file" }
}
