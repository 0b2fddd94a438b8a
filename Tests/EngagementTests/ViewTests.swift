import EventLog
import Testing
@testable import Engagement

/// Given these commands, expect this state: the semantics of the views (docs/process.md).
@Suite struct ViewTests {
    static let dataset = "sector=wash question=q purpose=p owner=dtm dissemination=public \(World.allCriteria) \(World.readyQuestion)"

    /// Three partners, datasets `a` and `b` agreed before round 1.
    func collecting() throws -> World {
        var w = World()
        try w.run(World.mapped)
        try w.run(["dataset propose id=a \(Self.dataset)", World.verify("a"), "dataset propose id=b \(Self.dataset)", World.verify("b"),
                   "dataset agree id=a", "dataset agree id=b"])
        return w
    }

    func round(_ n: Int, in w: inout World, then lines: [String] = []) throws {
        try w.run("round start n=\(n) date=2026-0\(n)-01")
        try w.run(lines)
        try w.run("round close n=\(n) date=2026-0\(n)-20")
    }

    // MARK: the review's figures

    @Test func theReviewShowsEveryMonthUpToTodaysAndMarksTheOpenRound() throws {
        var w = try collecting()
        try w.run("meeting date=2026-02-10 kind=bilateral partners=wash")
        try w.run("meeting date=2026-05-03 kind=bilateral partners=edu")
        try w.run("round start n=1 date=2026-06-01")
        let facts = w.model.review(today: Day("2026-08-15")!)
        #expect(facts.months.map(\.month) == ["2026-02", "2026-03", "2026-04", "2026-05", "2026-06", "2026-07", "2026-08"])
        #expect(facts.months.map(\.meetings) == [1, 0, 0, 1, 0, 0, 0])
        #expect(facts.rounds.map(\.open) == [true])
        #expect(ReviewFacts.monthRange(from: "2026-11", through: "2027-02") == ["2026-11", "2026-12", "2027-01", "2027-02"])
    }

    /// Engagement over time comes from the fold (and so from a checkpoint), never from the
    /// events read again: on random logs with retractions it is what counting the events that
    /// count gives, month by month. A partner is met first at its first meeting while it is
    /// mapped, the rule of the status line's "met" (a partner whose mapping was retracted
    /// was never mapped).
    @Test(arguments: ReplayPropertyTests.seeds)
    func theReviewsEngagementByMonthIsWhatTheEventsThatCountSay(seed: UInt64) throws {
        let world = RandomLog.make(events: 400, seed: seed)
        let model = Model.replay(world.events)
        var mapped = Model(excluding: Set(model.retracted.keys))
        var expected: [String: ReviewFacts.Month] = [:]
        func touch(_ day: Day, _ body: (inout ReviewFacts.Month) -> Void) {
            let key = String(day.description.prefix(7))
            body(&expected[key, default: ReviewFacts.Month(month: key, meetings: 0, partnersMet: 0, feedback: 0, uses: 0)])
        }
        var met: Set<String> = []
        for recorded in world.events {
            defer { mapped.apply(recorded) }
            guard model.counts(recorded.sequence) else { continue }
            switch recorded.event {
            case .meetingHeld(let e):
                let new = e.partners.filter { mapped.partners[$0] != nil && met.insert($0).inserted }.count
                touch(e.date) { $0.meetings += 1; $0.partnersMet += new }
            case .feedbackSubmitted:
                touch(Day(recorded.timestamp)) { $0.feedback += 1 }
            case .datasetUsed(let e):
                guard model.datasets[e.dataset]?.useReports[Model.RoundParty(round: e.round, party: e.partner)] == recorded.sequence else { break }
                touch(Day(recorded.timestamp)) { $0.uses += 1 }
            default:
                break
            }
        }
        #expect(expected.values.contains { $0.meetings > 0 } && expected.values.contains { $0.uses > 0 }, "seed \(seed) has meetings and uses")
        let months = model.review(today: try #require(model.lastDay)).months
        #expect(months.filter { expected[$0.month] != nil } == expected.values.sorted { $0.month < $1.month }, "seed \(seed)")
        #expect(months.allSatisfy { expected[$0.month] != nil || ($0.meetings, $0.partnersMet, $0.feedback, $0.uses) == (0, 0, 0, 0) })
    }

    @Test func theReviewsTablesAreInTheirStatedOrder() throws {
        var w = try collecting()
        try w.run(["feedback partner=edu topic=process text=a", "feedback partner=wash topic=report text=b",
                   "feedback partner=wash topic=report text=c", "feedback partner=unicef topic=dataset text=d"])
        let facts = w.model.review(today: w.today)
        // Most feedback first; ties in the topic list's order, and by partner id.
        #expect(facts.feedbackByTopic.prefix(3).map(\.topic) == [.report] + FeedbackTopic.allCases.filter { [.process, .dataset].contains($0) })
        #expect(facts.feedbackByPartner.map(\.partner) == ["wash", "edu", "unicef"])
    }

    // MARK: unused

    @Test func unusedFlagsDatasetsNobodyUsedOrAnalysedInTheLastTwoRounds() throws {
        var w = try collecting()
        try round(1, in: &w, then: ["used dataset=a partner=wash round=1 for=plan", "analysed dataset=a by=dtm round=1",
                                    "analysed dataset=b by=dtm round=1"])
        try round(2, in: &w, then: ["analysed dataset=a by=dtm round=2", "analysed dataset=b by=dtm round=2"])
        let unused = w.model.unused()
        // a: used in round 1, analysed in both → fine. b: analysed in both, used in neither → no-use.
        #expect(unused.drop.map(\.dataset) == ["b"])
        #expect(unused.drop.first?.reasons == ["no-use"])
        #expect(unused.drop.first?.rounds == [1, 2])

        try round(3, in: &w, then: ["analysed dataset=a by=dtm round=3"])
        // Over rounds 2 and 3: a has no use (used in 1 only), b no use and no analysis in round 3.
        let later = w.model.unused()
        #expect(later.drop.map(\.dataset) == ["a", "b"])
        #expect(later.drop[0].reasons == ["no-use"])
        #expect(later.drop[1].reasons == ["no-use", "inconsistent-analysis"])
        #expect(w.model.unused(rounds: 3).drop.map(\.dataset) == ["b"])
    }

    @Test func aDatasetAnalysedInSomeButNotAllOfItsRoundsIsADropCandidateNamingTheRoundsItMissed() throws {
        var w = try collecting()
        try round(1, in: &w, then: ["used dataset=a partner=wash round=1 for=plan", "analysed dataset=a by=dtm round=1",
                                    "used dataset=b partner=wash round=1 for=plan", "analysed dataset=b by=dtm round=1"])
        try round(2, in: &w, then: ["used dataset=a partner=wash round=2 for=plan", "analysed dataset=a by=dtm round=2",
                                    "used dataset=b partner=wash round=2 for=plan"])
        // a: analysed in both rounds → kept. b: analysed in round 1 only → not consistently analysed.
        let unused = w.model.unused()
        #expect(unused.drop.map(\.dataset) == ["b"])
        #expect(unused.drop.first?.reasons == ["inconsistent-analysis"])
        #expect(unused.drop.first?.rounds == [1, 2])
        #expect(unused.drop.first?.evidence == "not analysed in round 2")
        // Over the last round only, b was analysed in none of them: not-analysed, as before.
        #expect(w.model.unused(rounds: 1).drop.first?.reasons == ["not-analysed"])
    }

    @Test func aDatasetAgreedWhileARoundIsOpenIsCollectedFromTheNextRound() throws {
        var w = World()
        try w.run(World.mapped)
        try w.run(["dataset propose id=a \(Self.dataset)", World.verify("a"), "round start n=1 date=2026-01-01", "dataset agree id=a"])
        // Round 1's questionnaire was fielded without it: round 1 is not one it was collected in…
        try w.run("round close n=1 date=2026-01-20")
        #expect(w.model.roundsCollected(w.model.datasets["a"]!).isEmpty)
        #expect(w.model.unused().drop.isEmpty)
        // …round 2 is.
        try round(2, in: &w)
        #expect(w.model.roundsCollected(w.model.datasets["a"]!).map(\.number) == [2])
        let unused = w.model.unused()
        #expect(unused.drop.map(\.dataset) == ["a"])
        #expect(unused.drop.first?.reasons == ["no-use", "not-analysed"])
        #expect(unused.drop.first?.rounds == [2])
        #expect(unused.drop.first?.evidence == "no partner reported using it in round 2; nobody analysed it in round 2")
    }

    @Test func aDatasetAgreedAfterARoundClosedIsNotJudgedOnIt() throws {
        var w = try collecting()
        try round(1, in: &w)
        try w.run(["dataset propose id=c \(Self.dataset)", World.verify("c"), "dataset agree id=c"])
        let unused = w.model.unused()
        #expect(!unused.drop.contains { $0.dataset == "c" })
        #expect(w.model.roundsCollected(w.model.datasets["c"]!).isEmpty)
    }

    @Test func aDatasetDroppedBeforeARoundStartedIsNotCollectedInIt() throws {
        var w = try collecting()
        try round(1, in: &w)
        try w.run(["dataset drop id=b reason=unused"])
        try round(2, in: &w)
        try w.run(["dataset agree id=b"])
        #expect(w.model.roundsCollected(w.model.datasets["b"]!).map(\.number) == [1])
        // Dropped during a round: still collected in that round.
        try w.run("round start n=3 date=2026-03-01")
        try w.run("dataset drop id=a reason=late")
        try w.run("round close n=3 date=2026-03-20")
        #expect(w.model.roundsCollected(w.model.datasets["a"]!).map(\.number) == [1, 2, 3])
    }

    @Test func aDatasetNotYetCollectedIsJudgedOnOwnerPurposeAndCriteriaOnly() throws {
        var w = World()
        try w.run(World.mapped)
        try w.run(["dataset propose id=x sector=wash question=q owner=none dissemination=public criteria=no-other-source",
                   "dataset agree id=x force=yes reason=test", "dataset propose id=ok \(Self.dataset)", World.verify("ok"), "dataset agree id=ok"])
        let unused = w.model.unused()
        #expect(unused.drop.count == 1)
        #expect(unused.drop[0].reasons == ["no-owner", "no-purpose", "criteria"])
        #expect(unused.drop[0].unmet == [.purposeDocumented, .analysisCapacity, .analysisTools, .methodAdequate])
        #expect(unused.drop[0].evidence.contains("unmet: purpose-documented"))
    }

    @Test func keptDatasetsAreListedApartNeverAsDrops() throws {
        var w = try collecting()
        try round(1, in: &w)
        try w.run("dataset keep id=a reason=\"trend since 2019\"")
        let unused = w.model.unused()
        #expect(unused.drop.map(\.dataset) == ["b"])
        #expect(unused.kept.map(\.dataset) == ["a"])
    }

    @Test func aRetractedUseCountsAsNeverRecorded() throws {
        var w = try collecting()
        try round(1, in: &w, then: ["used dataset=a partner=wash round=1 for=plan", "analysed dataset=a by=dtm round=1"])
        #expect(!w.model.unused().drop.contains { $0.dataset == "a" })
        let use = w.events.first { if case .datasetUsed = $0.event { true } else { false } }!.sequence
        try w.run("retract seq=\(use) reason=\"wrong dataset\"")
        #expect(w.model.unused().drop.first { $0.dataset == "a" }?.reasons == ["no-use"])
        #expect(w.model == Model.replay(w.events))
    }

    // MARK: schedule

    @Test func aMovedMilestoneListsPartnersMetBeforeTheMoveNotYetNotified() throws {
        var w = World()
        try w.run(World.mapped)
        try w.run(["meeting date=today kind=imwg partners=wash,edu outcomes=a,b",
                   "milestone set id=dap title=\"DAP final\" date=2027-01-15",
                   "milestone move id=dap date=2027-01-29 reason=late",
                   "meeting date=today kind=bilateral partners=unicef",  // met after the move: not affected
                   "notify milestone=dap partners=wash"])
        let change = try #require(w.model.scheduleChanges().first)
        #expect(change.affected == ["wash", "edu"])
        #expect(change.unnotified == ["edu"])
        // A second move needs everyone told again, now unicef too.
        try w.run("milestone move id=dap date=2027-02-05 reason=\"later still\"")
        #expect(w.model.scheduleChanges().first?.unnotified == ["wash", "edu", "unicef"])
        #expect(w.model.milestones["dap"]?.moves == 2)
    }

    // MARK: sharing

    /// A world with a confidential protection dataset `cp` and a confidential GBV dataset
    /// `gbv`, recorded on 2025-12-01.
    func confidential() throws -> World {
        var w = World()
        w.now = Timestamp(year: 2025, month: 12, day: 1, hour: 9)!
        try w.run(World.mapped)
        try w.run(["dataset propose id=cp sector=protection question=q requested-by=unicef dissemination=confidential",
                   "dataset propose id=gbv sector=gbv question=q requested-by=unicef dissemination=confidential",
                   "dataset propose id=pub sector=wash question=q requested-by=wash dissemination=public"])
        return w
    }

    /// Runs `lines` as recorded on `day` (at 09:00).
    func on(_ day: String, _ lines: [String], in w: inout World) throws {
        w.now = Timestamp(secondsSinceEpoch: Day(day)!.daysSinceEpoch * 86_400 + 9 * 3_600)
        try w.run(lines)
    }

    static let today = Day("2026-11-20")!

    @Test func aShareBeforeTheMoUWasSignedStaysAViolationOnceTheMoUExists() throws {
        var w = try confidential()
        try on("2026-09-10", ["share dataset=cp partner=unicef"], in: &w)
        let share = w.events.count
        try on("2026-09-20", ["mou sign partner=unicef scope=cp date=2026-09-20"], in: &w)
        let violations = w.model.sharingViolations(today: Self.today)
        #expect(violations.map(\.sequence) == [share])
        #expect(violations.first?.day == Day("2026-09-10"))
        #expect(violations.first?.reason == "shared (confidential) on 2026-09-10 (record #\(share)); no MoU in force that day")
        // The review lists it too.
        #expect(w.model.review(today: Self.today).violations
            == ["sharing: cp with unicef — \(violations[0].reason)"])
    }

    @Test func aShareUnderAValidMoUStaysLawfulWhenTheMoULaterExpiresOrEnds() throws {
        var w = try confidential()
        try on("2026-01-01", ["mou sign partner=unicef scope=cp date=2026-01-01 expires=2026-06-30",
                              "mou sign partner=edu scope=cp date=2026-01-01"], in: &w)
        try on("2026-03-01", ["share dataset=cp partner=unicef", "share dataset=cp partner=edu"], in: &w)
        try on("2026-07-15", ["mou end partner=edu date=2026-07-15"], in: &w)
        #expect(w.model.sharingViolations(today: Self.today).isEmpty)
    }

    @Test func everyViolatingShareIsListedWithItsOwnDayAndSequenceNumber() throws {
        var w = try confidential()
        try on("2026-01-01", ["mou sign partner=unicef scope=cp date=2026-01-01 expires=2026-06-30"], in: &w)
        try on("2026-03-01", ["share dataset=cp partner=unicef"], in: &w)
        try on("2026-08-01", ["share dataset=cp partner=unicef"], in: &w)
        let first = w.events.count
        try on("2026-09-01", ["share dataset=cp partner=unicef"], in: &w)
        let second = w.events.count
        let violations = w.model.sharingViolations(today: Self.today)
        #expect(violations.map(\.sequence) == [first, second])
        #expect(violations.map(\.day) == [Day("2026-08-01")!, Day("2026-09-01")!])
        #expect(violations.allSatisfy { $0.reason.hasSuffix("its MoU expired on 2026-06-30") })
        #expect(violations[0].reason.contains("on 2026-08-01 (record #\(first))"))
    }

    @Test func aConfidentialShareOfASectorTheMoUDoesNotCoverIsAViolation() throws {
        var w = try confidential()
        try on("2026-09-01", ["mou sign partner=unicef scope=\"CP data\" sectors=protection,cp date=2026-09-01",
                              "mou sign partner=edu scope=\"all data\" sectors=all date=2026-09-01",
                              "mou sign partner=wash scope=\"all data\" date=2026-09-01"], in: &w)
        try on("2026-09-10", ["share dataset=cp partner=unicef", "share dataset=gbv partner=unicef",
                              "share dataset=gbv partner=edu", "share dataset=gbv partner=wash"], in: &w)
        let violations = w.model.sharingViolations(today: Self.today)
        #expect(violations.map(\.dataset) == ["gbv"])
        #expect(violations.map(\.partner) == ["unicef"])
        #expect(violations.first?.reason.hasSuffix("outside its MoU's scope: sector gbv (the MoU covers protection, cp)") == true)
    }

    @Test func aRequestIsNotAShareAndNeverAViolationButNeedsAnMoUBeforeSharing() throws {
        var w = try confidential()
        #expect(w.model.sharingViolations(today: Self.today).isEmpty)
        #expect(w.model.needsAttention(today: Self.today).filter(\.isViolation).isEmpty)
        #expect(w.model.requestsWithoutMoU(today: Self.today).map(\.dataset) == ["cp", "gbv"])
        #expect(w.model.needsAttention(today: Self.today).map(\.detail).first
            == "sharing: unicef requested cp (confidential) with no MoU covering it — sign an MoU before sharing")
        try w.run("mou sign partner=unicef scope=cp sectors=protection date=2026-11-01")
        #expect(w.model.requestsWithoutMoU(today: Self.today).map(\.dataset) == ["gbv"])
        // Judged on the view's day: before the MoU, both requests needed one.
        #expect(w.model.requestsWithoutMoU(today: Day("2026-10-31")!).count == 2)
        try w.run("share dataset=cp partner=wash")
        #expect(w.model.sharingViolations(today: Self.today).map(\.partner) == ["wash"])
    }

    @Test func aConfidentialDatasetSharedPubliclyIsAViolationForEachShare() throws {
        var w = try confidential()
        try on("2026-09-01", ["mou sign partner=wash scope=cp date=2026-09-01"], in: &w)
        try on("2026-09-10", ["share dataset=cp partner=wash modality=public", "share dataset=cp partner=wash modality=public"], in: &w)
        let violations = w.model.sharingViolations(today: Self.today)
        #expect(violations.count == 2)
        #expect(violations.allSatisfy { $0.reason.contains("shared publicly on 2026-09-10") })
        // A public dataset needs no MoU.
        try w.run("share dataset=pub partner=edu")
        #expect(w.model.sharingViolations(today: Self.today).count == 2)
    }

    @Test func aPastDaysSharingStaysTheSameAfterALaterMoU() throws {
        var w = try confidential()
        try on("2026-09-10", ["share dataset=cp partner=unicef"], in: &w)
        let cutoff = Timestamp(year: 2026, month: 9, day: 15, hour: 0)!
        let before = Model.replay(w.events, before: cutoff).sharingViolations(today: Day("2026-09-14")!)
        #expect(before.count == 1)
        try on("2026-09-20", ["mou sign partner=unicef scope=cp date=2026-09-20", "share dataset=cp partner=unicef"], in: &w)
        #expect(Model.replay(w.events, before: cutoff).sharingViolations(today: Day("2026-09-14")!) == before)
        #expect(w.model.sharingViolations(today: Self.today) == before)
    }

    @Test func aDroppedDatasetsSharesStayViolations() throws {
        var w = World()
        try w.run(World.mapped)
        try w.run(["dataset propose id=cp sector=protection question=q requested-by=unicef dissemination=confidential",
                   "share dataset=cp partner=wash"])
        #expect(w.model.sharingViolations(today: Self.today).map(\.partner) == ["wash"])
        try w.run("dataset drop id=cp reason=\"not needed\"")
        #expect(w.model.sharingViolations(today: Self.today).map(\.partner) == ["wash"])
    }

    // MARK: what needs attention

    @Test func needsAttentionListsViolationsFirstThenWorkInProgressAndCountsThemInWords() throws {
        var w = World()
        try w.run(World.mapped)
        try w.run(["dataset propose id=cp sector=protection question=q requested-by=unicef dissemination=confidential",
                   "share dataset=cp partner=unicef",
                   "action add id=call owner=dtm text=\"call back\" due=2026-11-01",
                   "disagreement raise id=d1 text=\"frequency of rounds\" partners=wash,edu",
                   "feedback partner=edu topic=report text=\"late\""])
        let items = w.model.needsAttention(today: Day("2026-11-20")!)
        #expect(items.map(\.isViolation) == [true, true, false, false, false])
        guard case .sharingViolation(let v) = items[0], case .overdueAction(let a) = items[1],
              case .requestWithoutMoU(let r) = items[2], case .openDisagreement(let d) = items[3],
              case .feedbackAwaitingReply(let f) = items[4] else {
            Issue.record("unexpected items \(items)")
            return
        }
        #expect(v.dataset == "cp" && v.partner == "unicef" && a.id == "call" && d.id == "d1" && f.partner == "edu")
        #expect(r == Model.RequestWithoutMoU(dataset: "cp", partner: "unicef", dissemination: .confidential))
        #expect(Model.attentionCounts(items) == ["1 action overdue", "1 sharing violation", "1 request for confidential data without an MoU",
                                                 "1 open disagreement", "1 feedback awaiting a reply"])
        // The review's violations are exactly the violations among them.
        #expect(w.model.review(today: Day("2026-11-20")!).violations == items.filter(\.isViolation).map(\.detail))
        #expect(Model.attentionCounts(Model().needsAttention(today: Day("2026-11-20")!)).isEmpty)
    }

    @Test func anApproachPlanPastItsDayWithNoMeetingSinceNeedsAttention() throws {
        var w = World()
        try w.run(World.mapped)
        try w.run(["approach plan partner=wash how=bilateral by=2026-12-01", "approach plan partner=edu how=bilateral by=2026-12-01",
                   "approach plan partner=unicef how=bilateral by=2027-01-10"])
        try w.run("meeting date=2026-12-03 kind=bilateral partners=edu")
        // wash: past its day and never met. edu: met (late, but met). unicef: not yet due.
        let items = w.model.needsAttention(today: Day("2026-12-15")!)
        #expect(items == [.staleApproach(Model.StaleApproach(partner: "wash", by: Day("2026-12-01")!, daysLate: 14))])
        #expect(items.map(\.isViolation) == [true])
        #expect(items.first?.detail == "overdue: approach to wash was planned by 2026-12-01 and no meeting since (14 days late)")
        #expect(Model.attentionCounts(items) == ["1 approach plan past due with no meeting"])
        #expect(w.model.needsAttention(today: Day("2026-12-01")!).isEmpty)
        // A new plan after a meeting waits for a new meeting.
        try w.run("approach plan partner=edu how=workshop by=2026-12-10")
        #expect(w.model.staleApproaches(today: Day("2026-12-15")!).map(\.partner) == ["wash", "edu"])
    }

    @Test func aReplyPlannedForADayThatHasPassedNeedsAttention() throws {
        var w = World()
        try w.run(World.mapped)
        try w.run(["feedback partner=edu topic=report text=late", "feedback partner=wash topic=report text=thin",
                   "feedback address id=f1 response=planned date=2026-12-01 text=\"earlier release\"",
                   "feedback address id=f2 response=planned date=2027-01-01 text=\"more detail\""])
        let items = w.model.needsAttention(today: Day("2026-12-02")!)
        #expect(items == [.lateReply(Model.LateReply(feedback: "f1", partner: "edu", date: Day("2026-12-01")!, daysLate: 1))])
        #expect(items.first?.detail == "overdue: reply to feedback f1 from edu was planned for 2026-12-01 (1 day late)")
        #expect(Model.attentionCounts(items) == ["1 planned reply past due"])
        // Answered since: nothing stale.
        try w.run("feedback address id=f1 response=done text=released")
        #expect(w.model.needsAttention(today: Day("2026-12-02")!).isEmpty)
    }

    @Test func anMoUExpiringWithinThirtyDaysWhileConfidentialDataFlowsNeedsAttention() throws {
        var w = World()
        try w.run(World.mapped)
        try w.run(["mou sign partner=unicef scope=cp date=2026-11-01 expires=2026-12-10",
                   "mou sign partner=edu scope=cp date=2026-11-01 expires=2026-12-10",
                   "mou sign partner=wash scope=cp date=2026-11-01 expires=2027-06-30",
                   "dataset propose id=cp sector=protection question=q requested-by=unicef,wash dissemination=confidential",
                   "dataset propose id=open sector=wash question=q requested-by=edu dissemination=public"])
        // unicef: confidential data requested, MoU lapses in 20 days. edu: only public data.
        // wash: MoU runs well beyond 30 days.
        let items = w.model.needsAttention(today: Day("2026-11-20")!)
        #expect(items == [.expiringMoU(Model.ExpiringMoU(partner: "unicef", lastDay: Day("2026-12-10")!, daysLeft: 20, datasets: ["cp"]))])
        #expect(items.map(\.isViolation) == [false])
        #expect(Model.attentionCounts(items) == ["1 MoU covering confidential data expiring within 30 days"])
        // Not yet within 30 days, and no longer once renewed.
        #expect(w.model.expiringMoUs(today: Day("2026-11-09")!).isEmpty)
        try w.run(["mou end partner=unicef date=2026-11-20", "mou sign partner=unicef scope=cp date=2026-11-20 expires=2027-11-20"])
        #expect(w.model.needsAttention(today: Day("2026-11-20")!).isEmpty)
    }

    // MARK: overdue and plan

    @Test func overdueListsActionsPastDueAndNeedsNotSubmittedInTime() throws {
        var w = World()
        try w.run(World.mapped)
        try w.run(["action add id=late owner=dtm text=x due=2026-11-19", "action add id=soon owner=dtm text=x due=2026-11-21",
                   "action add id=done owner=dtm text=x due=2026-11-01", "action done id=done",
                   "needs request partner=wash by=2026-11-10", "needs request partner=edu by=2026-11-10",
                   "needs submit partner=edu text=x frequency=monthly purpose=p", "needs request partner=unicef by=2026-12-01"])
        let overdue = w.model.overdue(today: Day("2026-11-20")!)
        #expect(overdue.actions.map(\.id) == ["late"])
        #expect(overdue.needs.map(\.partner) == ["wash"])
        #expect(w.model.overdue(today: Day("2026-12-02")!).needs.map(\.partner) == ["wash", "unicef"])
    }

    @Test func planFollowsEachPartnerThroughTheProcess() throws {
        var w = World()
        try w.run(World.mapped)
        #expect(w.model.phase == "mapping data users")
        try w.run(["approach plan partner=edu how=imwg by=2026-12-01", "meeting date=today kind=bilateral partners=wash outcomes=a,b,c,d,e",
                   "needs request partner=wash by=2026-12-01"])
        #expect(w.model.partnersInOrder.map { w.model.status(of: $0) } == ["needs-requested", "approach-planned", "mapped"])
        #expect(w.model.partners["wash"]?.outcomes == Set(Outcome.allCases))
        #expect(w.model.phase == "information needs")
    }

    /// The overdue view asks what goes stale of the four rules the needs-attention list
    /// gathers those kinds from, and the plan its urgent items of their three, not of the
    /// whole list; the status line counts the items as they come, holding none: each must
    /// give exactly what the list holds, on any log and any day.
    @Test(arguments: ReplayPropertyTests.seeds)
    func whatGoesStaleIsWhatTheAttentionListHolds(seed: UInt64) {
        let w = RandomLog.make(events: 400, seed: seed)
        for days in [0, 20, 45, 400] {
            let today = Day(daysSinceEpoch: w.today.daysSinceEpoch + Int64(days))
            var stale: [Model.StaleApproach] = [], replies: [Model.LateReply] = [], expiring: [Model.ExpiringMoU] = []
            var notOnHDX: [Model.NotOnHDX] = []
            for item in w.model.needsAttention(today: today) {
                switch item {
                case .staleApproach(let a): stale.append(a)
                case .lateReply(let r): replies.append(r)
                case .expiringMoU(let m): expiring.append(m)
                case .notOnHDX(let n): notOnHDX.append(n)
                default: break
                }
            }
            #expect(stale == w.model.staleApproaches(today: today))
            #expect(replies == w.model.lateReplies(today: today))
            #expect(expiring == w.model.expiringMoUs(today: today))
            #expect(notOnHDX == w.model.datasetsNotOnHDX(today: today))
            #expect(w.model.urgentAttention(today: today) == w.model.needsAttention(today: today).filter(\.isUrgentAction))
            // Counted as they come, they are counted as the list holds them.
            #expect(w.model.attentionCounts(today: today) == Model.attentionCounts(w.model.needsAttention(today: today)))
        }
    }
}
