import Dispatch
import NIOConcurrencyHelpers

/// Counters and latency samples shared by every client of a run.
final class LoadStats: Sendable {
    private struct State {
        var posts = 0
        var postBytes = 0
        var ackLatencies: [UInt64] = []
        var deliveries = 0
        var deliveryLatencies: [UInt64] = []
        var errors: [String: Int] = [:]
        var started: UInt64 = 0
    }

    private let state = NIOLockedValueBox(State())

    func start() {
        state.withLockedValue { $0.started = DispatchTime.now().uptimeNanoseconds }
    }

    func recordPost(bytes: Int, ackNanoseconds: UInt64) {
        state.withLockedValue {
            $0.posts += 1
            $0.postBytes += bytes
            $0.ackLatencies.append(ackNanoseconds)
        }
    }

    func recordDelivery(nanoseconds: UInt64) {
        state.withLockedValue {
            $0.deliveries += 1
            $0.deliveryLatencies.append(nanoseconds)
        }
    }

    func recordError(_ text: String) {
        state.withLockedValue { $0.errors[text, default: 0] += 1 }
    }

    var posts: Int { state.withLockedValue { $0.posts } }
    var deliveries: Int { state.withLockedValue { $0.deliveries } }

    /// The figures, as printed at the end of a run.
    func report(expectedDeliveries: Int) -> String {
        state.withLockedValue { state in
            let elapsed = Double(DispatchTime.now().uptimeNanoseconds - state.started) / 1e9
            var lines: [String] = []
            lines.append(String(format: "elapsed        %.1f s", elapsed))
            lines.append("posts acked    \(state.posts)")
            lines.append(String(format: "messages/s     %.0f", Double(state.posts) / elapsed))
            lines.append(String(format: "MB/s posted    %.2f", Double(state.postBytes) / elapsed / 1e6))
            lines.append("ack latency    " + Self.percentiles(state.ackLatencies))
            lines.append("deliveries     \(state.deliveries) of \(expectedDeliveries) expected")
            lines.append("delivery lat.  " + Self.percentiles(state.deliveryLatencies))
            let errorCount = state.errors.values.reduce(0, +)
            lines.append("errors         \(errorCount)")
            for (text, count) in state.errors.sorted(by: { $0.value > $1.value }).prefix(10) {
                lines.append("  \(count) × \(text)")
            }
            return lines.joined(separator: "\n")
        }
    }

    private static func percentiles(_ samples: [UInt64]) -> String {
        guard !samples.isEmpty else { return "-" }
        let sorted = samples.sorted()
        func at(_ fraction: Double) -> Double {
            Double(sorted[min(sorted.count - 1, Int(Double(sorted.count) * fraction))]) / 1e6
        }
        return String(format: "p50 %.1f ms  p99 %.1f ms  max %.1f ms", at(0.5), at(0.99), at(1.0))
    }
}
