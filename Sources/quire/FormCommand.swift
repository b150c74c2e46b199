import ArgumentParser
import Foundation
import QuireCore

/// `quire form`: the home's library of blank forms, filling forms, and the tables of answers.
struct FormCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "form",
        abstract: "Keep blank forms, send and fill them, and collect the answers into tables.",
        subcommands: [Add.self, List.self, Show.self, Remove.self, FormResultsCommand.self, FormFillCommand.self]
    )

    static func library(_ options: GlobalOptions) throws -> FormLibrary {
        do {
            return FormLibrary(home: try QuireHome.resolve(explicitHome: options.home))
        } catch {
            throw CommandFailure("\(error)")
        }
    }

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add a blank form (vue-form-generator JSON) to the library, or replace it.")
        @OptionGroup var options: GlobalOptions
        @Argument(help: "The form family (its revision is `original`), or FAMILY.REVISION; FAMILY.spec adds a spec.")
        var name: String
        @Argument(help: "The JSON file.") var file: String
        @Option(help: "The revision, when NAME is a bare family.") var revision: String?
        @Option(help: "The family's FFN, under which its filled forms are filed (written to FAMILY.spec).")
        var ffn: String?

        func run() async throws {
            try await runReportingErrors {
                let library = try FormCommand.library(options)
                let formName = try FormName(parsing: name, revision: revision)
                let data = try InputFile.read(file)
                if let ffn { try library.setFFN(ffn, family: formName.family) }
                try library.add(formName, json: data)
                let output = Output(json: options.json)
                output.object(["name": formName.description, "ffn": library.ffn(family: formName.family)])
                output.line("added \(formName) (FFN \(library.ffn(family: formName.family)))")
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the blank forms of the library.")
        @OptionGroup var options: GlobalOptions

        func run() async throws {
            try await runReportingErrors {
                let library = try FormCommand.library(options)
                let entries = library.entries()
                let output = Output(json: options.json)
                output.object([
                    "forms": entries.map {
                        [
                            "name": $0.name.description, "family": $0.name.family, "revision": $0.name.revision,
                            "ffn": $0.ffn, "fields": $0.spec.fields.count,
                        ] as [String: Any]
                    }
                ])
                if entries.isEmpty { output.line("no forms yet: add one with `quire form add NAME FILE.json`") }
                for entry in entries {
                    output.line("\(entry.name)  \(entry.spec.fields.count) fields  \(entry.ffn)")
                }
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show a blank form's fields.")
        @OptionGroup var options: GlobalOptions
        @Argument(help: "FAMILY or FAMILY.REVISION.") var name: String

        func run() async throws {
            try await runReportingErrors {
                let library = try FormCommand.library(options)
                let entry = try library.entry(try FormName(parsing: name))
                let output = Output(json: options.json)
                output.object([
                    "name": entry.name.description, "ffn": entry.ffn,
                    "fields": entry.spec.fields.map {
                        [
                            "model": $0.model, "label": $0.label, "kind": FormDisplay.kindText($0.kind),
                            "required": $0.required,
                        ]
                            as [String: Any]
                    },
                ])
                output.line("\(entry.name)  (FFN \(entry.ffn))")
                output.line(FormDisplay.markdown(spec: entry.spec, answers: nil))
            }
        }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove a revision of a blank form from the library.")
        @OptionGroup var options: GlobalOptions
        @Argument(help: "FAMILY (its `original`) or FAMILY.REVISION.") var name: String

        func run() async throws {
            try await runReportingErrors {
                let library = try FormCommand.library(options)
                let formName = try FormName(parsing: name)
                try library.remove(formName)
                Output(json: options.json).object(["removed": formName.description])
                Output(json: options.json).line("removed \(formName)")
            }
        }
    }
}
