import Testing
@testable import TerminalUI

@Suite struct LayoutTests {
    @Test func widthIgnoresColour() {
        let red = Theme(color: true).paint("abc", .removed)
        #expect(TextLayout.width(red) == 3)
        #expect(TextLayout.truncate("connect.sid=s%3Aabc", 10) == "connect.s…")
        #expect(TextLayout.pad("ab", 4) == "ab  ")
    }

    @Test func wrapKeepsWordsWhole() {
        #expect(TextLayout.wrap("a session is data kept on the server", 12) == ["a session is", "data kept on", "the server"])
    }

    @Test func tablesShrinkTheFlexibleColumn() {
        let t = Table(headers: ["Name", "Value", "Path"], rows: [["connect.sid", "s%3AAQEBAQEBAQEB.2CD0M7", "/"]], flexible: [1])
        #expect(t.render(width: 30) == [
            "Name         Value        Path",
            "connect.sid  s%3AAQEBAQ…  /",
        ])
    }

    @Test func sideBySideColumns() {
        #expect(TextLayout.sideBySide(["left", "l2"], ["right"], columnWidth: 6) == ["left    right", "l2"])
    }
}
