import Foundation
import QuireCore
import TMTP

/// `quire account add` on a site that signs people in: shows the site's providers, runs the sign-in
/// with the chosen one, and returns its token result for Register.
///
/// Everything here is written to standard error (standard output stays the command's result, JSON
/// included), every site-given string through the sanitiser. The authorization URL is on a line of
/// its own so a terminal or tmux can select or open it whole.
struct SignInPrompt {
    /// How long the user has to sign in.
    static let patience: Duration = .seconds(600)

    let provider: String?
    let timeout: Duration

    /// The token result, or `nil` when the site does not sign people in, or cannot be asked (then
    /// the registration that follows reports why, as for any site).
    func run(siteAddress: String, configuration: SyncConfiguration) async throws -> OIDCToken? {
        let options: [SignInOption]
        do {
            options = try await SiteProbe.signInOptions(of: siteAddress, configuration: configuration, timeout: timeout)
        } catch {
            return nil
        }
        guard !options.isEmpty else { return nil }
        say("the site signs you in with: " + options.map(\.label).joined(separator: ", "))
        let index = try SignInFlow.choose(provider, from: options)
        let flow = await SignInFlow.start(options, index: index)
        do {
            let token = try await signIn(flow)
            await flow.close()
            return token
        } catch {
            await flow.close()
            throw error
        }
    }

    private func signIn(_ flow: SignInFlow) async throws -> OIDCToken {
        say("sign in with \(flow.option.label): open this address in a browser")
        say(flow.authorizationURL)
        if flow.listens {
            say("waiting for the browser to come back to \(flow.redirectURI?.absoluteString ?? "")")
            say("(browser on another machine? paste the address it ends on here, then Enter)")
        } else {
            if let failure = flow.listenFailure {
                say("cannot listen at \(flow.redirectURI?.absoluteString ?? ""): \(failure)")
            }
            say("then paste the address the browser ends on (it may show an error page) here, then Enter:")
        }
        let events = AsyncStream<Event>.makeStream()
        let relay = Task {
            for await target in flow.redirects { events.continuation.yield(.redirect(target, pasted: false)) }
        }
        let timer = Task {
            try await Task.sleep(for: Self.patience)
            events.continuation.yield(.timedOut)
        }
        Self.readLines(into: events.continuation)
        defer {
            relay.cancel()
            timer.cancel()
        }
        for await event in events.stream {
            switch event {
            case .redirect(let text, let pasted):
                do {
                    let token = try await flow.finish(redirect: text)
                    say("signed in with \(flow.option.label)")
                    return token
                } catch {
                    // A mistyped paste can be pasted again; anything else ends the sign-in.
                    guard pasted, case .notARedirect = error else { throw error }
                    say("\(error); try again:")
                }
            case .endOfInput:
                if !flow.listens { throw SignInError.cancelled }
            case .timedOut:
                throw SignInError.timedOut
            }
        }
        throw SignInError.cancelled
    }

    private enum Event: Sendable {
        case redirect(String, pasted: Bool)
        case endOfInput
        case timedOut
    }

    /// Standard input is read on a thread of its own: a read blocks, and the redirect may arrive at
    /// the listener first, after which the process simply exits. It reads the descriptor, not C's
    /// `stdin` (`readLine`): a thread blocked inside `stdin` holds its lock, which `exit` then waits for.
    private static func readLines(into continuation: AsyncStream<Event>.Continuation) {
        let thread = Thread {
            var pending: [UInt8] = []
            while true {
                let chunk = FileHandle.standardInput.availableData
                pending += chunk
                while let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                    let line = String(decoding: pending[..<newline], as: UTF8.self)
                    pending.removeSubrange(...newline)
                    if !line.trimmingCharacters(in: .whitespaces).isEmpty {
                        continuation.yield(.redirect(line, pasted: true))
                    }
                }
                if chunk.isEmpty { break }
            }
            let last = String(decoding: pending, as: UTF8.self)
            if !last.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                continuation.yield(.redirect(last, pasted: true))
            }
            continuation.yield(.endOfInput)
        }
        thread.start()
    }

    private func say(_ text: String) {
        FileHandle.standardError.write(Data((safe(text) + "\n").utf8))
    }
}
