import Foundation
import JavaScript
import Markdown
import Yams

/// Reads lesson markdown (cmark-gfm AST, YAML front matter with Yams) into a `Lesson`.
public enum LessonParser {
    /// Fence info strings shown as code in the prose, beside the three with a meaning.
    public static let displayBlocks: Set<String> = ["", "text", "txt", "http", "sh", "bash", "console", "json", "html"]

    /// Parses a lesson; the first problem in the file is thrown. Without `checkingJavaScript`,
    /// its code and goals are not compiled (that needs a JavaScriptCore virtual machine, which
    /// the tutor makes only when a lesson opens; see `diagnose`).
    public static func parse(_ text: String, file: String, checkingJavaScript: Bool = true) throws(LessonError) -> Lesson {
        let (lesson, problems) = diagnose(text, file: file, checkingJavaScript: checkingJavaScript)
        if let first = problems.first { throw first }
        return lesson!
    }

    /// Parses a lesson and reports every problem in the file, not only the first; the lesson is
    /// nil when the file cannot be read as one at all.
    public static func diagnose(_ text: String, file: String, checkingJavaScript: Bool = true) -> (Lesson?, [LessonError]) {
        var problems: [LessonError] = []
        do {
            let lesson = try parse(text, file: file, checkingJavaScript: checkingJavaScript) { problems.append($0) }
            return (lesson, problems)
        } catch {
            return (nil, problems + [error])
        }
    }

    static func parse(_ text: String, file: String, checkingJavaScript: Bool = true,
                      report: (LessonError) -> Void) throws(LessonError) -> Lesson {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        func error(_ line: Int, _ column: Int, _ message: String) -> LessonError {
            LessonError(file: file, line: line, column: column, message: message,
                        sourceLine: line >= 1 && line <= lines.count ? lines[line - 1] : nil)
        }

        // Front matter: blank it out so cmark's line numbers stay those of the file.
        var body = lines
        var meta: [String: String] = [:]
        if lines.first == "---", let end = lines.dropFirst().firstIndex(of: "---") {
            // YAML may notice a problem only at the end of the input; keep the report inside
            // the front matter.
            func yamlError(_ problem: String, _ mark: Mark) -> LessonError {
                let line = mark.line + 2
                if line > end { return error(end, lines[end - 1].count + 1, "front matter: \(problem)") }
                return error(line, mark.column + 1, "front matter: \(problem)")
            }
            let yaml = lines[1..<end].joined(separator: "\n")
            do {
                guard let loaded = try Yams.load(yaml: yaml) else { throw error(1, 1, "the front matter is empty") }
                guard let map = loaded as? [String: Any] else { throw error(2, 1, "the front matter must be a map of keys (title, summary, id)") }
                for (key, value) in map {
                    guard ["title", "summary", "id"].contains(key) else {
                        let line = (1..<end).first { lines[$0].hasPrefix(key + ":") }.map { $0 + 1 } ?? 2
                        throw error(line, 1, "unknown front matter key \"\(key)\" (known: title, summary, id)")
                    }
                    meta[key] = "\(value)"
                }
            } catch let e as LessonError {
                throw e
            } catch let YamlError.scanner(_, problem, mark, _) {
                throw yamlError(problem, mark)
            } catch let YamlError.parser(_, problem, mark, _) {
                throw yamlError(problem, mark)
            } catch {
                throw LessonError(file: file, line: 2, column: 1, message: "front matter: \(error)", sourceLine: lines.count > 1 ? lines[1] : nil)
            }
            for i in 0...end { body[i] = "" }
        }

        let document: MarkdownNode
        do { document = try MarkdownDocument.parse(body.joined(separator: "\n")) } catch {
            throw LessonError(file: file, line: 1, column: 1, message: "\(error)")
        }

        var title = meta["title"]
        var intro: [MarkdownNode] = []
        var steps: [Step] = []
        for node in document.children {
            switch node.kind {
            case .heading(level: 1) where title == nil && steps.isEmpty:
                title = node.plainText.trimmingCharacters(in: .whitespaces)
                continue
            case .heading(level: 2):
                let stepTitle = node.plainText.trimmingCharacters(in: .whitespaces)
                guard !stepTitle.isEmpty else { throw error(node.line, node.column, "a step needs a title after ##") }
                steps.append(Step(title: stepTitle, line: node.line, prose: [], code: nil, tries: [], goals: [], hints: []))
                continue
            default:
                break
            }
            guard !steps.isEmpty else {
                intro.append(node)
                continue
            }
            var step = steps.removeLast()
            defer { steps.append(step) }
            switch node.kind {
            case .codeBlock(let info, let literal):
                let words = info.split(separator: " ").map(String.init)
                let kind = words.first ?? ""
                let firstLine = node.line + 1
                switch kind {
                case "js", "javascript":
                    let options = Set(words.dropFirst())
                    let replaces = options.contains("replace")
                    let broken = options.contains("broken")
                    if let extra = words.dropFirst().first(where: { !["replace", "broken", "exercise", "solution"].contains($0) }) {
                        report(error(node.line, node.column + 3 + kind.count + 1, "unknown js block option \"\(extra)\" (known: replace, broken, exercise, solution)"))
                    }
                    if options.contains("solution") {
                        if step.code?.exercise != true {
                            report(error(node.line, node.column, "a `js solution` block belongs after the step's `js exercise` block"))
                        } else if step.solution != nil {
                            report(error(node.line, node.column, "step \"\(step.title)\" already has a solution"))
                        }
                        step.solution = Code(source: Self.dropEllipses(literal), replaces: replaces || step.code?.replaces == true, line: firstLine)
                        continue
                    }
                    if step.code != nil {
                        report(error(node.line, node.column, "step \"\(step.title)\" already has a js block; put its code in one block"))
                        step.prose.append(node)
                        continue
                    }
                    step.code = Code(source: Self.dropEllipses(literal), replaces: replaces, line: firstLine, broken: broken,
                                     exercise: options.contains("exercise"))
                    step.prose.append(node)
                case "crumbs":
                    if let extra = words.dropFirst().first(where: { $0 != "fresh" }) {
                        report(error(node.line, node.column + 3 + kind.count + 1, "unknown crumbs block option \"\(extra)\" (known: fresh)"))
                    }
                    if words.dropFirst().contains("fresh") { step.fresh = true }
                    step.tries += literal.split(separator: "\n").map(\.trimmingBlanks).filter { !$0.isEmpty }
                    step.prose.append(node)
                case "expect":
                    step.goals += goals(in: literal, firstLine: firstLine, file: file, lines: lines,
                                        checkingJavaScript: checkingJavaScript, report: report)
                default:
                    guard displayBlocks.contains(kind) else {
                        report(error(node.line, node.column + 3, "unknown block \"\(kind)\" (known: js, crumbs, expect; shown as code: \(displayBlocks.filter { !$0.isEmpty }.sorted().joined(separator: ", ")))"))
                        continue
                    }
                    step.prose.append(node)
                }
            case .blockQuote:
                let text = node.children.map(\.plainText).joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
                if text.hasPrefix("Hint:") {
                    step.hints.append(String(text.dropFirst(5)).trimmingCharacters(in: .whitespaces))
                } else {
                    step.prose.append(node)
                }
            default:
                step.prose.append(node)
            }
        }

        guard let title, !title.isEmpty else { throw error(1, 1, "the lesson has no title: add front matter `title:` or a `# Title` line") }
        guard !steps.isEmpty else { throw error(max(1, lines.count), 1, "the lesson has no steps: start each with a `## Step title` line") }

        for step in steps where step.isExercise && step.solution == nil {
            report(error(step.code!.line - 1, 1, "the exercise in step \"\(step.title)\" has no `js solution` block: lint needs it to check that the exercise can be solved"))
        }

        // Each step's accumulated code must compile.
        let lesson = Lesson(id: meta["id"] ?? defaultID(for: file), title: title, summary: meta["summary"],
                            file: file, intro: intro, steps: steps)
        for (index, step) in steps.enumerated() where checkingJavaScript {
            // An exercise's starting code may be broken on purpose; its solution must compile.
            guard let code = step.solution ?? step.code, !code.broken, step.solution != nil || !code.exercise else { continue }
            do {
                try JSContext.checkSyntax(code.source, file: file, line: code.line)
            } catch {
                let loc = error.location
                report(LessonError(file: file, line: loc?.line ?? code.line, column: loc?.column ?? 1,
                                  message: "in step \(index + 1) (\(step.title)): \(error.message)",
                                  sourceLine: loc.flatMap { $0.line <= lines.count ? lines[$0.line - 1] : nil }))
            }
        }
        return lesson
    }

    /// Splits an expect block into goals: a `//` comment is the goal's text, the statements
    /// after it check it.
    static func goals(in literal: String, firstLine: Int, file: String, lines: [String], checkingJavaScript: Bool,
                      report: (LessonError) -> Void) -> [Goal] {
        var goals: [Goal] = []
        var text: [String] = []
        var source: [String] = []
        var start = firstLine
        func flush() {
            if !text.isEmpty || !source.isEmpty {
                goals.append(Goal(text: text.joined(separator: " "), source: source.joined(separator: "\n"), line: start))
            }
            text = []
            source = []
        }
        for (offset, raw) in literal.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingBlanks
            let number = firstLine + offset
            if line.hasPrefix("//") {
                if !source.isEmpty { flush() }
                if text.isEmpty { start = number }
                text.append(line.dropFirst(2).trimmingBlanks)
            } else if !line.isEmpty {
                guard !text.isEmpty else {
                    report(LessonError(file: file, line: number, column: 1,
                                       message: "a goal needs a `// comment` before it: the sentence the learner reads",
                                       sourceLine: number <= lines.count ? lines[number - 1] : String(raw)))
                    continue
                }
                source.append(String(raw))
            }
        }
        flush()
        var usable: [Goal] = []
        for goal in goals {
            guard !goal.source.isEmpty else {
                report(LessonError(file: file, line: goal.line, column: 1, message: "the goal \"\(goal.text)\" has no expect(...) after it",
                                   sourceLine: goal.line <= lines.count ? lines[goal.line - 1] : nil))
                continue
            }
            do { if checkingJavaScript { try JSContext.checkSyntax(goal.source, file: file, line: goal.line + 1) } } catch {
                let loc = error.location
                report(LessonError(file: file, line: loc?.line ?? goal.line, column: loc?.column ?? 1, message: "in a goal: \(error.message)",
                                   sourceLine: loc.flatMap { $0.line <= lines.count ? lines[$0.line - 1] : nil }))
                continue
            }
            for problem in GoalChecker.staticProblems(in: goal) {
                let line = goal.line + problem.line
                report(LessonError(file: file, line: line, column: problem.column, message: problem.message,
                                   sourceLine: line <= lines.count ? lines[line - 1] : nil))
            }
            usable.append(goal)
        }
        return usable
    }

    /// A block's code with its `// ...` lines ("the code so far") left out.
    static func dropEllipses(_ literal: String) -> String {
        literal.split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.trimmingBlanks == "// ..." ? "" : String($0) }
            .joined(separator: "\n")
    }

    static func defaultID(for file: String) -> String {
        var name = URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
        if let dash = name.firstIndex(of: "-"), name[..<dash].allSatisfy(\.isNumber) {
            name = String(name[name.index(after: dash)...])
        }
        return name
    }
}

extension StringProtocol {
    /// The text without the blanks around it: Foundation's `.whitespaces` (tab and the Unicode
    /// space separators), without Foundation's character sets (lessons have thousands of lines).
    var trimmingBlanks: String {
        func blank(_ c: Unicode.Scalar) -> Bool {
            c.isASCII ? c == " " || c == "\t" : c.properties.generalCategory == .spaceSeparator
        }
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !blank($0) }), let last = scalars.lastIndex(where: { !blank($0) }) else { return "" }
        return String(String.UnicodeScalarView(scalars[first...last]))
    }
}
