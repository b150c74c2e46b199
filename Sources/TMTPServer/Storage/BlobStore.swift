#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The name of a finished message-data file in a ``BlobStore``.
public struct BlobID: Hashable, Sendable, CustomStringConvertible {
    public var rawValue: String

    /// Accepts only names the store itself makes (32 lowercase hex digits), so a stored id can never
    /// point outside the blob directory.
    public init?(rawValue: String) {
        guard rawValue.utf8.count == 32, rawValue.utf8.allSatisfy({ (48...57).contains($0) || (97...102).contains($0) })
        else { return nil }
        self.rawValue = rawValue
    }

    static func random() -> BlobID {
        var generator = SystemRandomNumberGenerator()
        let high = generator.next() as UInt64
        let low = generator.next() as UInt64
        let name = [high, low].map { value in
            let hex = String(value, radix: 16)
            return String(repeating: "0", count: 16 - hex.count) + hex
        }.joined()
        return BlobID(unchecked: name)
    }

    private init(unchecked rawValue: String) {
        self.rawValue = rawValue
    }

    public var description: String { rawValue }
}

/// Message data too large to keep in memory: posts stream into a temporary file, which becomes a
/// blob once complete and durable.
///
/// Layout under the data directory: `blobs/tmp/<id>.tmp` while writing, `blobs/data/<id>` once
/// finished. Finished blobs belong to whoever holds the ``BlobID`` until an enqueue commits a message
/// that references it; from then on the ``ServerStore`` counts the nodes still to ack it and removes
/// the file after the last ack. Temporary files never outlive a restart (``removeTemporaryFiles()``),
/// which fixes the reference's leftover temp files (its defect 10).
public struct BlobStore: Sendable {
    public let directory: String
    var temporaryDirectory: String { directory + "/tmp" }
    var dataDirectory: String { directory + "/data" }

    /// Opens (creating if needed) the blob directories under `directory`.
    public init(directory: String) throws {
        self.directory = directory
        try FileSystem.makeDirectory(directory)
        try FileSystem.makeDirectory(temporaryDirectory)
        try FileSystem.makeDirectory(dataDirectory)
    }

    /// Starts a new blob. Append the data, then `finish()`; a writer dropped unfinished removes its file.
    public func makeWriter() throws -> BlobWriter {
        try BlobWriter(store: self, id: .random())
    }

    /// The file to read a finished blob from (to stream a delivery to a link).
    public func path(of id: BlobID) -> String {
        dataDirectory + "/" + id.rawValue
    }

    /// Size in bytes of a finished blob.
    public func size(of id: BlobID) throws -> Int {
        try FileSystem.fileSize(path(of: id))
    }

    /// Deletes a finished blob that no committed message references (a failed enqueue, a dropped post).
    public func discard(_ id: BlobID) throws {
        try FileSystem.remove(path(of: id))
    }

    /// Deletes every temporary file: uploads cut short by a crash. Call before accepting links.
    @discardableResult
    public func removeTemporaryFiles() throws -> Int {
        let names = try FileSystem.entries(of: temporaryDirectory)
        for name in names { try FileSystem.remove(temporaryDirectory + "/" + name) }
        return names.count
    }

    /// Every finished blob on disk, including any not yet referenced by a message.
    public func finishedBlobs() throws -> [BlobID] {
        try FileSystem.entries(of: dataDirectory).compactMap(BlobID.init(rawValue:))
    }

    func temporaryPath(of id: BlobID) -> String {
        temporaryDirectory + "/" + id.rawValue + ".tmp"
    }
}
