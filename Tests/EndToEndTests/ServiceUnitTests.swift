import Foundation
import QuireTestSupport
import Testing

extension EndToEnd {
    /// `dist/tmtpd.service` as systemd reads it: every key known, the commands present, and its
    /// sandboxing rated by `systemd-analyze security` (offline, so no running systemd is needed).
    @Suite("tmtpd's systemd unit")
    struct ServiceUnitTests {
        static let unit = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../dist/tmtpd.service").standardizedFileURL

        /// The unit with its commands pointing at the built `tmtpd`, written to `directory`.
        static func installable(in directory: TemporaryDirectory) throws -> String {
            let text = try String(contentsOf: unit, encoding: .utf8)
            #expect(text.contains("/usr/local/bin/tmtpd serve --config /etc/tmtpd/tmtpd.toml"))
            let path = directory.path + "/tmtpd.service"
            try text.replacingOccurrences(of: "/usr/local/bin/tmtpd", with: try BuiltProducts.executable("tmtpd").path)
                .write(toFile: path, atomically: true, encoding: .utf8)
            return path
        }

        static func analyze(_ arguments: [String]) async throws -> ProcessResult {
            try await ChildProcess.run(URL(fileURLWithPath: "/usr/bin/systemd-analyze"), arguments)
        }

        @Test func systemdReadsTheUnitWithoutComplaintAndRatesItsSandboxLow() async throws {
            let directory = try TemporaryDirectory()
            let unit = try Self.installable(in: directory)
            let verified = try await Self.analyze(["verify", "--man=no", unit])
            #expect(verified.status == 0 && verified.stderr.isEmpty, "\(verified.stderr)")
            // Exposure is 0 (locked down) to 10 (none); a unit that lost its sandboxing scores above 2.
            let security = try await Self.analyze(["security", "--offline=yes", "--threshold=20", unit])
            #expect(security.status == 0, "\(security.stdout.suffix(400))")
            #expect(security.stdout.contains("Overall exposure level for tmtpd.service: 1."))
        }

        @Test func theChecksCatchAMistypedKeyAndAMissingSandbox() async throws {
            let directory = try TemporaryDirectory()
            let unit = try Self.installable(in: directory)
            let text = try String(contentsOfFile: unit, encoding: .utf8)
            let typo = directory.path + "/typo.service"
            try text.replacingOccurrences(of: "ProtectHome=yes", with: "ProtectHom=yes")
                .write(toFile: typo, atomically: true, encoding: .utf8)
            #expect(try await Self.analyze(["verify", "--man=no", typo]).stderr.contains("Unknown key 'ProtectHom'"))
            let sandboxKeys = [
                "DynamicUser", "NoNewPrivileges", "ProtectSystem", "ProtectHome", "SystemCallFilter",
                "CapabilityBoundingSet", "RestrictAddressFamilies", "PrivateDevices",
            ]
            let weak = directory.path + "/weak.service"
            try text.split(separator: "\n", omittingEmptySubsequences: false)
                .filter { line in !sandboxKeys.contains { line.hasPrefix($0 + "=") } }.joined(separator: "\n")
                .write(toFile: weak, atomically: true, encoding: .utf8)
            #expect(try await Self.analyze(["security", "--offline=yes", "--threshold=20", weak]).status != 0)
        }
    }
}
