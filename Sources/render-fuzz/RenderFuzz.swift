// Fuzz target for the renderer: any input must render without crashing, keep every line
// within the width, and let no ESC or C1 control byte from the input reach plain output.
//
// Built normally it replays inputs: `render-fuzz FILE...` (a crash reproducer, a corpus).
// Built for fuzzing, libFuzzer's own main drives `LLVMFuzzerTestOneInput` (a Swift `main`
// calling `LLVMFuzzerRunDriver` would clash with the `main` that `--sanitize fuzzer` links):
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
    /// libFuzzer's entry point; its own `main` (linked by `--sanitize fuzzer`) drives it.
    @_cdecl("LLVMFuzzerTestOneInput")
    public func fuzzTestOneInput(_ bytes: UnsafePointer<UInt8>?, _ count: Int) -> Int32 {
        guard let bytes else { return 0 }
        fuzzOne(UnsafeBufferPointer(start: bytes, count: count))
        return 0
    }
#else
    /// Replays inputs: each argument is a file to render and check.
    @main
    enum RenderFuzz {
        static func main() {
            var failures = 0
            for path in CommandLine.arguments.dropFirst() {
                guard let bytes = readFile(path) else {
                    print("cannot open \(path)")
                    failures += 1
                    continue
                }
                bytes.withUnsafeBufferPointer(fuzzOne)
                print("ok \(path) (\(bytes.count) bytes)")
            }
            exit(failures == 0 ? 0 : 1)
        }

        static func readFile(_ path: String) -> [UInt8]? {
            guard let handle = fopen(path, "rb") else { return nil }
            defer { fclose(handle) }
            var bytes: [UInt8] = []
            var buffer = [UInt8](repeating: 0, count: 65_536)
            while true {
                let count = fread(&buffer, 1, buffer.count, handle)
                if count > 0 { bytes += buffer[..<count] }
                if count < buffer.count { break }
            }
            return bytes
        }
    }
#endif
