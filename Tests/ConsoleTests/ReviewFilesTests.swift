import Foundation
import Testing
@testable import Console
@testable import Engagement
@testable import EventLog

/// The review's files are written in pieces as they are made, and take their names only once
/// the check has passed: each file is, byte for byte, the text gathered whole in memory.
@Suite struct ReviewFilesTests {
    typealias E = EngageProcess

    static func review(_ folder: E.Folder) throws -> Review {
        _ = try ReviewFromCheckpointTests.largeLog(folder)
        var records: [RecordedEvent] = []
        _ = try FileEventStore(path: folder.path("events.jsonl"), clock: { ReviewFromCheckpointTests.start }).poll { records.append(try! RecordedEvent($0)) }
        return Review(model: Model.replay(records), today: Day("2026-11-20")!, log: "events.jsonl")
    }

    @Test func eachFileWrittenInPiecesIsTheTextRenderedWhole() throws {
        let folder = E.Folder()
        let review = try Self.review(folder)
        var checked = false
        let paths = try review.write(into: folder.path("out/review")) { () throws(ConsoleError) in
            // Written already, under temporary names only.
            let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path("out/review"))
            #expect(names?.count == 3 && names?.allSatisfy { $0.contains(".tmp-") } == true)
            checked = true
        }
        #expect(checked)
        let markdown = OutputSink(), html = OutputSink()
        review.writeMarkdown(to: markdown)
        review.writeHTML(to: html)
        let whole = [markdown.text, review.jsonText(), html.text]
        for (path, text) in zip(paths, whole) {
            let written = try String(contentsOfFile: path, encoding: .utf8)
            // Larger than the pieces it is written in.
            #expect(written.utf8.count > 1 << 16, "\(path)")
            #expect(written == text, "\(path)")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path("out/review")).sorted()
            == review.fileNames.sorted())
    }

    @Test func filesRefusedByTheCheckLeaveNothingBehind() throws {
        let folder = E.Folder()
        let review = try Self.review(folder)
        #expect(throws: ConsoleError.self) {
            try review.write(into: folder.path("out/review")) { () throws(ConsoleError) in
                throw .command(.notForRecording("the log is damaged"))
            }
        }
        #expect(!FileManager.default.fileExists(atPath: folder.path("out")))
    }
}
