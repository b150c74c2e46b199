// Fuzz target for the server's TLS handler (`ServerTLSHandler` over BoringSSL) on embedded channels, fed real TLS
// records: real clients' hellos and handshakes, and real sessions with records flipped or bytes injected.
//
// Built normally it writes seeds or replays inputs: `tls-fuzz --seeds DIR`, `tls-fuzz FILE|DIR...`.
// Built for fuzzing, libFuzzer's own main drives `LLVMFuzzerTestOneInput`, and every corpus directory named on the
// command line first gets the seeds, recorded afresh:
//
//     swift build --scratch-path .build-fuzz --sanitize fuzzer -Xswiftc -DFUZZING --product tls-fuzz
//     mkdir -p .build-fuzz/corpus-tls-fuzz
//     SWIFT_BACKTRACE=enable=no .build-fuzz/debug/tls-fuzz .build-fuzz/corpus-tls-fuzz -max_total_time=60
import Foundation

/// One input; the low bit of its first byte picks a fresh link's first flight or a scripted session.
func fuzzOneInput(_ bytes: [UInt8]) {
    guard let first = bytes.first else { return }
    if first & 1 == 0 {
        fuzzFirstFlight(bytes.dropFirst())
    } else {
        fuzzSession(bytes.dropFirst())
    }
}

/// Writes the seeds into `directory`, replacing earlier recordings of the same names.
func writeSeeds(into directory: String) throws {
    for seed in try Seeds.all() {
        try Data(seed.bytes).write(to: URL(fileURLWithPath: directory).appendingPathComponent("seed-\(seed.name)"))
    }
}

#if FUZZING
    @_cdecl("LLVMFuzzerInitialize")
    public func fuzzerInitialize(
        _ argc: UnsafeMutablePointer<CInt>?,
        _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>?
    ) -> CInt {
        guard let argc, let argv = argv?.pointee else { return 0 }
        for index in 1..<Int(max(argc.pointee, 1)) {
            guard let argument = argv[index].map({ String(cString: $0) }), !argument.hasPrefix("-") else { continue }
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: argument, isDirectory: &isDirectory), isDirectory.boolValue
            else { continue }
            do {
                try writeSeeds(into: argument)
            } catch {
                require(false, "cannot write seeds into \(argument): \(error)")
            }
        }
        return 0
    }

    @_cdecl("LLVMFuzzerTestOneInput")
    public func fuzzerTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
        guard let data else { return 0 }
        fuzzOneInput(Array(UnsafeBufferPointer(start: data, count: size)))
        return 0
    }
#else
    @main
    enum ReplayInputs {
        static func main() throws {
            let arguments = Array(CommandLine.arguments.dropFirst())
            if arguments.count == 2, arguments[0] == "--seeds" {
                try FileManager.default.createDirectory(atPath: arguments[1], withIntermediateDirectories: true)
                try writeSeeds(into: arguments[1])
                return
            }
            guard !arguments.isEmpty else {
                print(
                    "usage: tls-fuzz --seeds DIR | tls-fuzz FILE|DIR...  (build with --sanitize fuzzer -DFUZZING to fuzz)"
                )
                return
            }
            var count = 0
            for path in arguments {
                var isDirectory: ObjCBool = false
                guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                    print("tls-fuzz: no such file: \(path)")
                    exit(1)
                }
                let names = isDirectory.boolValue ? try FileManager.default.contentsOfDirectory(atPath: path) : []
                for file in isDirectory.boolValue ? names.sorted().map({ path + "/" + $0 }) : [path] {
                    guard let data = FileManager.default.contents(atPath: file) else { continue }
                    fuzzOneInput(Array(data))
                    count += 1
                }
            }
            print("tls-fuzz: replayed \(count) inputs")
        }
    }
#endif
