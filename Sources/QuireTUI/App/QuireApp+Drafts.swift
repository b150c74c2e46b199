import QuireCore
import QuireRender

/// Drafts in the terminal client: the autosave of the open pane, the notice of drafts a closed
/// window or a killed process left behind, and reopening a draft.
extension QuireApp {
    /// After every event: the open pane's work goes to the autosaver, which saves it when due.
    func autosaveOpenPane() {
        autosaver.observe(modal.unsavedWork)
    }

    /// Says on the status line (never in a dialog that would take the next key) which drafts
    /// the last run left unsaved, and how to reopen them; each is told once.
    func announceRecoveredDrafts() {
        guard let drafts = try? services.reader.recoveredDrafts(), let latest = drafts.first else { return }
        for draft in drafts { autosaver.keep(account: draft.account, id: draft.id) }
        let subject = latest.subject.isEmpty ? "(no subject)" : "“\(latest.subject)”"
        if drafts.count == 1 {
            // The key first: on a narrow status line the rest is cut, never the way back.
            status.info(":draft reopens the unsent draft recovered: \(subject) (\(latest.account))")
        } else {
            status.info(
                ":draft reopens the latest of \(drafts.count) unsent drafts recovered, \(subject); "
                    + "`quire draft list` shows them all")
        }
    }

    /// `:draft [ID]`: the draft with that id, else the latest of the site on screen (of any
    /// site when it has none), in the composer as it was saved.
    func resumeDraft(id: String?) {
        guard let account = currentAccount else { return status.error("add a site first (a)") }
        let store = services.reader
        let others = siteBar.accountNames.filter { $0 != account }
        let found: Draft?
        if let id {
            found = ([account] + others).lazy.compactMap { try? store.draft(account: $0, id: id) }.first
        } else {
            found =
                (try? store.drafts(account: account).first)
                ?? others.compactMap { try? store.drafts(account: $0).first }.max { $0.updated < $1.updated }
        }
        guard let draft = found else {
            return status.error(id.map { "no draft \($0) (`quire draft list` shows the drafts)" } ?? "no saved drafts")
        }
        go(.present(.resumeDraft(draft), unavailable: "the composer"))
    }
}
