import ArgumentParser
import Foundation
import QuireCore
import QuireDemo
import QuireTUI
import Synchronization
import TMTPTransport

/// `quire demo`: a TMTP site in this process with you and two demo people who answer.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Try Quire on a throw-away site with two demo people who answer you.",
        discussion: """
            Starts a TMTP site inside this process on 127.0.0.1, registers you and two demo people \
            (ada.lovelace and grace.hopper) on it, seeds threads that show what TMTP can do, and \
            keeps the demo people answering what you send them, then opens the terminal client as \
            you. Quitting, SIGINT, SIGTERM, SIGHUP or closing the terminal stops \
            everything and deletes the temporary directories (with --home, only the demo account \
            is removed from that home).
            """)

    @Option(name: .long, help: "Your Quire home for the demo account (default: a temporary directory).")
    var home: String?

    @Flag(help: "Run without the terminal interface, until SIGINT/SIGTERM or --seconds.")
    var headless = false

    @Option(help: "With --headless, stop after this many seconds.")
    var seconds: Double?

    func validate() throws {
        if let seconds, !(seconds > 0) { throw ValidationError("--seconds must be more than 0") }
    }

    func run() async throws {
        try await runReportingErrors {
            let signals = TerminationSignals([SIGINT, SIGTERM, SIGHUP])
            let options = DemoWorld.Options(home: try home.map { try QuireHome.resolve(explicitHome: $0) })
            let began = ContinuousClock.now
            let world = try await signals.cancellingOnSignal { try await DemoWorld.start(options: options) }
            let startup = ContinuousClock.now - began
            printSummary(world, startup: startup)
            if headless {
                await waitForStop(signals)
            } else {
                // Standard error goes to a log file in the demo's temporary directory until the
                // demo has stopped: log lines must land neither on the screen nor on a terminal
                // that was closed under us.
                let logDirectory = world.temporaryDirectories.first ?? world.you.home.dataDirectory
                let redirect = StandardErrorRedirect(
                    toFile: logDirectory.appendingPathComponent("quire-demo.log").path)
                if redirect != nil { CommandLogging.keepInfo() }
                // Stopped also when the interface fails to start or ends with an error.
                var failure: (any Error)?
                do {
                    try await runInterface(world, signals: signals)
                } catch {
                    failure = error
                }
                await stop(world)
                redirect?.restore()
                if let failure { throw failure }
            }
            await stop(world)
            let why = signals.received.map { " (\($0))" } ?? ""
            if let home {
                print("quire demo: stopped\(why); the demo account was removed from \(home)")
            } else {
                print("quire demo: stopped\(why); nothing left running or on disk")
            }
        }
    }

    /// The terminal client as you, until you quit or SIGINT/SIGTERM/SIGHUP ends it; the
    /// interface leaves and restores the screen either way.
    private func runInterface(_ world: DemoWorld, signals: TerminationSignals) async throws {
        await world.handOverYourAccount()
        // The interface puts back the dispositions it found when it ends: with SIGHUP ignored
        // too, a closed terminal window cannot cut the clean-up after it short.
        signals.ignoreAgain()
        defer { signals.ignoreAgain() }
        // The signal sources above take SIGINT/SIGTERM before the terminal's own handlers can,
        // so a caught signal is passed on to the interface here.
        let stopper = AppStopper()
        let watcher = Task {
            while !Task.isCancelled, signals.received == nil {
                try? await Task.sleep(for: .milliseconds(100))
            }
            stopper.stop()
        }
        defer { watcher.cancel() }
        try await runQuireApp(
            home: world.you.home,
            options: QuireAppOptions(
                initialAccount: world.you.name, shippedThemesDirectory: ThemeCommand.shippedDirectory(),
                environment: ProcessInfo.processInfo.environment, stopper: stopper))
    }

    /// Stops the world within ``stopLimit``: bots, syncs and the site, then the temporary
    /// directories. A stop that takes longer (a link that never closes) is left behind, and the
    /// directories are deleted anyway, so the process can end with nothing left on disk.
    private func stop(_ world: DemoWorld) async {
        let finished = StopFlag()
        let stopping = Task {
            await world.stop()
            finished.set()
        }
        let deadline = ContinuousClock.now + Self.stopLimit
        while !finished.isSet, ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(20))
        }
        guard !finished.isSet else { return }
        stopping.cancel()
        for directory in world.temporaryDirectories { try? FileManager.default.removeItem(at: directory) }
    }

    /// How long stopping the demo may take before its directories are deleted regardless.
    static let stopLimit = Duration.seconds(3)

    /// Returns on SIGINT, SIGTERM, SIGHUP or after `--seconds`; the demo people keep answering meanwhile.
    private func waitForStop(_ signals: TerminationSignals) async {
        let deadline = seconds.map { ContinuousClock.now + .milliseconds(Int64($0 * 1000)) }
        while signals.received == nil {
            if let deadline, ContinuousClock.now >= deadline { return }
            try? await Task.sleep(for: .milliseconds(100))
        }
    }

    private func printSummary(_ world: DemoWorld, startup: Duration) {
        let milliseconds = startup.components.seconds * 1000 + startup.components.attoseconds / 1_000_000_000_000_000
        let home = world.you.home.dataDirectory.path
        print(
            """
            quire demo: "\(world.siteName)" is running
              address:     127.0.0.1:\(world.port)
              fingerprint: \(world.fingerprint)
              site:        \(world.siteAddress)
              account:     \(world.you.name) (alias \(world.you.alias)) in \(home)
              people:      \(world.people.map(\.alias).joined(separator: ", ")) answer what you send them
              group:       \(world.groupID)
              threads:     \(world.threads.count) seeded in \(milliseconds) ms
            In another terminal: quire threads --home \(home)
            """)
        // Standard output may be a pipe (a script waiting for the address): do not let it sit in a buffer.
        fflush(nil)
    }
}

extension TerminationSignals {
    /// Runs `body`, cancelling it when a signal arrives; a cancelled body is reported as interrupted.
    func cancellingOnSignal<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) async throws -> T {
        let work = Task { try await body() }
        let watcher = Task {
            while !Task.isCancelled {
                if received != nil {
                    work.cancel()
                    return
                }
                try? await Task.sleep(for: .milliseconds(50))
            }
        }
        defer { watcher.cancel() }
        do {
            return try await work.value
        } catch {
            if let received {
                throw CommandFailure("interrupted by \(received) while starting; stopped", code: 130)
            }
            throw error
        }
    }
}

/// Set once the demo has stopped; polled against the stop deadline.
private final class StopFlag: Sendable {
    private let stopped = Mutex(false)

    func set() { stopped.withLock { $0 = true } }

    var isSet: Bool { stopped.withLock { $0 } }
}
