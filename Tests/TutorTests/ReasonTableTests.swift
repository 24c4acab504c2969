import Cookies
@testable import Express
import Foundation
import Testing
@testable import Tutor

/// docs/REASONS.md is generated from the code; these tests keep the two in step.
@Suite struct ReasonTableTests {
    static let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("docs/REASONS.md")

    @Test func theDocumentIsWhatTheCodeGenerates() throws {
        let generated = ReasonTable.markdown()
        if ProcessInfo.processInfo.environment["CRUMBS_WRITE_REASONS"] == "1" {
            try generated.write(to: Self.file, atomically: true, encoding: .utf8)
        }
        let onDisk = try String(contentsOf: Self.file, encoding: .utf8)
        #expect(onDisk == generated, "docs/REASONS.md is stale: run \(ReasonTable.regenerate)")
    }

    @Test func everyServerReasonHasAnEntryAndEveryEntryIsPrinted() {
        func key(_ e: ServerReasons.Entry) -> String { "\(e.module): \(e.text)" }
        let printed = Set(ServerReasons.inModules().map(key))
        let listed = Set(ServerReasons.all.map(key))
        #expect(printed.subtracting(listed).sorted() == [], "printed by a module, missing from ServerReasons.all")
        #expect(listed.subtracting(printed).sorted() == [], "in ServerReasons.all, printed by no module")
        #expect(ServerReasons.all.allSatisfy { !$0.source.isEmpty })
    }

    @Test func everyBrowserReasonHasASourceAndFillsEveryPlaceholder() {
        for reason in CookieReason.allCases {
            #expect(!reason.source.isEmpty, "\(reason) has no source")
            #expect(ReasonTable.groups.contains(reason.group), "\(reason)'s group \(reason.group) is not listed")
            let values = Dictionary(uniqueKeysWithValues: Set(reason.placeholders).map { ($0, "<\($0)>") })
            #expect(!reason.text(values).contains("{"), "\(reason) leaves a placeholder")
        }
    }

    @Test func theExtractorSeesEveryKindOfWhyCall() {
        let source = """
            const why = (req, text) => native.why(req.__crumbsId || 0, 'm', text);
            why(req, 'plain');
            why(req, a ? `one ${x}` : (b ? 'two' : 'three'));
            const part = c ? 'p1' : f('not a value');
            why(req, `with ${part}`);
            native.why(id, 'other', "double");
            somewhy(req, 'not a reason');
            """
        #expect(JavaScriptReasons.extract(from: source).map { "\($0.module): \($0.text)" } == [
            "m: plain", "m: one {x}", "m: two", "m: three", "m: with {part}", "m: part = 'p1'", "other: double",
        ])
    }
}
