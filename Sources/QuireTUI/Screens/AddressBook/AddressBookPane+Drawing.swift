import QuireCore
import QuireRender

extension AddressBookPane {
    public func draw(in canvas: Canvas) {
        let rowStyle = canvas.theme.style(.row)
        canvas.clear(style: rowStyle)
        guard canvas.height > 0, canvas.width > 0 else { return }
        drawHeader(in: canvas)
        let listHeight = max(0, canvas.height - 2)
        let top = AddressBookPane.top(selection: selection, rowCount: rows.count, height: listHeight)
        let selectedStyle = canvas.theme.style(.rowSelected).layered(over: rowStyle)
        let wide = canvas.ambiguousWide
        for viewRow in 0..<listHeight {
            let index = top + viewRow
            guard index < rows.count else { break }
            let base = index == selection ? selectedStyle : rowStyle
            canvas.fill(row: 1 + viewRow, style: base)
            let line = Truncation.truncate(
                line(for: rows[index], width: canvas.width), toWidth: canvas.width, ambiguousWide: wide)
            canvas.draw(line, row: 1 + viewRow, base: base)
        }
        if canvas.height > 1 {
            drawBottomLine(
                in: canvas.subcanvas(Rect(row: canvas.height - 1, column: 0, height: 1, width: canvas.width)))
        }
    }

    public func cursor(in canvas: Canvas) -> CursorPosition? {
        guard let prompt = pingPrompt, canvas.height > 1 else { return nil }
        let line = canvas.subcanvas(Rect(row: canvas.height - 1, column: 0, height: 1, width: canvas.width))
        let promptWidth = DisplayWidth.of(promptLabel(prompt.stage).safe, ambiguousWide: canvas.ambiguousWide)
        let scroll = prompt.editor.fieldScroll(
            width: max(1, canvas.width - promptWidth), ambiguousWide: canvas.ambiguousWide)
        return line.cursor(row: 0, column: promptWidth + scroll.cursorColumn)
    }

    /// The first row shown: the selection stays on screen with a row of context below it.
    static func top(selection: Int, rowCount: Int, height: Int) -> Int {
        guard height > 0 else { return 0 }
        return max(0, min(selection - height + 2, rowCount - height))
    }

    private func drawHeader(in canvas: Canvas) {
        let base = canvas.theme.style(.header)
        canvas.fill(row: 0, style: base)
        let onlineCount = snapshot.contacts.filter { !$0.blocked && snapshot.isOnline(uid: $0.uid) }.count
        var line = DisplayLine([
            DisplaySpan(UIText(" Address book  "), .header),
            DisplaySpan(TerminalSafeText(sanitising: snapshot.account), .header, attributes: .bold),
        ])
        var counts = "   \(snapshot.contacts.count) contacts · \(onlineCount) online"
        if !snapshot.pending.isEmpty { counts += " · \(snapshot.pending.count) waiting" }
        line.append(DisplaySpan(TerminalSafeText(sanitising: counts), .header))
        canvas.draw(
            Truncation.truncate(line, toWidth: canvas.width, ambiguousWide: canvas.ambiguousWide), row: 0, base: base)
    }

    private func promptLabel(_ stage: PingPrompt.Stage) -> UIText {
        switch stage {
        case .alias: "Ping alias: "
        case .note: "Note (Enter sends): "
        }
    }

    private func drawBottomLine(in canvas: Canvas) {
        if let prompt = pingPrompt {
            prompt.editor.draw(prompt: promptLabel(prompt.stage), in: canvas)
            return
        }
        PaneHintLine.draw(
            message, hint: UIText("Enter open · c compose · a accept · i ignore · b block · p ping · q close"), row: 0,
            in: canvas, role: .statusLine)
    }

    /// One row laid out in `width` columns; aliases take a fixed column so rows line up.
    func line(for row: AddressBookRow, width: Int) -> DisplayLine {
        let aliasWidth = width >= 100 ? 24 : 16
        let alias = { (text: String) in
            DisplaySpan(Truncation.fit(TerminalSafeText(sanitising: text), width: aliasWidth), .row)
        }
        let presence = { (online: Bool) in
            online ? DisplaySpan(UIText("● "), .linkOnline) : DisplaySpan(UIText("○ "), .linkOffline)
        }
        switch row {
        case .heading(let section, let count):
            let name: UIText =
                switch section {
                case .pending: " Waiting for an answer"
                case .contacts: " Contacts"
                case .groups: " Groups"
                }
            return DisplayLine([
                DisplaySpan(name, .header, attributes: .bold),
                DisplaySpan(TerminalSafeText(sanitising: " (\(count))"), .rowDetail),
            ])
        case .none:
            return DisplayLine([DisplaySpan(UIText("     none yet"), .rowDetail)])
        case .notice(let notice):
            var line = DisplayLine([DisplaySpan(UIText("   ? "), .mark), alias(notice.fromAlias)])
            line.spans[1].role = .ui(.rowUnread)
            switch notice.kind {
            case .ping:
                line.append(DisplaySpan(UIText(" pinged you"), .rowDetail))
            case .invite:
                line.append(DisplaySpan(UIText(" invites you to "), .rowDetail))
                line.append(DisplaySpan(TerminalSafeText(sanitising: notice.gid ?? "a group"), .tag))
            case .forward:
                line.append(DisplaySpan(UIText(" added people to a thread"), .rowDetail))
            }
            if !notice.text.isEmpty {
                line.append(DisplaySpan(UIText(": "), .rowDetail))
                line.append(DisplaySpan(TerminalSafeText(sanitising: Self.oneLine(notice.text)), .row))
            }
            return line
        case .contact(let contact):
            let online = !contact.blocked && snapshot.isOnline(uid: contact.uid)
            var line = DisplayLine([DisplaySpan(UIText("   "), .row), presence(online), alias(contact.alias)])
            line.append(
                DisplaySpan(online ? UIText(" online  ") : UIText(" offline "), online ? .linkOnline : .rowDetail))
            line.append(DisplaySpan(Self.origin(contact.origin), .rowDetail))
            if contact.blocked { line.append(DisplaySpan(UIText("  ⊘ blocked"), .error)) }
            return line
        case .group(let group, let isExpanded):
            var line = DisplayLine([
                DisplaySpan(isExpanded ? UIText("   ▾ ") : UIText("   ▸ "), .mark),
                alias(group.group.gid),
            ])
            let joined = group.members.filter { $0.status == .joined }.count
            line.append(
                DisplaySpan(TerminalSafeText(sanitising: " \(joined) of \(group.members.count) joined"), .rowDetail))
            if group.group.isOwner { line.append(DisplaySpan(UIText(" · you own it"), .rowDetail)) }
            if let mine = group.group.myAlias {
                line.append(DisplaySpan(UIText(" · you are "), .rowDetail))
                line.append(DisplaySpan(TerminalSafeText(sanitising: mine), .rowDetail))
            }
            return line
        case .member(let member):
            return DisplayLine([
                DisplaySpan(UIText("       "), .row), presence(snapshot.isOnline(uid: member.uid)), alias(member.alias),
                DisplaySpan(member.status == .joined ? UIText(" joined") : UIText(" invited"), .rowDetail),
            ])
        case .pingSomeoneNew:
            return DisplayLine([DisplaySpan(UIText("   + Ping someone new…"), .notice)])
        }
    }

    private static func origin(_ origin: Contact.Origin) -> UIText {
        switch origin {
        case .pingSent: "you pinged them"
        case .ping: "they pinged you"
        case .invite: "met through a group invitation"
        case .group: "fellow group member"
        case .cc: "seen on a thread"
        case .manual: "added by hand"
        }
    }

    /// A note on one row: line breaks become spaces.
    static func oneLine(_ text: String) -> String {
        String(text.map { $0.isNewline ? " " : $0 })
    }
}
