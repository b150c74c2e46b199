import Foundation

/// Everything a second device needs to log in as an existing account: the site, the uid and a
/// node password the site issued for that device (UserEdit `newnode`).
///
/// It is a credential, so it is written readable by its owner only; `quire account join FILE`
/// imports it on the other device.
public struct EnrolmentBundle: Sendable, Hashable, Codable {
    public static let currentSchema = 1

    public var schema: Int
    /// The account's local name on the first device (a suggestion for the new one).
    public var account: String
    /// The site address, pinned to the certificate the first device saw when it is self-signed.
    public var siteAddress: String
    public var siteName: String?
    public var uid: String
    public var alias: String?
    /// The label given to the new node.
    public var label: String
    /// The new node's password.
    public var node: String

    public init(
        account: String, siteAddress: String, siteName: String?, uid: String, alias: String?, label: String,
        node: String
    ) {
        self.schema = Self.currentSchema
        self.account = account
        self.siteAddress = siteAddress
        self.siteName = siteName
        self.uid = uid
        self.alias = alias
        self.label = label
        self.node = node
    }

    /// Writes the bundle with mode 0600 through a temporary file renamed into place.
    public func write(to url: URL) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let data = try encoder.encode(self)
        let temporary = url.path + ".tmp-\(getpid())"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw EnrolmentBundleError.io(path: temporary, reason: String(cString: strerror(errno)))
        }
        let written = data.withUnsafeBytes { Foundation.write(descriptor, $0.baseAddress, $0.count) }
        let synced = fsync(descriptor) == 0
        close(descriptor)
        guard written == data.count, synced, rename(temporary, url.path) == 0 else {
            unlink(temporary)
            throw EnrolmentBundleError.io(path: url.path, reason: String(cString: strerror(errno)))
        }
    }

    /// Reads a bundle, refusing one that others can read (it holds a node password).
    public static func read(from url: URL) throws -> EnrolmentBundle {
        var status = stat()
        guard stat(url.path, &status) == 0 else {
            throw EnrolmentBundleError.io(path: url.path, reason: String(cString: strerror(errno)))
        }
        if UInt32(status.st_mode) & 0o077 != 0 {
            throw EnrolmentBundleError.readableByOthers(path: url.path)
        }
        let bundle: EnrolmentBundle
        do {
            bundle = try JSONDecoder().decode(EnrolmentBundle.self, from: Data(contentsOf: url))
        } catch {
            throw EnrolmentBundleError.malformed(path: url.path)
        }
        guard bundle.schema == currentSchema else { throw EnrolmentBundleError.unknownSchema(bundle.schema) }
        return bundle
    }
}

public enum EnrolmentBundleError: Error, Sendable, Equatable, CustomStringConvertible {
    case io(path: String, reason: String)
    case readableByOthers(path: String)
    case malformed(path: String)
    case unknownSchema(Int)

    public var description: String {
        switch self {
        case .io(let path, let reason): "\(path): \(reason)"
        case .readableByOthers(let path):
            "refusing \(path): other users can read it and it holds a node password (chmod 600 it)"
        case .malformed(let path): "\(path) is not a Quire enrolment bundle"
        case .unknownSchema(let schema): "enrolment bundle schema \(schema) is not supported (expected 1)"
        }
    }
}
