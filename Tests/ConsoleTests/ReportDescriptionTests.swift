import Engagement
import EventLog
import Testing
@testable import Console

/// A view is described once (typed cells, columns with their JSON keys, fields, facts) and
/// every format is rendered from that description: what a column declares reaches the table
/// people read and the JSON scripts read, and nothing is written twice.
@Suite struct ReportDescriptionTests {
    static var table: Table {
        Table(columns: [.init("partner", hxl: "#org +id", key: "id"), .json("seq"), .init("note", hxl: "#description"),
                        .init("MoU", hxl: "#status +mou", key: "mou"), .init("reply", hxl: "#description +reply", key: "reply")],
              rows: [[.text("wash"), .int(7), .text("for people"), .shown("in force", as: .bool(true)), .null],
                     [.text("edu"), .int(9), .text("only"), .shown("none", as: .bool(false)), .text("soon")]])
    }

    static func render(_ report: Report, _ format: OutputFormat) -> String { report.render(format, width: nil) }

    @Test func aKeyedColumnIsInEveryFormatAndAJSONColumnOnlyInTheJSON() {
        let report = Report(title: "Partners", parts: [
            .fact("as_of", .day(Day("2026-11-20")!)),
            .section(.init(title: "Partners", table: Self.table, empty: "None.", json: .objects("partners"))),
        ])
        #expect(Self.render(report, .json) == #"""
            {"as_of":"2026-11-20","partners":[{"id":"wash","seq":7,"mou":true,"reply":null},{"id":"edu","seq":9,"mou":false,"reply":"soon"}]}

            """#)
        #expect(Self.render(report, .csv) == "partner,note,MoU,reply\r\n#org +id,#description,#status +mou,#description +reply\r\n"
                + "wash,for people,in force,\r\nedu,only,none,soon\r\n")
        for format in [OutputFormat.text, .md, .html] {
            let out = Self.render(report, format)
            #expect(out.contains("in force") && out.contains("for people"), "\(format)")
            #expect(!out.contains("seq") && !out.contains("2026-11-20"), "\(format) shows neither JSON-only members nor facts")
        }
    }

    @Test func aSectionListedByValuesGivesOneColumnsValues() {
        let report = Report(title: nil, sections: [.init(title: "Open", table: Self.table, empty: nil, json: .values("open", of: "id"))])
        #expect(Self.render(report, .json) == #"{"open":["wash","edu"]}"# + "\n")
    }

    @Test func aSectionNamedByAColumnIsAnObject() {
        let topics = Table(columns: [.init("topic", hxl: "#indicator +topic", key: "topic"), .init("n", hxl: "#indicator +num", key: "n")],
                           rows: [[.text("timeliness"), .int(3)], [.text("process"), .int(1)]])
        let report = Report(title: nil, sections: [.init(title: "By topic", table: topics, empty: nil, json: .named("by_topic", by: "topic", value: "n"))])
        #expect(Self.render(report, .json) == #"{"by_topic":{"timeliness":3,"process":1}}"# + "\n")
    }

    @Test func aFieldWithoutALabelIsForScriptsAndOneWithoutAKeyForPeople() {
        let report = Report(title: "Meeting #3", parts: [.fields(title: nil, [
            .init("seq", key: "seq", .shown("#3", as: .int(3))),
            .init("still to cover", key: nil, .text("d, e")),
            .init(nil, key: "source", .text("partner")),
            .init("notes", key: "notes", .shown("none", as: .optional(nil as String?))),
        ])])
        #expect(Self.render(report, .json) == #"{"seq":3,"source":"partner","notes":null}"# + "\n")
        let text = Self.render(report, .text)
        #expect(text.contains("#3") && text.contains("still to cover") && text.contains("none"))
        #expect(!text.contains("source") && !text.contains("partner"))
    }

    @Test func aCellSaysTheSameThingInWordsAndInJSON() {
        let day = Day("2026-10-01")!
        let cases: [(Cell, String, String)] = [
            (.text("a,b"), "a,b", #""a,b""#), (.int(-4), "-4", "-4"), (.bool(true), "yes", "true"), (.day(day), "2026-10-01", #""2026-10-01""#),
            (.list(["wash", "edu"]), "wash, edu", #"["wash","edu"]"#), (.list(["a", "b"], separator: ""), "ab", #"["a","b"]"#),
            (.ints([1, 2]), "1, 2", "[1,2]"), (.null, "", "null"), (.optional(nil as Int?), "", "null"),
            (.record(["mode": .text("a"), "n": .int(2)]), "mode: a, n: 2", #"{"mode":"a","n":2}"#),
        ]
        for (cell, words, json) in cases {
            #expect(cell.text == words)
            #expect(JSONWriter.string(cell.json) == json)
        }
    }
}
