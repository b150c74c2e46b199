import Foundation
import QuireCore

/// Sets up the demo's social graph and threads over the real protocol: you ping the demo people
/// and invite them to a group (their bots accept), then they write the seeded threads to you.
struct DemoSeeder: Sendable {
    let you: DemoAccount
    let ada: DemoAccount
    let grace: DemoAccount
    let group: String
    /// `host:port` of the site, the first part of a form's FFN as the reference client makes it.
    let siteHost: String
    let timeout: Duration

    /// You ping both demo people and invite them into the group; returns once their bots have
    /// accepted and joined, as your own store sees it.
    func introduce() async throws {
        for person in [ada, grace] {
            try await you.client.ping(
                account: you.name, alias: person.alias, text: "Hello \(person.alias), it's \(you.alias)!")
        }
        for person in [ada, grace] {
            try await waitUntil("\(person.alias) accepting your ping", timeout: timeout) {
                try await person.store.contact(account: person.name, alias: you.alias)?.uid == you.uid
            }
        }
        for person in [ada, grace] {
            try await you.client.invite(
                account: you.name, gid: group, alias: person.alias, text: "Join the demo lounge?")
        }
        try await waitUntil("the demo people joining \(group)", timeout: timeout) {
            let joined = try await you.store.members(account: you.name, gid: group).filter { $0.status == .joined }
            return Set(joined.map(\.alias)).isSuperset(of: [ada.alias, grace.alias])
        }
        for person in [ada, grace] {
            try await waitUntil("\(person.alias)'s join acked", timeout: timeout) {
                try await person.store.pendingOutbox(account: person.name).isEmpty
            }
        }
    }

    /// The demo people write the seeded threads to you; returns once all of them are in your store,
    /// read states and tags set.
    func seed() async throws -> [SeededThread] {
        let form = Outgoing.Attachment(
            name: DemoContent.formName, bytes: Array(DemoContent.formSchema.utf8), kind: .form,
            ffn: "\(siteHost)/\(grace.alias)/demo-survey")
        let cheatsheet = Outgoing.Attachment(
            name: DemoContent.cheatsheetName, bytes: Array(DemoContent.cheatsheet.utf8))

        // Independent threads first, all queued at once; each sync sends its own in order.
        let markdown = try await ada.post(
            to: [you.alias], subject: "Markdown tour: lists, a table, code and a quote", body: DemoContent.markdown)
        let lounge = try await ada.post(
            to: [group], subject: "The demo lounge (a group thread)", body: DemoContent.groupOpening(group: group))
        let deck = try await grace.post(
            to: [you.alias], subject: "A slide deck: TMTP in four slides", body: DemoContent.deck(group: group))
        let charts = try await grace.post(
            to: [you.alias], subject: "Charts in plain text", body: DemoContent.charts)
        let survey = try await grace.post(
            to: [you.alias], subject: "Tea or coffee? A form to fill in", body: DemoContent.form, attachments: [form])
        let file = try await grace.post(
            to: [you.alias], subject: "A file for you: the TMTP cheatsheet", body: DemoContent.attachment,
            attachments: [cheatsheet])
        try await ada.waitSent([markdown.id, lounge.id], what: "Ada's first threads", timeout: timeout)
        try await grace.waitSent([deck.id, charts.id, survey.id, file.id], what: "Grace's threads", timeout: timeout)
        let ids = try await sentIDs(ada, [markdown, lounge]) + sentIDs(grace, [deck, charts, survey, file])

        // Threads that point at the others, once those have ids.
        let loungeReply = try await grace.post(
            to: [group], subject: "The demo lounge (a group thread)", body: DemoContent.groupReply(you: you.alias),
            replyingTo: ids[1])
        try await grace.waitSent([loungeReply.id], what: "Grace's reply in the lounge", timeout: timeout)
        let loungeReplyID = try await sentIDs(grace, [loungeReply])[0]
        let links = try await ada.post(
            to: [you.alias], subject: "Links between threads",
            body: DemoContent.links(deck: ids[2], markdown: ids[0], group: ids[1], groupReply: loungeReplyID))
        let welcome = try await ada.post(
            to: [you.alias], subject: "Welcome to Quire: start here",
            body: DemoContent.welcome(you: you.alias, ada: ada.alias, grace: grace.alias, group: group))
        try await ada.waitSent([links.id, welcome.id], what: "Ada's welcome", timeout: timeout)
        let laterIDs = try await sentIDs(ada, [links, welcome])

        let threads = [
            seeded(.welcome, welcome, id: laterIDs[1], from: ada, unread: true, todo: true),
            seeded(.links, links, id: laterIDs[0], from: ada, unread: true, todo: false),
            seeded(.group, lounge, id: ids[1], from: ada, messages: 2, unread: true, todo: false),
            seeded(.attachment, file, id: ids[5], from: grace, unread: true, todo: false),
            seeded(.form, survey, id: ids[4], from: grace, unread: true, todo: true),
            seeded(.charts, charts, id: ids[3], from: grace, unread: false, todo: false),
            seeded(.deck, deck, id: ids[2], from: grace, unread: true, todo: true),
            seeded(.markdown, markdown, id: ids[0], from: ada, unread: false, todo: false),
        ]
        try await waitUntil("the seeded threads reaching you", timeout: timeout) {
            for thread in threads {
                let stored = try await you.store.thread(account: you.name, id: thread.id)
                guard let stored, stored.messageCount >= thread.messageCount else { return false }
            }
            return true
        }
        for thread in threads {
            if !thread.unread { try await you.store.setThreadRead(true, account: you.name, thread: thread.id) }
            if !thread.todo { try await you.store.removeTag(ClientStore.todoTag, account: you.name, thread: thread.id) }
        }
        return threads
    }

    /// The msgids the site gave to acked posts, which are the thread ids of new threads.
    private func sentIDs(_ person: DemoAccount, _ items: [OutboxItem]) async throws -> [String] {
        var ids: [String] = []
        for item in items {
            guard let msgid = try await person.store.outboxItem(account: person.name, id: item.id)?.msgid else {
                throw DemoError.refused("the site acked \(item.id) without a message id")
            }
            ids.append(msgid)
        }
        return ids
    }

    private func seeded(
        _ topic: SeededThread.Topic, _ item: OutboxItem, id: String, from person: DemoAccount, messages: Int = 1,
        unread: Bool, todo: Bool
    ) -> SeededThread {
        SeededThread(
            topic: topic, subject: item.post?.subject ?? "", id: id, from: person.alias, messageCount: messages,
            unread: unread, todo: todo)
    }
}
