import Foundation
import Testing

@testable import QuireCore

@Suite("Post data and datahead")
struct PostDataTests {
    @Test("a datahead written by us reads back, with the reference client's field names")
    func dataheadRoundTrip() throws {
        let head = PostDatahead(
            alias: "alice-long", threadID: "", subject: "Plans <&>",
            attach: [.init(name: "u:photo.png", size: 3)],
            cc: [
                .init(
                    who: "alice-long", whoUID: "AUID", by: "alice-long", byUID: "AUID", date: "2026-11-29T07:49:47.676Z"
                )
            ])
        let bytes = head.encoded()
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.hasPrefix(#"{"Alias":"alice-long","ThreadId":"","Subject":"Plans \u003c\u0026\u003e","Attach":"#))
        #expect(text.contains(#""Cc":[{"Who":"alice-long","By":"alice-long","WhoUid":"AUID""#))
        #expect(try PostDatahead(decoding: bytes) == head)
    }

    @Test("keys are matched in any case, as Go's decoder does")
    func dataheadCaseInsensitive() throws {
        let head = try PostDatahead(
            decoding: Array(#"{"threadid": "", "alias": "alice-f9860a", "subject": "demo"}"#.utf8))
        #expect(head.alias == "alice-f9860a")
        #expect(head.subject == "demo")
        #expect(head.threadID.isEmpty)
        let sync = try PostDatahead(decoding: Array(#"{"NodeSync":true}"#.utf8))
        #expect(sync.nodeSync)
    }

    @Test("the reference demo post splits into datahead and body")
    func referenceDemoPost() throws {
        let data = Array(#"{"threadid": "", "alias": "alice-f9860a", "subject": "demo"}this is the message "#.utf8)
        let post = try PostData(data: data, dataheadLength: 60)
        #expect(post.body == "this is the message ")
        #expect(post.datahead.subject == "demo")
        #expect(post.attachments.isEmpty)
    }

    @Test("attachment bytes follow the body in datahead order")
    func attachmentsFollowBody() throws {
        let head = PostDatahead(
            alias: "a", subject: "s", attach: [.init(name: "u:a.txt", size: 2), .init(name: "u:b.bin", size: 3)])
        let (data, length) = PostData.assemble(datahead: head, body: "body", attachments: [[1, 2], [3, 4, 5]])
        let post = try PostData(data: data, dataheadLength: length)
        #expect(post.body == "body")
        #expect(post.attachments.map { Array($0.bytes) } == [[1, 2], [3, 4, 5]])
        #expect(post.attachments.map(\.entry.name) == ["u:a.txt", "u:b.bin"])
    }

    @Test("lengths that do not add up are refused")
    func malformed() {
        #expect(throws: PostDataError.dataheadLongerThanData) { try PostData(data: [1, 2], dataheadLength: 3) }
        let head = PostDatahead(alias: "a", attach: [.init(name: "u:x", size: 100)]).encoded()
        #expect(throws: PostDataError.attachmentsLongerThanData) {
            try PostData(data: head + [1, 2], dataheadLength: Int64(head.count))
        }
        #expect(throws: PostDataError.datahead(.notJSON)) { try PostData(data: Array("{x".utf8), dataheadLength: 2) }
    }

    @Test("attachment names from the network become safe file names")
    func fileNames() {
        #expect(AttachmentFileName.sanitise("../../.bashrc") == "_.._.bashrc")
        #expect(AttachmentFileName.sanitise("/etc/passwd") == "_etc_passwd")
        #expect(AttachmentFileName.sanitise("..") == "attachment")
        #expect(AttachmentFileName.sanitise("") == "attachment")
        #expect(AttachmentFileName.sanitise("a\u{1B}[31mb\u{202E}gnp.exe") == "a_[31mb_gnp.exe")
        #expect(AttachmentFileName.sanitise("-rf") == "rf")
        #expect(AttachmentFileName.sanitise("report.pdf") == "report.pdf")
        let long = AttachmentFileName.sanitise(String(repeating: "x", count: 300) + ".pdf")
        #expect(long.utf8.count <= AttachmentFileName.maxBytes)
        #expect(long.hasSuffix(".pdf"))
    }

    @Test("a message's attachment files keep their kind, and names that sanitise alike stay apart")
    func storedFileNames() throws {
        let attachments = [
            try #require(AttachmentInfo(wireName: "u:BlueFile.txt", size: 26)),
            try #require(AttachmentInfo(wireName: "f:Blue.original", size: 416)),
            try #require(AttachmentInfo(wireName: "r:Blue.original", size: 33)),
            try #require(AttachmentInfo(wireName: "u:a/b.txt", size: 1)),
            try #require(AttachmentInfo(wireName: "u:a:b.txt", size: 1)),
            try #require(AttachmentInfo(wireName: "u:a_b.txt", size: 1)),
        ]
        #expect(
            AttachmentFileName.stored(msgid: "18ee8c9bbe0b1292", attachments: attachments) == [
                "18ee8c9bbe0b1292_u:BlueFile.txt", "18ee8c9bbe0b1292_f:Blue.original",
                "18ee8c9bbe0b1292_r:Blue.original", "18ee8c9bbe0b1292_u:a_b.txt", "18ee8c9bbe0b1292_u:a_b~2.txt",
                "18ee8c9bbe0b1292_u:a_b~3.txt",
            ])
        // The msgid comes from the network too.
        #expect(AttachmentFileName.stored(msgid: "../x", attachments: [attachments[0]]) == ["_x_u:BlueFile.txt"])
    }
}
