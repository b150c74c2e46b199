import Foundation
import Testing

@testable import QuireTUI

// Serialized: a script being written while another test spawns can be held open by that child
// and fail to execute ("text file busy").
@Suite("ExternalEditor", .serialized)
struct ExternalEditorTests {
    /// A directory with an executable script standing in for the user's editor.
    static func script(_ body: String) throws -> (directory: URL, path: String) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "quire-editor-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent("editor").path
        try ("#!/bin/sh\n" + body + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: path)
        return (directory, path)
    }

    @Test("the editor runs with the screen released, on a private file, and its text comes back")
    func edits() throws {
        let (directory, path) = try ExternalEditorTests.script(
            #"stat -c %a "$1" > "$(dirname "$0")/mode"; printf 'edited 日本\n' >> "$1""#)
        defer { try? FileManager.default.removeItem(at: directory) }
        let grid = try makeGrid()
        let editor = ExternalEditor(command: [path], temporaryDirectory: directory.path)
        let text = try editor.edit("draft\n", on: grid)
        #expect(text == "draft\nedited 日本\n")
        #expect(grid.releaseCount == 1)
        let mode = try String(contentsOf: directory.appendingPathComponent("mode"), encoding: .utf8)
        #expect(mode == "600\n")
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter {
            $0.hasPrefix("quire-")
        }
        #expect(leftovers.isEmpty)
    }

    @Test("a failing or missing editor is an error and the text is not replaced")
    func failures() throws {
        let (directory, path) = try ExternalEditorTests.script("exit 3")
        defer { try? FileManager.default.removeItem(at: directory) }
        let grid = try makeGrid()
        #expect(throws: ExternalEditor.Failure.editorFailed(program: path, status: 3)) {
            try ExternalEditor(command: [path], temporaryDirectory: directory.path).edit("x", on: grid)
        }
        #expect(throws: ExternalEditor.Failure.self) {
            try ExternalEditor(command: [directory.path + "/missing"], temporaryDirectory: directory.path).edit(
                "x", on: grid)
        }
    }

    @Test("$VISUAL wins over $EDITOR, words are split (never a shell), vi when neither is set")
    func environment() {
        #expect(
            ExternalEditor(environment: ["VISUAL": "code --wait", "EDITOR": "nano"]).command == ["code", "--wait"])
        #expect(ExternalEditor(environment: ["VISUAL": "  ", "EDITOR": "nano"]).command == ["nano"])
        #expect(ExternalEditor(environment: [:]).command == ["vi"])
        #expect(ExternalEditor(environment: ["EDITOR": "vim; rm -rf ~"]).command == ["vim;", "rm", "-rf", "~"])
    }
}

@Suite("KeyHelp")
struct KeyHelpTests {
    @Test("help lists the live bindings of a context with their commands")
    func liveBindings() throws {
        var keymap = Keymap.defaults
        keymap.apply(try KeymapParser.parse("[list]\nx = tag todo\nj =\n", file: "b"))
        let lines = KeyHelp.lines(for: keymap, in: .list).map(\.plainText)
        #expect(lines[0] == "Keys in [list]")
        #expect(lines.contains { $0.hasPrefix("x ") && $0.contains("tag todo") && $0.contains("add a tag") })
        #expect(lines.contains { $0.hasPrefix("g g ") && $0.contains("first") })
        #expect(!lines.contains { $0.hasPrefix("j ") })
    }
}
