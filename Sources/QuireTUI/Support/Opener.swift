import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Opens web links and attachment files with the user's opener (`xdg-open` by default).
///
/// The opener is an argv and the link or path is one more argument: nothing goes through a
/// shell, so a link like `https://x/$(rm -rf ~)` is only ever a string. The opener's output
/// goes to /dev/null so it cannot scribble over the screen, and quire does not wait for it.
struct Opener: Sendable {
    let command: [String]

    /// Why opening failed.
    struct Failure: Error, CustomStringConvertible {
        var program: String
        var code: Int32
        var description: String { "cannot run \(program): \(String(cString: strerror(code)))" }
    }

    func open(_ argument: String) throws(Failure) {
        let arguments = (command.isEmpty ? ["xdg-open"] : command) + [argument]
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) }
        argv.append(nil)
        defer { for pointer in argv { free(pointer) } }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        for descriptor: Int32 in [0, 1, 2] {
            posix_spawn_file_actions_addopen(
                &actions, descriptor, "/dev/null", descriptor == 0 ? O_RDONLY : O_WRONLY, 0)
        }
        var pid: pid_t = 0
        let result = posix_spawnp(&pid, arguments[0], &actions, nil, argv, environ)
        guard result == 0 else { throw Failure(program: arguments[0], code: result) }
        // Reap the child whenever it ends, off the UI thread.
        let child = pid
        Thread.detachNewThread {
            var status: Int32 = 0
            while waitpid(child, &status, 0) < 0 && errno == EINTR {}
        }
    }
}
