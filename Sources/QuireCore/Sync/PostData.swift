/// A post's data taken apart: the datahead, the Markdown body, and the attachment bytes that the
/// reference client appends after the body in the order of the datahead's `Attach` list.
public struct PostData: Sendable {
    public var datahead: PostDatahead
    /// The datahead bytes as received, kept in the store for replay and interop checks.
    public var dataheadJSON: String?
    public var body: String
    /// Each attachment's entry with its bytes.
    public var attachments: [(entry: PostDatahead.AttachEntry, bytes: ArraySlice<UInt8>)]

    /// Splits `data` whose first `dataheadLength` bytes are the datahead.
    public init(data: [UInt8], dataheadLength: Int64) throws(PostDataError) {
        guard dataheadLength >= 0, dataheadLength <= Int64(data.count) else { throw .dataheadLongerThanData }
        let headEnd = Int(dataheadLength)
        let headBytes = data[0..<headEnd]
        do {
            datahead = try PostDatahead(decoding: headBytes)
        } catch {
            throw .datahead(error)
        }
        dataheadJSON = headEnd > 0 ? String(decoding: headBytes, as: UTF8.self) : nil
        var attachmentBytes: Int64 = 0
        for entry in datahead.attach {
            let (sum, overflow) = attachmentBytes.addingReportingOverflow(entry.size)
            guard !overflow else { throw .attachmentsLongerThanData }
            attachmentBytes = sum
        }
        guard attachmentBytes <= Int64(data.count - headEnd) else { throw .attachmentsLongerThanData }
        let bodyEnd = data.count - Int(attachmentBytes)
        body = String(decoding: data[headEnd..<bodyEnd], as: UTF8.self)
        var offset = bodyEnd
        attachments = []
        for entry in datahead.attach {
            let end = offset + Int(entry.size)
            attachments.append((entry, data[offset..<end]))
            offset = end
        }
    }

    /// The bytes of a post to send: datahead, body, then each attachment.
    public static func assemble(datahead: PostDatahead, body: String, attachments: [[UInt8]]) -> (
        data: [UInt8], dataheadLength: Int64
    ) {
        let head = datahead.encoded()
        var data = head
        data.append(contentsOf: Array(body.utf8))
        for bytes in attachments { data.append(contentsOf: bytes) }
        return (data, Int64(head.count))
    }
}

/// Why a post's data could not be taken apart.
public enum PostDataError: Error, Sendable, Equatable, CustomStringConvertible {
    case dataheadLongerThanData
    case datahead(PostDataheadError)
    case attachmentsLongerThanData

    public var description: String {
        switch self {
        case .dataheadLongerThanData: "the datahead is longer than the data"
        case .datahead(let error): error.description
        case .attachmentsLongerThanData: "the attachments are longer than the data"
        }
    }
}
