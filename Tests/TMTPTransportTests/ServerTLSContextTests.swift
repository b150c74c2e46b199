import Foundation
import TMTPTransport
import Testing

@Suite struct ServerTLSContextTests {
    private let site = Result { try SelfSignedCertificate(commonName: "context", hosts: ["localhost"]) }

    @Test func aChainOfSeveralCertificatesLoads() throws {
        let leaf = try site.get()
        let other = try SelfSignedCertificate(commonName: "other", hosts: ["localhost"])
        let context = try ServerTLSContext(
            certificateChainPEM: Array((leaf.certificatePEM + "\n" + other.certificatePEM).utf8),
            privateKeyPEM: Array(leaf.privateKeyPEM.utf8))
        // The fingerprint clients pin is the leaf's.
        #expect(context.fingerprint == leaf.fingerprint)
    }

    @Test func emptyCertificateTextIsRefused() throws {
        let leaf = try site.get()
        #expect(throws: ServerTLSError.noCertificate) {
            _ = try ServerTLSContext(certificateChainPEM: [], privateKeyPEM: Array(leaf.privateKeyPEM.utf8))
        }
    }

    @Test func aBrokenCertificateIsRefused() throws {
        let leaf = try site.get()
        var broken = leaf.certificatePEM
        let middle = broken.index(broken.startIndex, offsetBy: broken.count / 2)
        broken.replaceSubrange(middle..<broken.index(middle, offsetBy: 8), with: "!!!!!!!!")
        #expect {
            _ = try ServerTLSContext(
                certificateChainPEM: Array(broken.utf8), privateKeyPEM: Array(leaf.privateKeyPEM.utf8))
        } throws: { error in
            guard case .some(.certificate) = error as? ServerTLSError else {
                return (error as? ServerTLSError) == .noCertificate
            }
            return true
        }
    }

    @Test func anotherCertificatesKeyIsRefused() throws {
        let leaf = try site.get()
        let other = try SelfSignedCertificate(commonName: "other", hosts: ["localhost"])
        #expect {
            _ = try ServerTLSContext(
                certificateChainPEM: Array(leaf.certificatePEM.utf8), privateKeyPEM: Array(other.privateKeyPEM.utf8))
        } throws: { error in
            guard case .some(.keyMismatch) = error as? ServerTLSError else { return false }
            return true
        }
    }

    @Test func aKeyFileWithoutAKeyIsRefused() throws {
        let leaf = try site.get()
        #expect {
            _ = try ServerTLSContext(
                certificateChainPEM: Array(leaf.certificatePEM.utf8), privateKeyPEM: Array("not a key".utf8))
        } throws: { error in
            guard case .some(.privateKey) = error as? ServerTLSError else { return false }
            return true
        }
    }

    @Test func aMissingFileIsNamed() throws {
        let path = NSTemporaryDirectory() + "quire-no-such-\(UUID().uuidString).pem"
        #expect {
            _ = try ServerTLSContext(certificateChainFile: path, privateKeyFile: path)
        } throws: { error in
            guard case .some(.unreadableFile(let named, _)) = error as? ServerTLSError else { return false }
            return named == path && "\(error)".contains(path)
        }
    }

    @Test func filesOnDiskLoad() throws {
        let leaf = try site.get()
        let directory = NSTemporaryDirectory() + "quire-tls-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try leaf.certificatePEM.write(toFile: directory + "/cert.pem", atomically: true, encoding: .utf8)
        try leaf.privateKeyPEM.write(toFile: directory + "/key.pem", atomically: true, encoding: .utf8)
        let context = try ServerTLSContext(
            certificateChainFile: directory + "/cert.pem", privateKeyFile: directory + "/key.pem")
        #expect(context.fingerprint == leaf.fingerprint)
    }

    @Test func aFileTooLargeForACertificateIsRefused() throws {
        #expect {
            _ = try ServerTLSContext(certificateChainFile: "/dev/zero", privateKeyFile: "/dev/zero")
        } throws: { error in
            error as? ServerTLSError == .unreadableFile(path: "/dev/zero", reason: "larger than 1 MiB")
        }
    }
}
