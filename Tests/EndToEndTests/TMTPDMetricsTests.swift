import Foundation
import QuireTestSupport
import TMTP
import Testing

extension EndToEnd {
    /// `serve --metrics` and `--log-format json`, read the way Prometheus and a log shipper would.
    @Suite("tmtpd metrics and logs")
    struct TMTPDMetricsTests {
        @Test func countsMatchAKnownLoad() async throws {
            let directory = try TemporaryDirectory()
            let server = try await SiteDaemon.start(
                dataDirectory: directory.path + "/data", extra: ["--metrics", "127.0.0.1:0"])
            defer { server.terminate() }
            try await eventually("the metrics address is logged") {
                PrometheusScrape.endpoint(in: server.running.stderrText) != nil
            }
            let url = try #require(PrometheusScrape.endpoint(in: server.running.stderrText))
            let alice = try await TestUser.register(port: server.port, alias: "alice-metrics")
            let bobby = try await TestUser.register(port: server.port, alias: "bobby-metrics")
            let before = try await PrometheusScrape.fetch(url)
            #expect(before["tmtpd_registrations_total"] == 2)
            #expect(before["tmtpd_links{state=\"open\"}"] == 2)
            #expect(before["tmtpd_links{state=\"logged_in\"}"] == 2)
            #expect(before["process_resident_memory_bytes"] > 1_000_000)

            let posts = 12
            for n in 0..<posts {
                let text = Array("metric load \(n)".utf8)
                try await alice.peer.send(
                    .post(.init(id: "m\(n)", recipients: [bobby.recipient()], dataLength: Int64(text.count))),
                    data: text)
                #expect(try await alice.peer.reply(to: "m\(n)").error == nil)
            }
            let queued = try await PrometheusScrape.fetch(url)
            #expect(queued["tmtpd_posts_total"] - before["tmtpd_posts_total"] == Double(posts))
            for _ in 0..<posts {
                _ = try await bobby.peer.receive("delivery")
            }
            try await eventually("every ack is committed") {
                let scrape = try await PrometheusScrape.fetch(url)
                return scrape["tmtpd_acks_total"] - before["tmtpd_acks_total"] == Double(posts)
            }
            let after = try await PrometheusScrape.fetch(url)
            #expect(after["tmtpd_deliveries_total"] - before["tmtpd_deliveries_total"] == Double(posts))
            #expect(after["tmtpd_queue_messages"] == 0)
            #expect(after["tmtpd_commit_duration_seconds_count"] > before["tmtpd_commit_duration_seconds_count"])
            #expect(after.text.contains("tmtpd_commit_batch_size_bucket"))

            await bobby.peer.close()
            try await eventually("the closed link is counted") {
                let scrape = try await PrometheusScrape.fetch(url)
                return scrape["tmtpd_quits_total{reason=\"eof\"}"] == 1 && scrape["tmtpd_links{state=\"open\"}"] == 1
            }
        }

        @Test func jsonLogLinesParseAndCarryNoSecrets() async throws {
            let directory = try TemporaryDirectory()
            let data = directory.path + "/data"
            let invite = try await ChildProcess.run(
                try BuiltProducts.executable("tmtpd"), ["invite", "create", "--data-dir", data])
            let code = invite.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
            let server = try await SiteDaemon.start(
                dataDirectory: data, extra: ["--log-format", "json", "--registration", "invite"])
            let user = try await TestUser.register(
                port: server.port, alias: "json-logger", newNode: "invite:\(code)/laptop")
            await user.peer.close()
            let (again, _) = try await user.login(port: server.port)
            await again.close()
            let refused = try await TestPeer.connect(port: server.port)
            try await refused.send(.tmtpRev(.init()))
            _ = try await refused.next(op: "tmtprev")
            try await refused.send(.login(.init(uid: user.uid, node: user.password + "x")))
            _ = try await refused.closedMessages()
            server.terminate()

            let log = server.running.stderrText
            let lines = log.split(separator: "\n")
            #expect(lines.count > 5)
            for line in lines {
                let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
                #expect(object?["time"] is String && object?["level"] is String, "\(line)")
                #expect(object?["label"] is String && object?["message"] is String, "\(line)")
            }
            #expect(log.contains("tmtpd: listening on"))
            #expect(!log.contains(user.password))
            #expect(!log.contains(code))
        }
    }
}
