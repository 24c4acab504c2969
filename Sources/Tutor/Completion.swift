/// What tab completion offers, taken from the tutor after each command so the line editor can
/// ask synchronously.
public struct CompletionModel: Sendable, Hashable {
    public var commands: [String] = CommandHelp.names + ["document.cookie"]
    public var lessonIDs: [String] = []
    public var routePaths: [String] = []
    public var cookieNames: [String] = []
    public var profiles: [String] = []

    public init() {}

    /// Candidates for `word`, the last word of `line`.
    public func candidates(line: String, word: String) -> [String] {
        let words = CommandLineParser.words(line)
        let atFirstWord = words.isEmpty || (words.count == 1 && !line.hasSuffix(" "))
        let pool: [String]
        if atFirstWord {
            pool = commands
        } else {
            switch words[0].lowercased() {
            case "open": pool = lessonIDs + lessonIDs.indices.map { String($0 + 1) }
            case "get", "post", "put", "patch", "delete", "head": pool = routePaths
            case "set", "edit": pool = cookieNames.map { $0 + "=" }
            case "unset", "rm": pool = cookieNames
            case "as": pool = profiles
            case "help": pool = commands
            case "reset": pool = ["lesson"]
            case "thirdparty": pool = ["block", "allow", "default"]
            case "browser": pool = ["chrome", "firefox", "safari"]
            default: pool = []
            }
        }
        return Array(Set(pool.filter { $0.hasPrefix(word) })).sorted()
    }
}

extension Tutor {
    public func completionModel() async -> CompletionModel {
        var model = CompletionModel()
        model.lessonIDs = lessons.map(\.id)
        if let app {
            model.routePaths = Array(Set(await app.runtime.routes().map(\.path).filter { !$0.contains(":") && !$0.contains("*") })).sorted()
        }
        model.cookieNames = await browser.jar().cookies.map(\.name)
        model.profiles = await browser.profiles
        return model
    }
}
