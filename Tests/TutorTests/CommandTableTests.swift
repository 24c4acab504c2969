import Foundation
import Testing
@testable import Tutor

/// Every command is declared once; dispatch, help, completion and suggestions come from there.
@Suite(.scratch) struct CommandTableTests {
    @Test func everyCommandHasHelpAndAppearsInTheList() async {
        let t = makeTutor(saveProgress: false)
        _ = await t.start()
        let list = await t.run("help")
        var seen: Set<String> = []
        for command in Tutor.commands {
            #expect(!command.summary.isEmpty && !command.example.isEmpty, "\(command.name) has no help")
            #expect(command.usage.hasPrefix(command.name), "\(command.name)'s usage starts with its name")
            #expect(list.contains("\n  " + command.name + " ") || list.contains("\n  " + command.name + "\n"), "\(command.name) is missing from help")
            for name in command.names {
                #expect(seen.insert(name).inserted, "\(name) is declared twice")
                #expect(Tutor.command(named: name)?.name == command.name)
            }
            let one = await t.run("help \(command.name)")
            #expect(one.hasPrefix(command.usage + "\n  " + command.summary))
            #expect(one.hasSuffix("  example: \(command.example)"))
        }
        // What runs is what help lists: the old aliases too.
        for alias in ["cookies", "rm", "prev", "head", "options", "sessions"] {
            #expect(Tutor.command(named: alias) != nil, "\(alias) runs")
            #expect(!(await t.run(alias)).hasPrefix("unknown command"))
        }
        #expect(await t.run("help unset").contains("  also: rm"))
        await t.shutdown()
    }

    @Test func argumentsAreParsedInOnePlaceWithClearErrors() async {
        let t = makeTutor(saveProgress: false)
        _ = await t.start()
        #expect(await t.run("set a=1 --domain") == "set: --domain needs a value (a domain) — usage: set NAME=VALUE [--domain D] [--path P] | set NAME --from PROFILE")
        #expect(await t.run("set a=1 --dommain x") == "set: unknown option \"--dommain\" — usage: set NAME=VALUE [--domain D] [--path P] | set NAME --from PROFILE")
        #expect(await t.run("as") == "as: missing NAME — usage: as NAME")
        #expect(await t.run("as alice bob") == "as: unexpected \"bob\" — usage: as NAME")
        #expect(await t.run("get / -H") == "get: -H needs a value ('Name: value') — usage: get PATH|URL [-H 'Name: value'] [--from SITE] [--subresource]")
        await t.shutdown()
    }

    @Test func aMistypedCommandGetsTheClosestName() async {
        let t = makeTutor(saveProgress: false)
        _ = await t.start()
        #expect(await t.run("hlep") == "unknown command \"hlep\". Did you mean `help`? `help` lists the commands.")
        #expect(await t.run("sotre") == "unknown command \"sotre\". Did you mean `store`? `help` lists the commands.")
        // Two edits away (two letters of `sessions`, the other name of `store`, missing) still counts.
        #expect(await t.run("sesion") == "unknown command \"sesion\". Did you mean `store`? `help` lists the commands.")
        #expect(await t.run("xyzzy") == "unknown command \"xyzzy\". `help` lists the commands.")
        #expect(Tutor.distance("hlep", "help") == 1)
        await t.shutdown()
    }

    @Test func completionFollowsEachCommandsArguments() {
        var model = CompletionModel()
        model.profiles = ["default", "bob"]
        model.cookieNames = ["connect.sid"]
        model.routePaths = ["/", "/newpage"]
        #expect(model.candidates(line: "as d", word: "d") == ["default"])
        // Past a command's last argument there is nothing to offer.
        #expect(model.candidates(line: "as default ", word: "") == [])
        #expect(model.candidates(line: "get /n", word: "/n") == ["/newpage"])
        #expect(model.candidates(line: "get -H 'A: b' /n", word: "/n") == ["/newpage"])
        #expect(model.candidates(line: "set c", word: "c") == ["connect.sid="])
        #expect(model.candidates(line: "browser f", word: "f") == ["firefox"])
        #expect(model.candidates(line: "hel", word: "hel") == ["help"])
    }

    @Test func jarShowsOneCookieInFullAndClearDoesNotTouchTheJar() async {
        let t = makeTutor(saveProgress: false)
        _ = await t.start()
        _ = await t.run("open 7")
        _ = await t.run("get /remember")
        let full = await t.run("jar remember")
        #expect(full.hasPrefix("remember\n  value     yes\n  domain    localhost (host-only: this host only)\n  path      /\n  expires   Mon, 15 Jan 2024 12:15:00 GMT (1705320900 s since 1970)\n  flags     none\n  size      11 bytes"))
        #expect(await t.run("jar nope") == "default's jar has no cookie \"nope\".")
        #expect(await t.run("clear") == "")
        #expect(await t.run("jar").contains("remember"))
        #expect(await t.run("jar clear").hasPrefix("browser: every cookie of default deleted"))
        #expect(await t.run("jar") == "default's jar is empty.")
        await t.shutdown()
    }

    /// At 60 columns a long line of code breaks after a space, never inside a token, and the
    /// continuation is marked.
    @Test func codeWrapsWithoutSplittingATokenAt60Columns() async throws {
        let t = makeTutor(width: 60, saveProgress: false)
        _ = await t.start()
        _ = await t.run("open 13")
        let code = await t.run("code").split(separator: "\n").map(String.init)
        await t.shutdown()
        #expect(code.allSatisfy { $0.count <= 60 })
        let i = try #require(code.firstIndex { $0.contains("res.cookie(\"uid\", uid, {") })
        try #require(i + 1 < code.count)
        #expect(code[i + 1].hasPrefix("   ↪ "))
        let joined = code[i].dropFirst(5) + code[i + 1].dropFirst(5)
        #expect(joined.contains("res.cookie(\"uid\", uid, { sameSite: \"none\", secure: true, maxAge: 365 * 24 * 3600 * 1000 });"))
    }
}
