import Foundation
import QuireTestSupport
import Testing

@testable import TMTPServer

@Suite struct BlobStoreTests {
    @Test(arguments: TestStore.all) func blobIsSharedByRecipientsAndRemovedAfterLastAck(_ kind: TestStore) async throws
    {
        try await withStore(kind) { store, directory in
            let a = try await store.register("A")
            let b = try await store.register("B")
            let writer = try store.blobs.makeWriter()
            try writer.append(Array("first chunk, ".utf8))
            try writer.append(Array("second chunk".utf8))
            #expect(writer.count == 25)
            let blob = try writer.finish()
            #expect(try directory.files(in: "blobs/tmp").isEmpty)
            try await store.enqueue([Delivery(message(1, data: .blob(blob)), to: [a, b])])

            let head = try #require(try await store.nextMessage(for: a))
            #expect(head.data == .blob(blob) && head.dataLength == 25)
            let contents = try String(contentsOfFile: store.blobs.path(of: blob), encoding: .utf8)
            #expect(contents == "first chunk, second chunk")

            #expect(try await store.acknowledge(1, for: a))
            #expect(try directory.files(in: "blobs/data") == [blob.rawValue])
            let c = try await store.addNode("B")  // copies B's backlog: one more reference
            #expect(try await store.acknowledge(1, for: b))
            #expect(try directory.files(in: "blobs/data") == [blob.rawValue])
            #expect(try await store.acknowledge(1, for: c))
            #expect(try directory.files(in: "blobs/data").isEmpty)
        }
    }

    @Test(arguments: TestStore.all) func blobWithoutRecipientsIsRemovedAndFailedEnqueueLeavesItToCaller(
        _ kind: TestStore
    ) async throws {
        try await withStore(kind) { store, directory in
            let a = try await store.register("A")
            let writer = try store.blobs.makeWriter()
            try writer.append([1, 2, 3])
            let kept = try writer.finish()
            await #expect(throws: StoreError.self) {
                try await store.enqueue([
                    Delivery(message(1, data: .blob(kept)), to: [a, NodeAddress(uid: "Z", number: 1)])
                ])
            }
            #expect(try directory.files(in: "blobs/data") == [kept.rawValue])
            try await store.enqueue([Delivery(message(2, data: .blob(kept)), to: [])])
            #expect(try directory.files(in: "blobs/data").isEmpty)
        }
    }

    @Test func discardedAndDroppedWritersLeaveNothing() throws {
        let directory = try TemporaryDirectory()
        let blobs = try BlobStore(directory: directory.path + "/blobs")
        let writer = try blobs.makeWriter()
        try writer.append([1, 2, 3])
        #expect(try directory.files(in: "blobs/tmp").count == 1)
        writer.discard()
        #expect(throws: BlobWriterError.closed) { try writer.append([4]) }
        do {
            let dropped = try blobs.makeWriter()
            try dropped.append([9])
        }
        #expect(try directory.files(in: "blobs/tmp").isEmpty)
        #expect(try directory.files(in: "blobs/data").isEmpty)
    }

    @Test func openingRemovesTemporaryFilesAndUnreferencedBlobs() async throws {
        let directory = try TemporaryDirectory()
        let referenced: BlobID
        let orphan: BlobID
        do {
            let store = try SQLiteServerStore(directory: directory.path)
            let a = try await store.register("A")
            let first = try store.blobs.makeWriter()
            try first.append([1])
            referenced = try first.finish()
            let second = try store.blobs.makeWriter()
            try second.append([2])
            orphan = try second.finish()  // finished, never enqueued: the crash came first
            try await store.enqueue([Delivery(message(1, data: .blob(referenced)), to: [a])])
            try store.close()
        }
        // An upload cut short by a crash.
        let abandoned = directory.path + "/blobs/tmp/0123456789abcdef0123456789abcdef.tmp"
        #expect(FileManager.default.createFile(atPath: abandoned, contents: Data(repeating: 7, count: 4096)))

        let store = try SQLiteServerStore(directory: directory.path)
        #expect(store.startupCleanup == .init(temporaryFiles: 1, orphanBlobs: 1))
        #expect(try directory.files(in: "blobs/tmp").isEmpty)
        #expect(try directory.files(in: "blobs/data") == [referenced.rawValue])
        #expect(!FileManager.default.fileExists(atPath: store.blobs.path(of: orphan)))
        #expect(try await store.nextMessage(for: NodeAddress(uid: "A", number: 1))?.data == .blob(referenced))
    }

    @Test func openingAlongsideAServerKeepsUploadsInFlight() async throws {
        let directory = try TemporaryDirectory()
        let server = try SQLiteServerStore(directory: directory.path)
        let writing = try server.blobs.makeWriter()
        try writing.append([1, 2, 3])
        let finished = try server.blobs.makeWriter()
        try finished.append([4])
        let upload = try finished.finish()  // complete, its enqueue not yet committed

        let admin = try SQLiteServerStore(directory: directory.path, options: .alongsideServer)
        #expect(admin.startupCleanup == .init(temporaryFiles: 0, orphanBlobs: 0))
        try admin.close()
        #expect(try directory.files(in: "blobs/data") == [upload.rawValue])
        #expect(try directory.files(in: "blobs/tmp").count == 1)

        let a = try await server.register("A")
        try await server.enqueue([Delivery(message(1, data: .blob(upload)), to: [a])])
        #expect(try await server.nextMessage(for: a)?.data == .blob(upload))
        _ = try writing.finish()
        try server.close()
    }

    @Test func blobIDsAcceptOnlyStoreNames() {
        #expect(BlobID(rawValue: "0123456789abcdef0123456789abcdef") != nil)
        #expect(BlobID(rawValue: "../../etc/passwd") == nil)
        #expect(BlobID(rawValue: "0123456789ABCDEF0123456789ABCDEF") == nil)
    }
}
