import EventLog
import Testing
@testable import Engagement

/// Reports, public datasets on HDX and the joint interpretation of results (docs/process.md,
/// steps 15 and 17): each rule as a function of the log, judged as of a day.
@Suite struct PublicationTests {
    static let dataset = "sector=wash question=q purpose=p owner=dtm \(World.allCriteria) \(World.readyQuestion)"
    static let allChecks = "checklist=jointly-identified,methodology-note,limitations,dissemination-checked"

    /// Three partners; public `a` and `b` and confidential `cp` agreed; round 1 (01-01 to
    /// 01-20) in which `a` and `b` were analysed.
    func roundOneClosed() throws -> World {
        var w = World()
        try w.run(World.mapped)
        try w.run(["dataset propose id=a \(Self.dataset) dissemination=public", "dataset propose id=b \(Self.dataset) dissemination=public",
                   "dataset propose id=cp \(Self.dataset) dissemination=confidential",
                   World.verify("a"), World.verify("b"), World.verify("cp"),
                   "dataset agree id=a", "dataset agree id=b", "dataset agree id=cp",
                   "round start n=1 date=2026-01-01", "analysed dataset=a by=dtm round=1", "analysed dataset=b by=dtm round=1",
                   "round close n=1 date=2026-01-20"])
        return w
    }

    // MARK: Violations

    @Test func aConfidentialDatasetInAPublicReportIsAViolation() throws {
        var w = try roundOneClosed()
        let decision = try w.run("report publish id=r1 title=\"Round 1\" date=2026-02-01 datasets=a,cp channel=public \(Self.allChecks)")
        // Recorded and flagged, as a share without an MoU is.
        #expect(decision.notes == ["cp is confidential: in a public report it shows as a violation in 'sharing'"])
        let sequence = w.events.count
        let violations = w.model.publicationViolations(today: Day("2026-02-01")!)
        #expect(violations == [Model.PublicationViolation(report: "r1", dataset: "cp", channel: .public, dissemination: .confidential,
                                                          day: Day("2026-02-01")!, sequence: sequence)])
        let item = try #require(w.model.needsAttention(today: Day("2026-02-01")!).first)
        #expect(item.isViolation)
        #expect(item.detail == "sharing: cp in public report r1 on 2026-02-01 (record #\(sequence)), but its dissemination category is confidential")
        #expect(w.model.review(today: Day("2026-02-01")!).violations.contains(item.detail))
        // Not before the report's day; not on HDX with public data only; never for a bilateral report.
        #expect(w.model.publicationViolations(today: Day("2026-01-31")!).isEmpty)
        try w.run("report publish id=r2 title=\"Round 1 CP\" date=2026-02-01 datasets=cp channel=bilateral partners=unicef \(Self.allChecks)")
        try w.run("report publish id=r3 title=\"Round 1 HDX\" date=2026-02-01 datasets=a,b channel=hdx \(Self.allChecks)")
        #expect(w.model.publicationViolations(today: Day("2026-02-01")!).map(\.report) == ["r1"])
    }

    @Test func aReportIsJudgedByTheCategoriesItsDatasetsHadWhenItWentOut() throws {
        var w = try roundOneClosed()
        try w.run("report publish id=r1 title=\"Round 1\" date=2026-02-01 datasets=a channel=hdx \(Self.allChecks)")
        try w.run("dataset revise id=a dissemination=urgent-action")
        #expect(w.model.publicationViolations(today: Day("2026-02-01")!).isEmpty)
        try w.run("report publish id=r2 title=\"Round 1 again\" date=2026-02-02 datasets=a channel=hdx \(Self.allChecks)")
        #expect(w.model.publicationViolations(today: Day("2026-02-02")!).map(\.report) == ["r2"])
    }

    // MARK: Needs attention

    @Test func aPublicDatasetNotOnHDXWithin30DaysOfItsRoundsCloseNeedsAttention() throws {
        var w = try roundOneClosed()
        // Round 1 closed 2026-01-20: due on HDX by 2026-02-19.
        #expect(w.model.datasetsNotOnHDX(today: Day("2026-02-19")!).isEmpty)
        let late = w.model.datasetsNotOnHDX(today: Day("2026-02-25")!)
        #expect(late == ["a", "b"].map {
            Model.NotOnHDX(dataset: $0, round: 1, closed: Day("2026-01-20")!, due: Day("2026-02-19")!, daysLate: 6)
        })
        let items = w.model.needsAttention(today: Day("2026-02-25")!).filter { if case .notOnHDX = $0 { true } else { false } }
        #expect(items.map(\.isViolation) == [false, false])
        #expect(items.first?.detail == "publication: public dataset a from round 1 (closed 2026-01-20) is not on HDX; due 2026-02-19 (6 days late)")
        #expect(Model.attentionCounts(items) == ["2 public datasets not on HDX within 30 days of their round's close"])
        // A public report is not HDX; an HDX report of `a` dated 02-22 counts from that day on.
        try w.run("report publish id=web title=Web date=2026-02-10 datasets=a,b channel=public \(Self.allChecks)")
        try w.run("report publish id=hdx1 title=HDX date=2026-02-22 datasets=a channel=hdx \(Self.allChecks)")
        #expect(w.model.datasetsNotOnHDX(today: Day("2026-02-25")!).map(\.dataset) == ["b"])
        #expect(w.model.datasetsNotOnHDX(today: Day("2026-02-21")!).map(\.dataset) == ["a", "b"])
        // Confidential data is never due on HDX.
        #expect(!w.model.datasetsNotOnHDX(today: Day("2026-12-31")!).contains { $0.dataset == "cp" })
    }

    @Test func aReportMissingChecklistItemsNeedsAttention() throws {
        var w = try roundOneClosed()
        let decision = try w.run("report publish id=r1 title=\"Round 1\" date=2026-02-01 datasets=a channel=hdx checklist=methodology-note,limitations")
        #expect(decision.notes == ["checklist items not done: jointly-identified, dissemination-checked; the report needs attention"])
        let sequence = w.events.count
        try w.run("report publish id=r2 title=\"Round 1 full\" date=2026-02-01 datasets=b channel=hdx \(Self.allChecks)")
        let items = w.model.incompleteReports(today: Day("2026-02-01")!)
        #expect(items == [Model.IncompleteReport(report: "r1", day: Day("2026-02-01")!, sequence: sequence,
                                                 missing: [.jointlyIdentified, .disseminationChecked])])
        #expect(Model.AttentionItem.incompleteReport(items[0]).detail
                == "publication: report r1 (2026-02-01, record #\(sequence)) lacks checklist items: jointly-identified, dissemination-checked")
        #expect(!Model.AttentionItem.incompleteReport(items[0]).isViolation)
    }

    @Test func aRoundWithoutAllFourSkillsetsInterpretingNeedsAttention() throws {
        var w = try roundOneClosed()
        let today = Day("2026-02-01")!
        #expect(w.model.uninterpretedRounds(today: today)
                == [Model.UninterpretedRound(round: 1, datasets: ["a", "b"], missing: Skill.allCases)])
        let decision = try w.run("interpretation date=2026-01-25 round=1 datasets=a,b partners=wash,edu skills=decision-maker,subject-matter,context")
        #expect(decision.notes == ["no im in this reading: round 1's analysed datasets need all four skillsets between their interpretations"])
        let items = w.model.needsAttention(today: today).filter { if case .uninterpretedRound = $0 { true } else { false } }
        #expect(items.map(\.detail) == ["interpretation: round 1's analysed datasets a, b were not read jointly by all four skillsets (missing: im)"])
        #expect(items.map(\.isViolation) == [false])
        // Two readings between them may cover a dataset; information management in full is `im`.
        try w.run("interpretation date=2026-01-27 round=1 datasets=a partners=unicef skills=information-management")
        #expect(w.model.uninterpretedRounds(today: today) == [Model.UninterpretedRound(round: 1, datasets: ["b"], missing: [.im])])
        // As of the day before the second reading, it did not count yet.
        #expect(w.model.uninterpretedRounds(today: Day("2026-01-26")!).first?.datasets == ["a", "b"])
        try w.run("interpretation date=2026-01-28 round=1 datasets=b partners=unicef skills=im")
        #expect(w.model.uninterpretedRounds(today: today).isEmpty)
        // An open round, or one nothing was analysed in, needs no interpretation yet.
        try w.run(["round start n=2 date=2026-03-01"])
        #expect(w.model.uninterpretedRounds(today: Day("2026-03-05")!).isEmpty)
        try w.run(["round close n=2 date=2026-03-20"])
        #expect(w.model.uninterpretedRounds(today: Day("2026-03-25")!).isEmpty)
    }

    // MARK: Refusals

    @Test func reportsAndInterpretationsRefuseValuesOutsideTheirListsWithASuggestion() throws {
        var w = try roundOneClosed()
        func refusal(_ line: String) -> String {
            do throws(CommandError) {
                _ = try w.decide(line)
                return "recorded"
            } catch {
                return error.description
            }
        }
        let report = "report publish id=r1 title=T date=2026-02-01"
        #expect(refusal("\(report) datasets=a channel=hdxx").contains("not a report channel; use one of public, hdx, bilateral. Did you mean 'hdx'?"))
        #expect(refusal("\(report) datasets=a channel=hdx checklist=limitation").contains("Did you mean 'limitations'?"))
        #expect(refusal("\(report) datasets=a,bb channel=hdx") == "no dataset 'bb' — did you mean 'b'?"
                || refusal("\(report) datasets=a,bb channel=hdx").hasPrefix("no dataset 'bb'"))
        #expect(refusal("\(report) datasets=a channel=bilateral") == "'report publish' needs partners= (try 'help report publish')")
        #expect(refusal("\(report) datasets=a channel=hdx partners=wahs").hasPrefix("no partner 'wahs'"))
        try w.run("\(report) datasets=a channel=hdx")
        #expect(refusal("\(report) datasets=b channel=hdx").hasPrefix("report 'r1' is already recorded"))
        let reading = "interpretation date=2026-01-25 round=1 datasets=a partners=wash"
        #expect(refusal("\(reading) skills=contxt").contains("Did you mean 'context'?"))
        #expect(refusal("interpretation date=2026-01-25 round=2 datasets=a partners=wash skills=im").hasPrefix("no round '2'"))
        #expect(refusal("interpretation date=2026-01-25 round=1 datasets=a partners= skills=im").contains("partners"))
        // Nothing was recorded by any refusal.
        #expect(w.model.publications.count == 1 && w.model.interpretations.isEmpty)
    }

    /// A report dated after today would hide its violation until that day; a reading or a
    /// training not yet held has not happened.
    @Test func aReportAnInterpretationOrATrainingDatedAfterTodayIsRefused() throws {
        let w = try roundOneClosed()
        let tomorrow = w.today.adding(days: 1)
        for line in ["report publish id=r9 title=T date=\(tomorrow) datasets=cp channel=public",
                     "interpretation date=\(tomorrow) round=1 datasets=a partners=wash skills=im",
                     "training date=\(tomorrow) topic=method"] {
            #expect(throws: CommandError.invalidValue(key: "date", value: tomorrow.description,
                                                      reason: "\(line.hasPrefix("report") ? "a report" : line.hasPrefix("interpretation") ? "an interpretation" : "a training") is recorded once it has happened (today is \(w.today))")) {
                _ = try w.decide(line)
            }
        }
        #expect(try w.decide("training date=today topic=method").events.count == 1)
    }

    // MARK: Reading rule and checkpoint

    @Test func aBilateralReportIsReadByCoordinatorsAndReviewersOnly() throws {
        var w = try roundOneClosed()
        try w.run("report publish id=cp1 title=CP date=2026-02-01 datasets=cp channel=bilateral partners=unicef \(Self.allChecks)")
        try w.run("report publish id=hdx1 title=HDX date=2026-02-01 datasets=a channel=hdx \(Self.allChecks)")
        #expect(w.model.publications.ids == ["cp1", "hdx1"])
        #expect(w.model.publicView(for: "unicef", on: Day("2026-02-01")!).publications.ids == ["hdx1"])
        let record = try #require(w.events.first { if case .reportPublished(let e) = $0.event { e.id == "cp1" } else { false } })
        #expect(!Access.isPublic(record.event, to: "unicef", in: w.model.publicView(for: "unicef", on: Day("2026-02-01")!)))
        #expect(w.model.publicView(for: "wash", on: Day("2026-02-01")!).publications.ids == ["hdx1"])
        #expect(w.model.publicView(for: nil, on: Day("2026-02-01")!).publications.ids == ["hdx1"])
    }

    @Test func reportsAndInterpretationsSurviveACheckpoint() throws {
        var w = try roundOneClosed()
        try w.run("report publish id=r1 title=\"Round 1\" date=2026-02-01 datasets=a,cp channel=public checklist=limitations")
        try w.run("interpretation date=2026-01-25 round=1 datasets=a,b partners=wash,edu skills=decision-maker,context")
        let bytes = w.model.checkpointBytes()
        let read = bytes.withUnsafeBytes { Model(checkpoint: $0) }
        #expect(read == w.model)
    }
}
