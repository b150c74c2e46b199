import ArgumentParser

/// The options every `quire` command takes.
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: "The Quire home directory (default: $QUIRE_HOME, else the XDG directories).")
    var home: String?

    @Flag(name: .long, help: "Print JSON (schema 2, see quire(1)) instead of text.")
    var json = false
}

/// The options of commands that talk to a site.
struct NetworkOptions: ParsableArguments {
    @Option(name: .long, help: "Seconds to wait for the site before giving up (the work stays queued).")
    var timeout: Double = 30

    var duration: Duration { .milliseconds(Int64(max(0.1, timeout) * 1000)) }

    /// What is left of the timeout for a command that started at `start` and waits in steps (a
    /// sign-in probe, then registering): the steps share it. At least a moment, so the last
    /// step still takes a look.
    func remaining(since start: ContinuousClock.Instant) -> Duration {
        max(.milliseconds(100), duration - (ContinuousClock.now - start))
    }
}
