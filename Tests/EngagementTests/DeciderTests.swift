import EventLog
import Testing
@testable import Engagement

/// One test per validation rule: what is accepted, what is refused and why.
@Suite struct DeciderTests {
    func world(_ lines: [String] = World.mapped) throws -> World {
        var world = World()
        try world.run(lines)
        return world
    }

    // MARK: Partners and people

    @Test func partnerAddMapsAPartnerWithDeduplicatedLevels() throws {
        let events = try World().events(for: #"partner add id=wash name=" WASH Cluster " category=cluster levels="strategic, operational,strategic""#)
        #expect(events == [.partnerMapped(PartnerMapped(id: "wash", name: "WASH Cluster", category: .cluster, levels: [.strategic, .operational]))])
    }

    @Test func partnerAddRefusesADuplicateId() throws {
        #expect(refusal("partner add id=wash name=Other category=ngo levels=operational", in: try world())
            == .duplicatePartner(id: "wash", name: "WASH Cluster"))
    }

    @Test func partnerAddRefusesUnknownCategoryAndLevelWithTheNearestValue() throws {
        let w = World()
        #expect(refusal("partner add id=x name=X category=donor levels=operational", in: w)
            == .invalidValue(key: "category", value: "donor", reason: "not a category; use one of coordination, cluster, un-agency, ngo, iom, government."))
        #expect(refusal("partner add id=x name=X category=ngo levels=,", in: w)
            == .invalidValue(key: "levels", value: ",", reason: "give at least one level of use: strategic, programmatic, operational"))
        let error = refusal("partner add id=x name=X category=ngo levels=strategc", in: w)
        #expect(error == .invalidValue(key: "levels", value: "strategc",
                                       reason: "not a level of use; use one of strategic, programmatic, operational. Did you mean 'strategic'?"))
    }

    @Test func partnerAddRefusesAnIdThatIsNotASlug() {
        for id in ["WASH", "wa sh", "-wash", "wash/1", String(repeating: "a", count: 65)] {
            #expect(refusal("partner add id=\(ParsedLine.quote(id)) name=X category=ngo levels=operational", in: World())
                == .invalidValue(key: "id", value: id, reason: "an id is 1–64 lower-case letters, digits, '-', '_' or '.', starting with a letter or digit"), "\(id)")
        }
    }

    @Test func partnerUpdateRecordsOnlyWhatChanges() throws {
        let w = try world()
        #expect(try w.events(for: #"partner update id=wash name="WASH Cluster" levels=strategic,programmatic"#)
            == [.partnerUpdated(PartnerUpdated(id: "wash", levels: [.strategic, .programmatic]))])
        #expect(refusal("partner update id=wash category=cluster", in: w) == .nothingToChange("'wash' already has those values"))
        #expect(refusal("partner update id=wash", in: w) == .missingFields(verb: "partner update", keys: ["name", "category", "levels"]))
    }

    @Test func anUnknownPartnerSuggestsTheNearestId() throws {
        #expect(refusal("contact add partner=wahs name=Someone", in: try world()) == .unknownPartner("wahs", suggestions: ["wash"]))
        #expect(refusal("meeting date=today kind=imwg partners=wash,eud", in: try world()) == .unknownPartner("eud", suggestions: ["edu"]))
    }

    @Test func contactAddChecksEmailAndDuplicates() throws {
        var w = try world()
        #expect(try w.events(for: #"contact add partner=wash name="Amina Yusuf" email=amina@example.org skills=im,context"#)
            == [.contactAdded(ContactAdded(partner: "wash", name: "Amina Yusuf", email: "amina@example.org", skills: [.im, .context]))])
        #expect(refusal("contact add partner=wash name=A email=amina.example.org", in: w)
            == .invalidValue(key: "email", value: "amina.example.org", reason: "not an e-mail address"))
        try w.run(#"contact add partner=wash name="Amina Yusuf""#)
        #expect(refusal(#"contact add partner=wash name="amina yusuf""#, in: w) == .duplicateContact(partner: "wash", name: "amina yusuf"))
    }

    @Test func contactLeftNeedsACurrentContact() throws {
        var w = try world()
        try w.run(#"contact add partner=wash name="Amina Yusuf""#)
        #expect(refusal(#"contact left partner=wash name="Amina Yusof""#, in: w)
            == .unknownContact(partner: "wash", name: "Amina Yusof", suggestions: ["Amina Yusuf"]))
        try w.run(#"contact left partner=wash name="amina yusuf""#)
        #expect(w.model.partners["wash"]?.formerContacts.map(\.name) == ["Amina Yusuf"])
        #expect(refusal(#"contact left partner=wash name="Amina Yusuf""#, in: w) == .unknownContact(partner: "wash", name: "Amina Yusuf", suggestions: []))
    }

    // MARK: Dates and engagement

    @Test func datesMustBeRealDays() throws {
        let w = try world()
        for bad in ["2026-02-30", "2026-13-01", "20261120", "next week", "2026-11-2"] {
            #expect(refusal("approach plan partner=wash how=bilateral by=\(ParsedLine.quote(bad))", in: w)
                == .invalidValue(key: "by", value: bad, reason: "not a date; use \(Day.forms)"), "\(bad)")
        }
        #expect(try w.events(for: "approach plan partner=wash how=bilateral by=today")
            == [.approachPlanned(ApproachPlanned(partner: "wash", how: "bilateral", by: Day("2026-11-20")!))])
    }

    @Test func meetingChecksKindPartnersAndOutcomeLetters() throws {
        let w = try world()
        #expect(refusal("meeting date=today kind=bilatral partners=wash", in: w) == .invalidValue(key: "kind", value: "bilatral",
            reason: "not a meeting kind; use one of bilateral, joint, imwg, inter-sectoral, workshop. Did you mean 'bilateral'?"))
        #expect(refusal("meeting date=today kind=imwg partners=wash outcomes=a,f", in: w)
            == .invalidValue(key: "outcomes", value: "f", reason: "not a outcome; use one of a, b, c, d, e. Did you mean 'a'?"))
        #expect(refusal("meeting date=today kind=imwg partners=", in: w) == .missingFields(verb: "meeting", keys: ["partners"]))
        let decision = try w.decide("meeting date=2026-11-20 kind=imwg partners=wash,edu outcomes=c,a,b")
        #expect(decision.events == [.meetingHeld(MeetingHeld(date: Day("2026-11-20")!, kind: .imwg, partners: ["wash", "edu"],
                                                              outcomes: [.a, .b, .c], notes: nil))])
        #expect(decision.events[0].summary().contains("outcomes a, b and c reached; d and e still to cover"))
    }

    @Test func actionIdsAreUniqueAndDoneOnce() throws {
        var w = try world()
        try w.run("action add id=send-dap owner=dtm text=\"Send\" due=2026-12-01")
        #expect(refusal("action add id=send-dap owner=dtm text=Again due=2026-12-01", in: w) == .duplicate(kind: "action", id: "send-dap"))
        #expect(refusal("action done id=send-dpa", in: w) == .unknown(kind: "action", id: "send-dpa", suggestions: ["send-dap"]))
        try w.run("action done id=send-dap")
        #expect(refusal("action done id=send-dap", in: w) == .refused("action 'send-dap' is already done"))
    }

    @Test func needsNeedAMappedPartner() throws {
        let w = try world()
        #expect(refusal("needs request partner=ocha by=2026-12-01", in: w) == .unknownPartner("ocha", suggestions: []))
        #expect(refusal("needs submit partner=wash text=x frequency=monthly", in: w)
            == .missingFields(verb: "needs submit", keys: ["purpose"]))
    }

    // MARK: Schedule

    @Test func milestonesMoveWithAReasonAndOnlyChangesAreNotified() throws {
        var w = try world()
        try w.run("milestone set id=dap-final title=\"DAP final\" date=2027-01-15")
        #expect(refusal("milestone set id=dap-final title=Again date=2027-01-15", in: w)
            == .refused("milestone 'dap-final' is already set; use 'milestone move id=dap-final date=… reason=…' to change its date"))
        #expect(refusal("notify milestone=dap-final partners=wash", in: w)
            == .refused("milestone 'dap-final' has not moved; there is no change to notify"))
        #expect(refusal("milestone move id=dap-final date=2027-01-15 reason=x", in: w) == .nothingToChange("'dap-final' is already on 2027-01-15"))
        #expect(refusal("milestone move id=dap-final date=2027-01-29", in: w) == .missingFields(verb: "milestone move", keys: ["reason"]))
        try w.run("milestone move id=dap-final date=2027-01-29 reason=\"consultations late\"")
        #expect(refusal("notify milestone=dap-final partners=wash,ocha", in: w) == .unknownPartner("ocha", suggestions: []))
        try w.run("milestone done id=dap-final")
        #expect(refusal("milestone move id=dap-final date=2027-02-01 reason=x", in: w) == .refused("milestone 'dap-final' is done; it cannot move"))
        #expect(refusal("milestone done id=dap-final", in: w) == .refused("milestone 'dap-final' is already done"))
    }

    @Test func disagreementsResolveOnce() throws {
        var w = try world()
        try w.run("disagreement raise id=kobo text=\"own tool\" partners=edu")
        #expect(refusal("disagreement raise id=kobo text=again partners=edu", in: w) == .duplicate(kind: "disagreement", id: "kobo"))
        #expect(refusal("disagreement resolve id=kbo text=ok", in: w) == .unknown(kind: "disagreement", id: "kbo", suggestions: ["kobo"]))
        try w.run("disagreement resolve id=kobo text=\"joint tool\"")
        #expect(refusal("disagreement resolve id=kobo text=again", in: w) == .refused("disagreement 'kobo' is already resolved"))
    }

    // MARK: Data Analysis Plan

    @Test func aDatasetWithAnUnmetCriterionIsAgreedOnlyWhenForcedWithAReason() throws {
        var w = try world()
        try w.run("dataset propose id=cp.uasc sector=protection question=\"UASC?\" requested-by=unicef owner=dtm dissemination=confidential "
            + "criteria=no-other-source,purpose-documented purpose=referrals \(World.readyQuestion)")
        try w.run(World.verify("cp.uasc"))
        #expect(refusal("dataset agree id=cp.uasc", in: w) == .notReadyToAgree(
            dataset: "cp.uasc", missing: [.criteria], unmetCriteria: [.analysisCapacity, .analysisTools, .methodAdequate], unverified: []))
        #expect(refusal("dataset agree id=cp.uasc", in: w)?.description == "dataset 'cp.uasc' cannot be agreed yet: "
            + "minimum inclusion criteria unmet: analysis-capacity, analysis-tools, method-adequate (dataset revise id=cp.uasc criteria=…). "
            + #"Give it, or agree it anyway with force=yes reason="…""#)
        #expect(refusal("dataset agree id=cp.uasc force=yes", in: w) == .missingFields(verb: "dataset agree", keys: ["reason"]))
        #expect(try w.events(for: "dataset agree id=cp.uasc force=yes reason=\"ministry request\"")
            == [.datasetAgreed(DatasetAgreed(id: "cp.uasc", forced: true, reason: "ministry request", waived: [.criteria]))])
        try w.run("dataset revise id=cp.uasc \(World.allCriteria)")
        #expect(try w.events(for: "dataset agree id=cp.uasc") == [.datasetAgreed(DatasetAgreed(id: "cp.uasc"))])
    }

    @Test func oneUnmetCriterionIsEnoughToRefuseAnAgreement() throws {
        var w = try world()
        try w.run("dataset propose id=x sector=wash question=q purpose=p owner=dtm dissemination=public "
            + "criteria=no-other-source,purpose-documented,analysis-capacity,analysis-tools \(World.readyQuestion)")
        try w.run(World.verify("x"))
        #expect(refusal("dataset agree id=x", in: w) == .notReadyToAgree(dataset: "x", missing: [.criteria], unmetCriteria: [.methodAdequate], unverified: []))
    }

    @Test func datasetIdsAreUniqueAndRequestersMapped() throws {
        var w = try world()
        #expect(refusal("dataset propose id=x sector=wash question=q dissemination=public requested-by=wsh", in: w)
            == .unknownPartner("wsh", suggestions: ["wash"]))
        #expect(refusal("dataset propose id=x sector=wash question=q dissemination=secret", in: w) == .invalidValue(key: "dissemination", value: "secret",
            reason: "not a dissemination category; use one of public, confidential, urgent-action."))
        try w.run("dataset propose id=x sector=wash question=q dissemination=public")
        #expect(refusal("dataset propose id=x sector=wash question=q dissemination=public", in: w)
            == .refused("dataset 'x' is already proposed; use 'dataset revise id=x …' to change it"))
        #expect(refusal("dataset revise id=x question=q", in: w) == .nothingToChange("'x' already has those values"))
    }

    @Test func onlyACollectedDatasetIsKeptAndADropHappensOnce() throws {
        var w = try world()
        try w.run("dataset propose id=x sector=wash question=q owner=dtm purpose=p dissemination=public \(World.allCriteria) \(World.readyQuestion)")
        #expect(refusal("dataset keep id=x reason=trend", in: w)
            == .refused("only a dataset being collected can be kept for comparability; 'x' is proposed"))
        try w.run([World.verify("x"), "dataset agree id=x", "dataset keep id=x reason=trend", "dataset drop id=x reason=done"])
        #expect(refusal("dataset drop id=x reason=again", in: w) == .refused("dataset 'x' is already dropped"))
        #expect(refusal("dataset agree id=y", in: w) == .unknown(kind: "dataset", id: "y", suggestions: ["x"]))
    }

    @Test func roundsRunInOrderOneAtATime() throws {
        var w = try world()
        #expect(refusal("round start n=2 date=2026-11-01", in: w) == .invalidValue(key: "n", value: "2", reason: "the next round is 1"))
        try w.run("round start n=1 date=2026-11-01")
        #expect(refusal("round start n=2 date=2026-11-05", in: w) == .refused("round 1 is still open; close it first (round close n=1 date=…)"))
        #expect(refusal("round close n=1 date=2026-10-01", in: w) == .invalidValue(key: "date", value: "2026-10-01", reason: "round 1 started on 2026-11-01"))
        try w.run("round close n=1 date=2026-11-10")
        #expect(refusal("round close n=1 date=2026-11-12", in: w) == .refused("round 1 is already closed"))
        try w.run("dataset propose id=x sector=wash question=q dissemination=public")
        #expect(refusal("analysed dataset=x by=dtm round=2", in: w) == .refused("no round '2': rounds 1–1 have started"))
        #expect(refusal("used dataset=x partner=wash round=1", in: w) == .missingFields(verb: "used", keys: ["for"]))
        #expect(refusal("used dataset=xx partner=wash round=1 for=plan", in: w) == .unknown(kind: "dataset", id: "xx", suggestions: ["x"]))
    }

    @Test func anIdenticalUseOrAnalysisIsRefusedWithTheFirstsNumberAndCountedOnce() throws {
        var w = try world()
        try w.run(["round start n=1 date=2026-11-01", "round close n=1 date=2026-11-10", "round start n=2 date=2026-11-11",
                   "dataset propose id=x sector=wash question=q dissemination=public"])
        try w.run("used dataset=x partner=wash round=1 for=plan")
        let firstUse = w.events.count
        try w.run("analysed dataset=x by=dtm round=1")
        let firstAnalysis = w.events.count
        // The same dataset, partner or analyst, and round: refused, whatever the purpose.
        #expect(refusal("used dataset=x partner=wash round=1 for=\"another plan\"", in: w)
            == .alreadyReported(verb: "used", dataset: "x", by: "wash", round: 1, first: firstUse))
        #expect(refusal("analysed dataset=x by=dtm round=1", in: w)
            == .alreadyReported(verb: "analysed", dataset: "x", by: "dtm", round: 1, first: firstAnalysis))
        // The analyst as people type it: `DTM` is `dtm`.
        #expect(refusal("analysed dataset=x by=DTM round=1", in: w)
            == .alreadyReported(verb: "analysed", dataset: "x", by: "DTM", round: 1, first: firstAnalysis))
        // Another partner, analyst or round is another use.
        for line in ["used dataset=x partner=edu round=1 for=plan", "used dataset=x partner=wash round=2 for=plan",
                     "analysed dataset=x by=wash round=1", "analysed dataset=x by=dtm round=2"] {
            #expect(refusal(line, in: w) == nil, "\(line)")
        }
        // Once the first is retracted, the same report may be recorded again.
        try w.run("retract seq=\(firstUse) reason=typo")
        #expect(refusal("used dataset=x partner=wash round=1 for=plan", in: w) == nil)
        #expect(w.model.datasets["x"]?.uses[1] == nil)
    }

    @Test func identicalUsesRecordedBeforeTheRuleCountOnce() throws {
        var w = try world()
        try w.run(["round start n=1 date=2026-11-01", "dataset propose id=x sector=wash question=q dissemination=public"])
        for _ in 1...3 { w.append(.datasetUsed(DatasetUsed(dataset: "x", partner: "wash", round: 1, purpose: "plan"))) }
        #expect(w.model.datasets["x"]?.uses == [1: 1])
        #expect(w.model.datasets["x"]?.useReports == [Model.RoundParty(round: 1, party: "wash"): w.events.count - 2])
    }

    // MARK: Sharing

    @Test func anMoUExpiresAfterItIsSignedAndEndsOnce() throws {
        var w = try world()
        #expect(refusal("mou sign partner=unicef scope=cp date=2026-12-01 expires=2026-11-01", in: w)
            == .invalidValue(key: "expires", value: "2026-11-01", reason: "an MoU must expire after it is signed (2026-12-01)"))
        #expect(refusal("mou end partner=unicef date=2026-12-01", in: w) == .refused("'unicef' has no MoU to end"))
        try w.run("mou sign partner=unicef scope=cp date=2026-11-01 expires=2027-11-01")
        #expect(refusal("mou sign partner=unicef scope=again date=2026-11-15", in: w)
            == .refused("'unicef' already has an MoU in force (signed 2026-11-01); record 'mou end partner=unicef date=…' first"))
        #expect(refusal("mou end partner=unicef date=2026-10-01", in: w)
            == .invalidValue(key: "date", value: "2026-10-01", reason: "the MoU was signed on 2026-11-01"))
        try w.run("mou end partner=unicef date=2026-11-20")
        try w.run("mou sign partner=unicef scope=renewed date=2026-11-21")
    }

    @Test func anMoUWithoutAnExpiryStaysInForceAndItsDaysAreInclusive() throws {
        var w = try world()
        #expect(refusal("mou sign partner=wash scope=x date=2026-11-01 expires=2026-11-01", in: w)
            == .invalidValue(key: "expires", value: "2026-11-01", reason: "an MoU must expire after it is signed (2026-11-01)"))
        try w.run("mou sign partner=wash scope=x date=2026-11-01")
        #expect(refusal("mou sign partner=wash scope=y date=2027-06-01", in: w)
            == .refused("'wash' already has an MoU in force (signed 2026-11-01); record 'mou end partner=wash date=…' first"))
        // It may end on the day it was signed.
        #expect(refusal("mou end partner=wash date=2026-11-01", in: w) == nil)
        // An expired MoU needs no end before the next is signed.
        try w.run("mou sign partner=edu scope=x date=2026-01-01 expires=2026-06-30")
        #expect(refusal("mou sign partner=edu scope=y date=2026-07-01", in: w) == nil)
    }

    @Test func sharingWithoutAnMoUIsRecordedWithANote() throws {
        var w = try world()
        try w.run("dataset propose id=cp sector=protection question=q dissemination=confidential")
        let decision = try w.decide("share dataset=cp partner=wash")
        #expect(decision.events == [.dataShared(DataShared(dataset: "cp", partner: "wash", modality: .confidential))])
        #expect(decision.notes.contains("no MoU in force with wash: this share shows as a violation in 'sharing'"))
    }

    @Test func anMoUsSectorsAreAListOfSectorsOrAllAlone() throws {
        var w = try world()
        try w.run("dataset propose id=cp sector=protection question=q dissemination=confidential")
        #expect(refusal("mou sign partner=unicef scope=cp sectors=all,cp date=2026-11-01", in: w)
            == .invalidValue(key: "sectors", value: "all,cp", reason: "give sectors separated by commas (protection,cp), or all alone"))
        #expect(refusal("mou sign partner=unicef scope=cp sectors=, date=2026-11-01", in: w)
            == .invalidValue(key: "sectors", value: ",", reason: "give sectors separated by commas (protection,cp), or all alone"))
        #expect(refusal("mou sign partner=unicef scope=cp sectors=Child! date=2026-11-01", in: w) != nil)
        #expect(w.model.partners["unicef"]?.mous == [])
        let decision = try w.decide("mou sign partner=unicef scope=cp sectors=protection,cp date=2026-11-01")
        #expect(decision.events == [.mouSigned(MoUSigned(partner: "unicef", scope: "cp", date: Day("2026-11-01")!, expires: nil,
                                                          sectors: ["protection", "cp"]))])
        #expect(decision.notes == ["no dataset is in sector cp yet"])
        #expect(try w.events(for: "mou sign partner=unicef scope=cp sectors=all date=2026-11-01")
            == [.mouSigned(MoUSigned(partner: "unicef", scope: "cp", date: Day("2026-11-01")!, expires: nil, sectors: nil))])
    }

    @Test func sharingOutsideTheMoUsSectorsIsRecordedWithANote() throws {
        var w = try world()
        try w.run(["dataset propose id=gbv sector=gbv question=q dissemination=confidential",
                   "mou sign partner=unicef scope=cp sectors=protection date=2026-11-01"])
        let decision = try w.decide("share dataset=gbv partner=unicef")
        #expect(decision.notes.contains("unicef's MoU does not cover sector gbv: this share shows as a violation in 'sharing'"))
    }

    // MARK: Feedback and retraction

    @Test func feedbackIsNumberedAndAnsweredOnceWithWhatEachReplyNeeds() throws {
        var w = try world()
        try w.run("dataset propose id=x sector=wash question=q dissemination=public")
        #expect(refusal("feedback partner=wash topic=dataset rating=6 text=x", in: w)
            == .invalidValue(key: "rating", value: "6", reason: "give a whole number from 1 to 5"))
        #expect(refusal("feedback partner=wash topic=datset text=x", in: w) == .invalidValue(key: "topic", value: "datset",
            reason: "not a feedback topic; use one of dataset, methodology, resources, report, process. Did you mean 'dataset'?"))
        #expect(refusal("feedback partner=wash topic=dataset dataset=y text=x", in: w) == .unknown(kind: "dataset", id: "y", suggestions: ["x"]))
        try w.run("feedback partner=wash topic=dataset dataset=x rating=4 text=\"late\"")
        try w.run("feedback partner=edu topic=process text=\"more notice\"")
        #expect(w.model.feedbackOrder == ["f1", "f2"])
        #expect(refusal("feedback address id=f3 response=done text=x", in: w) == .unknown(kind: "feedback", id: "f3", suggestions: ["f1", "f2"]))
        #expect(refusal("feedback address id=f1 response=planned text=x", in: w) == .missingFields(verb: "feedback address", keys: ["date"]))
        #expect(refusal("feedback address id=f1 response=done date=2027-01-01 text=x", in: w)
            == .invalidValue(key: "date", value: "2027-01-01", reason: "a date goes with response=planned only"))
        try w.run("feedback address id=f1 response=planned date=2027-01-01 text=\"earlier release\"")
        try w.run("feedback address id=f1 response=done text=\"released\"")
        #expect(refusal("feedback address id=f1 response=declined text=x", in: w) == .refused("feedback f1 was already answered (done)"))
    }

    @Test func retractionTargetsAnExistingEventOnlyOnce() throws {
        var w = try world()
        #expect(refusal("retract seq=9 reason=x", in: w) == .refused("there is no event #9; the log ends at #3"))
        #expect(refusal("retract seq=zero reason=x", in: w) == .invalidValue(key: "seq", value: "zero", reason: "give the sequence number of an event (see 'log')"))
        try w.run("retract seq=3 reason=\"mapped twice\"")
        #expect(w.model.partners["unicef"] == nil)
        #expect(refusal("retract seq=3 reason=again", in: w) == .refused("event #3 was already retracted by #4"))
        #expect(refusal("retract seq=4 reason=undo", in: w)
            == .refused("#4 is a retraction; retractions cannot be retracted: record the event again instead"))
        // The id is free again, as if never recorded.
        try w.run("partner add id=unicef name=UNICEF category=un-agency levels=operational")
    }

    @Test func retractedFeedbackKeepsItsIdTaken() throws {
        var w = try world()
        try w.run(["feedback partner=wash topic=process text=one", "retract seq=4 reason=duplicate", "feedback partner=wash topic=process text=two"])
        #expect(w.model.feedbackOrder == ["f2"])
    }

    // MARK: Private data

    @Test func textThatLooksLikeAProtectionCaseIsRefusedUnlessChecked() throws {
        let w = try world()
        let phone = refusal("meeting date=today kind=bilateral partners=wash notes=\"call +249 912 345 678 about the family\"", in: w)
        #expect(phone == .possibleCaseDetails(key: "notes", why: "it holds a phone number"))
        #expect(phone?.description.contains("remove the personal details, or add checked=yes if it is not case information") == true)
        #expect(refusal("feedback partner=wash topic=process text=\"the survivor Fatima was not referred\"", in: w)
            == .possibleCaseDetails(key: "text", why: "'survivor' next to a name, an age or a person"))
        #expect(refusal("meeting date=today kind=bilateral partners=wash notes=\"dates 2026-11-20 2026-12-01 and 2027-01-15\"", in: w) == nil)
        #expect(refusal("feedback partner=wash topic=process text=\"victims of flooding need shelter\"", in: w) == nil)
        #expect(refusal("feedback partner=wash topic=process text=\"budget 1250000000 approved\" checked=yes", in: w) == nil)
    }

    @Test func namesAreCheckedForCaseDetailsAsFreeTextIs() throws {
        let w = try world()
        #expect(refusal(#"partner add id=x name="Survivor Amina Yusuf, +234 803 123 4567" category=ngo levels=operational"#, in: w)
            == .possibleCaseDetails(key: "name", why: "it holds a phone number"))
        #expect(refusal(#"contact add partner=wash name="victim halima musa""#, in: w) != nil)
        #expect(refusal(#"partner update id=wash name="case of Mariam, 16""#, in: w) != nil)
        #expect(refusal(#"partner add id=x name="Norwegian Refugee Council" category=ngo levels=operational"#, in: w) == nil)
    }

    @Test func everyVerbWhoseFieldsMayHoldCaseDetailsTakesChecked() {
        for spec in CommandCatalog.verbs where spec.records && !spec.caseDetailKeys.isEmpty {
            #expect(spec.field("checked") != nil, "\(spec.name) takes \(spec.caseDetailKeys) but not checked=")
        }
    }

    @Test func checkedYesIsRecordedInTheEvent() throws {
        let w = try world()
        let decision = try w.decide(#"feedback partner=wash topic=process text="survivor kits: call 0803 123 4567 for stock" checked=yes"#)
        #expect(decision.checked)
        let stored = decision.events[0].newEvent(actor: "amina", at: World.start, checked: decision.checked)
        guard case .object(let members) = stored.payload else { Issue.record("not an object"); return }
        #expect(members.last == JSONMember("checked", .bool(true)))
        #expect(try w.decide("feedback partner=wash topic=process text=fine").checked == false)
    }

    // MARK: The command line

    @Test func aMissingRequiredFieldIsReportedByName() {
        #expect(throws: CommandError.missingFields(verb: "meeting", keys: ["kind", "partners"])) {
            try ResolvedCommand.resolve(ParsedLine.parse("meeting date=today"))
        }
    }

    @Test func everyRecordingVerbHasAnExampleThatParses() throws {
        for spec in CommandCatalog.verbs {
            #expect(!spec.examples.isEmpty, "\(spec.name)")
            for example in spec.examples where !example.hasPrefix("engage ") {
                #expect(try ResolvedCommand.resolve(ParsedLine.parse(example)).verb == spec.name, "\(example)")
            }
        }
    }
}
