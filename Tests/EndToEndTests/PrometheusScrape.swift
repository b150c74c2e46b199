import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// One scrape of tmtpd's `/metrics`: sample values by series (`name` or `name{labels}`).
struct PrometheusScrape {
    let text: String
    let samples: [String: Double]

    /// GETs `url` and parses the text format's sample lines.
    static func fetch(_ url: URL) async throws -> PrometheusScrape {
        let (data, response) = try await URLSession.shared.data(from: url)
        guard (response as? HTTPURLResponse)?.statusCode == 200 else { throw URLError(.badServerResponse) }
        let text = String(decoding: data, as: UTF8.self)
        var samples: [String: Double] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            guard let space = line.lastIndex(of: " "), let value = Double(line[line.index(after: space)...]) else {
                continue
            }
            samples[String(line[..<space])] = value
        }
        return PrometheusScrape(text: text, samples: samples)
    }

    /// A series' value; 0 for a counter not yet created.
    subscript(_ series: String) -> Double { samples[series] ?? 0 }

    /// The URL in `tmtpd: metrics on URL`, once that line is complete.
    static func endpoint(in log: String) -> URL? {
        guard let range = log.range(of: "tmtpd: metrics on ") else { return nil }
        let rest = log[range.upperBound...].prefix { !$0.isWhitespace && $0 != "\"" }
        return URL(string: String(rest))
    }
}
