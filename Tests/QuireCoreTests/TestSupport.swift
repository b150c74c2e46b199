import Foundation
import QuireCore
import QuireTestSupport

/// Runs `body` with a new store holding one registered account named "home" (uid `SELFUID`,
/// alias `me`), then deletes the store.
func withStore(_ body: (ClientStore, TemporaryDirectory) async throws -> Void) async throws {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    let store = try ClientStore(
        path: directory.url.appendingPathComponent("store.sqlite").path,
        attachmentsDirectory: directory.url.appendingPathComponent("attachments"))
    try await store.addAccount(
        Account(
            name: "home", siteAddress: "=127.0.0.1:8444", siteName: "Home Site", uid: "SELFUID", alias: "me",
            state: .registered))
    try await body(store, directory)
}

/// A message id in the server's format: 16 lowercase hex digits.
func msgid(_ number: Int) -> String {
    let hex = String(number, radix: 16)
    return String(repeating: "0", count: 16 - hex.count) + hex
}

/// A `posted` time on 2026-03-<day> at the given hour, in UTC.
func posted(day: Int, hour: Int = 12, minute: Int = 0) -> String {
    func pad(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
    return "2026-03-\(pad(day))T\(pad(hour)):\(pad(minute)):00.000Z"
}

func received(
    _ number: Int,
    thread: Int? = nil,
    from alias: String = "ann",
    uid: String = "ANNUID",
    subject: String = "Subject",
    body: String = "Hello",
    day: Int = 1,
    hour: Int = 12,
    minute: Int = 0,
    to recipients: [Recipient] = [Recipient(alias: "me", uid: "SELFUID")],
    attachments: [AttachmentInfo] = []
) -> ReceivedMessage {
    ReceivedMessage(
        msgid: msgid(number), fromUID: uid, posted: posted(day: day, hour: hour, minute: minute), alias: alias,
        threadID: thread.map(msgid), subject: subject, recipients: recipients, attachments: attachments,
        dataheadJSON: #"{"alias":"\#(alias)"}"#, body: body)
}
