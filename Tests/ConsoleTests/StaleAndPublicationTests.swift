import Foundation
import Testing

/// What goes stale and what reports break, through the real binary: `overdue`, `sharing`,
/// `plan` and the review, in every format and as of a past day.
@Suite struct StaleAndPublicationTests {
    typealias E = EngageProcess

    static let criteria = "criteria=no-other-source,purpose-documented,analysis-capacity,analysis-tools,method-adequate"

    /// Recorded on 2026-11-01: a plan to approach wash by 11-10, a reply to unicef planned for
    /// 11-15, unicef's MoU lapsing on 12-05 while it asks for confidential data, public
    /// dataset `a` of round 1 (closed 09-30) never on HDX, and a public report holding the
    /// confidential `cp` without its full checklist.
    func recorded() throws -> E.Folder {
        let folder = E.Folder()
        let script = """
            partner add id=wash name=WASH category=cluster levels=operational
            partner add id=unicef name=UNICEF category=un-agency levels=programmatic
            approach plan partner=wash how=bilateral by=2026-11-10
            feedback partner=unicef topic=report text="Too long"
            feedback address id=f1 response=planned date=2026-11-15 text="Two-page summary"
            mou sign partner=unicef scope=cp date=2026-01-01 expires=2026-12-05
            dataset propose id=cp sector=protection question=q requested-by=unicef dissemination=confidential
            dataset propose id=a sector=wash question=q purpose=p owner=dtm dissemination=public options=open mockup=m \(Self.criteria)
            mockup verify dataset=a partner=wash skills=subject-matter,context
            dataset agree id=a
            round start n=1 date=2026-09-01
            analysed dataset=a by=dtm round=1
            round close n=1 date=2026-09-30
            interpretation date=2026-10-02 round=1 datasets=a partners=wash,unicef skills=decision-maker,subject-matter,im
            report publish id=r1 title="Round 1" date=2026-10-05 datasets=a,cp channel=public checklist=limitations

            """
        let outcome = try E.run(["--log", "events.jsonl"], in: folder, input: script,
                                environment: ["ENGAGE_NOW": "2026-11-01T10:00:00Z"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stderr.contains("cp is confidential: in a public report it shows as a violation in 'sharing'"))
        return folder
    }

    func json(_ arguments: [String], in folder: E.Folder) throws -> [String: Any] {
        let outcome = try E.run(["--log", "events.jsonl", "--format", "json"] + arguments, in: folder,
                                environment: ["ENGAGE_NOW": "2026-11-20T10:00:00Z"])
        #expect(outcome.status == 0, "\(arguments): \(outcome.stderr)")
        return try #require(try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any])
    }

    func daysLate(_ object: [String: Any], _ key: String, field: String = "days_late") -> [Int] {
        (object[key] as? [[String: Any]] ?? []).compactMap { $0[field] as? Int }
    }

    @Test func overdueListsStaleApproachPlansWithTheirDaysLate() throws {
        let folder = try recorded()
        let overdue = try json(["overdue"], in: folder)
        #expect(daysLate(overdue, "approaches") == [10])
        #expect(daysLate(overdue, "planned_replies") == [5])
        #expect(daysLate(overdue, "expiring_mous", field: "days_left") == [15])
        #expect(daysLate(overdue, "not_on_hdx") == [21])
        // As it stood on 11-12: the approach 2 days late, the reply not yet due, the MoU 23 days off.
        let before = try json(["--as-of", "2026-11-12", "overdue"], in: folder)
        #expect(daysLate(before, "approaches") == [2])
        #expect(daysLate(before, "planned_replies") == [])
        #expect(daysLate(before, "expiring_mous", field: "days_left") == [23])
        #expect(daysLate(before, "not_on_hdx") == [13])
        // Every format shows them, from the same rows.
        for format in ["text", "csv", "md", "html"] {
            let outcome = try E.run(["--log", "events.jsonl", "--format", format, "overdue"], in: folder,
                                    environment: ["ENGAGE_NOW": "2026-11-20T10:00:00Z"])
            #expect(outcome.status == 0)
            for expected in ["2026-11-10", "f1", "2026-12-05", "2026-10-30"] {
                #expect(outcome.stdout.contains(expected), "\(format) lacks \(expected)")
            }
        }
        let text = try E.run(["--log", "events.jsonl", "overdue"], in: folder, environment: ["ENGAGE_NOW": "2026-11-20T10:00:00Z"])
        #expect(text.stdout.contains("1 approach plan past due with no meeting; 1 planned reply past due; 1 MoU covering confidential data lapsing within 30 days; 1 public dataset not on HDX within 30 days of its round's close."))
    }

    @Test func aConfidentialDatasetInAPublicReportShowsInSharingAndTheReviewWithItsRecord() throws {
        let folder = try recorded()
        let sharing = try json(["sharing"], in: folder)
        let violations = try #require(sharing["report_violations"] as? [[String: Any]])
        #expect(violations.count == 1)
        #expect(violations.first?["report"] as? String == "r1" && violations.first?["dataset"] as? String == "cp")
        #expect(violations.first?["sequence"] as? Int == 15)
        // Before the report's record there was nothing to flag.
        let before = try E.run(["--log", "events.jsonl", "--format", "json", "--as-of", "2026-10-31", "sharing"], in: folder)
        #expect(before.stdout.contains("\"report_violations\":[]"))

        let review = try E.run(["--log", "events.jsonl", "--format", "json", "review", "out=out"], in: folder,
                               environment: ["ENGAGE_NOW": "2026-11-20T10:00:00Z"])
        #expect(review.status == 3)
        let facts = try #require(try JSONSerialization.jsonObject(with: Data(folder.read("out/engage-review-2026-11-20.json").utf8)) as? [String: Any])
        let lines = facts["violations"] as? [String] ?? []
        #expect(lines.contains("sharing: cp in public report r1 on 2026-10-05 (record #15), but its dissemination category is confidential"))
        #expect(lines.contains("overdue: approach to wash was planned by 2026-11-10 and no meeting since (10 days late)"))
        let attention = facts["needs_attention"] as? [String] ?? []
        #expect(attention.contains("publication: public dataset a from round 1 (closed 2026-09-30) is not on HDX; due 2026-10-30 (21 days late)"))
        #expect(attention.contains { $0.hasPrefix("publication: report r1 (2026-10-05, record #15) lacks checklist items: jointly-identified, methodology-note") })
        #expect(attention.contains("interpretation: round 1's analysed datasets a were not read jointly by all four skillsets (missing: context)"))
        let page = folder.read("out/engage-review-2026-11-20.html")
        #expect(page.contains("Reports open to anyone holding confidential data") && page.contains("Needs attention (not violations)"))

        let plan = try E.run(["--log", "events.jsonl", "plan"], in: folder, environment: ["ENGAGE_NOW": "2026-11-20T10:00:00Z"])
        #expect(plan.stdout.contains("1 confidential or urgent-action dataset in public reports"))
        #expect(plan.stdout.contains("1 round not interpreted by all four skillsets"))
    }
}
