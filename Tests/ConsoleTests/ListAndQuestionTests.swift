import Foundation
import Testing

/// The lists, the show views and questions in words through the real binary, on the
/// scenario's log: every format from the same rows, the reading rule, one-line refusals.
@Suite struct ListAndQuestionTests {
    typealias E = EngageProcess

    static let lists: [[String]] = [
        ["partner", "list"], ["partner", "list", "mou=none"], ["contact", "list"], ["meeting", "list", "partner=wash"],
        ["action", "list", "status=open"], ["decision", "list"], ["dataset", "list", "status=agreed"],
        ["feedback", "list", "status=awaiting"], ["log", "since=2026-11-14", "text=feedback"], ["dataset", "show", "wash.water"],
        ["feedback", "show", "f1"], ["meeting", "list", "since=2026-09-10", "until=2026-09-10"],
    ]

    func scenario() throws -> E.Folder {
        let folder = E.Folder()
        try ScenarioTests.recordScenario(in: folder)
        return folder
    }

    func run(_ arguments: [String], in folder: E.Folder, format: String = "text", as actor: String = "coordinator",
             input: String? = nil) throws -> E.Outcome {
        try E.run(["--log", "events.jsonl", "--format", format, "--as", actor] + arguments, in: folder, input: input,
                  environment: ["ENGAGE_NOW": ScenarioTests.viewTime])
    }

    @Test func everyListAndShowViewRendersInEveryFormat() throws {
        let folder = try scenario()
        for arguments in Self.lists {
            var text = ""
            for format in ["text", "json", "csv", "md", "html"] {
                let outcome = try run(arguments, in: folder, format: format)
                #expect(outcome.status == 0, "\(arguments) \(format): \(outcome.stderr)")
                #expect(!outcome.stdout.isEmpty)
                switch format {
                case "text": text = outcome.stdout
                case "json": #expect((try? JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8))) != nil, "\(arguments) is JSON")
                case "csv": #expect(outcome.stdout.split(separator: "\r\n").dropFirst().first?.hasPrefix("#") == true, "\(arguments) has an HXL row")
                case "md": #expect(outcome.stdout.contains("| --- |") || outcome.stdout.contains("| --- "), "\(arguments) is a Markdown table")
                default: #expect(outcome.stdout.hasPrefix("<!DOCTYPE html>"))
                }
            }
            #expect(!text.isEmpty)
        }
    }

    @Test func filtersNarrowTheListsToExactlyWhatWasAsked() throws {
        let folder = try scenario()
        func ids(_ arguments: [String], _ key: String, _ field: String = "id") throws -> [String] {
            let outcome = try run(arguments, in: folder, format: "json")
            let object = try #require(try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any], "\(outcome.stderr)")
            return (object[key] as? [[String: Any]] ?? []).compactMap { $0[field] as? String }
        }
        let all = try ids(["partner", "list"], "partners")
        let none = try ids(["partner", "list", "mou=none"], "partners")
        #expect(!none.isEmpty && none.count < all.count)
        #expect(!none.contains("cp"), "cp signed an MoU in the scenario")
        #expect(try ids(["feedback", "list", "status=awaiting"], "feedback") == ["f2", "f3"])
        #expect(try ids(["feedback", "list", "status=answered"], "feedback") == ["f1"])
        #expect(try ids(["feedback", "list", "partner=edu", "topic=report"], "feedback") == ["f2"])
        #expect(try ids(["action", "list", "status=overdue"], "actions") == ["dap-draft"])
        let meetings = try ids(["meeting", "list", "since=2026-09-10", "until=2026-09-10"], "meetings", "notes")
        #expect(meetings == ["Process presented; timeline next time"])
    }

    @Test func meetingNotesAppearInTheLogTheListAndThePartnersTimeline() throws {
        let folder = try scenario()
        for arguments in [["log", "type=meeting"], ["meeting", "list"], ["partner", "show", "wash"]] {
            for format in ["text", "md"] {
                let outcome = try run(arguments, in: folder, format: format)
                #expect(outcome.stdout.contains("Process presented; timeline next time"), "\(arguments) \(format)")
            }
        }
    }

    @Test func anInvalidFilterIsRefusedInOneLineNamingTheAllowedValues() throws {
        let folder = try scenario()
        for (arguments, allowed) in [(["partner", "list", "mou=lapsed"], "in-force, none, expired, ended"),
                                     (["action", "list", "status=late"], "open, overdue, done"),
                                     (["feedback", "list", "status=open"], "awaiting, answered"),
                                     (["dataset", "list", "status=live"], "proposed, agreed, kept, dropped"),
                                     (["meeting", "list", "since=last-week"], "YYYY-MM-DD, today"),
                                     (["meeting", "list", "partner=wahs"], "did you mean 'wash'"),
                                     (["action", "list", "owner=dmt"], "no action owner 'dmt' — did you mean 'dtm'"),
                                     (["dataset", "list", "sector=helth"], "did you mean 'health'")] {
            let outcome = try run(arguments, in: folder)
            #expect(outcome.status == 1, "\(arguments)")
            #expect(outcome.stdout.isEmpty)
            #expect(outcome.stderr.split(separator: "\n").count == 1 && outcome.stderr.contains(allowed), "\(arguments): \(outcome.stderr)")
        }
    }

    @Test func aPartnerMemberListsOnlyWhatItMayRead() throws {
        let folder = try scenario()
        let member = try E.run(["--log", "events.jsonl", "-c", "member add user=chidi role=partner partner=wash"], in: folder,
                               environment: ["ENGAGE_NOW": ScenarioTests.viewTime])
        #expect(member.status == 0, "\(member.stderr)")
        let feedback = try run(["feedback", "list"], in: folder, format: "json", as: "chidi")
        #expect(feedback.stdout.contains("\"f1\"") && !feedback.stdout.contains("\"f2\"") && !feedback.stdout.contains("\"f3\""))
        let other = try run(["feedback", "show", "f2"], in: folder, as: "chidi")
        #expect(other.status == 1 && !other.stderr.contains("school"))
        let contacts = try run(["contact", "list"], in: folder, as: "chidi")
        #expect(contacts.status == 1 && contacts.stderr.contains("may not open 'contact list'"))
    }

    @Test func aQuestionIsSaidAsItsCommandOnStderrAndAnsweredExactly() throws {
        let folder = try scenario()
        let question = try run(["-c", "show me feedback from wash"], in: folder)
        #expect(question.status == 0)
        #expect(question.stderr == "→ feedback list partner=wash\n")
        #expect(question.stdout == (try run(["feedback", "list", "partner=wash"], in: folder)).stdout)
        let count = try run(["-c", "how many partners do we have?"], in: folder)
        #expect(count.stderr == "→ partner list\n" && count.stdout.contains(" partners."))
    }

    @Test func aQuestionThatCannotBeAnsweredExactlyExitsOneWithSuggestions() throws {
        let folder = try scenario()
        let outcome = try run(["-c", "show me feedback from wash and unicef"], in: folder)
        #expect(outcome.status == 1)
        #expect(outcome.stdout.isEmpty, "never a different view")
        #expect(outcome.stderr.split(separator: "\n").count == 1)
        #expect(outcome.stderr.contains("cannot answer") && outcome.stderr.contains("try '"))
    }

    @Test func questionsWorkInAPipedScript() throws {
        let folder = try scenario()
        let outcome = try run([], in: folder, input: "what's overdue?\nwhich feedback awaits a reply?\n")
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stderr == "→ overdue\n→ feedback list status=awaiting\n")
        #expect(outcome.stdout.contains("Overdue as of") && outcome.stdout.contains("2 received, 2 awaiting a reply"))
        let refused = try run([], in: folder, input: "what's overdue?\nwho is the best partner?\nplan\n")
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("line 2: cannot answer"))
        #expect(!refused.stdout.contains("Plan as of"))
    }
}
