import EventLog
import Testing
@testable import Engagement

/// Questions are agreed only once the toolkit's checks are done (docs/process.md, steps
/// 20–22): a mock-up verified by subject-matter and context experts, reply options, and
/// the inclusion criteria that are claimed actually backed. The DAP's remaining columns.
@Suite struct VerifiedQuestionsTests {
    /// Mapped partners and a question that meets every criterion, with a purpose and an owner.
    func world(_ fields: String = "") throws -> World {
        var w = World()
        try w.run(World.mapped)
        try w.run("dataset propose id=wash.water sector=wash question=q purpose=p owner=dtm dissemination=public \(World.allCriteria) \(fields)")
        return w
    }

    @Test func aDatasetWithoutAVerifiedMockupIsNotAgreed() throws {
        var w = try world("options=open")
        #expect(refusal("dataset agree id=wash.water", in: w)
            == .notReadyToAgree(dataset: "wash.water", missing: [.mockup, .verification], unmetCriteria: [], unverified: [.subjectMatter, .context]))
        #expect(refusal("mockup verify dataset=wash.water partner=wash skills=context", in: w)
            == .refused(#"dataset 'wash.water' has no mock-up to verify; add one first (dataset revise id=wash.water mockup="…")"#))
        try w.run(#"dataset revise id=wash.water mockup="Bar chart: % of sites by main source""#)
        #expect(refusal("dataset agree id=wash.water", in: w)?.description == "dataset 'wash.water' cannot be agreed yet: "
            + "mock-up not verified for subject-matter, context (mockup verify dataset=wash.water partner=… skills=subject-matter,context). "
            + #"Give it, or agree it anyway with force=yes reason="…""#)
        try w.run("mockup verify dataset=wash.water partner=wash skills=subject-matter,context")
        #expect(try w.events(for: "dataset agree id=wash.water") == [.datasetAgreed(DatasetAgreed(id: "wash.water"))])
    }

    @Test func aPartnerWithoutAnMoUNeverSeesWhoCheckedAConfidentialQuestion() throws {
        var w = World()
        try w.run(World.mapped)
        try w.run("dataset propose id=cp.uasc sector=protection question=q purpose=p owner=dtm dissemination=confidential \(World.allCriteria) \(World.readyQuestion)")
        try w.run("mockup verify dataset=cp.uasc partner=unicef skills=subject-matter,context")
        #expect(w.model.datasets["cp.uasc"]?.verifications.map(\.partner) == ["unicef"])
        // The mockup.verified record is not wash's to read; neither is what it says.
        #expect(w.model.publicView(for: "wash", on: w.today).datasets["cp.uasc"]?.verifications == [])
        try w.run("mou sign partner=wash scope=cp sectors=all date=today")
        #expect(w.model.publicView(for: "wash", on: w.today).datasets["cp.uasc"]?.verifications.map(\.partner) == ["unicef"])
    }

    @Test func verificationsTogetherMustCoverSubjectMatterAndContext() throws {
        var w = try world(World.readyQuestion)
        try w.run("mockup verify dataset=wash.water partner=wash skills=subject-matter")
        #expect(refusal("dataset agree id=wash.water", in: w)
            == .notReadyToAgree(dataset: "wash.water", missing: [.verification], unmetCriteria: [], unverified: [.context]))
        #expect(refusal("mockup verify dataset=wash.water partner=wash skills=subject-matter", in: w)
            == .nothingToChange("wash already verified the current mock-up of wash.water for subject-matter (#5)"))
        let note = try w.run("mockup verify dataset=wash.water partner=edu skills=context date=2026-11-19")
        #expect(note.notes == ["the mock-up of wash.water is verified for subject-matter and context"])
        #expect(w.model.datasets["wash.water"]?.verifications.map(\.partner) == ["wash", "edu"])
        #expect(w.model.datasets["wash.water"]?.verifications.last?.day == Day("2026-11-19"))
        #expect(try w.events(for: "dataset agree id=wash.water") == [.datasetAgreed(DatasetAgreed(id: "wash.water"))])
    }

    @Test func aChangedMockupOrQuestionNeedsVerifyingAgain() throws {
        var w = try world(World.readyQuestion)
        try w.run(World.verify("wash.water"))
        try w.run(#"dataset revise id=wash.water mockup="Map: main source by site""#)
        #expect(w.model.datasets["wash.water"]?.verifications == [])
        #expect(refusal("dataset agree id=wash.water", in: w)
            == .notReadyToAgree(dataset: "wash.water", missing: [.verification], unmetCriteria: [], unverified: [.subjectMatter, .context]))
        try w.run(World.verify("wash.water"))
        try w.run(#"dataset revise id=wash.water owner=joint frequency=monthly"#)
        #expect(w.model.datasets["wash.water"]?.verifications.count == 1)
        try w.run(#"dataset revise id=wash.water question="Main source of drinking water?""#)
        #expect(w.model.datasets["wash.water"]?.unverifiedSkills == [.subjectMatter, .context])
    }

    @Test func aProposalSaysWhatItStillNeedsToBeAgreed() throws {
        var w = World()
        try w.run(World.mapped)
        let proposed = try w.run("dataset propose id=x sector=wash question=q purpose=p owner=dtm dissemination=public \(World.allCriteria)")
        #expect(proposed.notes == ["to agree it, still needed: reply options (options=… or options=open); a mock-up (mockup=\"…\"); "
            + "its check by subject-matter, context experts (mockup verify dataset=x partner=… skills=subject-matter,context)"])
        let revised = try w.run(#"dataset revise id=x options=open mockup="Bar chart""#)
        #expect(revised.notes == ["to agree it, still needed: its check by subject-matter, context experts "
            + "(mockup verify dataset=x partner=… skills=subject-matter,context)"])
        try w.run(World.verify("x"))
        #expect(try w.run("dataset revise id=x frequency=monthly").notes == [])
    }

    @Test func aQuestionNeedsReplyOptionsOrAnOpenAnswer() throws {
        var w = try world(#"mockup="Bar chart""#)
        try w.run(World.verify("wash.water"))
        #expect(refusal("dataset agree id=wash.water", in: w)
            == .notReadyToAgree(dataset: "wash.water", missing: [.options], unmetCriteria: [], unverified: []))
        #expect(refusal("dataset agree id=wash.water", in: w)?.description.contains("options=open for a free answer") == true)
        try w.run("dataset revise id=wash.water options=open")
        #expect(try w.events(for: "dataset agree id=wash.water") == [.datasetAgreed(DatasetAgreed(id: "wash.water"))])
    }

    @Test func purposeDocumentedNeedsAPurpose() throws {
        var w = World()
        try w.run(World.mapped)
        try w.run("dataset propose id=x sector=wash question=q owner=dtm dissemination=public \(World.allCriteria) \(World.readyQuestion)")
        try w.run(World.verify("x"))
        #expect(refusal("dataset agree id=x", in: w) == .notReadyToAgree(dataset: "x", missing: [.purpose], unmetCriteria: [], unverified: []))
        #expect(refusal("dataset agree id=x", in: w)?.description == "dataset 'x' cannot be agreed yet: purpose-documented is claimed but no purpose "
            + #"is written (dataset revise id=x purpose="…"). Give it, or agree it anyway with force=yes reason="…""#)
        try w.run("dataset revise id=x purpose=\"target trucking\"")
        #expect(refusal("dataset agree id=x", in: w) == nil)
    }

    @Test func analysisCapacityNeedsAnOwnerOtherThanNone() throws {
        var w = try world(World.readyQuestion)
        try w.run([World.verify("wash.water"), "dataset revise id=wash.water owner=none"])
        #expect(refusal("dataset agree id=wash.water", in: w)
            == .notReadyToAgree(dataset: "wash.water", missing: [.owner], unmetCriteria: [], unverified: []))
        // Without the claim, no owner is a drop reason, not a refusal of the rule.
        try w.run("dataset revise id=wash.water criteria=no-other-source,purpose-documented,analysis-tools,method-adequate")
        #expect(refusal("dataset agree id=wash.water", in: w)
            == .notReadyToAgree(dataset: "wash.water", missing: [.criteria], unmetCriteria: [.analysisCapacity], unverified: []))
    }

    @Test func aForcedAgreementRecordsItsReason() throws {
        var w = World()
        try w.run(World.mapped)
        try w.run("dataset propose id=x sector=wash question=q dissemination=public criteria=analysis-capacity")
        #expect(refusal("dataset agree id=x force=yes", in: w) == .missingFields(verb: "dataset agree", keys: ["reason"]))
        try w.run(#"dataset agree id=x force=yes reason="ministry request, verified next week""#)
        let agreed = DatasetAgreed(id: "x", forced: true, reason: "ministry request, verified next week",
                                   waived: [.criteria, .mockup, .options, .verification, .owner])
        #expect(w.events.last?.event == .datasetAgreed(agreed))
        #expect(agreed.event.summary() == "agreed dataset x despite unmet criteria, no mock-up, no reply options, an unverified mock-up, "
            + "no analysis owner: ministry request, verified next week")
        #expect(w.model.datasets["x"]?.status == .agreed)
        #expect(w.model.datasets["x"]?.statusReason == "ministry request, verified next week")
        // Nothing to force: the agreement is not recorded as forced.
        try w.run(["dataset propose id=y \(ViewTests.dataset)", World.verify("y")])
        #expect(try w.events(for: "dataset agree id=y force=yes reason=why") == [.datasetAgreed(DatasetAgreed(id: "y", reason: "why"))])
    }

    @Test func datasetsAgreedBeforeTheseChecksStayAgreed() throws {
        // A log from before: a question without a mock-up, options or verification, agreed.
        var w = World()
        try w.run(World.mapped)
        w.append(.datasetProposed(DatasetProposed(id: "old", sector: "wash", question: "q", options: nil, purpose: "p", requestedBy: [],
                                                  owner: .dtm, dissemination: .public, mockup: nil, criteria: Criterion.allCases)))
        w.append(.datasetAgreed(DatasetAgreed(id: "old")))
        #expect(w.model.datasets["old"]?.status == .agreed)
        #expect(Model.replay(w.events).datasets["old"]?.isCollected == true)
        // Version 1 lines read as they were written; a forced one waived the criteria.
        let forced = try DomainEvent(type: "dataset.agreed", version: 1, payload: .object([
            JSONMember("id", .string("old")), JSONMember("forced", .bool(true)), JSONMember("reason", .string("why"))]))
        #expect(forced == .datasetAgreed(DatasetAgreed(id: "old", forced: true, reason: "why", waived: [.criteria])))
        #expect(forced.summary() == "agreed dataset old despite unmet criteria: why")
        let plain = try DomainEvent(type: "dataset.agreed", version: 1, payload: .object([JSONMember("id", .string("old"))]))
        #expect(plain == .datasetAgreed(DatasetAgreed(id: "old")))
        let proposed = try DomainEvent(type: "dataset.proposed", version: 1, payload: .object([
            JSONMember("id", .string("old")), JSONMember("sector", .string("wash")), JSONMember("question", .string("q")),
            JSONMember("requested_by", .array([])), JSONMember("dissemination", .string("public")), JSONMember("criteria", .array([]))]))
        guard case .datasetProposed(let p) = proposed else { Issue.record("not a proposal"); return }
        #expect(p.columns == PlanColumns())
    }

    @Test func theDAPColumnsAreRecordedAndRevised() throws {
        var w = try world("frequency=per-round disaggregation=sex,age languages=en,UR analysis=\"% of sites by source\"")
        let d = try #require(w.model.datasets["wash.water"])
        #expect(d.columns == PlanColumns(frequency: .perRound, disaggregation: [.sex, .age], languages: ["en", "ur"], analysis: "% of sites by source"))
        try w.run("dataset revise id=wash.water disaggregation=none languages=fr")
        #expect(w.model.datasets["wash.water"]?.columns == PlanColumns(frequency: .perRound, disaggregation: [], languages: ["fr"],
                                                                        analysis: "% of sites by source"))
        guard case .datasetRevised(let revised) = w.events.last?.event else { Issue.record("no revision"); return }
        #expect(revised.event.summary() == "revised dataset wash.water: disaggregation → none; languages → fr")
        #expect(refusal("dataset revise id=wash.water frequency=per-round", in: w) == .nothingToChange("'wash.water' already has those values"))
        // The checkpoint keeps them.
        let bytes = w.model.checkpointBytes()
        let restored = bytes.withUnsafeBytes { Model(checkpoint: $0) }
        #expect(restored == w.model)
    }

    @Test func closedListsRefuseOtherValuesWithASuggestion() throws {
        let w = try world()
        #expect(refusal("dataset revise id=wash.water frequency=montly", in: w) == .invalidValue(key: "frequency", value: "montly",
            reason: "not a frequency; use one of per-round, monthly, quarterly, once. Did you mean 'monthly'?"))
        #expect(refusal("dataset revise id=wash.water disaggregation=gender", in: w) == .invalidValue(key: "disaggregation", value: "gender",
            reason: "not a disaggregation; use one of sex, age."))
        #expect(refusal("dataset revise id=wash.water disaggregation=none,sex", in: w) == .invalidValue(key: "disaggregation", value: "none,sex",
            reason: "none stands alone: give sex, age or sex,age, or none"))
        #expect(refusal("dataset revise id=wash.water languages=en,English", in: w) == .invalidValue(key: "languages", value: "english",
            reason: "not a short language code; use two or three letters (ISO 639), e.g. en, fr, ar, ur. Did you mean 'en'?"))
        #expect(refusal("mockup verify dataset=wash.water partner=wash skills=im", in: w) == .invalidValue(key: "skills", value: "im",
            reason: "not a verifying skill; use one of subject-matter, context."))
        #expect(refusal("feedback partner=wash topic=process text=t source=comunity", in: w) == .invalidValue(key: "source", value: "comunity",
            reason: "not a feedback source; use one of partner, community. Did you mean 'community'?"))
    }

    @Test func needsMayNameTheDatasetsTheyAskFor() throws {
        var w = try world()
        #expect(refusal("needs submit partner=wash text=t frequency=monthly purpose=p datasets=wash.watr", in: w)
            == .unknown(kind: "dataset", id: "wash.watr", suggestions: ["wash.water"]))
        try w.run("needs submit partner=wash text=\"water by site\" frequency=monthly purpose=trucking datasets=wash.water")
        guard case .needsSubmitted(let needs) = w.events.last?.event else { Issue.record("no needs"); return }
        #expect(needs.datasets == ["wash.water"])
        #expect(needs.event.summary() == "wash submitted information needs (monthly; for trucking): water by site — asks for wash.water")
    }

    @Test func feedbackRaisedByTheCommunityIsRelayedByItsPartner() throws {
        var w = try world()
        try w.run(#"feedback partner=wash topic=process source=community text="Sites ask to see the results""#)
        try w.run(#"feedback partner=wash topic=process text="Late""#)
        #expect(w.model.feedbackInOrder.map(\.source) == [.community, .partner])
        guard case .feedbackSubmitted(let f) = w.events[w.events.count - 2].event else { Issue.record("no feedback"); return }
        #expect(f.event.summary() == "feedback f1 from wash (raised by the community) about process: Sites ask to see the results")
    }
}
