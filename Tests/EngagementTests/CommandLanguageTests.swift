import Testing
@testable import Engagement

@Suite struct CommandLanguageTests {
    @Test func splitsWordsAndFieldsWithQuotedValues() throws {
        let line = try ParsedLine.parse(#"partner add id=wash name="WASH Cluster" note="say \"hi\" \\ bye" levels=a,b"#)
        #expect(line.words == ["partner", "add"])
        #expect(line.fields.map(\.key) == ["id", "name", "note", "levels"])
        #expect(line.fields.map(\.value) == ["wash", "WASH Cluster", #"say "hi" \ bye"#, "a,b"])
    }

    @Test func anUnclosedQuoteIsASyntaxError() {
        #expect(throws: CommandError.syntax("a double quote is not closed")) {
            try ParsedLine.parse(#"partner add name="WASH"#)
        }
    }

    @Test func quotingRoundTrips() throws {
        for value in ["plain", "two words", #"a "quote""#, #"back\slash"#, "", "k=v"] {
            let line = try ParsedLine.parse("x v=" + ParsedLine.quote(value))
            #expect(line.fields.first?.value == value)
        }
    }

    @Test func shellSplitArgumentsKeepSpacesInValues() throws {
        let line = try ParsedLine(arguments: ["partner", "add", "id=wash", "name=WASH Cluster", "text=a=b"])
        #expect(line.words == ["partner", "add"])
        #expect(line.fields.map(\.value) == ["wash", "WASH Cluster", "a=b"])
    }

    @Test func unknownVerbSuggestsTheNearest() {
        #expect(throws: CommandError.unknownVerb("partner ad", suggestions: ["partner add"])) {
            try ResolvedCommand.resolve(ParsedLine.parse("partner ad id=x"))
        }
        #expect(throws: CommandError.unknownVerb("verfy", suggestions: ["verify"])) {
            try ResolvedCommand.resolve(ParsedLine.parse("verfy"))
        }
    }

    @Test func unknownFieldSuggestsTheNearest() {
        #expect(throws: CommandError.unknownField(verb: "partner add", key: "nme", suggestions: ["name"])) {
            try ResolvedCommand.resolve(ParsedLine.parse("partner add id=x nme=y"))
        }
    }

    @Test func missingRequiredFieldsAreNamedInOrder() {
        #expect(throws: CommandError.missingFields(verb: "partner add", keys: ["category", "levels"])) {
            try ResolvedCommand.resolve(ParsedLine.parse("partner add id=x name=y"))
        }
    }

    @Test func aFieldGivenTwiceIsRefused() {
        #expect(throws: CommandError.duplicateField(verb: "log", key: "type")) {
            try ResolvedCommand.resolve(ParsedLine.parse("log type=a type=b"))
        }
    }

    @Test func positionalWordsFillTheirFields() throws {
        let update = try ResolvedCommand.resolve(ParsedLine.parse("partner update wash levels=strategic"))
        #expect(update.values == ["id": "wash", "levels": "strategic"])
        let help = try ResolvedCommand.resolve(ParsedLine.parse("help partner add"))
        #expect(help.values == ["topic": "partner add"])
        #expect(throws: CommandError.unexpectedWords(verb: "log", words: ["everything"])) {
            try ResolvedCommand.resolve(ParsedLine.parse("log everything"))
        }
    }

    @Test func suggestionsCatchTranspositionsAndIgnoreStrangers() {
        #expect(Suggestions.nearest(to: "wahs", in: ["wash", "edu", "health"]) == ["wash"])
        #expect(Suggestions.nearest(to: "zzzz", in: ["wash", "edu"]).isEmpty)
        #expect(Suggestions.phrase(["a", "b"]) == " — did you mean 'a' or 'b'?")
    }
}

@Suite struct BoundedInputTests {
    @Test func aLineOver64KiBIsRefusedBeforeItIsParsed() throws {
        let long = "partner add id=wash name=" + String(repeating: "x", count: 70_000)
        #expect(throws: CommandError.syntax("a command holds at most 64 KiB; this one has \(long.utf8.count) bytes. Nothing was recorded")) {
            try ParsedLine.parse(long)
        }
        #expect(throws: CommandError.self) { try ParsedLine(arguments: ["partner", "add", "name=" + String(repeating: "y", count: 70_000)]) }
        #expect(try ParsedLine.parse("partner add id=wash name=" + String(repeating: "x", count: 60_000)).fields.count == 2)
    }

    @Test func suggestionsForAnEnormousWordCompareAPrefixAndStillFindTheTypo() {
        let candidates = (0..<5_000).map { "partner-\($0)" } + ["wash"]
        #expect(Suggestions.nearest(to: "wahs", in: candidates) == ["wash"])
        #expect(Suggestions.nearest(to: String(repeating: "w", count: 100_000), in: candidates).isEmpty)
    }
}

@Suite struct TypedDateTests {
    static let today = Day("2026-11-20")!

    @Test func datesAsPeopleTypeThem() {
        #expect(Day.typed("2026-03-01", today: Self.today) == Day("2026-03-01"))
        #expect(Day.typed("today", today: Self.today) == Self.today)
        #expect(Day.typed("yesterday", today: Self.today) == Day("2026-11-19"))
        #expect(Day.typed("tomorrow", today: Self.today) == Day("2026-11-21"))
        #expect(Day.typed("-3d", today: Self.today) == Day("2026-11-17"))
        #expect(Day.typed("+14d", today: Self.today) == Day("2026-12-04"))
        for bad in ["next friday", "3d", "+d", "-xd", "2026-02-30", ""] { #expect(Day.typed(bad, today: Self.today) == nil, "\(bad)") }
    }

    @Test func aBadDateIsRefusedNamingEveryForm() throws {
        var w = World()
        try w.run(World.mapped)
        #expect(throws: CommandError.invalidValue(key: "date", value: "next friday", reason: "not a date; use \(Day.forms)")) {
            try w.run(#"meeting date="next friday" kind=bilateral partners=wash outcomes=a"#)
        }
        try w.run("action add id=call owner=dtm text=call due=+14d")
        #expect(w.model.actions["call"]?.due == Day(w.now).adding(days: 14))
    }
}
