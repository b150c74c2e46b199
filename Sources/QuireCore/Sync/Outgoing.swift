import Foundation
import TMTP

/// Builds the outbox rows of every outgoing op: the TMTP header, the data, and for posts the
/// local copy stored as sent once the server acks. Nothing here touches the network or the store.
///
/// Row ids are the TMTP `id`s; like the reference client's queue ids they start with a letter
/// naming the op, so an ack is easy to trace in a log.
public enum Outgoing {
    /// A new row id: a kind letter and 12 random hex digits (random, so replicas cannot collide).
    public static func makeID(_ prefix: Character) -> String {
        let random = UInt64.random(in: 0..<(1 << 48))
        let hex = String(random, radix: 16)
        return "\(prefix)" + String(repeating: "0", count: 12 - hex.count) + hex
    }

    /// The current time as the reference writes Cc dates: the `posted` layout (RFC 3339, UTC, milliseconds).
    public static func timestamp(_ date: Date = Date()) -> String {
        PostedTime.format(date)
    }

    /// A file to attach: the name shown to readers and the bytes sent.
    public struct Attachment: Sendable, Hashable {
        public var name: String
        public var bytes: [UInt8]
        /// Where the file came from, kept as the sent copy's path.
        public var sourcePath: String?
        /// `u:` for a file; `f:` for a blank form and `r:` for a filled one, as the reference client names them.
        public var kind: AttachmentInfo.Kind
        /// The form's FFN, for `f:` and `r:` attachments.
        public var ffn: String?

        public init(
            name: String, bytes: [UInt8], sourcePath: String? = nil, kind: AttachmentInfo.Kind = .upload,
            ffn: String? = nil
        ) {
            self.name = name
            self.bytes = bytes
            self.sourcePath = sourcePath
            self.kind = kind
            self.ffn = ffn
        }
    }

    /// Who we are on the site, as posts name their author.
    public struct Author: Sendable, Hashable {
        public var uid: String
        public var alias: String

        public init(uid: String, alias: String) {
            self.uid = uid
            self.alias = alias
        }
    }

    /// A Post to contacts (by uid) and groups, with the reference datahead
    /// `{Alias, ThreadId, Subject, Attach, Cc}`; data is the body followed by the attachment bytes.
    ///
    /// - Parameters:
    ///   - recipients: contacts with uids, and groups (`isGroup`, `uid` = gid); the author is added
    ///     first to the Cc and never to `for`.
    ///   - threadID: the thread replied to; nil starts a thread.
    public static func post(
        account: String, id: String = makeID("t"), author: Author, recipients: [Recipient], threadID: String?,
        subject: String, body: String, attachments: [Attachment] = [], draftID: String? = nil, date: Date = Date()
    ) throws(OutgoingError) -> OutboxItem {
        let now = timestamp(date)
        var cc = [
            PostDatahead.CcEntry(who: author.alias, whoUID: author.uid, by: author.alias, byUID: author.uid, date: now)
        ]
        var targets: [Addressee] = []
        var seen: Set<String> = [author.uid]
        for recipient in recipients {
            guard let uid = recipient.uid, !uid.isEmpty else { throw .noUID(recipient.alias) }
            guard seen.insert(uid).inserted else { continue }
            if recipient.isGroup {
                cc.append(.init(who: uid, whoUID: uid, by: author.alias, byUID: author.uid, date: now))
                targets.append(Addressee(id: uid, kind: .groupExcludingSelf))
            } else {
                cc.append(.init(who: recipient.alias, whoUID: uid, by: author.alias, byUID: author.uid, date: now))
                targets.append(Addressee(id: uid, kind: .user))
            }
        }
        var names: Set<String> = []
        for attachment in attachments {
            guard !attachment.name.isEmpty, names.insert(attachment.name).inserted else {
                throw .duplicateAttachment(attachment.name)
            }
        }
        let datahead = PostDatahead(
            alias: author.alias, threadID: threadID ?? "", subject: subject,
            attach: attachments.map {
                .init(name: "\($0.kind.rawValue):\($0.name)", size: Int64($0.bytes.count), ffn: $0.ffn)
            },
            cc: cc)
        let (data, headLength) = PostData.assemble(
            datahead: datahead, body: body, attachments: attachments.map(\.bytes))
        let header = ClientMessage.post(
            .init(id: id, recipients: targets, dataLength: Int64(data.count), dataHead: headLength))
        let copy = OutgoingPost(
            threadID: threadID, subject: subject, body: body,
            recipients: cc.map {
                Recipient(alias: $0.who, uid: $0.whoUID, isGroup: $0.isGroup && $0.whoUID != author.uid)
            },
            attachments: attachments.map {
                AttachmentInfo(
                    name: $0.name, kind: $0.kind, size: Int64($0.bytes.count), ffn: $0.ffn, storedPath: $0.sourcePath)
            },
            dataheadJSON: String(decoding: datahead.encoded(), as: UTF8.self))
        return OutboxItem(
            id: id, account: account, kind: .post, headerJSON: header.headerText, payload: .inline(Data(data)),
            draftID: draftID, post: copy)
    }

    /// A PostNotify forwarding a thread, as the reference client sends it: the thread file goes
    /// to the new members (`for`, not to our own nodes), and a note `{ThreadId, Cc: new}` goes to
    /// them and to the members already on the thread (`notefor`).
    ///
    /// - Parameters:
    ///   - added: the new members, with uids (groups: `isGroup`, `uid` = gid).
    ///   - existing: the thread's current members other than us, with uids.
    public static func forward(
        account: String, id: String = makeID("f"), author: Author, threadID: String, file: ThreadFile,
        added: [Recipient], existing: [Recipient], date: Date = Date()
    ) throws(OutgoingError) -> OutboxItem {
        let now = timestamp(date)
        var entries: [PostDatahead.CcEntry] = []
        var targets: [Addressee] = []
        var seen: Set<String> = [author.uid]
        for recipient in added {
            guard let uid = recipient.uid, !uid.isEmpty else { throw .noUID(recipient.alias) }
            guard seen.insert(uid).inserted else { continue }
            entries.append(
                .init(
                    who: recipient.isGroup ? uid : recipient.alias, whoUID: uid, by: author.alias,
                    byUID: author.uid, date: now))
            targets.append(Addressee(id: uid, kind: recipient.isGroup ? .groupExcludingSelf : .user))
        }
        guard !targets.isEmpty else { throw .nobodyNew }
        var noteTargets: [Addressee] = []
        for recipient in existing {
            guard let uid = recipient.uid, !uid.isEmpty, seen.insert(uid).inserted else { continue }
            noteTargets.append(Addressee(id: uid, kind: recipient.isGroup ? .groupExcludingSelf : .user))
        }
        let note = PostDatahead(threadID: threadID, cc: entries).encoded()
        let subHead = PostDatahead(threadID: threadID).encoded()
        let fileBytes: [UInt8]
        do {
            fileBytes = try file.encoded()
        } catch {
            throw .threadFile(error.description)
        }
        let data = note + subHead + fileBytes
        let header = ClientMessage.postNotify(
            .init(
                id: id, recipients: targets, noteRecipients: noteTargets, noteLength: Int64(note.count),
                noteHead: Int64(note.count), forNotSelf: true, dataLength: Int64(data.count),
                dataHead: Int64(subHead.count)))
        return OutboxItem(
            id: id, account: account, kind: .postNotify, headerJSON: header.headerText, payload: .inline(Data(data)))
    }

    /// A confirmation of one of our messages in a thread just forwarded to `to`, as the reference
    /// client sends it: the message again, its sub-header as a thread file holds it (alias,
    /// thread id, subject, attachment list) naming the message (`ConfirmId`, `ConfirmPosted`),
    /// the body, then the attachment bytes, which the forward never carried. The new members
    /// compare its record's length and CRC-32C with the forwarded copy's.
    public static func confirm(
        account: String, id: String = makeID("c"), subHead: PostDatahead, threadID: String, msgid: String,
        posted: String, body: String, attachments: [[UInt8]] = [], to recipients: [Recipient]
    ) -> OutboxItem {
        var datahead = subHead
        datahead.threadID = threadID
        datahead.cc = []
        datahead.nodeSync = false
        datahead.nodeHistory = false
        datahead.confirmID = msgid
        datahead.confirmPosted = posted
        let (data, headLength) = PostData.assemble(datahead: datahead, body: body, attachments: attachments)
        let targets = recipients.compactMap { recipient -> Addressee? in
            guard let uid = recipient.uid, !uid.isEmpty else { return nil }
            return Addressee(id: uid, kind: recipient.isGroup ? .groupExcludingSelf : .user)
        }
        let header = ClientMessage.post(
            .init(id: id, recipients: targets, dataLength: Int64(data.count), dataHead: headLength))
        return OutboxItem(
            id: id, account: account, kind: .post, headerJSON: header.headerText, payload: .inline(Data(data)))
    }

    /// A Ping: a short plain-text note to an alias (at most 140 UTF-16 units, 420 bytes).
    public static func ping(account: String, id: String = makeID("p"), from: String, to: String, text: String)
        throws(OutgoingError) -> OutboxItem
    {
        let bytes = Array(text.utf8)
        try checkPingText(bytes)
        let header = ClientMessage.ping(.init(id: id, from: from, to: to, dataLength: Int64(bytes.count)))
        return OutboxItem(
            id: id, account: account, kind: .ping, headerJSON: header.headerText, payload: .inline(Data(bytes)))
    }

    /// A GroupInvite: invites `to` into `gid` (creating the group when it is new).
    public static func groupInvite(
        account: String, id: String = makeID("a"), gid: String, from: String, to: String, text: String
    ) throws(OutgoingError) -> OutboxItem {
        let bytes = Array(text.utf8)
        try checkPingText(bytes)
        guard gid.utf8.count >= 8 else { throw .shortName(gid) }
        let header = ClientMessage.groupInvite(
            .init(id: id, gid: gid, from: from, to: to, dataLength: Int64(bytes.count)))
        return OutboxItem(
            id: id, account: account, kind: .groupInvite, headerJSON: header.headerText, payload: .inline(Data(bytes)))
    }

    /// A GroupEdit: join (optionally under one of our aliases), change our alias, or drop a member
    /// (dropping oneself is leaving).
    public static func groupEdit(
        account: String, id: String = makeID("g"), gid: String, action: ClientMessage.GroupEdit.Action
    ) -> OutboxItem {
        let header = ClientMessage.groupEdit(.init(id: id, gid: gid, action: action))
        return OutboxItem(id: id, account: account, kind: .groupEdit, headerJSON: header.headerText)
    }

    /// A UserEdit adding a node (another device of this account) labelled `label`.
    public static func newNode(account: String, id: String = makeID("n"), label: String) -> OutboxItem {
        let header = ClientMessage.userEdit(.init(id: id, newNode: label))
        return OutboxItem(id: id, account: account, kind: .userEdit, headerJSON: header.headerText)
    }

    /// A UserEdit adding an alias (at least 8 bytes).
    public static func newAlias(account: String, id: String = makeID("l"), alias: String) throws(OutgoingError)
        -> OutboxItem
    {
        guard alias.utf8.count >= 8 else { throw .shortName(alias) }
        let header = ClientMessage.userEdit(.init(id: id, newAlias: alias))
        return OutboxItem(id: id, account: account, kind: .userEdit, headerJSON: header.headerText)
    }

    /// An OhiEdit adding or dropping uids from the set told when we are online.
    public static func presence(
        account: String, id: String = makeID("o"), uids: [String], kind: ClientMessage.OhiEdit.Kind
    ) -> OutboxItem {
        let header = ClientMessage.ohiEdit(.init(id: id, uids: uids, kind: kind))
        return OutboxItem(id: id, account: account, kind: .ohiEdit, headerJSON: header.headerText)
    }

    /// A post to our own other nodes only (`for: []`) carrying private-state changes.
    public static func nodeSync(account: String, id: String = makeID("s"), changes: [NodeSyncChange])
        throws(OutgoingError) -> OutboxItem
    {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        guard let json = try? encoder.encode(changes) else { throw .unencodable }
        let (data, headLength) = PostData.assemble(
            datahead: PostDatahead(nodeSync: true), body: String(decoding: json, as: UTF8.self), attachments: [])
        let header = ClientMessage.post(
            .init(id: id, recipients: [], dataLength: Int64(data.count), dataHead: headLength))
        return OutboxItem(
            id: id, account: account, kind: .nodeSync, headerJSON: header.headerText, payload: .inline(Data(data)))
    }

    /// A post to our own other nodes only (`for: []`) carrying one thread's file, for a new device.
    public static func historyThread(account: String, id: String = makeID("h"), threadID: String, file: ThreadFile)
        throws(OutgoingError) -> OutboxItem
    {
        let head = PostDatahead(threadID: threadID, nodeHistory: true).encoded()
        let bytes: [UInt8]
        do {
            bytes = try file.encoded()
        } catch {
            throw .threadFile(error.description)
        }
        return ownNodePost(account: account, id: id, data: head + bytes, dataheadLength: head.count, kind: .nodeSync)
    }

    /// A post to our own other nodes only carrying the address book, groups, tags and read state.
    public static func historySummary(account: String, id: String = makeID("h"), history: NodeHistory)
        throws(OutgoingError) -> OutboxItem
    {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        guard let json = try? encoder.encode(history) else { throw .unencodable }
        let head = PostDatahead(nodeHistory: true).encoded()
        return ownNodePost(
            account: account, id: id, data: head + [UInt8](json), dataheadLength: head.count, kind: .nodeSync)
    }

    private static func ownNodePost(
        account: String, id: String, data: [UInt8], dataheadLength: Int, kind: OutboxItem.Kind
    ) -> OutboxItem {
        let header = ClientMessage.post(
            .init(id: id, recipients: [], dataLength: Int64(data.count), dataHead: Int64(dataheadLength)))
        return OutboxItem(
            id: id, account: account, kind: kind, headerJSON: header.headerText, payload: .inline(Data(data)))
    }

    static func checkPingText(_ bytes: [UInt8]) throws(OutgoingError) {
        do {
            try PingText.validate(bytes)
        } catch {
            throw .pingText(
                bytes.count > PingText.maxBytes ? "over \(PingText.maxBytes) bytes" : QuitReason.text(error))
        }
    }
}

extension QuitReason {
    /// The wire text of a quit reason caught as any error.
    static func text(_ error: any Error) -> String {
        (error as? QuitReason)?.rawValue ?? "\(error)"
    }
}

extension ClientMessage {
    var headerText: String { String(decoding: headerJSON(), as: UTF8.self) }
}

/// Why an outgoing op could not be built.
public enum OutgoingError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A recipient has no known uid (a contact that has not answered yet).
    case noUID(String)
    case duplicateAttachment(String)
    /// Ping and invitation notes: at most 140 UTF-16 units and 420 bytes of UTF-8.
    case pingText(String)
    /// Aliases and group ids must be at least 8 bytes.
    case shortName(String)
    case unencodable
    /// A forward names nobody who is not already on the thread.
    case nobodyNew
    case threadFile(String)

    public var description: String {
        switch self {
        case .noUID(let alias):
            "\(alias) has no known uid yet: they must accept your ping (or write to you) first"
        case .duplicateAttachment(let name): "attachment \"\(name)\" is given twice (or has no name)"
        case .pingText(let reason):
            "the note is too long or not valid text (\(reason)); the limit is \(PingText.maxUTF16Units) characters"
        case .shortName(let name): "\"\(name)\" is too short: aliases and group names need at least 8 bytes"
        case .unencodable: "cannot encode the change list"
        case .nobodyNew: "everyone named is already on the thread"
        case .threadFile(let reason): "cannot write the thread for forwarding: \(reason)"
        }
    }
}
