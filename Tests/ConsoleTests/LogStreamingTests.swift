import Foundation
import Testing
@testable import Console

/// `log` and every view are written as they are made, in every format, and read as they do
/// when gathered whole; one wide row wraps its own cell instead of padding every other row.
@Suite struct LogStreamingTests {
    static let columns: [Table.Column] = [
        .init("seq", hxl: "#meta +seq", alignRight: true),
        .init("who", hxl: "#meta +actor"),
        .init("what", hxl: "#description", flexible: true),
    ]

    static let rows: [[String]] = [
        ["1", "amina", "mapped partner wash — WASH Cluster"],
        ["2", "bashir", "a longer line of text about a meeting, with commas, quotes \" and | pipes <b>"],
        ["10", "=cmd", "- starts like a formula"],
    ]

    /// A bare table of `rows`, made one at a time as it is written (as `log` makes its rows
    /// while it reads the log), written to a sink that gathers it.
    static func streamed(_ rows: [[String]], columns: [Table.Column] = columns, format: OutputFormat, width: Int?,
                         empty: String?) -> String {
        let table = Table(columns: columns, rows: .init(each: { body in
            for row in rows { body(row.map { .text($0) }) }
        }))
        let out = OutputSink()
        Report(title: nil, sections: [.init(title: nil, table: table, empty: empty)]).write(format, width: width, to: out)
        return out.text
    }

    @Test(arguments: OutputFormat.allCases)
    func rowsMadeAsTheTableIsWrittenReadAsRowsHeld(format: OutputFormat) {
        let columns = Self.columns.map { column in
            var keyed = column
            keyed.key = column.title
            return keyed
        }
        for width in [nil, 40, 200] as [Int?] {
            for rows in [Self.rows, []] {
                for empty in ["No events match.", nil] as [String?] {
                    let held = Report(title: nil, sections: [.init(title: nil, table: Table(columns: columns, rows: rows), empty: empty,
                                                                   json: .objects("rows"))])
                    let made = Table(columns: columns, rows: .init(each: { body in rows.forEach { body($0.map { .text($0) }) } }))
                    let streamed = Report(title: nil, sections: [.init(title: nil, table: made, empty: empty, json: .objects("rows"))])
                    #expect(streamed.render(format, width: width) == held.render(format, width: width),
                            "\(format), width \(String(describing: width)), \(rows.count) rows")
                }
            }
        }
        // Said instead of a table without rows, or its titles alone.
        if format == .text {
            #expect(Self.streamed([], format: .text, width: nil, empty: "No events match.") == "No events match.\n")
            #expect(Self.streamed([], format: .text, width: nil, empty: nil).hasPrefix("seq  who  what\n"))
        }
    }

    @Test func aWideCellWrapsInItsOwnRowAndPadsNoOther() {
        let columns: [Table.Column] = [.init("seq", hxl: "", alignRight: true), .init("partner", hxl: "", maximumWidth: 40),
                                       .init("what", hxl: "", flexible: true)]
        let many = (1...1000).map { "partner-\($0)" }.joined(separator: ",")
        let rows = [["1", "wash", "mapped"], ["2", many, "a meeting with a thousand partners"], ["3", "edu", "mapped"]]
        let text = Self.streamed(rows, columns: columns, format: .text, width: nil, empty: nil)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines[2] == "  1  " + "wash".padding(toLength: 40, withPad: " ", startingAt: 0) + "  mapped")
        #expect(lines.last { $0.hasPrefix("  3") } == "  3  " + "edu".padding(toLength: 40, withPad: " ", startingAt: 0) + "  mapped")
        // The wide cell is all there, broken after its commas, each piece within the column.
        let pieces = lines.dropFirst(3).dropLast(2).map { String($0.dropFirst(5).prefix(40)).trimmingCharacters(in: .whitespaces) }
        #expect(pieces.joined() == many)
        #expect(pieces.dropLast().allSatisfy { $0.hasSuffix(",") })
    }

    @Test func aLaterRowLongerThanTheLookAheadWrapsItsCell() {
        var rows = (1...TableStream.lookAhead).map { [String($0), "short", "x"] }
        rows.append(["1001", String(repeating: "long ", count: 20), "y"])
        let text = Self.streamed(rows, format: .text, width: nil, empty: nil)
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines[2] == "   1  short  x")
        #expect(lines.filter { $0.contains("long") }.count == 20)
        #expect(lines.dropFirst(2).allSatisfy { $0.count <= 14 })
    }

    /// A log of `partners` partners and one meeting with all of them, recorded in one append.
    static func logWithAWideMeeting(partners: Int, in folder: EngageProcess.Folder) throws {
        var script = ""
        for n in 1...partners { script += "partner add id=p\(n) name=\"Partner \(n)\" category=ngo levels=operational\n" }
        script += "meeting date=2026-11-19 kind=joint partners=\((1...partners).map { "p\($0)" }.joined(separator: ",")) outcomes=a\n"
        script += "partner add id=last name=Last category=ngo levels=operational\n"
        let outcome = try EngageProcess.run(["--log", "events.jsonl", "--atomic"], in: folder, input: script)
        #expect(outcome.status == 0, "\(outcome.stderr)")
    }

    @Test func aMeetingWithAThousandPartnersDoesNotPadTheOtherRows() throws {
        let folder = EngageProcess.Folder()
        try Self.logWithAWideMeeting(partners: 1000, in: folder)
        let log = try EngageProcess.run(["--log", "events.jsonl", "log"], in: folder)
        #expect(log.status == 0)
        let lines = log.stdout.split(separator: "\n").map(String.init)
        let first = try #require(lines.first { $0.hasPrefix("   1 ") })
        let last = try #require(lines.first { $0.hasPrefix("1002 ") })
        #expect(first.count < 150 && last.count < 150, "\(first)\n\(last)")
        // The meeting's own partner cell wraps within its column.
        let meeting = try #require(lines.firstIndex { $0.hasPrefix("1001 ") })
        #expect(lines[meeting + 1].hasPrefix("     ") && lines[meeting + 1].count < 100)
        // Every partner of the meeting is still named.
        #expect(log.stdout.contains("p1,") && log.stdout.contains("p1000"))
    }

    @Test(arguments: ["text", "json", "csv", "md", "html"])
    func theLogWrittenAsItIsReadIsTheLogWrittenToAFile(format: String) throws {
        let folder = EngageProcess.Folder()
        try ScenarioTests.recordScenario(in: folder)
        let environment = ["ENGAGE_NOW": ScenarioTests.viewTime]
        let streamed = try EngageProcess.run(["--log", "events.jsonl", "--format", format, "log"], in: folder, environment: environment)
        let written = try EngageProcess.run(["--log", "events.jsonl", "log", "format=\(format)", "out=log.out"], in: folder, environment: environment)
        #expect(streamed.status == 0 && written.status == 0)
        #expect(!streamed.stdout.isEmpty && streamed.stdout == folder.read("log.out"))
    }

    @Test(arguments: ["plan", "sharing", "schedule", "overdue", "feedback list", "action list", "decision list"])
    func aViewWrittenAsItIsMadeIsTheViewWrittenToAFile(view: String) throws {
        let folder = EngageProcess.Folder()
        try ScenarioTests.recordScenario(in: folder)
        let environment = ["ENGAGE_NOW": ScenarioTests.viewTime]
        let words = view.split(separator: " ").map(String.init)
        for format in OutputFormat.allCases {
            let streamed = try EngageProcess.run(["--log", "events.jsonl", "--format", format.rawValue] + words, in: folder, environment: environment)
            let written = try EngageProcess.run(["--log", "events.jsonl"] + words + ["format=\(format.rawValue)", "out=view.out"], in: folder,
                                                environment: environment)
            #expect(streamed.status == 0 && written.status == 0, "\(streamed.stderr)\(written.stderr)")
            #expect(!streamed.stdout.isEmpty && streamed.stdout == folder.read("view.out"), "\(view), \(format)")
        }
    }

    /// `engage log | head`: when the reader goes away, `log` ends there, by the pipe's
    /// signal, as any program in a pipe does, even where the signal was ignored (the shared
    /// log's network library ignores it) and a write only fails.
    @Test func aLogWhoseReaderLeftEndsThereWithThePipeSignalIgnored() throws {
        let folder = EngageProcess.Folder()
        _ = try ReviewFromCheckpointTests.largeLog(folder)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        // Ignored on entry, so ignored in the children too; the log's text is megabytes.
        process.arguments = ["-c", #"trap '' PIPE; "$0" --log events.jsonl log | head -n 1 > /dev/null; echo "${PIPESTATUS[0]}""#, EngageProcess.binary]
        process.currentDirectoryURL = folder.url
        process.environment = EngageProcess.baseEnvironment
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        process.waitUntilExit()
        let status = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(status == "\(128 + SIGPIPE)\n", "engage ended by the pipe's signal, not after writing the whole log into it")
    }
}
