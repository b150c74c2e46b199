extension SiteContext {
    /// Whether `host` has spent its failed logins (and refused invites) for now: counted in the store
    /// when it offers ``SharedLimitCounters``, so the limit holds across instances; otherwise, or when
    /// the store cannot answer, in this process.
    func isLoginBlocked(_ host: String) async -> Bool {
        if let sharedLimits {
            do {
                let failures = try await sharedLimits.loginFailures(
                    host: host, window: configuration.loginFailureWindow)
                return failures >= max(1, configuration.maxLoginFailuresPerAddress)
            } catch {
                logger.warning("login failures not read: \(error)")
            }
        }
        return admission.isBlocked(host)
    }

    func recordLoginFailure(_ host: String) async {
        admission.recordFailure(host)
        guard let sharedLimits else { return }
        do {
            try await sharedLimits.recordLoginFailure(host: host, window: configuration.loginFailureWindow)
        } catch {
            logger.warning("login failure not counted: \(error)")
        }
    }

    /// Takes one of `uid`'s daily pings (and group invites); `false` when the day's are spent.
    func takeDailyPing(_ uid: String, limit: Int) async -> Bool {
        if let sharedLimits {
            do {
                return try await sharedLimits.takeDailyPing(uid: uid, limit: limit)
            } catch {
                logger.warning("daily ping count not read: \(error)")
            }
        }
        return pingCounter.take(uid, limit: limit)
    }
}
