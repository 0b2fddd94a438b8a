import EventLog
import Testing
@testable import Engagement

/// The Process for Urgent Action and the response's frame (docs/process.md, urgent action):
/// what may be recorded, what needs attention, and who may read it.
@Suite struct UrgentActionTests {
    static let urgentDataset = #"dataset propose id=cp.uasc sector=protection question=q purpose=p requested-by=unicef owner=dtm dissemination=urgent-action \#(World.allCriteria) \#(World.readyQuestion)"#

    /// Three partners and an urgent-action dataset, with `coord` as coordinator, a partner
    /// member for wash (`amina`) and one for unicef (`chen`).
    func world() throws -> World {
        var w = World()
        w.actor = "coord"
        try w.run(World.mapped)
        try w.run(["member add user=amina role=partner partner=wash", "member add user=chen role=partner partner=unicef",
                   "member add user=omar role=reviewer", Self.urgentDataset])
        return w
    }

    func items(_ w: World, today: Day? = nil) -> [Model.AttentionItem] {
        w.model.needsAttention(today: today ?? w.today)
    }

    // MARK: Deciding

    @Test func anUrgentReportRefusesFreeText() throws {
        let w = try world()
        for field in ["notes", "text", "name", "place", "age"] {
            #expect(throws: CommandError.factsOnly(verb: "urgent report", key: field,
                                                   fields: ["date", "kind", "dataset", "to", "service", "consent"])) {
                try w.decide("urgent report date=today kind=life-saving \(field)=\"Girl of 14 at the school\"")
            }
        }
        // The message says why and that nothing was recorded.
        let message = CommandError.factsOnly(verb: "urgent report", key: "notes", fields: ["date", "kind"]).description
        #expect(message.contains("never the person or the incident") && message.hasSuffix("Nothing was recorded"))
    }

    @Test func closedListsOfUrgentActionRefuseOtherValuesWithASuggestion() throws {
        let w = try world()
        #expect(throws: CommandError.invalidValue(key: "mode", value: "refr",
                                                  reason: "not a urgent-action mode; use one of inform, refer. Did you mean 'refer'?")) {
            try w.decide("urgent setup date=today mode=refr pathways=yes")
        }
        #expect(throws: CommandError.invalidValue(key: "kind", value: "lifesaving",
                                                  reason: "not a kind of urgent report; use one of organisational, life-saving. Did you mean 'life-saving'?")) {
            try w.decide("urgent report date=today kind=lifesaving")
        }
        #expect(throws: CommandError.invalidValue(key: "topic", value: "urgent",
                                                  reason: "not a training topic; use one of urgent-action, questionnaire, method, analysis. Did you mean 'urgent-action'?")) {
            try w.decide("training date=today topic=urgent")
        }
        #expect(throws: CommandError.self) { try w.decide("response set name=R country=Chad body=clustr") }
        #expect(throws: CommandError.self) { try w.decide("urgent report date=today kind=life-saving service=medicl") }
    }

    @Test func anUrgentReportRecordsOnlyTheFact() throws {
        var w = try world()
        try w.run("urgent setup date=2026-11-01 mode=refer pathways=yes")
        let decision = try w.run("urgent report date=today kind=life-saving dataset=cp.uasc to=unicef service=psychosocial consent=yes")
        #expect(decision.events == [.urgentReported(UrgentReported(date: w.today, kind: .lifeSaving, dataset: "cp.uasc", to: "unicef",
                                                                   service: .psychosocial, consent: .yes))])
        #expect(decision.notes.isEmpty)
        // Consent and service belong to one person's referral; a report is made before it is recorded.
        #expect(throws: CommandError.self) { try w.decide("urgent report date=today kind=organisational consent=yes") }
        #expect(throws: CommandError.self) { try w.decide("urgent report date=tomorrow kind=organisational") }
        #expect(throws: CommandError.unknownPartner("unicf", suggestions: ["unicef"])) {
            try w.decide("urgent report date=today kind=life-saving to=unicf")
        }
    }

    @Test func theUrgentSetupCanChangeAndEachChangeIsAnEvent() throws {
        var w = try world()
        try w.run("urgent setup date=2026-10-01 mode=inform pathways=no")
        let change = try w.run(#"urgent setup date=2026-11-10 mode=refer pathways=yes reason="Pathways mapped""#)
        #expect(change.notes.contains { $0.contains("from inform to refer") })
        #expect(w.model.urgent.setups.map(\.mode) == [.inform, .refer])
        #expect(w.model.urgent.setUp(on: Day("2026-11-09")!)?.mode == .inform)
        #expect(w.model.urgent.setUp(on: Day("2026-11-10")!)?.mode == .refer)
        #expect(throws: CommandError.self) { try w.decide("urgent setup date=2026-11-10 mode=refer pathways=yes") }
    }

    @Test func caseDetailsAreRefusedWithAPointerToUrgentReport() throws {
        let w = try world()
        do {
            _ = try w.decide(#"decision text="Referred Amina, 14-year-old survivor, to the clinic""#)
            Issue.record("case details were recorded")
        } catch {
            #expect(error.description.contains("'urgent report'"))
        }
    }

    // MARK: Needs attention

    @Test func aLifeSavingReferralUnderInformModeNeedsAttention() throws {
        var w = try world()
        try w.run(["urgent setup date=2026-11-01 mode=inform pathways=no",
                   "urgent report date=today kind=life-saving service=medical",
                   "urgent report date=today kind=organisational to=unicef"])
        #expect(items(w).filter { if case .urgentReportOutsideMode = $0 { true } else { false } }.isEmpty,
                "informing, and an organisational report to a partner, are what mode inform allows")
        let decision = try w.run("urgent report date=today kind=life-saving to=unicef service=medical consent=yes")
        #expect(decision.notes.contains { $0.contains("mode inform") })
        let flagged = items(w).compactMap { if case .urgentReportOutsideMode(let r) = $0 { r } else { nil } }
        #expect(flagged == [Model.UrgentReportOutsideMode(sequence: w.events.count, date: w.today, problem: .referralUnderInform(to: "unicef"))])
        #expect(items(w).first.map(\.isViolation) == true)
        #expect(Model.attentionCounts(items(w)).contains("1 life-saving report outside the urgent-action mode"))
    }

    @Test func aLifeSavingReportUnderReferModeWithoutConsentNeedsAttention() throws {
        var w = try world()
        try w.run(["urgent setup date=2026-11-01 mode=refer pathways=yes",
                   "urgent report date=today kind=life-saving to=unicef consent=yes",
                   "urgent report date=today kind=life-saving to=unicef consent=not-asked",
                   "urgent report date=today kind=life-saving to=unicef"])
        let flagged = items(w).compactMap { if case .urgentReportOutsideMode(let r) = $0 { r.problem } else { nil } }
        #expect(flagged == [.withoutConsent(.notAsked), .withoutConsent(nil)])
    }

    @Test func aReportIsJudgedByTheModeOnItsOwnDay() throws {
        var w = try world()
        w.advance(to: "2026-11-25")
        try w.run(["urgent setup date=2026-11-01 mode=inform pathways=no",
                   "urgent report date=2026-11-05 kind=life-saving to=unicef consent=yes",
                   "urgent setup date=2026-11-10 mode=refer pathways=yes",
                   "urgent report date=2026-11-12 kind=life-saving to=unicef consent=yes",
                   "urgent report date=2026-11-20 kind=life-saving to=unicef consent=yes"])
        // The later change to refer does not excuse the referral made under inform.
        let flagged = items(w).compactMap { if case .urgentReportOutsideMode(let r) = $0 { r.date } else { nil } }
        #expect(flagged == [Day("2026-11-05")!])
        // As of a day before the set-up was recorded, a report with no set-up on its day needs attention.
        var early = World()
        early.actor = "coord"
        try early.run(World.mapped + ["urgent report date=today kind=life-saving to=unicef consent=yes"])
        #expect(items(early).contains { if case .urgentReportOutsideMode(let r) = $0 { r.problem == .noSetUp } else { false } })
    }

    @Test func anUrgentActionDatasetAgreedWithoutAnUrgentSetupNeedsAttention() throws {
        var w = try world()
        try w.run([World.verify("cp.uasc"), "dataset agree id=cp.uasc"])
        let agreed = w.events.count
        #expect(items(w).contains(.urgentDatasetWithoutSetUp(Model.UrgentDatasetWithoutSetUp(dataset: "cp.uasc", agreed: agreed))))
        let before = w.model
        // A setup dated later does not apply yet.
        try w.run("urgent setup date=tomorrow mode=inform pathways=no")
        #expect(items(w).contains { if case .urgentDatasetWithoutSetUp = $0 { true } else { false } })
        try w.run("urgent setup date=today mode=inform pathways=no")
        #expect(!items(w).contains { if case .urgentDatasetWithoutSetUp = $0 { true } else { false } })
        // As it stood before the set-up: still there.
        #expect(before.needsAttention(today: w.today).contains { if case .urgentDatasetWithoutSetUp = $0 { true } else { false } })
    }

    @Test func noUrgentActionTrainingBeforeTheFirstRoundNeedsAttention() throws {
        var w = try world()
        try w.run(["training date=2026-10-01 topic=questionnaire", "round start n=1 date=2026-11-10"])
        #expect(items(w, today: Day("2026-11-09")!).allSatisfy { if case .untrainedFirstRound = $0 { false } else { true } },
                "not before the round starts")
        #expect(items(w).contains(.untrainedFirstRound(Model.UntrainedFirstRound(started: Day("2026-11-10")!))))
        // A training after the round started does not clear it; one recorded with its true, earlier date does.
        let late = try w.run("training date=2026-11-15 topic=urgent-action partners=wash")
        #expect(late.notes.contains { $0.contains("round 1 started on 2026-11-10") })
        #expect(items(w).contains { if case .untrainedFirstRound = $0 { true } else { false } })
        try w.run("training date=2026-11-08 topic=urgent-action places=north,south")
        #expect(!items(w).contains { if case .untrainedFirstRound = $0 { true } else { false } })
    }

    @Test func thePlansUrgentItemsAreTheUrgentItemsOfTheAttentionList() throws {
        var w = try world()
        // All three kinds at once: an urgent dataset agreed with no set-up in force, a first
        // round with no urgent-action training, and a life-saving referral under mode inform.
        try w.run([World.verify("cp.uasc"), "dataset agree id=cp.uasc", "round start n=1 date=2026-11-10",
                   "urgent setup date=tomorrow mode=inform pathways=no",
                   "urgent report date=today kind=life-saving to=unicef service=medical consent=yes"])
        let urgent = w.model.urgentAttention(today: w.today)
        #expect(Set(urgent.map { "\($0)".prefix(while: { $0 != "(" }) }).count == 3, "\(urgent)")
        #expect(urgent == items(w).filter(\.isUrgentAction))
    }

    // MARK: Who reads it

    @Test func aPartnerNeverReadsAnUrgentReport() throws {
        var w = try world()
        try w.run(["mou sign partner=unicef scope=all date=2026-11-01",
                   "urgent setup date=2026-11-01 mode=inform pathways=no",
                   "urgent report date=today kind=life-saving dataset=cp.uasc to=unicef service=medical consent=yes"])
        let report = try #require(w.events.last)
        for partner in ["unicef", "wash", nil] as [String?] {
            let view = w.model.publicView(for: partner, on: w.today)
            #expect(!Access.isPublic(report.event, to: partner, in: view), "\(partner ?? "a stranger") reads the report")
            #expect(view.urgent.reports.isEmpty)
            #expect(!view.needsAttention(today: w.today).contains { if case .urgentReportOutsideMode = $0 { true } else { false } })
        }
        // The set-up is public; the report is kept for coordinators only, even on a shared log.
        #expect(Access.isPublic(w.events[w.events.count - 2].event, to: "wash", in: w.model.publicView(for: "wash", on: w.today)))
        #expect(Access.audience(of: report.event, in: w.model) == .coordinators)
        // A partner member may not record one either.
        w.actor = "chen"
        #expect(throws: CommandError.self) { try w.decide("urgent report date=today kind=organisational") }
    }

    // MARK: The response's frame

    @Test func theResponseFrameIsSetAndChanged() throws {
        var w = try world()
        try w.run(#"response set name="Flood response 2026" country=Nigeria body=cluster since=2026-08-20"#)
        #expect(w.model.response?.line == "Flood response 2026, Nigeria (led by the cluster system, since 2026-08-20)")
        #expect(throws: CommandError.self) { try w.decide(#"response set name="Flood response 2026" country=Nigeria body=cluster since=2026-08-20"#) }
        try w.run(#"response set name="Flood response 2026" country=Nigeria body=hct"#)
        #expect(w.model.response?.body == .hct)
    }

    @Test func theUrgentStateAndTheResponseSurviveACheckpoint() throws {
        var w = try world()
        try w.run([#"response set name="Flood response" country=Chad body=government"#,
                   "urgent setup date=2026-11-01 mode=refer pathways=yes reason=mapped",
                   "training date=2026-11-02 topic=urgent-action partners=wash,edu places=north",
                   "urgent report date=today kind=life-saving dataset=cp.uasc to=unicef service=legal consent=no"])
        let bytes = w.model.checkpointBytes()
        let read = bytes.withUnsafeBytes { Model(checkpoint: $0) }
        #expect(read == w.model)
    }
}
