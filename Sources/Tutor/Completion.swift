/// What tab completion offers, taken from the tutor after each command so the line editor can
/// ask synchronously.
public struct CompletionModel: Sendable, Hashable {
    public var lessonIDs: [String] = []
    public var routePaths: [String] = []
    public var cookieNames: [String] = []
    public var profiles: [String] = []

    public init() {}

    /// Candidates for `word`, the last word of `line`: a command name first, then what the
    /// command declares for the argument being typed (and nothing past its last argument).
    public func candidates(line: String, word: String) -> [String] {
        let words = CommandLineParser.words(line)
        let atFirstWord = words.isEmpty || (words.count == 1 && !line.hasSuffix(" "))
        let pool: [String]
        if atFirstWord {
            pool = Tutor.commands.flatMap(\.names).filter { $0.count > 1 }
        } else if let command = Tutor.command(named: words[0]) {
            // The argument being typed: the words so far that are not options or their values.
            var index = 0
            var skip = false
            let typed = line.hasSuffix(" ") ? Array(words.dropFirst()) : Array(words.dropFirst().dropLast())
            for w in typed {
                if skip { skip = false; continue }
                if command.arguments.options.contains(where: { $0.names.contains(w) }) { skip = true; continue }
                if w.hasPrefix("-") { continue }
                index += 1
            }
            let completion = index < command.completion.count ? command.completion[index] : .none
            switch completion {
            case .none: pool = []
            case .commands: pool = Tutor.commands.flatMap(\.names).filter { $0.count > 1 }
            case .lessons: pool = lessonIDs + lessonIDs.indices.map { String($0 + 1) }
            case .routes: pool = routePaths
            case .cookies: pool = cookieNames
            case .cookieAssignments: pool = cookieNames.map { $0 + "=" }
            case .profiles: pool = profiles
            case .words(let words): pool = words
            }
        } else {
            pool = []
        }
        return Array(Set(pool.filter { $0.hasPrefix(word) })).sorted()
    }
}

extension Tutor {
    public func completionModel() async -> CompletionModel {
        var model = CompletionModel()
        model.lessonIDs = lessons.map(\.id)
        if let app = appSlot.app {
            model.routePaths = Array(Set(await app.runtime.routes().map(\.path).filter { !$0.contains(":") && !$0.contains("*") })).sorted()
        }
        model.cookieNames = await browser.jar().cookies.map(\.name)
        model.profiles = await browser.profiles
        return model
    }
}
