import Foundation
import QuireTestSupport
import Testing

@testable import QuireCore

@Suite("QuireHome")
struct QuireHomeTests {
    @Test("--home wins over $QUIRE_HOME, which wins over XDG; both kinds of file live under it")
    func precedence() throws {
        let environment = ["QUIRE_HOME": "/q", "HOME": "/home/u", "XDG_DATA_HOME": "/xd", "XDG_CONFIG_HOME": "/xc"]
        let explicit = try QuireHome.resolve(explicitHome: "/explicit", environment: environment)
        #expect(explicit.dataDirectory.path == "/explicit" && explicit.configDirectory.path == "/explicit")
        let fromVariable = try QuireHome.resolve(environment: environment)
        #expect(fromVariable.dataDirectory.path == "/q" && fromVariable.configDirectory.path == "/q")
        #expect(fromVariable.databaseURL.path == "/q/quire.sqlite")
        #expect(fromVariable.secretsURL.path == "/q/secrets.json")
    }

    @Test("XDG directories, with the spec's defaults and relative values ignored")
    func xdg() throws {
        let xdg = try QuireHome.resolve(environment: [
            "HOME": "/home/u", "XDG_DATA_HOME": "/xd", "XDG_CONFIG_HOME": "/xc",
        ])
        #expect(xdg.dataDirectory.path == "/xd/quire" && xdg.configDirectory.path == "/xc/quire")
        let defaults = try QuireHome.resolve(environment: ["HOME": "/home/u", "XDG_DATA_HOME": "relative"])
        #expect(defaults.dataDirectory.path == "/home/u/.local/share/quire")
        #expect(defaults.configDirectory.path == "/home/u/.config/quire")
        #expect(throws: QuireHomeError.noHomeDirectory) { try QuireHome.resolve(environment: [:]) }
    }

    @Test("creates missing directories with mode 0700")
    func createsPrivateDirectories() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let home = try QuireHome.resolve(environment: [
            "HOME": directory.url.path, "XDG_DATA_HOME": directory.url.appendingPathComponent("d/deep").path,
        ])
        try home.createDirectories()
        for url in [home.dataDirectory, home.configDirectory, home.dataDirectory.deletingLastPathComponent()] {
            let attributes = try FileManager.default.attributesOfItem(atPath: url.path)
            #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o700)
        }
        let store = try ClientStore(home: home)
        _ = store
        #expect(FileManager.default.fileExists(atPath: home.databaseURL.path))
    }

    @Test("paths are standardized by their letters exactly as URL.standardizedFileURL does")
    func standardizedPathsMatchFoundation() {
        let inputs = [
            "/a/b/../c", "/a/./b/", "rel/x", "/..", "//a//b", "/a/b/..", "/a/b/.", "/a/%20b", "~/x", "~",
            "/a/../../b", "/a/b/../../..", "./x", "../x", "/a b/ü", "/a/...", "/a/..b/c", "/", ".", "a/../..",
        ]
        for input in inputs {
            let expected = URL(fileURLWithPath: input, isDirectory: true).standardizedFileURL.path
            #expect(QuireHome.standardizedPath(input) == expected, "\(input)")
        }
    }

    @Test("the store's path without a URL is the one resolve gives, from every source of the home")
    func databasePathMatchesResolve() throws {
        let environments: [[String: String]] = [
            ["QUIRE_HOME": "/q/./r/../s"], ["QUIRE_HOME": "relative/home"], ["QUIRE_HOME": "/"],
            ["HOME": "/home/u"], ["HOME": "/home/u/", "XDG_DATA_HOME": "/xd/../data"],
            ["HOME": "/home/u", "XDG_DATA_HOME": "not/absolute"], ["HOME": "~"],
        ]
        for environment in environments {
            for explicit in [nil, "", "/explicit/../e", "here"] as [String?] {
                let path = try QuireHome.databasePath(explicitHome: explicit) { environment[$0] }
                let resolved = try QuireHome.resolve(explicitHome: explicit, environment: environment)
                #expect(path == resolved.databaseURL.path, "\(environment) \(explicit ?? "nil")")
            }
        }
        #expect(throws: QuireHomeError.noHomeDirectory) {
            try QuireHome.databasePath(explicitHome: nil) { _ in nil }
        }
    }
}
