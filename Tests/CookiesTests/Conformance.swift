import Foundation
import Testing
@testable import Cookies

/// The IETF http-state corpus (RFC 6265's test cases), kept as data in `Tests/Data/http-state`
/// (its README says where it comes from and under which licence).
enum Corpus {
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Data/http-state")

    struct ParserCase: Decodable, Sendable, CustomTestStringConvertible {
        struct Pair: Decodable, Sendable, Equatable { var name: String; var value: String }
        var id: String
        var received: [String]
        var set_url: String
        var sent_to: String
        var sent: [Pair]
        var testDescription: String { id }
    }

    struct DateCase: Decodable, Sendable, CustomTestStringConvertible {
        var input: String
        var expected: String?
        var testDescription: String { input }
    }

    /// An unreadable file loads as no cases, which `corpusIsPresent` reports.
    static func load<T: Decodable>(_ file: String) -> [T] {
        let url = directory.appendingPathComponent(file)
        guard let data = try? Data(contentsOf: url) else { return [] }
        return (try? JSONDecoder().decode([T].self, from: data)) ?? []
    }

    static let parser: [ParserCase] = load("parser.json")
    static let dates: [DateCase] = load("dates.json")

    /// The corpus follows RFC 6265, which ignores a pair without a name; RFC 6265bis §5.6 keeps it
    /// as a nameless cookie (as browsers do). In these cases the nameless values listed here come
    /// on top of what the corpus expects, and nothing else differs.
    static let namelessUnderRFC6265bis: [String: [String]] = [
        "0004": ["foo"],
        "0021": ["x"],
        "0023": ["foo"],
        "0024": ["foo"],
        "0025": ["foo"],
        "0026": ["foo"],
        "0027": ["bar"],
        "0028": ["foo"],
        "CHROMIUM0009": ["BLAHHH"],
        "CHROMIUM0010": ["\"BLA\\\"HHH\""],
        "CHROMIUM0012": ["ABC"],
        "MOZILLA0012": ["five"],
        "MOZILLA0014": ["six"],
        "MOZILLA0015": ["seven"],
        "MOZILLA0016": ["eight"],
        "MOZILLA0017": ["eight"],
        "NAME0017": ["a=bar"],
        "NAME0023": ["foo"],
        "NAME0025": ["==a=bar"],
        "NAME0028": ["a"],
        "NAME0031": ["\"foo"],
        "NAME0032": ["\"foo\\\"bar"],
        "NAME0033": ["aaa"],
    ]

    /// A fixed "now" before the corpus's 2027 time bomb (CHROMIUM0016, CHROMIUM0017).
    static let now = Date(timeIntervalSince1970: 1_764_000_000)  // 2025-11-24
}

@Suite struct ConformanceTests {
    @Test func corpusIsPresent() {
        #expect(Corpus.parser.count == 222)
        #expect(Corpus.dates.count == 70)
    }

    @Test(arguments: Corpus.parser)
    func parserCase(_ c: Corpus.ParserCase) throws {
        var jar = CookieJar()
        let setURL = try #require(CookieURL(string: c.set_url))
        for (i, header) in c.received.enumerated() {
            // Each header a moment later, so creation times order like the server sent them.
            jar.store(header, from: setURL, at: Corpus.now.addingTimeInterval(Double(i) * 0.001))
        }
        let sentTo = try #require(CookieURL(string: c.sent_to))
        let selection = jar.cookies(for: sentTo, at: Corpus.now.addingTimeInterval(1))
        let got = selection.sent.map { Corpus.ParserCase.Pair(name: $0.name, value: $0.value) }
        #expect(got.filter { !$0.name.isEmpty } == c.sent)
        #expect(got.filter(\.name.isEmpty).map(\.value) == Corpus.namelessUnderRFC6265bis[c.id] ?? [])
    }

    @Test(arguments: Corpus.dates)
    func dateCase(_ c: Corpus.DateCase) {
        let parsed = CookieDate.parse(c.input)
        let iso = parsed.map { ISO8601DateFormatter().string(from: $0) }
        #expect(iso == c.expected)
    }
}
