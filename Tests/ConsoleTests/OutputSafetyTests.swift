import Foundation
import Testing
@testable import EventLog

/// What one person writes cannot act in another's tools: spreadsheets, Markdown viewers,
/// terminals; and a receipt check reveals nothing stored.
@Suite struct OutputSafetyTests {
    typealias E = EngageProcess

    static func partnerWithFeedback(_ text: String, in folder: E.Folder) throws {
        #expect(try E.command("partner add id=wash name=WASH category=cluster levels=strategic", in: folder).status == 0)
        let feedback = try E.command("feedback partner=wash topic=report rating=4 text=\(text)", in: folder)
        #expect(feedback.status == 0, "\(feedback.stderr)")
    }

    @Test func aFormulaInPartnerFeedbackIsInertInTheCSVExportAndNumbersStayNumbers() throws {
        let folder = E.Folder()
        try Self.partnerWithFeedback(#""=HYPERLINK(\"http://evil.example\",\"click\")""#, in: folder)
        #expect(try E.command("feedback partner=wash topic=process text=\"@SUM(A1:A2)\"", in: folder).status == 0)
        #expect(try E.command("feedback partner=wash topic=process text=\"-2+3\"", in: folder).status == 0)
        let csv = try E.run(["--log", "events.jsonl", "--format", "csv", "feedback", "list"], in: folder)
        #expect(csv.status == 0 && !csv.stdout.isEmpty)
        let cells = csv.stdout.split(separator: "\r\n").dropFirst(2).flatMap { $0.split(separator: ",", omittingEmptySubsequences: false) }
        for cell in cells {
            let text = cell.hasPrefix("\"") ? String(cell.dropFirst()) : String(cell)
            if let first = text.first, "=+-@".contains(first) {
                #expect(Double(text) != nil, "a live formula in the export: \(cell)")
            }
        }
        #expect(csv.stdout.contains("'=HYPERLINK") && csv.stdout.contains("'@SUM(A1:A2)") && csv.stdout.contains("'-2+3"))
        #expect(csv.stdout.contains(",4,"), "the rating is still a number")
    }

    @Test func rawHTMLInFeedbackStaysTextInMarkdown() throws {
        let folder = E.Folder()
        try Self.partnerWithFeedback(#""<script>alert(1)</script> <img src=x onerror=alert(2)>""#, in: folder)
        let md = try E.run(["--log", "events.jsonl", "--format", "md", "feedback", "list"], in: folder)
        #expect(md.status == 0)
        #expect(!md.stdout.contains("<script>") && !md.stdout.contains("<img"))
        #expect(md.stdout.contains("&lt;script&gt;"))
    }

    @Test func escapeSequencesInAForgedRecordReachNoTerminal() throws {
        let folder = E.Folder()
        // A line with a valid hash, written by anyone who can write the file.
        let event = NewEvent(timestamp: Timestamp(year: 2026, month: 11, day: 20, hour: 9)!, actor: "mallory\u{1B}[2J",
                             type: "partner.mapped", version: 2, payload: .object([
                                 JSONMember("id", .string("wash")), JSONMember("name", .string("WASH\u{1B}]0;pwned\u{07}\u{202E}gnp.exe")),
                                 JSONMember("category", .string("cluster")), JSONMember("levels", .array([.string("strategic")])),
                             ]))
        var line: [UInt8] = []
        _ = LogLine.encode(event, sequence: 1, previous: .genesis, into: &line)
        try Data(line).write(to: URL(fileURLWithPath: folder.path("events.jsonl")))
        for view in [["log"], ["plan"], ["partner", "show", "wash"]] {
            let out = try E.run(["--log", "events.jsonl", "--as", "mallory"] + view, in: folder)
            #expect(out.status == 0, "\(view): \(out.stderr)")
            #expect(!out.stdout.unicodeScalars.contains { $0 == "\u{1B}" || $0 == "\u{07}" || $0 == "\u{202E}" }, "\(view)")
            #expect(out.stdout.contains("\\u{1B}") || view != ["log"])
        }
    }

    @Test func aReceiptMismatchRevealsNothingOfTheStoredHash() throws {
        let folder = E.Folder()
        #expect(try E.command("partner add id=wash name=WASH category=cluster levels=strategic", in: folder).status == 0)
        let stored = try #require(folder.read("events.jsonl").split(separator: "\"hash\":\"").last?.prefix(64))
        let check = try E.run(["--log", "events.jsonl", "receipt", "seq=1", "hash=00000000"], in: folder)
        #expect(check.status == 1 && check.stdout.contains("MISMATCH"))
        for length in 4...12 { #expect(!check.stdout.contains(stored.prefix(length)), "reveals \(length) digits") }
    }
}
