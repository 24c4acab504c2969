import Foundation
import Testing
@testable import Cookies
@testable import Express
@testable import Lessons

/// A small deterministic generator (SplitMix64), so every run fuzzes the same inputs.
struct Seeded: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Mutates a string: flips, inserts, deletes and duplicates bytes, favouring the characters
/// cookie grammars care about.
func mutate(_ s: String, _ rng: inout Seeded) -> String {
    var bytes = Array(s.utf8)
    let interesting: [UInt8] = Array(";=,\" \t\r\n\0%.-/:\\".utf8) + [0xC3, 0xA9, 0xFF, 0x7F, 0x01]
    for _ in 0..<Int.random(in: 1...6, using: &rng) {
        switch Int.random(in: 0..<5, using: &rng) {
        case 0 where !bytes.isEmpty: bytes[Int.random(in: 0..<bytes.count, using: &rng)] = interesting.randomElement(using: &rng)!
        case 1: bytes.insert(interesting.randomElement(using: &rng)!, at: Int.random(in: 0...bytes.count, using: &rng))
        case 2 where !bytes.isEmpty: bytes.remove(at: Int.random(in: 0..<bytes.count, using: &rng))
        case 3 where !bytes.isEmpty:
            let i = Int.random(in: 0..<bytes.count, using: &rng)
            bytes.insert(contentsOf: bytes[i...].prefix(8), at: i)
        default: bytes.insert(UInt8.random(in: 0...255, using: &rng), at: Int.random(in: 0...bytes.count, using: &rng))
        }
    }
    return String(decoding: bytes, as: UTF8.self)
}

/// The IETF http-state corpus kept in `Tests/Data/http-state`: its Set-Cookie headers seed the fuzzer.
let corpusFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Data/http-state")

struct ParserCase: Decodable { var received: [String] }

@Suite struct FuzzTests {
    static let seeds: [String] = {
        let data = (try? Data(contentsOf: corpusFolder.appendingPathComponent("parser.json"))) ?? Data("[]".utf8)
        let cases = (try? JSONDecoder().decode([ParserCase].self, from: data)) ?? []
        return cases.flatMap(\.received)
    }()

    @Test func theSetCookieParserNeverCrashesAndAlwaysSaysWhy() throws {
        try #require(Self.seeds.count > 200, "the seeds come from Tests/Data/http-state/parser.json")
        var rng = Seeded(state: 6265)
        let url = CookieURL(host: "home.example.org", path: "/cookie-parser")
        var jar = CookieJar(limits: .init(perDomain: 20, total: 60))
        let now = Date(timeIntervalSince1970: 1_705_320_000)
        var outcomes: [StoreDecision.Outcome: Int] = [:]
        for i in 0..<5000 {
            let header = mutate(Self.seeds[i % Self.seeds.count], &rng)
            let decision = jar.store(header, from: url, at: now)
            outcomes[decision.outcome, default: 0] += 1
            #expect(!decision.reason.isEmpty)
            if decision.outcome == .stored || decision.outcome == .replaced {
                #expect(decision.cookie != nil)
            }
            _ = jar.cookies(for: url, at: now)
        }
        #expect(jar.cookies.count <= 60)
        #expect(outcomes[.stored, default: 0] > 100 && outcomes[.rejected, default: 0] > 100)
    }

    @Test func cookieDatesNeverCrash() {
        var rng = Seeded(state: 1)
        for _ in 0..<5000 {
            let text = mutate("Mon, 15 Jan 2024 12:00:00 GMT", &rng)
            if let date = CookieDate.parse(text) {
                #expect(date.timeIntervalSince1970 >= -11_644_473_600)  // not before 1601
            }
        }
    }

    @Test func theServersCookieParsingSurvivesGarbage() async throws {
        try #require(Self.seeds.count > 200, "the seeds come from Tests/Data/http-state/parser.json")
        let app = try await makeFuzzApp()
        var rng = Seeded(state: 42)
        for i in 0..<300 {
            let header = mutate(i % 2 == 0 ? "connect.sid=s%3Aabc.def; a=1; j=j%3A%7B%7D" : Self.seeds[i % Self.seeds.count], &rng)
            let r = await app.handle(IncomingRequest(method: "GET", target: "/", headers: [HeaderField("Cookie", header)])).response
            #expect(r?.status == 200, "Cookie: \(header)")
        }
    }

    @Test func theLessonParserAlwaysAnswersWithALessonOrALocatedError() throws {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("lessons")
        let texts = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".md") && $0 != "README.md" }.sorted()
            .map { try String(contentsOf: folder.appendingPathComponent($0), encoding: .utf8) }
        var rng = Seeded(state: 7)
        var errors = 0
        for i in 0..<300 {
            let text = mutate(texts[i % texts.count], &rng)
            do {
                _ = try LessonParser.parse(text, file: "fuzz.md")
            } catch {
                errors += 1
                #expect(error.line >= 1 && error.column >= 1)
                #expect(error.description.hasPrefix("fuzz.md:\(error.line):\(error.column): "))
            }
        }
        #expect(errors > 0)
    }
}

func makeFuzzApp() async throws -> ExpressRuntime {
    let runtime = ExpressRuntime(source: """
        const express = require("express");
        const session = require("express-session");
        const cookieParser = require("cookie-parser");
        const app = express();
        app.use(cookieParser("s"));
        app.use(session({ secret: "s", resave: false, saveUninitialized: false }));
        app.get("/", (req, res) => { req.session.n = (req.session.n || 0) + 1; res.send(String(req.session.n)); });
        """, now: { Date(timeIntervalSince1970: 1_705_320_000) })
    try await runtime.load()
    return runtime
}
