import Foundation
import Testing
@testable import Tutor

/// Command lines: words, durations and their descriptions, completion.
@Suite(.scratch) struct CommandLineTests {
    @Test(arguments: [
        ("30s", 30), ("15m", 900), ("2h", 7200), ("2d", 172_800), ("1w", 604_800),
        ("1h30m", 5400), ("1.5h", 5400), ("90", 90),
    ] as [(String, TimeInterval)])
    func durations(text: String, seconds: TimeInterval) {
        #expect(CommandLineParser.duration(text) == seconds)
    }

    @Test(arguments: ["h", "5x", "5m3", "-5", "soon", ""])
    func notDurations(text: String) {
        #expect(CommandLineParser.duration(text) == nil)
    }

    @Test(arguments: [
        (0, "0 seconds"), (1, "1 second"), (59, "59 seconds"), (60, "1 minute"), (3600, "1 hour"),
        (7200, "2 hours"), (86_400, "1 day"), (90_061, "1 day 1 hour 1 minute 1 second"),
    ] as [(TimeInterval, String)])
    func descriptions(seconds: TimeInterval, text: String) {
        #expect(CommandLineParser.describe(seconds) == text)
    }

    /// As in sh: double quotes and a backslash group words; inside single quotes a backslash is
    /// an ordinary character.
    @Test(arguments: [
        (#"set a=1 b=2"#, ["set", "a=1", "b=2"]),
        (#"post /form "name=alice smith""#, ["post", "/form", "name=alice smith"]),
        (#"set x=a\ b"#, ["set", "x=a b"]),
        (#"set 'x=a\nb'"#, ["set", #"x=a\nb"#]),
        (#"set "x=a\"b""#, ["set", #"x=a"b"#]),
        ("  get\t/  ", ["get", "/"]),
        (#"set x=''"#, ["set", "x="]),
    ])
    func words(line: String, words: [String]) {
        #expect(CommandLineParser.words(line) == words)
    }

    /// `set` needs name=value, so Tab after `set` offers the names with their `=`.
    @Test func completingSetOffersNameEquals() {
        var model = CompletionModel()
        model.cookieNames = ["sid", "theme"]
        #expect(model.candidates(line: "set ", word: "") == ["sid=", "theme="])
        #expect(model.candidates(line: "unset t", word: "t") == ["theme"])
    }
}

@Suite(.serialized, .scratch) struct WaitTests {
    /// A session whose maxAge runs out exactly when the wait ends is reported as past its expiry.
    @Test func aSessionThatExpiresExactlyNowIsReported() async throws {
        let app = temporaryDirectory().appendingPathComponent("app.js")
        try """
        const express = require("express");
        const session = require("express-session");
        const app = express();
        app.use(session({ secret: "s", resave: false, saveUninitialized: true, cookie: { maxAge: 60000 } }));
        app.get("/", (req, res) => res.send("hi"));
        app.listen(3000);
        """.write(to: app, atomically: true, encoding: .utf8)
        let t = makeTutor()
        _ = await t.start()
        _ = await t.run("load \(app.path)")
        _ = await t.run("get /")
        let waited = await t.run("wait 60s")
        #expect(waited.hasPrefix("time moves on 1 minute: it is now Mon, 15 Jan 2024 12:01:00 GMT\n  the browser's cookies that have now expired: connect.sid\n  sessions past their expiry (MemoryStore deletes them when next read): "))
    }
}
