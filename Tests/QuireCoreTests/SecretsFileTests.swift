import Foundation
import QuireCore
import QuireTestSupport
import Testing

@Suite("SecretsFile")
struct SecretsFileTests {
    @Test("writes a 0600 file, reads it back, updates and removes entries")
    func roundTrip() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let secrets = SecretsFile(url: directory.url.appendingPathComponent("secrets.json"))
        #expect(try secrets.passwords().isEmpty)
        try secrets.setPassword("NODEPASSWORD1", for: "home")
        try secrets.setPassword("NODEPASSWORD2", for: "work")
        #expect(try secrets.password(for: "home") == "NODEPASSWORD1")
        try secrets.removePassword(for: "home")
        #expect(try secrets.passwords() == ["work": "NODEPASSWORD2"])
        let attributes = try FileManager.default.attributesOfItem(atPath: secrets.url.path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        // No temporary files are left behind.
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.url.path)
        #expect(names.sorted() == ["secrets.json", "secrets.json.lock"])
    }

    @Test("refuses a file that group or others can read, naming the file and the chmod fix")
    func refusesOpenPermissions() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let secrets = SecretsFile(url: directory.url.appendingPathComponent("secrets.json"))
        try secrets.setPassword("NODEPASSWORD", for: "home")
        #expect(chmod(secrets.url.path, 0o644) == 0)
        let error = #expect(throws: SecretsFileError.self) { try secrets.password(for: "home") }
        #expect(error == .readableByOthers(path: secrets.url.path, mode: 0o644))
        let message = error?.description ?? ""
        #expect(message.contains(secrets.url.path) && message.contains("chmod 600"))
        #expect(throws: SecretsFileError.self) { try secrets.setPassword("X", for: "work") }

        #expect(chmod(secrets.url.path, 0o640) == 0)
        #expect(throws: SecretsFileError.readableByOthers(path: secrets.url.path, mode: 0o640)) {
            try secrets.passwords()
        }
        #expect(chmod(secrets.url.path, 0o600) == 0)
        #expect(try secrets.password(for: "home") == "NODEPASSWORD")
    }

    @Test("a damaged file is reported, not silently replaced")
    func malformed() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let url = directory.url.appendingPathComponent("secrets.json")
        #expect(
            FileManager.default.createFile(
                atPath: url.path, contents: Data("not json".utf8), attributes: [.posixPermissions: 0o600]))
        #expect(throws: SecretsFileError.malformed(path: url.path)) { try SecretsFile(url: url).passwords() }
    }
}
