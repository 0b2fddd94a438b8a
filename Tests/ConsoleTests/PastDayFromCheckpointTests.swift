import Foundation
import Testing
@testable import Application
@testable import Console
@testable import Engagement
@testable import EventLog

/// A one-shot view of a past day (`engage --as-of DAY plan`) on a large log comes from the
/// checkpoint's listing and an interval checkpoint, without today's state: it says, byte for
/// byte, what a script's answer says (a session holding the state) and what a full replay says.
@Suite struct PastDayFromCheckpointTests {
    typealias E = EngageProcess

    static func view(_ folder: E.Folder, _ arguments: [String], input: String? = nil) throws -> String {
        let outcome = try E.run(["--log", "events.jsonl"] + arguments, in: folder, input: input)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stderr.isEmpty)
        return outcome.stdout
    }

    @Test func aPastDaysViewWithoutTodaysStateIsTheViewOfAFullReplay() throws {
        let folder = E.Folder()
        _ = try ReviewFromCheckpointTests.largeLog(folder)
        #expect(try E.command("plan", in: folder).status == 0)
        let checkpoint = folder.path("events.jsonl.checkpoint")
        #expect(FileManager.default.fileExists(atPath: checkpoint), "the first read wrote the checkpoint")
        // A record after the checkpoint that changes no listing.
        try E.command("decision text=\"after the checkpoint\"", in: folder)

        let start = Day(ReviewFromCheckpointTests.start)
        let days = [40, 200, 410].map { start.adding(days: $0).description }
        // (A log this small has no interval checkpoints: a past day reads its records from the
        // first, `PastDayTests` starts from them.)
        let views = [["plan"], ["--format", "json", "plan"], ["feedback", "list"], ["unused"], ["--format", "csv", "sharing"]]
        var answers: [[String]] = []
        for day in days {
            answers.append(try views.map { try Self.view(folder, ["--as-of", day] + $0) })
        }
        #expect(answers[0][0].hasPrefix("Plan as of \(days[0])"))
        #expect(answers[2][2] != answers[0][2], "the days differ")
        // The one command of a one-shot process never reads today's state; a script's runner does.
        for oneCommand in [true, false] {
            let path = folder.path("events.jsonl")
            let session = Session(store: FileEventStore(path: path, clock: { ReviewFromCheckpointTests.start }), actor: "coordinator",
                                  clock: { ReviewFromCheckpointTests.start }, snapshots: FileSnapshotStore(beside: path),
                                  keys: FileKeyStore(beside: path))
            var runner = Runner(session: session, format: .text, asOf: Day(days[1])!.end, width: nil)
            runner.answersOneCommand = oneCommand
            #expect(try runner.run(try ParsedLine.parse("plan")).text == answers[1][0])
            #expect(session.model.lastSequence == (oneCommand ? 0 : 12_001), "today's state read: \(!oneCommand)")
        }
        // A script holds the state: each of its views comes from the full start.
        for (day, fromListing) in zip(days, answers) {
            let script = try Self.view(folder, ["--as-of", day], input: "plan\nfeedback list\n")
            #expect(script == fromListing[0] + fromListing[2], "the day \(day)")
        }
        // And a full replay, with no checkpoint.
        for (day, fromListing) in zip(days, answers) {
            for (view, answer) in zip(views, fromListing) {
                try FileManager.default.removeItem(atPath: checkpoint)
                #expect(try Self.view(folder, ["--as-of", day] + view) == answer, "\(view) on \(day)")
            }
        }
    }
}
