// Fuzz target for the renderer: any input must render without crashing, keep every line
// within the width, and let no ESC or C1 control byte from the input reach plain output.
//
// Built normally it replays inputs: `render-fuzz FILE...` (a crash reproducer, a corpus).
// Built for fuzzing it runs libFuzzer:
//
//     swift build -c release --product render-fuzz --sanitize fuzzer -Xswiftc -DFUZZING
//     SWIFT_BACKTRACE=enable=no .build/release/render-fuzz -max_total_time=60 -max_len=20000
import QuireRender

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Renders `data` at a width taken from its first byte, and checks the renderer's promises.
func fuzzOne(_ data: UnsafeBufferPointer<UInt8>) {
    guard let first = data.first else { return }
    let width = 10 + Int(first % 140)
    let text = String(decoding: data.dropFirst(), as: UTF8.self)
    let options = RenderOptions(width: width, ambiguousWide: first & 0x80 != 0, maximumInputBytes: 64 * 1024)
    let document = Renderer(options: options).render(text)
    for line in document.lines + document.slides.flatMap({ $0 }) {
        precondition(
            line.width(ambiguousWide: options.ambiguousWide) <= width, "line wider than \(width): \(line.plainText)")
    }
    let plain = ANSIWriter().write(document)
    for scalar in plain.unicodeScalars {
        let value = scalar.value
        precondition(value >= 0x20 || value == 0x0A || value == 0x09, "control U+\(value) in output")
        precondition(value != 0x7F && !(0x80...0x9F).contains(value), "control U+\(value) in output")
    }
}

#if FUZZING
    @_silgen_name("LLVMFuzzerRunDriver")
    func LLVMFuzzerRunDriver(
        _ argc: UnsafeMutablePointer<Int32>,
        _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
        _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32
    ) -> Int32

    var argc = CommandLine.argc
    var argv = CommandLine.unsafeArgv
    let status = withUnsafeMutablePointer(to: &argv) { argvPointer in
        argvPointer.withMemoryRebound(
            to: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?.self, capacity: 1
        ) { rebound in
            LLVMFuzzerRunDriver(&argc, rebound) { bytes, count in
                guard let bytes else { return 0 }
                fuzzOne(UnsafeBufferPointer(start: bytes, count: count))
                return 0
            }
        }
    }
    exit(status)
#else
    var failures = 0
    for path in CommandLine.arguments.dropFirst() {
        guard let handle = fopen(path, "rb") else {
            print("cannot open \(path)")
            failures += 1
            continue
        }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = fread(&buffer, 1, buffer.count, handle)
            if count > 0 { bytes += buffer[..<count] }
            if count < buffer.count { break }
        }
        fclose(handle)
        bytes.withUnsafeBufferPointer(fuzzOne)
        print("ok \(path) (\(bytes.count) bytes)")
    }
    exit(failures == 0 ? 0 : 1)
#endif
