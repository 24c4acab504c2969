import Cookies
import Foundation
import Testing
@testable import Express

/// Differential cases: each file under `Differential/` is an app written as for Node, the
/// requests a client sends it, and the exact response and console output Express 4.21 and
/// Node 20 give for each (read in their sources and documentation). The runtime must match
/// them byte for byte.
///
/// A case file is the app's source, then blocks:
///
///     === load                   the console output of loading the app
///     --- log
///     <lines>
///     === GET /path              a request: header lines, then a blank line and a body
///     Header: value
///     --- response               the status, header lines, a blank line and the body
///     200 OK
///     Header: value
///
///     body
///     --- log                    the console output while the request ran
///     <lines>
///
/// Requests come from 127.0.0.1 with the header lines given (none are added); the clock is
/// Mon, 15 Jan 2024 12:00:00 GMT and session ids count up from 24 bytes of 1s.
@Suite struct DifferentialTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Differential")

    static var cases: [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasSuffix(".js") }.sorted()
    }

    @Test(arguments: cases) func matchesExpress(_ name: String) async throws {
        let text = try String(contentsOf: Self.folder.appendingPathComponent(name), encoding: .utf8)
        let script = try #require(DifferentialCase(parsing: text), "\(name) does not parse")
        let runtime = try await makeApp(script.app)
        for step in script.steps {
            if step.request == nil {
                #expect(Self.trimmed(runtime.console().joined(separator: "\n")) == step.log, "\(name): loading")
                continue
            }
            let request = step.request!
            let mark = runtime.events.count
            let handled = await runtime.handle(request)
            let response = handled.response.map(DifferentialCase.render) ?? "(no response)"
            #expect(Self.trimmed(response) == step.response, "\(name): \(request.method) \(request.target)")
            #expect(Self.trimmed(runtime.console(since: mark).joined(separator: "\n")) == step.log, "\(name): \(request.method) \(request.target) log")
        }
    }

    /// Without trailing newlines: the files end sections with blank lines, and Content-Length
    /// pins a body's exact length.
    static func trimmed(_ s: String) -> String {
        var s = Substring(s)
        while s.hasSuffix("\n") { s = s.dropLast() }
        return String(s)
    }
}

/// One parsed case file.
struct DifferentialCase {
    struct Step {
        /// `nil` for the `=== load` block.
        var request: IncomingRequest?
        var response: String
        var log: String
    }

    var app: String
    var steps: [Step]

    /// The response as the case files write it: status, headers, a blank line, the body.
    static func render(_ r: OutgoingResponse) -> String {
        ([("\(r.status) \(r.reason)")] + r.headers.map { "\($0.name): \($0.value)" }).joined(separator: "\n") + "\n\n" + r.body
    }

    init?(parsing text: String) {
        let lines = text.components(separatedBy: "\n")
        guard let first = lines.firstIndex(where: { $0.hasPrefix("=== ") }) else { return nil }
        app = lines[..<first].joined(separator: "\n")
        steps = []
        var i = first
        while i < lines.count {
            let title = lines[i].dropFirst(4)
            i += 1
            // Request: headers up to a blank line or a marker, then the body up to a marker.
            var block: [String] = []
            while i < lines.count && !lines[i].hasPrefix("--- ") && !lines[i].hasPrefix("=== ") {
                block.append(lines[i]); i += 1
            }
            var step = Step(request: nil, response: "", log: "")
            if title != "load" {
                let parts = title.split(separator: " ", maxSplits: 1)
                guard parts.count == 2 else { return nil }
                let blank = block.firstIndex(of: "") ?? block.count
                let headers = block[..<blank].map { line -> HeaderField in
                    let colon = line.firstIndex(of: ":") ?? line.endIndex
                    return HeaderField(String(line[..<colon]), String(line[colon...].dropFirst()).trimmingCharacters(in: .whitespaces))
                }
                let body = blank < block.count ? block[(blank + 1)...].joined(separator: "\n") : ""
                step.request = IncomingRequest(method: String(parts[0]), target: String(parts[1]), headers: headers, body: body)
            }
            while i < lines.count && lines[i].hasPrefix("--- ") {
                let section = lines[i].dropFirst(4)
                i += 1
                var content: [String] = []
                while i < lines.count && !lines[i].hasPrefix("--- ") && !lines[i].hasPrefix("=== ") {
                    content.append(lines[i]); i += 1
                }
                let joined = DifferentialTests.trimmed(content.joined(separator: "\n"))
                switch section {
                case "response": step.response = joined
                case "log": step.log = joined
                default: return nil
                }
            }
            steps.append(step)
        }
    }
}
