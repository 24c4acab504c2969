/// What a command accepts, declared with it in the command table.
struct ArgumentSpec: Sendable {
    /// An option that takes a value (`--from SITE`); the first name is the one handlers read.
    struct Option: Sendable {
        var names: [String]
        var value: String
    }

    /// Positional arguments that must be given, by name, in order.
    var required: [String] = []
    /// Positional arguments that may follow them.
    var optional: [String] = []
    /// A name for any further words (a request body), or nil when none are allowed.
    var rest: String?
    var options: [Option] = []
    /// Options without a value (`--subresource`); the first name is the one handlers read.
    var flags: [[String]] = []
    /// The words are handed over as they are, unparsed (`document.cookie = 'a=b'`).
    var verbatim = false

    static let none = ArgumentSpec()
    static func positional(_ required: String...) -> ArgumentSpec { ArgumentSpec(required: required) }
    static func optional(_ optional: String...) -> ArgumentSpec { ArgumentSpec(optional: optional) }
}

/// A command's arguments after parsing.
struct CommandArguments: Sendable {
    /// The positional arguments, required ones first.
    var positional: [String] = []
    /// Words beyond the positional ones (when the spec has a `rest`).
    var rest: [String] = []
    /// Option values by the option's first name, in the order given.
    var options: [String: [String]] = [:]
    /// Flags given, by their first name.
    var flags: Set<String> = []
    /// Every word after the command, unparsed.
    var words: [String] = []

    subscript(_ index: Int) -> String? { index < positional.count ? positional[index] : nil }
    func option(_ name: String) -> String? { options[name]?.last }
}

/// Why a command's arguments were refused; shown with the command's usage.
enum ArgumentError: Error, Equatable, CustomStringConvertible {
    case unknownOption(String)
    case missingValue(option: String, value: String)
    case missing(String)
    case unexpected(String)

    var description: String {
        switch self {
        case .unknownOption(let option): "unknown option \"\(option)\""
        case .missingValue(let option, let value): "\(option) needs a value (\(value))"
        case .missing(let name): "missing \(name)"
        case .unexpected(let word): "unexpected \"\(word)\""
        }
    }
}

extension ArgumentSpec {
    /// Parses the words after a command name.
    func parse(_ words: [String]) throws(ArgumentError) -> CommandArguments {
        var parsed = CommandArguments(words: words)
        if verbatim { parsed.rest = words; return parsed }
        var loose: [String] = []
        var i = 0
        while i < words.count {
            let word = words[i]
            if let option = options.first(where: { $0.names.contains(word) }) {
                guard i + 1 < words.count else { throw .missingValue(option: word, value: option.value) }
                parsed.options[option.names[0], default: []].append(words[i + 1])
                i += 2
                continue
            }
            if let flag = flags.first(where: { $0.contains(word) }) {
                parsed.flags.insert(flag[0])
                i += 1
                continue
            }
            if word.hasPrefix("--") && word.count > 2 { throw .unknownOption(word) }
            loose.append(word)
            i += 1
        }
        let positionalCount = required.count + optional.count
        parsed.positional = Array(loose.prefix(positionalCount))
        if loose.count < required.count { throw .missing(required[loose.count]) }
        let extra = Array(loose.dropFirst(positionalCount))
        if !extra.isEmpty {
            guard rest != nil else { throw .unexpected(extra[0]) }
            parsed.rest = extra
        }
        return parsed
    }
}
