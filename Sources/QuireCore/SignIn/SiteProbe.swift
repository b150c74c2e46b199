import Foundation
import NIOCore
import TMTP
import TMTPTransport

/// Asks a site what it is before registering: one link that sends TmtpRev, reads the reply and
/// closes. Signing in takes longer than a site waits for Register on an open link, so the
/// providers are learnt here and Register goes out later on a new link.
public enum SiteProbe {
    /// The site's `tmtprev` reply.
    public static func revision(
        of siteAddress: String, configuration: SyncConfiguration, timeout: Duration = .seconds(15)
    ) async throws -> ServerMessage.TmtpRev {
        let address = try SiteAddress(parsing: siteAddress)
        let link: ClientLink
        do {
            link = try await ClientLink.connect(
                to: address,
                options: ClientLinkOptions(
                    knownSites: configuration.knownSites, connectTimeout: .seconds(max(1, timeout.components.seconds))))
        } catch let error as TransportError {
            if let refusal = AccountSession.certificateRefusal(
                error, address: address, knownSites: configuration.knownSites)
            {
                throw refusal
            }
            throw error
        }
        return try await link.run { messages, writer in
            try await writer.send(.tmtpRev(.init()))
            guard let reply = try await messages.next() else { throw SyncFailure.linkClosed }
            switch reply.header {
            case .tmtprev(let revision):
                try? await writer.send(.quit(.init()))
                return revision
            case .quit(let quit): throw SyncFailure.quit(quit.error)
            default: throw SyncFailure.unexpected(reply.header.op)
            }
        }
    }

    /// The providers the site offers for signing in; empty when it has none.
    public static func signInOptions(
        of siteAddress: String, configuration: SyncConfiguration, timeout: Duration = .seconds(15)
    ) async throws -> [SignInOption] {
        SignInOption.offered(by: try await revision(of: siteAddress, configuration: configuration, timeout: timeout))
    }
}
