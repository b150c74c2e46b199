import Foundation
import TMTP

// libFuzzer build: `swift build --sanitize fuzzer -Xswiftc -DFUZZING --product tmtp-fuzz`.
// Our `main` keeps libFuzzer's own out of the link, so it hands control to libFuzzer's driver.
// Normal build: replays the files named on the command line (e.g. crash reproducers, a corpus).

#if FUZZING
    @_silgen_name("LLVMFuzzerRunDriver")
    func LLVMFuzzerRunDriver(
        _ argc: UnsafeMutablePointer<CInt>,
        _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
        _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
    ) -> CInt

    var argc = CommandLine.argc
    var argv = CommandLine.unsafeArgv
    exit(
        LLVMFuzzerRunDriver(&argc, &argv) { data, size in
            fuzzOneInput(UnsafeRawBufferPointer(start: data, count: size))
            return 0
        })
#else
    let paths = CommandLine.arguments.dropFirst()
    if paths.isEmpty {
        print("usage: tmtp-fuzz FILE|DIR...  (replays inputs; build with --sanitize fuzzer -DFUZZING to fuzz)")
    }
    var count = 0
    for path in paths {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            print("tmtp-fuzz: no such file: \(path)")
            exit(1)
        }
        let files =
            isDirectory.boolValue
            ? ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted().map { path + "/" + $0 }
            : [path]
        for file in files {
            guard let data = FileManager.default.contents(atPath: file) else { continue }
            data.withUnsafeBytes { fuzzOneInput($0) }
            count += 1
        }
    }
    if !paths.isEmpty { print("tmtp-fuzz: replayed \(count) inputs") }
#endif
