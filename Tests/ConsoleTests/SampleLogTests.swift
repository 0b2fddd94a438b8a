import Foundation
import Testing

/// `eventlog/sample.jsonl`, the response a newcomer explores first: sound, as big and
/// varied as promised, and rebuilt byte for byte by `scripts/make-sample`.
@Suite struct SampleLogTests {
    typealias E = EngageProcess

    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let sample = root.appendingPathComponent("eventlog/sample.jsonl").path

    func json(_ arguments: [String], in folder: E.Folder) throws -> [String: Any] {
        let outcome = try E.run(["--log", Self.sample, "--as", "lena", "--format", "json"] + arguments, in: folder)
        #expect(outcome.status == 0, "\(arguments): \(outcome.stderr)")
        return try #require(try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any])
    }

    @Test func theSampleVerifiesAndHasWhatANewcomerNeedsToExplore() throws {
        let folder = E.Folder()
        let verify = try E.run(["--log", Self.sample, "verify"], in: folder)
        #expect(verify.status == 0, "\(verify.stdout)")
        let events = try #require(try json(["log"], in: folder)["events"] as? [[String: Any]])
        #expect(events.count >= 300)
        let types = Set(events.compactMap { $0["type"] as? String })
        for type in ["partner.mapped", "contact.added", "meeting.held", "needs.submitted", "milestone.moved", "milestone.notified",
                     "dataset.proposed", "dataset.agreed", "dataset.dropped", "round.started", "round.closed", "dataset.used",
                     "mou.signed", "data.shared", "feedback.submitted", "feedback.addressed", "member.added", "event.retracted",
                     "report.published", "interpretation.held", "mockup.verified",
                     "urgent.setup", "training.held", "urgent.reported", "response.set"] {
            #expect(types.contains(type), "no \(type)")
        }
        // Partners submitted on their own behalf.
        #expect(events.contains { $0["type"] as? String == "feedback.submitted" && $0["actor"] as? String != "lena" })

        let dap = try #require(try json(["dap"], in: folder)["datasets"] as? [[String: Any]])
        #expect(dap.count >= 24)
        #expect(Set(dap.compactMap { $0["sector"] as? String }).count >= 6)
        let plan = try json(["plan"], in: folder)
        let partners = try #require(plan["partners"] as? [[String: Any]])
        #expect(partners.count >= 20)
        let categories = Set(try #require(try json(["log", "type=partner.mapped"], in: folder)["events"] as? [[String: Any]])
            .compactMap { ($0["data"] as? [String: Any])?["category"] as? String })
        #expect(categories == ["coordination", "cluster", "un-agency", "ngo", "iom", "government"])
        let rounds = try #require(try json(["log", "type=round.closed"], in: folder)["events"] as? [[String: Any]])
        #expect(rounds.count >= 3)
        let unused = try json(["unused"], in: folder)
        #expect((unused["drop"] as? [Any])?.isEmpty == false)
    }

    @Test func makeSampleRebuildsTheSampleByteForByte() throws {
        let folder = E.Folder()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", Self.root.appendingPathComponent("scripts/make-sample").path, "--out", folder.path("rebuilt.jsonl")]
        process.environment = ["PATH": "/usr/bin:/bin", "ENGAGE_BIN": E.binary]
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(message)")
        let rebuilt = try Data(contentsOf: URL(fileURLWithPath: folder.path("rebuilt.jsonl")))
        let committed = try Data(contentsOf: URL(fileURLWithPath: Self.sample))
        #expect(rebuilt == committed, "eventlog/sample.jsonl is stale: run scripts/make-sample")
    }

    /// Every view a reader can open renders as a self-contained HTML page, with what the
    /// text view shows, escaped.
    @Test(arguments: ["plan", "unused", "dap", "partner show wash", "feedback list", "sharing", "schedule", "overdue",
                      "log type=meeting", "member list", "verify"])
    func everyViewRendersAsAnHTMLPage(view: String) throws {
        let folder = E.Folder()
        let words = view.split(separator: " ").map(String.init)
        let page = try E.run(["--log", Self.sample, "--as", "lena", "--format", "html"] + words, in: folder)
        #expect(page.status == 0, "\(view): \(page.stderr)")
        #expect(page.stdout.hasPrefix("<!DOCTYPE html>") && page.stdout.hasSuffix("</html>\n"))
        #expect(page.stdout.contains("<style>") && !page.stdout.contains("<script"))
        let text = try E.run(["--log", Self.sample, "--as", "lena"] + words, in: folder)
        // The text view's first line is the page's first heading (the log has no title).
        if let title = text.stdout.split(separator: "\n").first, !view.hasPrefix("log") {
            #expect(page.stdout.contains("<h1>\(HTMLEscape.escape(String(title)))</h1>"), "\(view): \(title)")
        }
        if view.hasPrefix("log") || view == "dap" { #expect(page.stdout.contains("<td>")) }
    }
}

/// HTML escaping as a browser expects it, written apart from the product's own.
enum HTMLEscape {
    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;").replacingOccurrences(of: "'", with: "&#39;")
    }
}
