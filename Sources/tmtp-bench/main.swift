import Foundation
import TMTP

// Throughput of the TMTP codec and CRC-32C. Run in release: `swift run -c release tmtp-bench`.
// Every measurement is a fixed amount of work; the whole run takes a few seconds.

/// Keeps results alive so the optimiser cannot drop the work.
nonisolated(unsafe) var sink: UInt64 = 0

/// CPU time of this thread: the machine may be shared, so rates are given per CPU-second too.
func threadCPUSeconds() -> Double {
    var spec = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &spec)
    return Double(spec.tv_sec) + Double(spec.tv_nsec) * 1e-9
}

func measure(
    _ label: String, bytesPerRound: Int, rounds: Int, unit: String = "MB/s", _ body: () throws -> Void
) rethrows {
    try body()  // warm-up
    let clock = ContinuousClock()
    let start = clock.now
    let cpuStart = threadCPUSeconds()
    for _ in 0..<rounds { try body() }
    let cpu = threadCPUSeconds() - cpuStart
    let elapsed = clock.now - start
    let wall = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
    let scale = unit == "GB/s" ? 1e9 : 1e6
    let total = Double(bytesPerRound) * Double(rounds)
    print(
        label.padding(toLength: 44, withPad: " ", startingAt: 0)
            + String(
                format: "%9.1f %@ wall %9.1f %@ CPU  (%d rounds)", total / wall / scale, unit, total / cpu / scale,
                unit, rounds))
}

/// A Post whose whole frame is about `size` bytes.
func postFrame(totalSize size: Int) throws -> (ClientMessage, [UInt8], [UInt8]) {
    let header = ClientMessage.post(
        .init(id: "c1", recipients: [Addressee(id: "MPYLFN+SGK8C%DV9S93JB8SSNWLDX4NY", kind: .user)], dataLength: 1))
    let headerSize = try header.frame().count
    let dataLength = max(1, size - headerSize - 8)
    let message = ClientMessage.post(
        .init(
            id: "c1", recipients: [Addressee(id: "MPYLFN+SGK8C%DV9S93JB8SSNWLDX4NY", kind: .user)],
            dataLength: Int64(dataLength), dataHead: Int64(min(60, dataLength))))
    let data = [UInt8](repeating: 0x61, count: dataLength)
    return (message, data, try message.frame() + data)
}

/// A stored delivery whose whole frame is about `size` bytes.
func deliveryFrame(totalSize size: Int) throws -> (ServerMessage, [UInt8], [UInt8]) {
    let std = ServerMessage.Std(
        from: "ZFFBXHMFYVJW%VH%2JRBC8G1T15KF4H9", id: "18ec76973fd89b55", posted: "2026-11-29T08:25:43.974Z",
        dataLength: 1, dataHead: 60, dataSum: 4_162_817_592)
    let headerSize = try ServerMessage.delivery(.init(std: std)).frame().count
    var sized = std
    sized.dataLength = Int64(max(1, size - headerSize - 8))
    sized.dataHead = min(60, sized.dataLength)
    let message = ServerMessage.delivery(.init(std: sized))
    let data = [UInt8](repeating: 0x62, count: Int(sized.dataLength))
    return (message, data, try message.frame() + data)
}

func decodeStream<Header: FrameHeader>(_ type: Header.Type, _ stream: [UInt8], readSize: Int) throws {
    var decoder = FrameDecoder<Header>()
    var offset = 0
    while offset < stream.count {
        let end = min(stream.count, offset + readSize)
        decoder.append(stream[offset..<end])
        offset = end
        while let event = try decoder.next() {
            switch event {
            case .head(let header): sink &+= UInt64(truncatingIfNeeded: header.dataLength)
            case .body(let chunk): sink &+= UInt64(chunk.count)
            case .end: sink &+= 1
            }
        }
    }
}

print("tmtp-bench (CRC-32C hardware: \(CRC32C.isHardwareAccelerated ? "yes" : "no"))")

let (smallPost, smallPostData, smallPostFrame) = try postFrame(totalSize: 200)
let (largePost, largePostData, largePostFrame) = try postFrame(totalSize: 1 << 20)
let (smallDelivery, smallDeliveryData, smallDeliveryFrame) = try deliveryFrame(totalSize: 200)
let (largeDelivery, largeDeliveryData, largeDeliveryFrame) = try deliveryFrame(totalSize: 1 << 20)

// Decoding: many frames back to back, fed in 64 KiB reads as a socket would deliver them.
let smallCount = 5000
let smallClientStream = [[UInt8]](repeating: smallPostFrame, count: smallCount).flatMap { $0 }
let smallServerStream = [[UInt8]](repeating: smallDeliveryFrame, count: smallCount).flatMap { $0 }
try measure("decode client Post, 200 B frames", bytesPerRound: smallClientStream.count, rounds: 40) {
    try decodeStream(ClientMessage.self, smallClientStream, readSize: 65536)
}
try measure("decode server delivery, 200 B frames", bytesPerRound: smallServerStream.count, rounds: 40) {
    try decodeStream(ServerMessage.self, smallServerStream, readSize: 65536)
}
try measure("decode client Post, 1 MB frames", bytesPerRound: largePostFrame.count * 8, rounds: 40) {
    try decodeStream(ClientMessage.self, [[UInt8]](repeating: largePostFrame, count: 8).flatMap { $0 }, readSize: 65536)
}
try measure("decode server delivery, 1 MB frames", bytesPerRound: largeDeliveryFrame.count * 8, rounds: 40) {
    try decodeStream(
        ServerMessage.self, [[UInt8]](repeating: largeDeliveryFrame, count: 8).flatMap { $0 }, readSize: 65536)
}

// Encoding: header JSON + prefix + data into one buffer (server: including headsum).
try measure("encode client Post, 200 B frames", bytesPerRound: smallPostFrame.count * smallCount, rounds: 20) {
    for _ in 0..<smallCount {
        sink &+= UInt64(try FrameEncoder.frame(header: smallPost.headerJSON(), data: smallPostData).count)
    }
}
try measure(
    "encode server delivery+headsum, 200 B frames", bytesPerRound: smallDeliveryFrame.count * smallCount, rounds: 20
) {
    for _ in 0..<smallCount {
        sink &+= UInt64(try FrameEncoder.frame(header: smallDelivery.headerJSON(), data: smallDeliveryData).count)
    }
}
try measure("encode client Post, 1 MB frames", bytesPerRound: largePostFrame.count, rounds: 200) {
    sink &+= UInt64(try FrameEncoder.frame(header: largePost.headerJSON(), data: largePostData).count)
}
try measure("encode server delivery+headsum, 1 MB frames", bytesPerRound: largeDeliveryFrame.count, rounds: 200) {
    sink &+= UInt64(try FrameEncoder.frame(header: largeDelivery.headerJSON(), data: largeDeliveryData).count)
}

// CRC-32C over 1 MiB.
let crcBuffer = (0..<(1 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 31) }
crcBuffer.withUnsafeBytes { raw in
    if CRC32C.isHardwareAccelerated {
        measure("CRC-32C hardware, 1 MiB", bytesPerRound: raw.count, rounds: 2000, unit: "GB/s") {
            sink &+= UInt64(CRC32C.hardwareChecksum(raw))
        }
    }
    measure("CRC-32C table (slicing-by-8), 1 MiB", bytesPerRound: raw.count, rounds: 300, unit: "GB/s") {
        sink &+= UInt64(CRC32C.tableChecksum(raw))
    }
}
print("(checksum of results: \(sink))")
