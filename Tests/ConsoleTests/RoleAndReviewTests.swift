import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing

/// Partners submitting on their own behalf, through the real binary: role rules with
/// nothing appended on refusal, receipts that prove a submission, and the periodic review.
@Suite struct RoleAndReviewTests {
    typealias E = EngageProcess

    /// A log founded by `coordinator` (the tests' default actor): two partners, a confidential
    /// dataset requested by edu, a partner member for wash and a reviewer.
    func preparedLog() throws -> E.Folder {
        let folder = E.Folder()
        let script = """
        partner add id=wash name="WASH Cluster" category=cluster levels=strategic,operational
        partner add id=edu name="Education Cluster" category=cluster levels=operational
        contact add partner=wash name="Jo Doe" email=jo@example.org skills=im
        dataset propose id=wash.water sector=wash question="Main water source?" purpose="target trucking" requested-by=wash owner=dtm dissemination=public criteria=no-other-source,purpose-documented,analysis-capacity,analysis-tools,method-adequate options=piped,well,trucking mockup="Bar chart: % of sites by main source"
        mockup verify dataset=wash.water partner=wash skills=subject-matter,context
        dataset agree id=wash.water
        round start n=1 date=2026-11-01
        member add user=amina role=partner partner=wash
        member add user=omar role=reviewer

        """
        let outcome = try E.run(["--log", "events.jsonl"], in: folder, input: script)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        return folder
    }

    func run(_ line: String, as actor: String, in folder: E.Folder, format: String? = nil) throws -> E.Outcome {
        var arguments = ["--log", "events.jsonl", "--as", actor]
        if let format { arguments += ["--format", format] }
        return try E.run(arguments + ["-c", line], in: folder)
    }

    @Test func aPartnerSubmitsFeedbackInOneCommandWithAReceipt() throws {
        let folder = try preparedLog()
        let outcome = try run(#"feedback topic=dataset dataset=wash.water rating=4 text="Useful, but late""#, as: "amina", in: folder)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        // One line per event: sequence number and hash prefix.
        let receipt = try #require(outcome.stdout.wholeMatch(of: /Recorded #10: feedback f1 from wash about dataset on wash.water \(rating 4\/5\): Useful, but late. \[hash ([0-9a-f]{12})\]\n/))
        let hash = String(receipt.1)
        let stored = folder.read("events.jsonl").split(separator: "\n").last!
        #expect(stored.contains(#""actor":"amina""#) && stored.contains(#""partner":"wash""#) && stored.contains(#""hash":"\#(hash)"#))
        // The receipt proves the submission later, to anyone who can read the log.
        let check = try run("receipt seq=10 hash=\(hash)", as: "amina", in: folder)
        #expect(check.status == 0 && check.stdout.hasPrefix("receipt: OK — record #10"), "\(check.stdout)\(check.stderr)")
        let forged = try run("receipt seq=10 hash=0123456789ab", as: "amina", in: folder)
        #expect(forged.status == 1 && forged.stdout.hasPrefix("receipt: MISMATCH"))
        #expect(try run("receipt seq=99 hash=\(hash)", as: "amina", in: folder).status == 1)
        // Nudges are for coordinators: the partner's stderr stays quiet.
        #expect(outcome.stderr.isEmpty, "\(outcome.stderr)")
    }

    @Test func aFileOfSubmissionsGetsAReceiptPerEvent() throws {
        let folder = try preparedLog()
        let lines = """
        feedback topic=process text="More notice before meetings"
        used dataset=wash.water round=1 for="trucking plan"

        """
        let outcome = try E.run(["--log", "events.jsonl", "--as", "amina"], in: folder, input: lines)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let receipts = outcome.stdout.split(separator: "\n")
        #expect(receipts.count == 2)
        #expect(receipts.allSatisfy { $0.wholeMatch(of: /Recorded #\d+: .* \[hash [0-9a-f]{12}\]/) != nil })
    }

    @Test func everyRefusalNamesTheRuleExitsOneAndAppendsNothing() throws {
        let folder = try preparedLog()
        let before = folder.read("events.jsonl")
        let cases: [(actor: String, line: String, rule: String)] = [
            ("amina", #"feedback partner=edu topic=process text="x""#, "partner members record only for their own partner"),
            ("amina", "partner add id=x name=X category=ngo levels=operational", "partner members record only 'feedback' and 'used'"),
            ("amina", "member add user=amina role=coordinator", "partner members record only 'feedback' and 'used'"),
            ("omar", #"feedback partner=wash topic=process text="x""#, "reviewers read the log and record nothing"),
            ("zed", #"feedback topic=process text="x""#, "'zed' is not a member of this log"),
            ("amina", "review out=r", "needs a coordinator or a reviewer"),
            ("zed", "member list", "needs a coordinator or a reviewer"),
        ]
        for (actor, line, rule) in cases {
            let outcome = try run(line, as: actor, in: folder)
            #expect(outcome.status == 1, "\(actor): \(line)")
            #expect(outcome.stderr.hasPrefix("engage: not permitted: ") && outcome.stderr.contains(rule), "\(outcome.stderr)")
            #expect(outcome.stderr.split(separator: "\n").count == 1)
            #expect(outcome.stdout.isEmpty)
        }
        #expect(folder.read("events.jsonl") == before)
        #expect(!FileManager.default.fileExists(atPath: folder.path("r")))
    }

    @Test func aPartnerMembersLogShowsWhatItRecorded() throws {
        let folder = try preparedLog()
        #expect(try run(#"feedback topic=process text="More notice before meetings""#, as: "amina", in: folder).status == 0)
        #expect(try run(#"used dataset=wash.water round=1 for="trucking plan""#, as: "amina", in: folder).status == 0)
        #expect(try E.command(#"feedback partner=edu topic=process text="Edu is unhappy""#, in: folder).status == 0)
        let text = try run("log", as: "amina", in: folder)
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.contains("feedback f1 from wash about process: More notice before meetings"), "\(text.stdout)")
        #expect(text.stdout.contains("wash used wash.water from round 1 for trucking plan"), "\(text.stdout)")
        #expect(!text.stdout.contains("Edu is unhappy"))
        let json = try run("log", as: "amina", in: folder, format: "json")
        #expect(json.status == 0, "\(json.stderr)")
        let events = try #require((try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])?["events"] as? [[String: Any]])
        let own = events.filter { $0["actor"] as? String == "amina" }
        #expect(own.map { $0["type"] as? String } == ["feedback.submitted", "dataset.used"])
        #expect(own.map { $0["seq"] as? Int } == [10, 11])
    }

    @Test func aPartnerReadsOnlyPublicViews() throws {
        let folder = try preparedLog()
        let script = """
        dataset propose id=cp.uasc sector=protection question="Unaccompanied children by site?" purpose=referrals requested-by=edu owner=dtm dissemination=confidential criteria=no-other-source
        feedback partner=edu topic=process text="Edu is unhappy"
        feedback partner=wash topic=process text="Wash is happy"

        """
        #expect(try E.run(["--log", "events.jsonl"], in: folder, input: script).status == 0)
        for view in ["dap", "log", "partner show id=wash", "feedback list", "plan"] {
            let outcome = try run(view, as: "amina", in: folder, format: "json")
            #expect(outcome.status == 0, "\(view): \(outcome.stderr)")
            #expect(!outcome.stdout.contains("Unaccompanied"), "\(view) shows a confidential question")
            #expect(!outcome.stdout.contains("Edu is unhappy"), "\(view) shows another partner's feedback")
            #expect(!outcome.stdout.contains("Jo Doe") && !outcome.stdout.contains("jo@example.org"), "\(view) shows a contact")
        }
        #expect(try run("feedback list", as: "amina", in: folder).stdout.contains("Wash is happy"))
        // The reviewer reads everything.
        let reviewer = try run("log", as: "omar", in: folder, format: "json")
        #expect(reviewer.stdout.contains("Unaccompanied") && reviewer.stdout.contains("Edu is unhappy") && reviewer.stdout.contains("Jo Doe"))
    }

    // MARK: The periodic review

    static let reviewScript: String = {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return root.appendingPathComponent("scripts/review").path
    }()

    /// Runs `scripts/review` as a cron job would, with this build's binary.
    func review(in folder: E.Folder, _ arguments: [String] = []) throws -> E.Outcome {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = [Self.reviewScript, "--log", "events.jsonl", "--out", "out"] + arguments
        process.currentDirectoryURL = folder.url
        process.environment = E.baseEnvironment.merging(["ENGAGE_BIN": E.binary]) { $1 }
        let stdout = Pipe()
        let stderr = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        let out = stdout.fileHandleForReading.readDataToEndOfFile()
        let err = stderr.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return E.Outcome(status: process.terminationStatus, stdout: String(decoding: out, as: UTF8.self), stderr: String(decoding: err, as: UTF8.self))
    }

    func files(in folder: E.Folder) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder.path("out"))) ?? []).sorted()
    }

    @Test func aReviewWithNothingToActOnExitsZeroAndWritesThreeFiles() throws {
        let folder = try preparedLog()
        #expect(try run(#"used dataset=wash.water round=1 for="trucking plan""#, as: "amina", in: folder).status == 0)
        let outcome = try review(in: folder)
        #expect(outcome.status == 0, "\(outcome.stdout)\(outcome.stderr)")
        #expect(outcome.stdout.contains("Nothing needs action."))
        #expect(files(in: folder) == ["engage-review-2026-11-20.html", "engage-review-2026-11-20.json", "engage-review-2026-11-20.md"])
        let json = try JSONSerialization.jsonObject(with: Data(folder.read("out/engage-review-2026-11-20.json").utf8)) as? [String: Any]
        #expect(json?["needs_action"] as? Bool == false)
        #expect((json?["violations"] as? [Any])?.isEmpty == true)
        #expect(folder.read("out/engage-review-2026-11-20.md").hasPrefix("# Engagement review as of 2026-11-20\n"))
        try checkPage(folder.read("out/engage-review-2026-11-20.html"))
    }

    @Test func aReviewWithPolicyViolationsExitsThreeAndNamesThem() throws {
        let folder = try preparedLog()
        let script = """
        dataset propose id=cp.uasc sector=protection question="Unaccompanied children?" purpose=referrals requested-by=edu owner=dtm dissemination=confidential criteria=no-other-source,purpose-documented,analysis-capacity,analysis-tools,method-adequate
        share dataset=cp.uasc partner=edu
        action add id=send-dap owner=dtm text="Share the draft DAP" due=2026-11-01
        meeting date=2026-11-02 kind=imwg partners=wash,edu outcomes=a,b
        milestone set id=dap-final title="DAP final" date=2026-12-01
        milestone move id=dap-final date=2026-12-15 reason="consultations ran late"

        """
        #expect(try E.run(["--log", "events.jsonl"], in: folder, input: script).status == 0)
        let outcome = try review(in: folder)
        #expect(outcome.status == 3, "\(outcome.stdout)\(outcome.stderr)")
        #expect(outcome.stdout.contains("sharing: cp.uasc with edu"))
        #expect(outcome.stdout.contains("schedule: dap-final moved to 2026-12-15; not notified: wash, edu"))
        #expect(outcome.stdout.contains("overdue: action send-dap"))
        let json = try JSONSerialization.jsonObject(with: Data(folder.read("out/engage-review-2026-11-20.json").utf8)) as? [String: Any]
        #expect(json?["needs_action"] as? Bool == true)
        #expect((json?["violations"] as? [String])?.count == 3)
        let markdown = folder.read("out/engage-review-2026-11-20.md")
        for heading in ["## Datasets to drop", "## Data sharing as of 2026-11-20", "## Schedule changes", "## Overdue as of 2026-11-20", "## Feedback"] {
            #expect(markdown.contains(heading + "\n"), "\(heading)")
        }
        try checkPage(folder.read("out/engage-review-2026-11-20.html"))
        // Looking back to before the violations: nothing to act on.
        let past = try review(in: folder, ["--as-of", "2026-11-19"])
        #expect(past.status == 0, "\(past.stdout)\(past.stderr)")
        #expect(files(in: folder).contains("engage-review-2026-11-19.md"))
    }

    @Test func aReviewThatCannotRunExitsOne() throws {
        let folder = E.Folder()
        #expect(try review(in: folder).status == 1)
        let logged = try preparedLog()
        #expect(try review(in: logged, ["--bogus"]).status == 1)
        logged.write("out", "a file where the directory should be")
        #expect(try review(in: logged).status == 1)
    }

    /// The review's files are always Markdown, JSON and HTML, and it prints a summary in text
    /// or JSON: another format, as a field or as the option, is refused in one line, and no
    /// file is written.
    @Test func aReviewInAFormatItCannotPrintIsRefusedAndWritesNothing() throws {
        let folder = try preparedLog()
        for arguments in [["-c", "review out=r format=csv"], ["--format", "md", "review", "out=r"], ["--format", "html", "review", "out=r"]] {
            let outcome = try E.run(["--log", "events.jsonl"] + arguments, in: folder)
            #expect(outcome.status == 1 && outcome.stdout.isEmpty, "\(arguments)")
            let lines = outcome.stderr.split(separator: "\n")
            #expect(lines.count == 1 && lines[0].contains("its summary is text or json"), "\(outcome.stderr)")
            #expect(!FileManager.default.fileExists(atPath: folder.path("r")))
        }
        #expect(try E.run(["--log", "events.jsonl", "--format", "json", "review", "out=r"], in: folder).status == 0)
    }

    /// The page parses as XML (so it is well-formed), loads nothing from the network, and
    /// has its three charts with bars.
    func checkPage(_ html: String) throws {
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        let withoutNamespaces = html.replacing(#"xmlns="http://www.w3.org/2000/svg""#, with: "")
        #expect(!withoutNamespaces.contains("http://") && !withoutNamespaces.contains("https://"), "the page names a URL")
        #expect(!html.contains("<script") && !html.contains("<link") && !html.contains("<img"))
        let parser = XMLParser(data: Data(html.utf8))
        let collector = ElementCollector()
        parser.delegate = collector
        #expect(parser.parse(), "not well-formed: \(parser.parserError.map { "\($0)" } ?? "")")
        for chart in ["engagement-over-time", "feedback-by-topic", "dataset-use-per-round"] {
            #expect(collector.figures.contains(chart), "no chart \(chart)")
        }
        #expect(collector.svgs == 3)
        #expect(collector.bars > 0)
    }

    final class ElementCollector: NSObject, XMLParserDelegate {
        var figures: [String] = []
        var svgs = 0
        var bars = 0
        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                    attributes: [String: String] = [:]) {
            if name == "figure", let id = attributes["id"] { figures.append(id) }
            if name == "svg" { svgs += 1 }
            if name == "rect", attributes["class"] == "bar" { bars += 1 }
        }
    }
}
