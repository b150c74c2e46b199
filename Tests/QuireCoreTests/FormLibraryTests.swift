import Foundation
import QuireTestSupport
import Testing

@testable import QuireCore

@Suite("Form library: blank forms of a home in the reference client's layout")
struct FormLibraryTests {
    static let survey = Data(
        #"{"fields":[{"type":"input","inputType":"text","label":"Name","model":"name","required":true},{"type":"input","inputType":"number","label":"Stars","model":"stars","min":1,"max":5}]}"#
            .utf8)

    @Test("a family's revision defaults to original; the file holds the JSON as added, named family.revision")
    func addListShowRemove() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let library = FormLibrary(directory: directory.url.appendingPathComponent("forms"))
        try library.add(try FormName(parsing: "survey"), json: Self.survey)
        #expect(try directory.files(in: "forms") == ["survey.original"])
        #expect(
            FileManager.default.contents(atPath: library.directory.appendingPathComponent("survey.original").path)
                == Self.survey)
        let entries = library.entries()
        #expect(entries.map(\.name.description) == ["survey.original"])
        #expect(entries.first?.ffn == "local/survey")
        #expect(entries.first?.spec.fields.map(\.model) == ["name", "stars"])
        #expect(try library.entry(FormName(parsing: "survey.original")).spec.fields.count == 2)
        try library.remove(FormName(parsing: "survey"))
        #expect(library.entries().isEmpty)
        #expect(throws: FormLibraryError.notFound("survey.original")) {
            try library.remove(FormName(parsing: "survey"))
        }
    }

    @Test("a second revision needs the family's spec (its FFN), which every revision then files under")
    func revisionsAndSpec() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let library = FormLibrary(directory: directory.url)
        try library.add(FormName(family: "survey"), json: Self.survey)
        #expect(throws: FormLibraryError.needsSpec(family: "survey")) {
            try library.add(try FormName(parsing: "survey", revision: "v2"), json: Self.survey)
        }
        try library.setFFN("example.org/forms/survey", family: "survey")
        try library.add(try FormName(parsing: "survey.v2"), json: Self.survey)
        #expect(
            library.revisions(family: "survey").map(\.description) == ["survey.original", "survey.v2", "survey.spec"])
        #expect(library.entries().map(\.ffn) == ["example.org/forms/survey", "example.org/forms/survey"])
        // The spec is the reference client's `{"ffn": ...}` file.
        let spec = try #require(
            FileManager.default.contents(atPath: directory.url.appendingPathComponent("survey.spec").path))
        #expect(String(decoding: spec, as: UTF8.self) == #"{"ffn":"example.org/forms/survey"}"#)
    }

    @Test("names the reference client refuses are refused; bad forms are refused with the reason")
    func refusals() throws {
        for bad in ["", "a b", "../x", "x.y.z", "x.tmp", "x.", "é"] {
            #expect(throws: FormLibraryError.invalidName(bad)) { try FormName(parsing: bad) }
        }
        #expect(try FormName(parsing: "Blue.second").revision == "second")
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let library = FormLibrary(directory: directory.url)
        #expect(throws: FormLibraryError.invalidForm(name: "x.original", .noFields)) {
            try library.add(FormName(family: "x"), json: Data(#"{"fields":[]}"#.utf8))
        }
        #expect(throws: FormLibraryError.invalidSpec("x.spec")) {
            try library.add(FormName(family: "x", revision: "spec"), json: Data("[]".utf8))
        }
        #expect(try directory.files(in: "").isEmpty)
    }

    @Test("a blank form goes in the body as the reference client embeds it, once")
    func embedding() throws {
        let name = FormName(family: "survey")
        #expect(
            FormEmbedding.body("Please answer.", forms: [name]) == "Please answer.\n\n![?](this_f:survey.original)\n")
        #expect(
            FormEmbedding.body("See ![?](this_f:survey.original)", forms: [name]) == "See ![?](this_f:survey.original)")
        #expect(FormEmbedding.body("", forms: [name]) == "![?](this_f:survey.original)\n")
    }
}

@Suite("Site FFN")
struct SiteFFNTests {
    @Test("a family without a spec is named <site>/<alias>/<family>, the site as the reference client keeps it")
    func siteFFN() {
        #expect(
            FormName.siteFFN(site: "=127.0.0.1:4444", alias: "Quire user", family: "poll")
                == "127.0.0.1:4444/Quire user/poll")
        #expect(
            FormName.siteFFN(
                site: "=example.org:443#abababababababababababababababababababababababababababababababab",
                alias: "me-myself", family: "poll")
                == "example.org:443/me-myself/poll")
        #expect(
            FormName.siteFFN(site: "+example.org:443", alias: "me-myself", family: "poll")
                == "example.org:443/me-myself/poll")
    }
}
