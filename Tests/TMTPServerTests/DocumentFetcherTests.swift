import Testing

@testable import TMTPServer

/// The HTTP/1.x responses the JWKS fetch accepts.
struct DocumentFetcherTests {
    @Test func bodyEndsAtContentLength() throws {
        let response = try HTTPResponse(
            Array("HTTP/1.1 200 OK\r\nContent-Length: 4\r\nX-Other: a:b\r\n\r\nbodyextra".utf8), maximumBodySize: 100)
        #expect(response.status == 200)
        #expect(response.body == Array("body".utf8))
        #expect(response.header("x-other") == "a:b")
    }

    @Test func chunkedBodyIsDecoded() throws {
        let raw =
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4\r\n{\"ke\r\na;ext=1\r\nys\":[]}   \r\n0\r\n\r\n"
        let response = try HTTPResponse(Array(raw.utf8), maximumBodySize: 100)
        #expect(String(decoding: response.body, as: UTF8.self) == "{\"keys\":[]}   ")
    }

    @Test func truncatedAndOversizedResponsesAreRefused() {
        #expect(throws: DocumentFetcher.Failure.self) {
            try HTTPResponse(Array("HTTP/1.0 200 OK\r\nContent-Length: 10\r\n\r\nshort".utf8), maximumBodySize: 100)
        }
        #expect(throws: DocumentFetcher.Failure.self) {
            try HTTPResponse(Array("HTTP/1.0 200 OK\r\n\r\n0123456789".utf8), maximumBodySize: 5)
        }
        #expect(throws: DocumentFetcher.Failure.self) {
            try HTTPResponse(
                Array("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nff\r\nab".utf8), maximumBodySize: 500)
        }
        #expect(throws: DocumentFetcher.Failure.self) {
            try HTTPResponse(Array("SSH-2.0\r\n\r\n".utf8), maximumBodySize: 5)
        }
    }
}
