import Foundation
import QuireTestSupport
import TMTPTransport
import Testing

extension EndToEnd {
    /// `tmtpd check-config`: serve's own checks, without starting; errors name the file, line and key.
    @Suite("tmtpd check-config")
    struct TMTPDCheckConfigTests {
        static func check(_ text: String, in directory: TemporaryDirectory) async throws -> ProcessResult {
            let config = directory.path + "/tmtpd.toml"
            try text.write(toFile: config, atomically: true, encoding: .utf8)
            return try await ChildProcess.run(
                try BuiltProducts.executable("tmtpd"), ["check-config", "--config", config])
        }

        @Test func goodConfigPassesAndEachFaultIsLocated() async throws {
            let directory = try TemporaryDirectory()
            let config = directory.path + "/tmtpd.toml"
            let made = try SelfSignedCertificate(commonName: "localhost", hosts: ["localhost"])
            try made.certificatePEM.write(toFile: directory.path + "/cert.pem", atomically: true, encoding: .utf8)
            try made.privateKeyPEM.write(toFile: directory.path + "/key.pem", atomically: true, encoding: .utf8)
            let good = """
                # a site
                listen = "0.0.0.0:8443"
                data-dir = "\(directory.path)/data"
                cert = "\(directory.path)/cert.pem"
                key = "\(directory.path)/key.pem"
                registration = "invite"
                log-format = "json"
                metrics = "127.0.0.1:9464"
                queue-quota = 5000

                """
            let passed = try await Self.check(good, in: directory)
            #expect(passed.status == 0, "\(passed.stderr)")
            #expect(passed.stdout.contains("\(config): ok"))
            #expect(!FileManager.default.fileExists(atPath: directory.path + "/data"), "checking starts nothing")

            let faults: [(String, String)] = [
                (
                    good.replacingOccurrences(of: "queue-quota = 5000", with: "queue-quota = \"many\""),
                    "\(config):9: key 'queue-quota' must be an integer"
                ),
                (
                    good.replacingOccurrences(of: "registration = \"invite\"", with: "registation = \"invite\""),
                    "\(config):6: unknown key 'registation'"
                ),
                (
                    good.replacingOccurrences(of: "\"invite\"", with: "\"friends\""),
                    "\(config):6: key 'registration': must be open, invite or closed"
                ),
                (good.replacingOccurrences(of: "\"json\"", with: "\"xml\""), "\(config):7: key 'log-format'"),
                (good.replacingOccurrences(of: "127.0.0.1:9464", with: "9464"), "\(config):8: key 'metrics'"),
                (good.replacingOccurrences(of: "0.0.0.0:8443", with: "0.0.0.0"), "\(config):2: key 'listen'"),
                (good.replacingOccurrences(of: "key.pem", with: "cert.pem"), "\(config):4: key 'cert'/'key'"),
                ("listen = [\n", "\(config):"),
            ]
            for (text, expected) in faults {
                let failed = try await Self.check(text, in: directory)
                #expect(failed.status != 0)
                #expect(failed.stderr.contains(expected), "\(failed.stderr)")
            }
        }
    }
}
