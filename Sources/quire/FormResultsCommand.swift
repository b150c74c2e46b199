import ArgumentParser
import Foundation
import QuireCore

/// `quire form results`: the table of a form family's filled forms, sorted, filtered, exported.
struct FormResultsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "results",
        abstract: "Print or export the table of every filled form of a form family, one row each.")

    @OptionGroup var options: GlobalOptions
    @OptionGroup var account: AccountOption
    @Argument(help: "The form family (every revision is collected), or an FFN.") var family: String
    @Flag(help: "Export as CSV.") var csv = false
    @Option(help: "Sort by a column: who, posted, thread, message, revision, status, or a field's model.")
    var sort: String?
    @Flag(help: "Sort in descending order.") var descending = false
    @Option(help: "Keep only rows with this text in a cell, ignoring case and accents.") var filter = ""

    func run() async throws {
        try await runReportingErrors {
            let context = try CommandContext(options)
            let account = try await context.account(account.name)
            let table = try context.client.formResults(account: account.name, family: family)
            var column: FormResultsColumn?
            if let sort {
                column = table.columns.first { $0.description == sort || table.heading($0) == sort }
                guard column != nil else {
                    throw CommandFailure(
                        "no column \(sort): use one of \(table.columns.map(\.description).joined(separator: ", "))")
                }
            }
            let rows = table.view(sortedBy: column, ascending: !descending, filter: filter)
            if csv {
                FileHandle.standardOutput.write(Data(table.csv(rows).utf8))
            } else if options.json {
                FileHandle.standardOutput.write(table.json(rows) + Data("\n".utf8))
            } else {
                if table.rows.isEmpty {
                    context.output.line("no filled forms of \(family) yet")
                    return
                }
                context.output.line(table.markdown(rows))
                let marked = rows.filter { !$0.isValid }.count
                context.output.line(
                    "\(rows.count) of \(table.rows.count) rows" + (marked > 0 ? ", \(marked) marked invalid" : ""))
            }
        }
    }
}
