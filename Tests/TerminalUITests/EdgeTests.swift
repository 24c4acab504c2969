import Testing
@testable import TerminalUI

/// Text that exactly fits is left alone; one column more is cut.
@Suite struct EdgeTests {
    @Test func truncateCutsOnlyWhatDoesNotFit() {
        #expect(TextLayout.truncate("abcd", 4) == "abcd")
        #expect(TextLayout.truncate("abcde", 4) == "abc…")
        let red = Theme(color: true).paint("abc", .removed)
        #expect(TextLayout.truncate(red, 3) == red)
        #expect(TextLayout.pad("abcd", 4) == "abcd")
    }

    @Test func wrapFillsALineExactly() {
        #expect(TextLayout.wrap("ab cd ef", 5) == ["ab cd", "ef"])
        #expect(TextLayout.wrap("ab cd ef", 4) == ["ab", "cd", "ef"])
    }

    @Test func wrapCountsColoursAsNothingAndIndentsWhatFollows() {
        let red = Theme(color: true).paint("cd", .removed)
        // The coloured word is two columns wide, so "ab cd" fits five.
        #expect(TextLayout.wrap("ab \(red) ef gh", 5, indent: "  ") == ["ab \(red)", "  ef", "  gh"])
        // A paragraph's leading spaces stay; a word wider than the line is cut into pieces.
        #expect(TextLayout.wrap("  one twothreefour five\nsix", 8, indent: " ") == ["  one", " twothre", " efour", " five", "six"])
    }
}
