/// What to undo when the world stops (or fails half-way through starting), in reverse order of set-up.
actor DemoTeardown {
    private var steps: [@Sendable () async -> Void] = []

    func add(_ step: @escaping @Sendable () async -> Void) {
        steps.append(step)
    }

    /// Runs every step once, newest first.
    func run() async {
        while let step = steps.popLast() {
            await step()
        }
    }
}
