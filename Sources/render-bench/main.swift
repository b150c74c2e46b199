// Renderer benchmark: render time of a typical 5 KB message and of a 1 MB document at width
// 100, release build. Prints median and best of a bounded number of runs.
//
//     swift run -c release render-bench
import QuireRender

/// A message like the ones people send: headings, lists, a table, code, links, a chart.
let typicalMessage: String = {
    var text = """
        # Quarterly planning notes

        Thanks everyone for the **long** session yesterday. Here is what we *agreed*, with links to
        the [previous plan](#0000018c2d5e4f10&0000018c2d9a7700) and the [dashboard](https://example.com/q3).
        Tags: #planning #q3

        ## Decisions

        1. Ship the new sync engine by the end of the month, behind a flag.
        2. Keep the old importer for one more release; remove it in Q4.
        3. Hire two more people for the client team.

        - [x] Agree on the schema
        - [ ] Write the migration
        - [ ] Update the ~~old~~ docs

        > Remember that the migration must be reversible. We lost a day last time because it
        > was not, and nobody wants to repeat that.

        | Area | Owner | Status |
        |:-----|:-----:|-------:|
        | Sync | Ana | on track |
        | Import | Bo | late |
        | Docs | Cy | not started |

        ```swift
        func migrate(_ database: Database) throws {
            try database.execute(sql: "ALTER TABLE message ADD COLUMN flags INTEGER")
        }
        ```

        ```chart
        type: bar
        title: Open issues
        week,issues
        W1,42
        W2,35
        W3,28
        W4,19
        ```

        See the attached ![plan](this_u:plan.pdf) and fill in ![?Survey](this_f:survey.original).

        """
    while text.utf8.count < 5_000 {
        text += "Some more discussion about the plan, with `inline code`, an https://example.org/autolink "
        text += "and a little bit of _emphasis_ to keep the inline parser busy. 日本語のテキストも少し。\n\n"
    }
    return text
}()

/// About 1 MB of the same kind of content.
let largeDocument: String = {
    var text = ""
    while text.utf8.count < 1_000_000 { text += typicalMessage }
    return text
}()

func measure(_ name: String, _ input: String, runs: Int) {
    let renderer = Renderer(options: RenderOptions(width: 100))
    var durations: [Duration] = []
    var lineCount = 0
    let clock = ContinuousClock()
    for _ in 0..<runs {
        let started = clock.now
        let document = renderer.render(input)
        durations.append(clock.now - started)
        lineCount = document.lines.count
    }
    durations.sort()
    let median = durations[durations.count / 2]
    let best = durations[0]
    func milliseconds(_ duration: Duration) -> String {
        let micro = duration.components.seconds * 1_000_000 + duration.components.attoseconds / 1_000_000_000_000
        return "\(micro / 1000).\(String(micro % 1000 + 1000).dropFirst()) ms"
    }
    print(
        "\(name): \(input.utf8.count) bytes -> \(lineCount) lines at width 100; "
            + "median \(milliseconds(median)), best \(milliseconds(best)) over \(runs) runs"
    )
}

measure("typical message", typicalMessage, runs: 200)
measure("1 MB document", largeDocument, runs: 10)

/// Inputs that make Markdown parsers slow (deep nesting, unclosed brackets, huge tables),
/// each about 200 KB: rendering must stay bounded.
let pathological: [(String, String)] = [
    ("nested quotes", String(repeating: ">", count: 200_000) + " x"),
    ("nested lists", String(repeating: "- ", count: 100_000) + "x"),
    ("unclosed brackets", String(repeating: "[", count: 200_000)),
    ("image openers", String(repeating: "![[]()", count: 30_000)),
    ("emphasis runs", String(repeating: "*a_", count: 70_000)),
    ("backticks", String(repeating: "`", count: 100_000) + "x" + String(repeating: "``x", count: 30_000)),
    ("html openers", String(repeating: "<a ", count: 70_000)),
    (
        "wide table",
        String(repeating: "|a", count: 3_000) + "\n" + String(repeating: "|-", count: 3_000) + "\n"
            + String(repeating: String(repeating: "|b", count: 3_000) + "\n", count: 30)
    ),
    ("table rows", "|a|b|\n|-|-|\n" + String(repeating: "|x|y|\n", count: 40_000)),
    ("one long word", String(repeating: "x", count: 200_000)),
    ("cjk run", String(repeating: "漢", count: 70_000)),
    ("slide markers", String(repeating: ":::\n", count: 50_000)),
]
for (name, input) in pathological {
    measure("pathological: \(name)", input, runs: 3)
}
