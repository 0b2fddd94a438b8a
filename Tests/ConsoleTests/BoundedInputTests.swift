import Foundation
import Testing

/// A line over 64 KiB is refused in one line before it is parsed, however it comes in,
/// and nothing is recorded. (How fast: `scripts/bench`.)
@Suite struct BoundedInputTests {
    typealias E = EngageProcess

    static let refusal = "a command holds at most 64 KiB"

    @Test func anOversizedPipedLineIsRefusedWithOneLineAndNothingIsRecorded() throws {
        let folder = E.Folder()
        let long = "partner add id=wash category=cluster levels=strategic name=" + String(repeating: "W", count: 70 << 10)
        let outcome = try E.run(["--log", "events.jsonl"], in: folder,
                                input: "partner add id=edu name=Edu category=cluster levels=strategic\n" + long + "\nplan\n")
        #expect(outcome.status == 1)
        // After the first line's notice that the log was started: one line, for line 2.
        let lines = outcome.stderr.split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines.last?.hasPrefix("engage: line 2: \(Self.refusal); this one has \(long.utf8.count) bytes") == true, "\(outcome.stderr)")
        #expect(try E.loggedIDs(in: folder).ids == ["edu"])
    }

    @Test func anOversizedLineWithoutANewlineAtTheEndIsRefusedToo() throws {
        let folder = E.Folder()
        let outcome = try E.run(["--log", "events.jsonl"], in: folder, input: String(repeating: "x", count: 200 << 10))
        #expect(outcome.status == 1)
        #expect(outcome.stderr.contains("line 1: \(Self.refusal); this one has \(200 << 10) bytes"), "\(outcome.stderr)")
    }

    @Test func anOversizedCommandOrWordIsRefusedBeforeAnySuggestion() throws {
        let folder = E.Folder()
        // Over the limit, under the 128 KiB the system allows one argument.
        let huge = String(repeating: "x", count: 100 << 10)
        // A question in words is bounded the same way before it is translated.
        let question = "which partners " + String(repeating: "show ", count: 20 << 10) + "?"
        for arguments in [["-c", huge], [huge], ["partner", "show", "id=" + huge], ["-c", question]] {
            let outcome = try E.run(["--log", "events.jsonl"] + arguments, in: folder)
            #expect(outcome.status == 2)
            #expect(outcome.stderr.contains(Self.refusal), "\(outcome.stderr.prefix(200))")
            #expect(!outcome.stderr.contains("did you mean"))
            #expect(outcome.stderr.utf8.count < 200)
        }
    }
}
