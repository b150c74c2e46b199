import Foundation
import TMTP

/// A stored thread in the reference client's thread-file format, as forwards and history
/// copies carry it: each message with its sub-header, and the thread's Cc list.
struct ThreadFileBuilder: Sendable {
    let store: ClientStore

    /// A stored thread in the reference thread-file format.
    func file(
        _ thread: String, messages: [StoredMessage], members: [Recipient], author: Outgoing.Author
    ) async throws -> ThreadFile {
        ThreadFile(
            messages: messages.map { message in
                var subHead =
                    (message.dataheadJSON.flatMap { try? PostDatahead(decoding: Array($0.utf8)) })
                    ?? PostDatahead(alias: message.fromAlias, subject: message.subject)
                subHead.threadID = thread
                subHead.cc = []
                subHead.nodeSync = false
                subHead.nodeHistory = false
                return ThreadFile.Message(
                    id: message.msgid, fromUID: message.fromUID, posted: message.posted, subHead: subHead,
                    body: message.body)
            }, cc: try await cc(messages: messages, members: members, author: author))
    }

    /// The thread's Cc list for a thread file: the root message's own list, then later members.
    private func cc(messages: [StoredMessage], members: [Recipient], author: Outgoing.Author) async throws
        -> [PostDatahead.CcEntry]
    {
        var cc =
            messages.first.flatMap { root in root.dataheadJSON.flatMap { try? PostDatahead(decoding: Array($0.utf8)) }
            }?
            .cc ?? []
        var listed = Set(cc.map(\.whoUID))
        for recipient in members + [Recipient(alias: author.alias, uid: author.uid)] {
            guard let uid = recipient.uid, listed.insert(uid).inserted else { continue }
            cc.append(
                .init(
                    who: recipient.isGroup ? uid : recipient.alias, whoUID: uid, by: author.alias, byUID: author.uid,
                    date: messages.first?.posted ?? ""))
        }
        return cc
    }
}
