import Foundation

/// An exclusive, advisory lock on one account's link, held by at most one quire process (or one
/// sync within a process): a second login of the same node would be refused by the site, and two
/// senders could send one outbox row twice. The kernel drops the lock when its holder dies.
public final class AccountLock: Sendable {
    private let descriptor: Int32
    public let path: String

    private init(descriptor: Int32, path: String) {
        self.descriptor = descriptor
        self.path = path
    }

    deinit {
        close(descriptor)
    }

    /// Takes the lock of `account` without waiting; nil when someone else holds it.
    public static func tryAcquire(account: String, home: QuireHome) throws(AccountLockError) -> AccountLock? {
        let directory = home.locksDirectory.path
        if mkdir(directory, 0o700) != 0, errno != EEXIST {
            throw .io(path: directory, reason: String(cString: strerror(errno)))
        }
        // The name is hex-encoded so that no account name becomes a path.
        let hex = account.utf8.map { String(format: "%02x", $0) }.joined()
        let path = directory + "/" + hex + ".lock"
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw .io(path: path, reason: String(cString: strerror(errno))) }
        if flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            let code = errno
            close(descriptor)
            if code == EWOULDBLOCK { return nil }
            throw .io(path: path, reason: String(cString: strerror(code)))
        }
        return AccountLock(descriptor: descriptor, path: path)
    }
}

public enum AccountLockError: Error, Sendable, Equatable, CustomStringConvertible {
    case io(path: String, reason: String)

    public var description: String {
        switch self {
        case .io(let path, let reason): "cannot lock \(path): \(reason)"
        }
    }
}
