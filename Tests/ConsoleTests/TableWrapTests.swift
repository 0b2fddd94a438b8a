import Testing
@testable import Console

/// Text tables fit the terminal by wrapping long cells, never by cutting them.
@Suite struct TableWrapTests {
    static let words = (0..<30).map { "word\($0)" }

    func table(_ text: String) -> Table {
        Table(columns: [.init("id", hxl: "#meta +id"), .init("received", hxl: "#date"),
                        .init("feedback", hxl: "#description", flexible: true), .init("n", hxl: "#num", alignRight: true)],
              rows: [["f1", "2026-11-20", text, "4"], ["f2", "2026-11-21", "short", "12"]])
    }

    @Test func aLongCellWrapsOntoMoreLinesWithinTheWidthAndNothingIsCut() {
        let text = table(Self.words.joined(separator: " ")).text(width: 50)
        let lines = text.split(separator: "\n")
        #expect(lines.allSatisfy { $0.count <= 50 })
        #expect(lines.count > 5)
        #expect(!text.contains("…"))
        #expect(text.split(whereSeparator: { $0 == " " || $0 == "\n" }).filter { $0.hasPrefix("word") }.map(String.init) == Self.words)
        // The other cells of the row sit on its first line; the next row follows the wrapped one.
        #expect(lines[2].hasPrefix("f1  2026-11-20  word0") && lines[2].hasSuffix("4"))
    }

    @Test func onANarrowTerminalEveryTextColumnWrapsButNoWordIsBroken() {
        let table = Table(columns: [.init("id", hxl: "#meta +id"), .init("partners", hxl: "#org"),
                                    .init("feedback", hxl: "#description", flexible: true)],
                          rows: [["f1", "wash, edu, cp, unicef, drc", "a reasonably long piece of feedback"]])
        let text = table.text(width: 30)
        #expect(text.split(separator: "\n").allSatisfy { $0.count <= 30 })
        let words = text.split(whereSeparator: { $0 == " " || $0 == "\n" })
        for word in ["unicef,", "reasonably", "feedback"] { #expect(words.contains(Substring(word))) }
    }

    @Test func aWordLongerThanTheColumnIsBrokenNotCut() {
        #expect(Table.wrap("abcdefghij klm", to: 4) == ["abcd", "efgh", "ij", "klm"])
        #expect(Table.wrap("short", to: 10) == ["short"])
        #expect(Table.wrap("", to: 3) == [""])
    }

    @Test func aListWithoutSpacesBreaksAfterACommaAndSpacesBetweenWordsCollapse() {
        #expect(Table.wrap("wash,edu,cp", to: 6) == ["wash,", "edu,cp"])
        #expect(Table.wrap("one   two  three", to: 7) == ["one two", "three"])
        #expect(Table.wrap("   ", to: 2) == [""])
    }

    @Test func textBeyondASCIIWrapsByCharactersNotBytes() {
        // Each accented letter is one column though two bytes; a word longer than the line
        // is broken after as many characters as fit.
        #expect(Table.wrap("café crème brûlée", to: 5) == ["café", "crème", "brûlé", "e"])
        #expect(Table.wrap("réseau,santé,éducation", to: 8) == ["réseau,", "santé,", "éducatio", "n"])
        // A mark combining with a space makes it part of a word, not a gap between words.
        #expect(Table.wrap("ab \u{301}cd ef", to: 5) == ["ab \u{301}cd", "ef"])
    }

    @Test func aTableOfWideAndNarrowCellsWrapsEachToItsColumn() {
        let table = Table(columns: [.init("id", hxl: "#meta +id"), .init("note", hxl: "#description", flexible: true),
                                    .init("n", hxl: "#num", alignRight: true)],
                          rows: [["f1", "une réponse très attendue par les équipes", "7"], ["f2", "ok", "12"]])
        // Measured in characters: "une réponse" is 11 columns and 12 bytes.
        #expect(table.text(width: 20) == """
            id  note           n
            ──  ────────────  ──
            f1  une réponse    7
                très
                attendue par
                les équipes
            f2  ok            12\n
            """)
    }

    @Test func withoutATerminalNothingWraps() {
        let text = table(Self.words.joined(separator: " ")).text(width: nil)
        #expect(text.split(separator: "\n").count == 4)
    }
}
