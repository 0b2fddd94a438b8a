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

    /// Runs `process.engage` into a fresh log, a block of lines per `@now`.
    static func recordScenario(in folder: EngageProcess.Folder) throws {
        let script = try String(contentsOf: Self.folder.appendingPathComponent("process.engage"), encoding: .utf8)
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
