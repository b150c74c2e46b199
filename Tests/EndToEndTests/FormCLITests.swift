import Foundation
import QuireTestSupport
import Testing

extension EndToEnd {
    /// Surveys through the real `quire` binary against a real `tmtpd`: the form library, a form
    /// sent, filled from an answers file, and the sender's table exported.
    @Suite("quire form against tmtpd", .serialized)
    struct FormCLITests {
        static let survey = #"""
            {"fields":[{"type":"input","inputType":"text","label":"Name","model":"name","required":true},
             {"type":"input","inputType":"number","label":"Stars","model":"stars","min":1,"max":5}]}
            """#

        @Test("form add, list, show; send --form; form fill with a clear error per bad field; results as CSV and JSON")
        func survey() async throws {
            try await QuireCLITests.withTwoUsers { alice, bob in
                _ = try await QuireCLITests.befriend(alice, bob)
                try await alice.succeed("sync", "--once")
                let file = alice.home.appendingPathComponent("lunch.json")
                try Data(Self.survey.utf8).write(to: file)
                try await alice.succeed("form", "add", "lunch", file.path)
                #expect(
                    FileManager.default.fileExists(
                        atPath: alice.home.appendingPathComponent("forms/lunch.original").path))
                let list = try await alice.succeed("form", "list", "--json").json()
                let forms = try #require(list["forms"] as? [[String: Any]])
                #expect(forms.map { $0["name"] as? String } == ["lunch.original"])
                #expect(forms.first?["ffn"] as? String == "local/lunch")
                let show = try await alice.succeed("form", "show", "lunch")
                #expect(show.stdout.contains("| Name \\* | text |"))
                let refused = try await alice.quire("form", "add", "lunch.v2", file.path)
                #expect(refused.status == 1 && refused.stderr.contains("needs an FFN"))

                let sent = try await alice.succeed(
                    "send", "--to", bob.alias, "--subject", "Lunch?", "--form", "lunch", "--body-file", "-", "--json",
                    stdin: "Please answer.")
                let thread = try #require(try sent.json()["thread"] as? String)
                try await bob.succeed("sync", "--once")
                let bad = try await bob.quire(
                    "form", "fill", thread, "--answers", "-", stdin: #"{"stars": 9}"#)
                #expect(bad.status == 1)
                #expect(bad.stderr.contains("Name (name): required"))
                #expect(bad.stderr.contains("Stars (stars): at most 5"))
                try await bob.succeed("form", "fill", thread, "--answers", "-", stdin: #"{"name": "Bob", "stars": 4}"#)

                try await alice.succeed("sync", "--once")
                let csv = try await alice.succeed("form", "results", "lunch", "--csv")
                let lines = csv.stdout.components(separatedBy: "\r\n")
                #expect(lines.first == "who,posted,thread,message,revision,status,name,stars")
                #expect(lines.count == 3 && lines[1].hasPrefix("\(bob.alias),") && lines[1].hasSuffix(",ok,Bob,4"))
                let json = try await alice.succeed("form", "results", "lunch", "--json").json()
                let rows = try #require(json["rows"] as? [[String: Any]])
                #expect(rows.count == 1 && rows.first?["thread"] as? String == thread)
                let text = try await alice.succeed("form", "results", "lunch", "--sort", "stars", "--descending")
                #expect(text.stdout.contains("| \(bob.alias) |") && text.stdout.contains("1 of 1 rows"))
                let read = try await alice.succeed("read", thread)
                #expect(read.stdout.contains("Attachment: lunch.original"))
                #expect(read.stdout.contains("**Answers to lunch.original**"))
                #expect(read.stdout.contains("| Stars | 4 |"))

                try await alice.succeed("form", "remove", "lunch")
                #expect(try await alice.succeed("form", "list").stdout.contains("no forms yet"))
            }
        }
    }
}
