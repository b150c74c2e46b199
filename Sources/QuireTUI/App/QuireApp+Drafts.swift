import QuireCore
import QuireRender

/// Drafts in the terminal client: the autosave of the open pane, the notice of drafts a closed
/// window or a killed process left behind, and reopening a draft.
extension QuireApp {
    /// After every event: the open pane's work goes to the autosaver, which saves it when due.
    func autosaveOpenPane() {
        autosaver.observe(modal?.unsavedWork)
    }

    /// Says on the status line (never in a dialog that would take the next key) which drafts
    /// the last run left unsaved, and how to reopen them; each is told once.
    func announceRecoveredDrafts() {
        let store = services.store
        guard let drafts = try? BlockingAsync.run({ try await store.recoveredDrafts() }), let latest = drafts.first
        else { return }
        for draft in drafts { autosaver.keep(account: draft.account, id: draft.id) }
        let subject = latest.subject.isEmpty ? "(no subject)" : "“\(latest.subject)”"
        if drafts.count == 1 {
            showInfo("recovered an unsent draft: \(subject) (\(latest.account)) · :draft reopens it")
        } else {
            showInfo(
                "recovered \(drafts.count) unsent drafts, the latest \(subject) · :draft reopens it; "
                    + "`quire draft list` shows them all")
        }
    }

    /// `:draft [ID]`: the draft with that id, else the latest of the site on screen (of any
    /// site when it has none), in the composer as it was saved.
    func resumeDraft(id: String?) {
        guard let account = currentAccount else { return showError("add a site first (a)") }
        let store = services.store
        let names = sites.map(\.account.name)
        let found = try? BlockingAsync.run { () async throws -> Draft? in
            if let id {
                for name in [account] + names.filter({ $0 != account }) {
                    if let draft = try await store.draft(account: name, id: id) { return draft }
                }
                return nil
            }
            if let latest = try await store.drafts(account: account).first { return latest }
            var newest: Draft?
            for name in names where name != account {
                if let draft = try await store.drafts(account: name).first,
                    draft.updated > newest?.updated ?? .distantPast
                {
                    newest = draft
                }
            }
            return newest
        }
        guard let draft = found ?? nil else {
            return showError(id.map { "no draft \($0) (`quire draft list` shows the drafts)" } ?? "no saved drafts")
        }
        present(.resumeDraft(draft), unavailable: "the composer")
    }
}
