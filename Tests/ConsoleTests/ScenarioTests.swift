import Foundation
import Testing

/// The whole process of docs/process.md, recorded through the real binary from a script, then
/// every view in every format compared with its golden output in `Scenario/golden/`.
///
/// To re-record after an intended change: `ENGAGE_RECORD=1 scripts/test`, then read the
/// diff of `Scenario/golden/` before committing it.
@Suite struct ScenarioTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Scenario")
    static let viewTime = "2026-11-20T12:00:00Z"

    /// Each view, the file stem of its golden outputs, and the extra arguments it takes.
    static let views: [(stem: String, arguments: [String])] = [
        ("plan", ["plan"]), ("unused", ["unused"]), ("dap", ["dap"]), ("partner-show-wash", ["partner", "show", "wash"]),
        ("feedback-list", ["feedback", "list"]), ("sharing", ["sharing"]), ("schedule", ["schedule"]),
        ("overdue", ["overdue"]), ("log", ["log"]),
        ("partner-list", ["partner", "list"]), ("contact-list", ["contact", "list"]), ("meeting-list", ["meeting", "list"]),
        ("meeting-show-13", ["meeting", "show", "13"]), ("action-list", ["action", "list"]), ("decision-list", ["decision", "list"]),
        ("dataset-list", ["dataset", "list"]), ("dataset-show-cp.uasc", ["dataset", "show", "cp.uasc"]),
        ("feedback-show-f1", ["feedback", "show", "f1"]),
    ]
    static let formats = ["text": "txt", "json": "json", "csv": "csv", "md": "md"]

    /// Runs a scenario script (`process.engage` unless named) into a fresh log, a block of
    /// lines per `@now`.
    static func recordScenario(in folder: EngageProcess.Folder, script name: String = "process.engage") throws {
        let script = try String(contentsOf: Self.folder.appendingPathComponent(name), encoding: .utf8)
        var blocks: [(now: String, lines: [String])] = []
        for line in script.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("@now ") {
                blocks.append((String(line.dropFirst(5)), []))
            } else if !line.isEmpty, !line.hasPrefix("#") {
                blocks[blocks.count - 1].lines.append(String(line))
            }
        }
        for block in blocks {
            let outcome = try EngageProcess.run(["--log", "events.jsonl"], in: folder, input: block.lines.joined(separator: "\n") + "\n",
                                                environment: ["ENGAGE_NOW": block.now, "ENGAGE_SEED": "14"])
            #expect(outcome.status == 0, "block at \(block.now): \(outcome.stderr)")
        }
    }

    func compare(_ actual: String, golden name: String) {
        let url = Self.folder.appendingPathComponent("golden").appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["ENGAGE_RECORD"] == "1" {
            try? FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try? actual.write(to: url, atomically: true, encoding: .utf8)
            return
        }
        guard let expected = try? String(contentsOf: url, encoding: .utf8) else {
            Issue.record("no golden output \(name); record it with ENGAGE_RECORD=1")
            return
        }
        guard actual != expected else { return }
        let a = actual.split(separator: "\n", omittingEmptySubsequences: false)
        let e = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let line = (0..<min(a.count, e.count)).first { a[$0] != e[$0] } ?? min(a.count, e.count)
        Issue.record("\(name) differs at line \(line + 1):\n  expected: \(line < e.count ? e[line] : "<end>")\n  actual:   \(line < a.count ? a[line] : "<end>")")
    }

    @Test func theWholeProcessRendersAsRecordedInEveryViewAndFormat() throws {
        let folder = EngageProcess.Folder()
        try Self.recordScenario(in: folder)
        #expect(try EngageProcess.run(["--log", "events.jsonl", "verify"], in: folder).status == 0)
        for view in Self.views {
            for (format, ext) in Self.formats {
                let outcome = try EngageProcess.run(["--log", "events.jsonl", "--format", format] + view.arguments, in: folder,
                                                    environment: ["ENGAGE_NOW": Self.viewTime])
                #expect(outcome.status == 0, "\(view.stem) \(format): \(outcome.stderr)")
                compare(outcome.stdout, golden: "\(view.stem).\(ext)")
                if format == "json" {
                    #expect((try? JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8))) != nil, "\(view.stem) is JSON")
                }
            }
        }
        for (stem, arguments) in [("plan-as-of-2026-10-01", ["--as-of", "2026-10-01", "plan"]),
                                  ("unused-rounds-1", ["unused", "rounds=1"]),
                                  ("sharing-as-of-2026-11-01", ["--as-of", "2026-11-01", "sharing"])] {
            for (format, ext) in [("text", "txt"), ("json", "json")] {
                let outcome = try EngageProcess.run(["--log", "events.jsonl", "--format", format] + arguments, in: folder,
                                                    environment: ["ENGAGE_NOW": Self.viewTime])
                #expect(outcome.status == 0)
                compare(outcome.stdout, golden: "\(stem).\(ext)")
            }
        }
    }

    /// The review's three files, and what it says on stdout, for both responses, today and as
    /// of a past day: byte for byte what was recorded, however the review gathers its facts.
    @Test(arguments: [("process.engage", "review"), ("second-response.engage", "second/review")])
    func theReviewWritesItsThreeFilesAsRecorded(script: String, golden: String) throws {
        let folder = EngageProcess.Folder()
        try Self.recordScenario(in: folder, script: script)
        for (day, asOf) in [("2026-11-20", [String]()), ("2026-10-01", ["--as-of", "2026-10-01"])] {
            let outcome = try EngageProcess.run(["--log", "events.jsonl"] + asOf + ["review", "out=\(day)"], in: folder,
                                                environment: ["ENGAGE_NOW": Self.viewTime])
            #expect(outcome.status == 0 || outcome.status == 3, "\(day): \(outcome.stderr)")
            compare(outcome.stdout, golden: "\(golden)/review-\(day).txt")
            for ext in ["md", "json", "html"] {
                let file = folder.read("\(day)/engage-review-\(day).\(ext)")
                #expect(!file.isEmpty, "\(day) \(ext) was written")
                compare(file, golden: "\(golden)/engage-review-\(day).\(ext)")
            }
        }
    }

    /// What scripts rely on (the JSON shapes of docs/events.md) and what the process says must hold.
    @Test func theScenarioReachesTheOutcomesOfTheProcess() throws {
        let folder = EngageProcess.Folder()
        try Self.recordScenario(in: folder)
        func json(_ arguments: [String]) throws -> [String: Any] {
            let outcome = try EngageProcess.run(["--log", "events.jsonl", "--format", "json"] + arguments, in: folder,
                                                environment: ["ENGAGE_NOW": Self.viewTime])
            return try #require(try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any])
        }
        let unused = try json(["unused"])
        let drop = try #require(unused["drop"] as? [[String: Any]])
        // cp.uasc was analysed in round 1 but not in round 2: not consistently analysed (step 16).
        #expect(drop.map { $0["dataset"] as? String } == ["cp.uasc", "health.clinics"])
        #expect(drop.map { $0["reasons"] as? [String] } == [["inconsistent-analysis"], ["no-use", "not-analysed"]])
        #expect(unused["kept"] as? [String] == ["edu.schools"])

        let plan = try json(["plan"])
        let partners = try #require(plan["partners"] as? [[String: Any]])
        #expect(partners.first { $0["id"] as? String == "wash" }?["outcomes"] as? [String] == ["a", "b", "c", "d", "e"])
        let milestones = try #require(plan["milestones"] as? [[String: Any]])
        #expect(milestones.first { $0["id"] as? String == "dap-final" }?["unnotified"] as? [String] == ["imwg", "unicef"])
        #expect(plan["overdue_actions"] as? [String] == ["dap-draft"])
        #expect(plan["open_feedback"] as? [String] == ["f2", "f3"])

        let sharing = try json(["sharing"])
        let violations = try #require(sharing["violations"] as? [[String: Any]])
        #expect(violations.map { "\($0["dataset"]!) \($0["partner"]!)" } == ["cp.uasc unicef"])

        // The retracted use counts as never recorded; the log still shows it, marked.
        let dap = try json(["dap"])
        let schools = (dap["datasets"] as? [[String: Any]])?.first { $0["id"] as? String == "edu.schools" }
        #expect(schools?["rounds_used"] as? [Int] == [])
        let log = try EngageProcess.run(["--log", "events.jsonl", "log", "type=dataset.used"], in: folder)
        #expect(log.stdout.contains("[retracted by #66]"))
    }

    /// A second response, in another country, that breaks each rule of the later parts of
    /// the process at least once (`second-response.engage`): every view says so, in every
    /// format, and as of the days each rule was broken.
    @Test func aSecondResponseInAnotherCountryBreaksEachLaterRuleAndTheViewsSaySo() throws {
        let folder = EngageProcess.Folder()
        try Self.recordScenario(in: folder, script: "second-response.engage")
        #expect(try EngageProcess.run(["--log", "events.jsonl", "verify"], in: folder).status == 0)
        func run(_ arguments: [String]) throws -> EngageProcess.Outcome {
            let outcome = try EngageProcess.run(["--log", "events.jsonl"] + arguments, in: folder, environment: ["ENGAGE_NOW": Self.viewTime])
            return outcome
        }
        let views: [(stem: String, arguments: [String])] = [
            ("plan", ["plan"]), ("overdue", ["overdue"]), ("sharing", ["sharing"]), ("unused", ["unused"]), ("dap", ["dap"]),
            ("plan-as-of-2026-06-28", ["--as-of", "2026-06-28", "plan"]), ("sharing-as-of-2026-07-15", ["--as-of", "2026-07-15", "sharing"]),
        ]
        for view in views {
            for (format, ext) in Self.formats {
                let outcome = try run(["--format", format] + view.arguments)
                #expect(outcome.status == 0, "\(view.stem) \(format): \(outcome.stderr)")
                compare(outcome.stdout, golden: "second/\(view.stem).\(ext)")
            }
        }

        // The review: each broken rule once, as a violation or as needing attention.
        let review = try run(["--format", "json", "review"])
        #expect(review.status == 3, "a violation makes the review's status 3")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(review.stdout.utf8)) as? [String: Any])
        let violations = try #require(json["violations"] as? [String])
        let attention = try #require(json["needs_attention"] as? [String])
        for expected in [
            "no MoU in force that day",                                  // a share before the MoU
            "outside its MoU's scope: sector protection",                // a share outside the MoU's sectors
            "was referred to prot while enumerators only inform",       // a referral under mode inform
            "under mode refer without consent=yes",                      // a referral without consent
            "in public report r1 on 2026-08-10 (record #38), but its dissemination category is confidential",
            "approach to ingc was planned by 2026-06-20 and no meeting since (153 days late)",
            "reply to feedback f1 from prot was planned for 2026-10-01 (50 days late)",
        ] {
            #expect(violations.contains { $0.contains(expected) }, "no violation '\(expected)' in \(violations)")
        }
        for expected in [
            "inge requested gbv.services (confidential) with no MoU covering it",
            "the MoU with gbv covering gbv.services lapses after 2026-12-01 (11 days left)",
            "round 1 started on 2026-07-01 with no urgent-action training",
            "public dataset shelter.type from round 1 (closed 2026-07-31) is not on HDX",
            "report r1 (2026-08-10, record #38) lacks checklist items: limitations, dissemination-checked",
            "round 2's analysed datasets shelter.type were not read jointly by all four skillsets",
        ] {
            #expect(attention.contains { $0.contains(expected) }, "nothing needs attention for '\(expected)' in \(attention)")
        }
        // Consistency: analysed in round 1 only; shelter.nfi, agreed while round 2 was open, is not judged yet.
        let unused = try #require(json["unused"] as? [String: Any])
        let drop = try #require(unused["drop"] as? [[String: Any]])
        #expect(drop.map { $0["dataset"] as? String } == ["prot.incidents", "gbv.services", "shelter.damage"])
        #expect(drop.first { $0["dataset"] as? String == "gbv.services" }?["reasons"] as? [String] == ["inconsistent-analysis"])
        // The urgent-action dataset agreed before any setup, as it stood on that day.
        let then = try run(["--as-of", "2026-06-28", "plan"])
        #expect(then.stdout.contains("prot.incidents is urgent-action data agreed (#19) with no urgent setup"))
        // The forced question, and the verified ones, in the DAP.
        let dap = try run(["--format", "json", "dap"])
        #expect(dap.stdout.contains("Government request; mock-up to follow"))
        #expect(try run(["plan"]).stdout.contains("Response: Cyclone Idai-2 response, Mozambique"))
    }

    @Test func exportsLeaveContactsNamesAndEmailsOut() throws {
        let folder = EngageProcess.Folder()
        try Self.recordScenario(in: folder)
        for arguments in [["log"], ["partner", "show", "wash"], ["plan"]] {
            for format in ["csv", "md"] {
                let outcome = try EngageProcess.run(["--log", "events.jsonl", "--format", format] + arguments, in: folder)
                // An export that failed, or wrote nothing, would leave them out too.
                #expect(outcome.status == 0, "\(arguments) \(format): \(outcome.stderr)")
                #expect(!outcome.stdout.isEmpty && outcome.stdout.contains("wash"), "\(arguments) \(format) wrote nothing of the log")
                for personal in ["Amina", "amina@example.org", "Jo Martin", "jo@example.org"] {
                    #expect(!outcome.stdout.contains(personal), "\(arguments) \(format) shows \(personal)")
                }
            }
        }
        // A person at the terminal sees them.
        #expect(try EngageProcess.run(["--log", "events.jsonl", "partner", "show", "wash"], in: folder).stdout.contains("Amina Yusuf <amina@example.org>"))
    }
}
