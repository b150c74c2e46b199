import QuireCore

/// The text of the seeded threads: each one shows something TMTP and Quire can do.
enum DemoContent {
    static func welcome(you: String, ada: String, grace: String, group: String) -> String {
        """
        # Welcome to Quire 👋

        You are **\(you)** on *Quire Demo Site*, a real TMTP site running inside this \
        `quire demo` process. Grace and I are demo people who live here too: write to us and \
        we answer within a second or two.

        ## Keys to start with

        | key | what it does |
        |---|---|
        | `j` `k` or arrows | move in the thread list |
        | `Enter` | open a thread |
        | `q` or `Esc` | close the reader (`q` in the list quits) |
        | `R` / `r` | reply in the thread (everyone on it) / to the author alone |
        | `c` | compose a new thread |
        | `/` | search |
        | `A` | address book: contacts, groups, pings |
        | `>` / `<` | next / previous slide of a deck |
        | `L` | number the links, to follow one |
        | `F` | fill in a form |
        | `?` | every key binding |

        ## Try this

        1. Press `c`, write to **\(ada)** or **\(grace)**, and send with `Ctrl-x y`.
        2. Watch the answer arrive, and our presence dots in the address book.
        3. Open *The demo lounge* and say hello to **\(group)**, the group of all three of us.

        Quitting stops the site and the demo people and deletes everything they made.
        """
    }

    static let markdown = """
        Quire draws Markdown in the terminal. Here is most of what a message can hold.

        ## Lists

        - **bold**, *italics*, `code` and ~~strikethrough~~
        - nested lists
          - like this one
        1. numbered
        2. lists too

        - [x] task lists
        - [ ] with boxes to tick

        ## A table

        | engine | year | additions per second |
        |:---|:---:|---:|
        | Difference Engine | 1822 | 0.1 |
        | Analytical Engine | 1837 | 1 |
        | Harvard Mark I | 1944 | 3 |

        ## Code

        ```swift
        let world = try await DemoWorld.start()
        print(world.siteAddress)
        ```

        ## A quote

        > The Analytical Engine weaves algebraic patterns just as the Jacquard loom weaves
        > flowers and leaves.
        >
        > — Ada Lovelace, 1843

        And a web link: [mnm, the reference TMTP client](https://mnmnotmail.org).
        """

    static func deck(group: String) -> String {
        """
        Four slides about TMTP. In the reader, `>` and `<` page through them.

        :::
        ## What is TMTP?

        A protocol for **threads between people**:
        - you are known by an *alias* on a *site*
        - people meet by *ping*: a short note you accept or ignore
        :::
        ## Threads, not messages

        Every reply joins its thread. The thread's Cc is its members,
        and a reply goes to all of them.
        :::
        ## Groups

        A group has a name of its own (a *gid*); a post to it reaches every joined member.
        You are in **\(group)** with Ada and me.
        :::
        ## Your data

        Messages live on your machine. The site only queues them until each of your
        devices has them.
        :::>

        That was the deck; the text after it is an ordinary message again.
        """
    }

    static let charts = """
        Charts are plain text: a fenced `chart` block with a few settings, then CSV rows.

        ```chart
        type: bar
        title: Bugs found per week
        x: week
        w1,3
        w2,7
        w3,2
        w4,5
        ```

        ```chart
        type: sparkline
        title: Links open on the site today
        hour,links
        00,2
        03,1
        06,4
        09,12
        12,18
        15,15
        18,9
        21,5
        ```

        ```chart
        type: line
        title: Messages per day
        height: 6
        day,sent,received
        Mon,4,9
        Tue,6,7
        Wed,3,12
        Thu,8,10
        Fri,5,6
        ```

        The first one was written like this:

        ~~~
        ```chart
        type: bar
        title: Bugs found per week
        x: week
        w1,3
        w2,7
        ```
        ~~~
        """

    /// The blank form's attachment name (`family.revision`, as the reference client names forms).
    static let formName = "demo-survey.original"

    static let form = """
        Would you fill in my little survey? In the reader, `F` opens it field by field; your \
        answers go back to me attached to your reply, as the reference client does.

        ![?Tea or coffee](this_f:\(formName))
        """

    /// A vue-form-generator schema, the blank-form format of the reference client.
    static let formSchema = """
        {"fields":[
          {"type":"input","inputType":"text","label":"Your name","model":"name","required":true},
          {"type":"select","label":"Tea or coffee?","model":"drink","values":["tea","coffee","both","neither"]},
          {"type":"input","inputType":"number","label":"Cups a day","model":"cups","min":0,"max":20},
          {"type":"checkbox","label":"Biscuits with it","model":"biscuits"},
          {"type":"textArea","label":"Anything else","model":"notes","rows":3}
        ]}
        """

    /// The answer to a filled form: the results tables of its families, as Markdown.
    static func surveyResults(you: String, tables: [FormResultsTable]) -> String {
        let sections = tables.map { table in
            let marked = table.rows.filter { !$0.isValid }.count
            return """
                **\(table.family)**: \(table.rows.count) \(table.rows.count == 1 ? "answer" : "answers") so far\
                \(marked > 0 ? " (\(marked) marked invalid)" : "")

                \(table.markdown())
                """
        }
        return """
            Thank you, \(you)! Every answer to my survey lands in one table. Here it is so far:

            \(sections.joined(separator: "\n\n"))

            On your side, `quire form results \(tables.first?.family ?? "NAME")` prints the same table from \
            your copies, and `--csv` or `--json` exports it.
            """
    }

    static let cheatsheetName = "tmtp-cheatsheet.md"

    static let attachment = """
        Here is the one-page cheatsheet I promised: [\(cheatsheetName)](this_u:\(cheatsheetName)).

        In the reader, `a` opens an attachment with your opener and `S` saves it.
        """

    static let cheatsheet = """
        # TMTP in one page

        - **site**: a server you have an account on, `host:port`
        - **alias**: the name people know you by (8 characters or more)
        - **ping**: a short note asking to become contacts
        - **thread**: a conversation; its Cc is everyone in it
        - **group**: a named set of members; post to the group to reach them all
        - **node**: one of your devices; each keeps its own copy

        """

    static func groupOpening(group: String) -> String {
        """
        Hello lounge! This thread goes to the group **\(group)**: you, Grace and me.
        A reply here reaches all three of us.
        """
    }

    static func groupReply(you: String) -> String {
        """
        Hi both! A group thread lists the group in its Cc, not each of us.
        \(you), say something here and we will both answer.
        """
    }

    static func links(deck: String, markdown: String, group: String, groupReply: String) -> String {
        """
        Messages can point at each other. In the reader, `L` numbers the links; follow one by its number.

        - a thread: [the slide deck](#\(deck))
        - a message: [Grace's reply in the lounge](#\(group)&\(groupReply))
        - the first message of a thread: [the Markdown tour](#\(markdown)&\(markdown))
        - and the web: [mnm, the reference client](https://mnmnotmail.org)
        """
    }
}
