import TMTP
import Testing

@Suite("Posted times")
struct PostedTimeTests {
    @Test("server posted times read as microseconds since the epoch")
    func parse() {
        #expect(PostedTime.microseconds("1970-01-01T00:00:00.000Z") == 0)
        #expect(PostedTime.microseconds("2026-11-29T07:49:47.676Z") == 1_795_938_587_676_000)
        #expect(PostedTime.microseconds("2026-11-29T08:49:47.676+01:00") == 1_795_938_587_676_000)
        #expect(PostedTime.microseconds("2026-11-29T07:49:47Z") == 1_795_938_587_000_000)
        #expect(PostedTime.microseconds("2000-02-29T00:00:00Z") == 951_782_400_000_000)
    }

    @Test(
        "anything else is refused",
        arguments: [
            "", "2026-11-29", "2026-13-01T00:00:00Z", "2026-11-29T07:49:47.Z",
            "2026-11-29T07:49:47.676", "2026-11-29T07:49:47.676Zjunk", "x026-11-29T07:49:47Z",
        ])
    func refuse(text: String) {
        #expect(PostedTime.microseconds(text) == nil)
    }
}
