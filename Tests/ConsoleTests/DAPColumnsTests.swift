import Foundation
import Testing

/// The Data Analysis Plan shows each question's reply options, mock-up, who verified it,
/// and its collection and analysis columns, in every format (docs/process.md, steps 20–22).
@Suite struct DAPColumnsTests {
    typealias E = EngageProcess

    @Test func theDAPShowsWhoVerifiedEachMockup() throws {
        let folder = E.Folder()
        try ScenarioTests.recordScenario(in: folder)
        func dap(_ format: String) throws -> String {
            let outcome = try E.run(["--log", "events.jsonl", "--format", format, "dap"], in: folder)
            #expect(outcome.status == 0, "\(format): \(outcome.stderr)")
            return outcome.stdout
        }
        let csv = try dap("csv")
        #expect(csv.contains("dataset,options,mock-up,verified by,frequency,disaggregation,languages,analysis,to agree"))
        #expect(csv.contains("#indicator +code,#indicator +options,#description +mockup,#org +verified,#meta +frequency,#meta +disaggregation,#meta +languages,#description +analysis,#status +missing"))
        #expect(csv.contains(#"edu.schools,"yes,partly,no",Map: sites with a functioning school,edu (subject-matter) 2026-10-20; drc (context) 2026-10-21,per-round,"sex, age","en, fr",,"#))
        #expect(csv.contains("shelter.damage,,,,,,,,"))
        let markdown = try dap("md")
        #expect(markdown.contains("| wash.water | piped,well,trucking,surface | Bar chart: % of sites by main source | wash (subject-matter, context) 2026-10-20 | per-round | none | en | % of sites by main source, by district |  |"))
        let text = try dap("text")
        #expect(text.contains("Questions: options, mock-ups, verification, collection and analysis"))
        #expect(text.contains("unicef (subject-matter, context) 2026-10-22"))
        let json = try #require(try JSONSerialization.jsonObject(with: Data(try dap("json").utf8)) as? [String: Any])
        let datasets = try #require(json["datasets"] as? [[String: Any]])
        let cp = try #require(datasets.first { $0["id"] as? String == "cp.uasc" })
        let verifications = try #require(cp["verifications"] as? [[String: Any]])
        #expect(verifications.map { $0["partner"] as? String } == ["cp"])
        #expect(verifications.first?["skills"] as? [String] == ["subject-matter", "context"])
        #expect(cp["disaggregation"] as? [String] == ["sex", "age"])
        #expect(cp["frequency"] as? String == "per-round")
        #expect(cp["languages"] is NSNull)
        // The forced agreement says what it went without.
        let log = try E.run(["--log", "events.jsonl", "log", "type=dataset.agreed"], in: folder)
        #expect(log.stdout.contains("agreed dataset shelter.damage despite unmet criteria, no mock-up, no reply options, an unverified mock-up: Government request"))
    }

    @Test func theReviewShowsEachQuestionsMockupAndWhoVerifiedIt() throws {
        let folder = E.Folder()
        try ScenarioTests.recordScenario(in: folder)
        let review = try E.run(["--log", "events.jsonl", "review", "out=review"], in: folder)
        #expect(review.status == 3, "\(review.stderr)")
        let markdown = folder.read("review/engage-review-2026-11-20.md")
        #expect(markdown.contains("Questions: mock-ups, options and verification"))
        #expect(markdown.contains("| edu.schools | yes,partly,no | Map: sites with a functioning school | edu (subject-matter) 2026-10-20; drc (context) 2026-10-21 | per-round | sex, age | en, fr |  |  |"))
        // A dropped question is no longer part of it.
        #expect(!markdown.contains("| shelter.damage |  |"))
        let json = try #require(try JSONSerialization.jsonObject(with: Data(folder.read("review/engage-review-2026-11-20.json").utf8)) as? [String: Any])
        let questions = try #require(json["questions"] as? [[String: Any]])
        #expect(questions.map { $0["id"] as? String } == ["wash.water", "edu.schools", "cp.uasc", "health.clinics"])
    }

    @Test func aQuestionWithoutItsChecksIsRefusedInOneLineAndNothingIsRecorded() throws {
        let folder = E.Folder()
        let setup = """
        partner add id=wash name="WASH Cluster" category=cluster levels=operational
        dataset propose id=wash.water sector=wash question="Main water source?" purpose=trucking owner=dtm dissemination=public criteria=no-other-source,purpose-documented,analysis-capacity,analysis-tools,method-adequate

        """
        #expect(try E.run(["--log", "events.jsonl"], in: folder, input: setup).status == 0)
        let refused = try E.run(["--log", "events.jsonl", "-c", "dataset agree id=wash.water"], in: folder)
        #expect(refused.status == 1)
        #expect(refused.stderr == "engage: dataset 'wash.water' cannot be agreed yet: no mock-up (dataset revise id=wash.water mockup=\"…\"); "
            + "no reply options (dataset revise id=wash.water options=… with the set list, or options=open for a free answer); "
            + "mock-up not verified for subject-matter, context (mockup verify dataset=wash.water partner=… skills=subject-matter,context). "
            + "Give them, or agree it anyway with force=yes reason=\"…\"\n")
        #expect(folder.read("events.jsonl").split(separator: "\n").count == 2)
        let forced = try E.run(["--log", "events.jsonl", "-c", #"dataset agree id=wash.water force=yes reason="ministry asked; verification next week""#], in: folder)
        #expect(forced.status == 0, "\(forced.stderr)")
        #expect(folder.read("events.jsonl").contains(#""type":"dataset.agreed","v":2,"data":{"id":"wash.water","forced":true,"reason":"ministry asked; verification next week","waived":["mockup","options","verification"]}"#))
    }
}
