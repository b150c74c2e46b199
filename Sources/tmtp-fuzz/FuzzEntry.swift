import Foundation

// libFuzzer build (`swift build --sanitize fuzzer --product tmtp-fuzz -Xswiftc -DFUZZING`):
// SwiftPM compiles with -parse-as-library and libFuzzer supplies `main`, calling this entry.
// Normal build: a small program that replays the input files named on the command line.

#if FUZZING
    @_cdecl("LLVMFuzzerTestOneInput")
    public func fuzzerTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
        fuzzOneInput(UnsafeRawBufferPointer(start: data, count: size))
        return 0
    }
#else
    @main
    enum ReplayInputs {
        static func main() {
            let paths = CommandLine.arguments.dropFirst()
            guard !paths.isEmpty else {
                print("usage: tmtp-fuzz FILE|DIR...  (replays inputs; build with --sanitize fuzzer -DFUZZING to fuzz)")
                return
            }
            var count = 0
            for path in paths {
                var isDirectory: ObjCBool = false
                guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                    print("tmtp-fuzz: no such file: \(path)")
                    exit(1)
                }
                let names =
                    isDirectory.boolValue ? (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? [] : []
                let files = isDirectory.boolValue ? names.sorted().map { path + "/" + $0 } : [path]
                for file in files {
                    guard let data = FileManager.default.contents(atPath: file) else { continue }
                    data.withUnsafeBytes { fuzzOneInput($0) }
                    count += 1
                }
            }
            print("tmtp-fuzz: replayed \(count) inputs")
        }
    }
#endif
