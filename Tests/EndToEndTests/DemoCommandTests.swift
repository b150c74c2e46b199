import Foundation
import QuireTestSupport
import Testing

extension EndToEnd {
    /// The built `quire demo --headless` as a user runs it.
    struct DemoCommandTests {
        @Test func headlessDemoPrintsTheSiteAndExitsCleanly() async throws {
            let process = Process()
            process.executableURL = try BuiltProducts.executable("quire")
            process.arguments = ["demo", "--headless", "--seconds", "3"]
            let output = Pipe()
            process.standardOutput = output
            process.standardError = FileHandle.nullDevice
            try process.run()
            let deadline = ContinuousClock.now + .seconds(120)
            while process.isRunning && ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(50))
            }
            if process.isRunning {
                process.terminate()
                Issue.record("quire demo did not exit")
            }
            while process.isRunning { usleep(1_000) }  // not waitUntilExit: its run-loop wait can miss the exit
            let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            #expect(process.terminationStatus == 0, "\(text)")
            #expect(text.contains("address:     127.0.0.1:"), "\(text)")
            #expect(text.contains("fingerprint: "))
            #expect(text.contains("quire demo: stopped"))
            let home = try #require(
                text.split(separator: "\n").first { $0.contains("account:") }?.split(separator: " in ").last)
            #expect(!FileManager.default.fileExists(atPath: String(home)), "the demo home was left behind")
        }
    }
}
