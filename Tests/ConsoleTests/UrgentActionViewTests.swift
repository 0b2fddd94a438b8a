import Foundation
import Testing

/// The response's frame and urgent action through the real binary: in `plan` (every
/// format), as of an earlier day, for a partner member, and in the review's files.
@Suite struct UrgentActionViewTests {
    typealias E = EngageProcess

    static let script = """
        partner add id=unicef name=UNICEF category=un-agency levels=programmatic
        partner add id=wash name="WASH Cluster" category=cluster levels=operational
        member add user=amina role=partner partner=wash
        response set name="Flood response 2026" country=Nigeria body=cluster since=2026-08-20
        dataset propose id=cp.uasc sector=protection question=q purpose=p requested-by=unicef owner=dtm dissemination=urgent-action criteria=no-other-source,purpose-documented,analysis-capacity,analysis-tools,method-adequate options=open mockup=m
        mockup verify dataset=cp.uasc partner=unicef skills=subject-matter,context
        dataset agree id=cp.uasc
        urgent setup date=2026-11-01 mode=inform pathways=no
        urgent report date=2026-11-05 kind=life-saving dataset=cp.uasc to=unicef service=medical consent=yes

        """

    func json(_ arguments: [String], as actor: String = "coordinator", in folder: E.Folder,
              now: String = "2026-11-20T10:00:00Z") throws -> [String: Any] {
        let outcome = try E.run(["--log", "events.jsonl", "--as", actor, "--format", "json"] + arguments, in: folder,
                                environment: ["ENGAGE_NOW": now])
        return try #require(try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any], "\(outcome.stderr)")
    }

    func recorded() throws -> E.Folder {
        let folder = E.Folder()
        let outcome = try E.run(["--log", "events.jsonl"], in: folder, input: Self.script)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        return folder
    }

    @Test func thePlanShowsTheResponseAndAReferralUnderInformModeInEveryFormat() throws {
        let folder = try recorded()
        let plan = try json(["plan"], in: folder)
        let response = try #require(plan["response"] as? [String: Any])
        #expect(response["country"] as? String == "Nigeria" && response["body"] as? String == "cluster")
        let urgent = try #require(plan["urgent_action"] as? [String: Any])
        #expect(urgent["mode"] as? String == "inform")
        #expect((urgent["needs_attention"] as? [String])?.count == 1)
        let text = try E.run(["--log", "events.jsonl", "plan"], in: folder).stdout
        #expect(text.contains("Response: Flood response 2026, Nigeria (led by the cluster system, since 2026-08-20)."))
        #expect(text.contains("1 life-saving report outside the urgent-action mode"))
        for format in ["md", "csv", "html"] {
            let out = try E.run(["--log", "events.jsonl", "--format", format, "plan"], in: folder).stdout
            #expect(out.contains("was referred to unicef while enumerators only inform"), "\(format)")
        }
    }

    @Test func asOfADayBeforeTheSetupTheUrgentDatasetNeedsASetup() throws {
        let folder = E.Folder()
        let lines = Self.script.split(separator: "\n").map(String.init)
        #expect(try E.run(["--log", "events.jsonl"], in: folder, input: lines.prefix(7).joined(separator: "\n") + "\n",
                          environment: ["ENGAGE_NOW": "2026-10-20T10:00:00Z"]).status == 0)
        #expect(try E.run(["--log", "events.jsonl"], in: folder, input: lines.dropFirst(7).joined(separator: "\n") + "\n").status == 0)
        let then = try json(["--as-of", "2026-10-20", "plan"], in: folder)
        let thenUrgent = try #require(then["urgent_action"] as? [String: Any])
        #expect((thenUrgent["needs_attention"] as? [String])?.first?.contains("cp.uasc is urgent-action data agreed") == true)
        let asOf = try E.run(["--log", "events.jsonl", "--as-of", "2026-10-20", "plan"], in: folder).stdout
        #expect(asOf.contains("1 urgent-action dataset agreed with no urgent setup"))
        let now = try E.run(["--log", "events.jsonl", "plan"], in: folder).stdout
        #expect(!now.contains("agreed with no urgent setup"))
    }

    @Test func aPartnerMemberSeesTheResponseButNoUrgentReport() throws {
        let folder = try recorded()
        let plan = try json(["plan"], as: "amina", in: folder)
        #expect((plan["response"] as? [String: Any])?["name"] as? String == "Flood response 2026")
        let urgent = try #require(plan["urgent_action"] as? [String: Any])
        #expect((urgent["reports"] as? [String: Any])?["life_saving"] as? Int == 0)
        #expect((urgent["needs_attention"] as? [String])?.isEmpty == true)
        let log = try E.run(["--log", "events.jsonl", "--as", "amina", "log"], in: folder).stdout
        #expect(!log.contains("urgent report") && log.contains("urgent action from 2026-11-01"))
    }

    @Test func theReviewCountsAReferralOutsideTheModeAsAViolation() throws {
        let folder = try recorded()
        let outcome = try E.run(["--log", "events.jsonl", "--format", "json", "review", "out=review"], in: folder)
        #expect(outcome.status == 3)
        let review = try #require(try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any])
        #expect((review["violations"] as? [String])?.contains { $0.contains("life-saving report #9") } == true)
        #expect((review["response"] as? [String: Any])?["name"] as? String == "Flood response 2026")
        #expect(review["urgent_action"] is [String: Any])
        let html = folder.read("review/engage-review-2026-11-20.html")
        #expect(html.contains("Response and urgent action"))
    }
}
