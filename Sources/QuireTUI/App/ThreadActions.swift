import QuireCore

/// What a command does to whole threads (tags, read state) and which message a reply or a
/// forward starts from. The app says which threads: the open one, else the marked ones, else
/// the selected one.
struct ThreadActions {
    let reader: StoreReader
    let client: QuireClient
    let work: BackgroundWork
    let status: StatusBoard

    init(services: AppServices, work: BackgroundWork, status: StatusBoard) {
        reader = services.reader
        client = services.client
        self.work = work
        self.status = status
    }

    /// Tags or untags `targets`; false when nothing was started (the status line says why).
    @discardableResult
    func setTag(_ raw: String, added: Bool, on targets: [ThreadKey]) -> Bool {
        let tag = raw.hasPrefix("#") ? String(raw.dropFirst()) : raw
        guard !tag.isEmpty, !tag.contains(where: \.isWhitespace) else {
            status.error("a tag is one word")
            return false
        }
        guard !targets.isEmpty else {
            status.info("no thread selected")
            return false
        }
        let client = self.client
        let done = "\(added ? "tagged" : "untagged") #\(tag) on \(targets.count) thread\(targets.count == 1 ? "" : "s")"
        work.start(failing: "change the tag") {
            for target in targets {
                try await client.setTag(tag, added: added, account: target.account, thread: target.id)
            }
            return done
        }
        return true
    }

    /// Sets the read state of `targets` (nil toggles it, judged by the first thread); false
    /// when nothing was started (the status line says why).
    @discardableResult
    func setRead(_ read: Bool?, on targets: [ThreadKey]) -> Bool {
        guard let first = targets.first else {
            status.info("no thread selected")
            return false
        }
        let newState: Bool
        if let read {
            newState = read
        } else {
            do {
                newState = (try reader.thread(account: first.account, id: first.id)?.unreadCount ?? 0) > 0
            } catch {
                status.error("cannot change the read state: \(error)")
                return false
            }
        }
        let client = self.client
        work.start(failing: "change the read state") {
            for target in targets {
                try await client.setRead(newState, account: target.account, thread: target.id)
            }
            return "marked \(newState ? "read" : "unread")"
        }
        return true
    }

    /// The pane reply, reply-all or forward opens on `target`, from `msgid` (the reader's
    /// focused message) or else the thread's last message. Reply-all posts into the thread,
    /// which every member receives; reply writes to that message's author alone (see
    /// ``PaneRequest/replyToSender``).
    func response(_ command: Command, to target: ThreadKey, msgid focused: String?) -> AppRoute? {
        let msgid = focused ?? (try? reader.messages(account: target.account, thread: target.id))?.last?.msgid
        switch command {
        case .forward:
            guard let msgid else {
                status.error("the thread has no message to forward")
                return nil
            }
            return .present(
                .forward(account: target.account, thread: target.id, msgid: msgid), unavailable: "the composer")
        case .reply:
            return .present(
                .replyToSender(account: target.account, thread: target.id, msgid: msgid), unavailable: "the composer")
        default:
            return .present(
                .reply(account: target.account, thread: target.id, msgid: msgid), unavailable: "the composer")
        }
    }
}
