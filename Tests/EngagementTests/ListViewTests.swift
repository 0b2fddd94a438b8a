import EventLog
import Testing
@testable import Engagement

/// The lists and their filters, and the show views' lookups: given these commands, these rows.
@Suite struct ListViewTests {
    /// Three partners; wash met twice (an IMWG in October, a bilateral in November), edu once.
    func engaged() throws -> World {
        var w = World()
        try w.run(World.mapped)
        try w.run([#"meeting date=2026-10-05 kind=imwg partners=wash,edu outcomes=a,b notes="Timeline next time""#,
                   "meeting date=2026-11-16 kind=bilateral partners=wash outcomes=c,d,e",
                   #"mou sign partner=wash scope="WASH data" date=2026-01-01"#,
                   #"mou sign partner=unicef scope="CP data" date=2025-01-01 expires=2025-12-31"#])
        return w
    }

    @Test func partnerListFiltersByCategoryLevelMoUAndWhetherMet() throws {
        let w = try engaged()
        let today = w.today
        func ids(_ filter: PartnerFilter) -> [String] { w.model.partnerList(filter, today: today).map(\.partner.id) }
        #expect(ids(PartnerFilter()) == ["wash", "edu", "unicef"])
        #expect(ids(PartnerFilter(category: .cluster)) == ["wash", "edu"])
        #expect(ids(PartnerFilter(level: .operational)) == ["wash", "edu"])
        #expect(ids(PartnerFilter(level: .programmatic)) == ["unicef"])
        #expect(ids(PartnerFilter(mou: .inForce)) == ["wash"])
        #expect(ids(PartnerFilter(mou: MoUState.none)) == ["edu"])
        #expect(ids(PartnerFilter(mou: .expired)) == ["unicef"])
        #expect(ids(PartnerFilter(met: false)) == ["unicef"])
        #expect(ids(PartnerFilter(category: .cluster, met: true)) == ["wash", "edu"])
    }

    @Test func anEndedMoUIsEndedFromItsEndDay() throws {
        var w = try engaged()
        try w.run("mou end partner=wash date=2026-11-20")
        #expect(w.model.partnerList(PartnerFilter(mou: .ended), today: w.today).map(\.partner.id) == ["wash"])
        #expect(w.model.partnerList(PartnerFilter(mou: .inForce), today: w.today.adding(days: -1)).map(\.partner.id) == ["wash"])
    }

    @Test func meetingListTakesPartnerKindAndInclusiveDaysAndKeepsNotes() throws {
        let w = try engaged()
        let all = w.model.meetingList(w.events[...], MeetingFilter())
        #expect(all.map(\.date.description) == ["2026-10-05", "2026-11-16"])
        #expect(all.first?.notes == "Timeline next time")
        #expect(w.model.meetingList(w.events[...], MeetingFilter(partner: "edu")).map(\.kind) == [.imwg])
        #expect(w.model.meetingList(w.events[...], MeetingFilter(kind: .bilateral)).map(\.partners) == [["wash"]])
        let october = DayRange(since: Day("2026-10-01"), until: Day("2026-10-05"))
        #expect(w.model.meetingList(w.events[...], MeetingFilter(days: october)).count == 1, "until= includes its day")
        #expect(w.model.meetingList(w.events[...], MeetingFilter(days: DayRange(since: Day("2026-11-16")))).count == 1, "since= includes its day")
    }

    @Test func aRetractedMeetingIsNotListed() throws {
        var w = try engaged()
        let seq = try #require(w.model.meetingList(w.events[...], MeetingFilter(kind: .bilateral)).first?.sequence)
        try w.run("retract seq=\(seq) reason=mistake")
        #expect(w.model.meetingList(w.events[...], MeetingFilter()).map(\.kind) == [.imwg])
        #expect(w.model.meeting(w.events[seq - 1]) == nil)
    }

    @Test func actionListTakesOwnerAndStatusAndOpenIncludesOverdue() throws {
        var w = World()
        try w.run([#"action add id=a1 owner=amina text="Send the DAP" due=2026-11-01"#,
                   #"action add id=a2 owner=dtm text="Book the room" due=2026-12-01"#,
                   #"action add id=a3 owner=Amina text="Call WASH" due=2026-12-02"#, "action done id=a3"])
        func ids(_ filter: ActionFilter) -> [String] { w.model.actionList(filter, today: w.today).map(\.action.id) }
        #expect(ids(ActionFilter()) == ["a1", "a2", "a3"])
        #expect(ids(ActionFilter(status: .overdue)) == ["a1"])
        #expect(ids(ActionFilter(status: .open)) == ["a1", "a2"])
        #expect(ids(ActionFilter(status: .done)) == ["a3"])
        #expect(ids(ActionFilter(owner: "amina")) == ["a1", "a3"], "owners match in any case")
        #expect(w.model.actionList(ActionFilter(), today: w.today).map(\.status) == [.overdue, .open, .done])
    }

    @Test func decisionListTakesPartnerAndTheDaysTheyWereRecorded() throws {
        var w = World()
        try w.run(World.mapped)
        try w.run(#"decision text="Joint questionnaire" partners=wash,edu"#)
        w.advance(to: "2026-11-25")
        try w.run(#"decision text="Drop the shelter question" partners=unicef"#)
        #expect(w.model.decisionList(DecisionFilter(partner: "edu")).map(\.text) == ["Joint questionnaire"])
        #expect(w.model.decisionList(DecisionFilter(days: DayRange(since: Day("2026-11-21")))).map(\.text) == ["Drop the shelter question"])
        #expect(w.model.decisionList(DecisionFilter(days: DayRange(until: Day("2026-11-20")))).map(\.text) == ["Joint questionnaire"])
    }

    @Test func datasetListTakesSectorStatusAndDissemination() throws {
        var w = World()
        try w.run(World.mapped)
        try w.run(["dataset propose id=w1 \(ViewTests.dataset)", World.verify("w1"),
                   "dataset propose id=h1 sector=health question=q purpose=p owner=dtm dissemination=confidential",
                   "dataset agree id=w1"])
        #expect(w.model.datasetList(DatasetFilter(sector: "WASH")).map(\.id) == ["w1"])
        #expect(w.model.datasetList(DatasetFilter(status: .proposed)).map(\.id) == ["h1"])
        #expect(w.model.datasetList(DatasetFilter(dissemination: .confidential)).map(\.id) == ["h1"])
        #expect(w.model.datasetList(DatasetFilter(status: .agreed, dissemination: .confidential)).isEmpty)
    }

    @Test func feedbackListTakesPartnerTopicAndWhetherItAwaitsAReply() throws {
        var w = World()
        try w.run(World.mapped)
        try w.run([#"feedback partner=wash topic=report text="Late by two weeks""#,
                   #"feedback partner=edu topic=methodology text="Sampling unclear""#,
                   #"feedback address id=f1 response=done text="Released earlier""#])
        #expect(w.model.feedbackList(FeedbackFilter(status: .awaiting)).map(\.id) == ["f2"])
        #expect(w.model.feedbackList(FeedbackFilter(status: .answered)).map(\.id) == ["f1"])
        #expect(w.model.feedbackList(FeedbackFilter(partner: "edu", topic: .methodology)).map(\.id) == ["f2"])
        #expect(w.model.feedbackList(FeedbackFilter(partner: "wash", topic: .methodology)).isEmpty)
    }

    @Test func aPartnerMemberListsOnlyItsOwnFeedbackAndNoContacts() throws {
        var w = World()
        try w.run(World.mapped)
        try w.run([#"contact add partner=wash name="Amina Yusuf" email=amina@example.org skills=im"#,
                   #"feedback partner=wash topic=report text="Late""#, #"feedback partner=edu topic=report text="Also late""#])
        let view = w.model.publicView(for: "wash", on: w.today)
        #expect(view.feedbackList(FeedbackFilter()).map(\.partner) == ["wash"])
        #expect(view.feedbackList(FeedbackFilter(partner: "edu")).isEmpty)
        #expect(view.contactList(partner: nil).isEmpty)
        #expect(w.model.contactList(partner: "wash").map(\.contact.name) == ["Amina Yusuf"])
    }

    @Test func logFilterTakesActorDaysAndWordsInAnyCase() throws {
        var w = try engaged()
        try w.run("member add user=jo role=coordinator")
        w.actor = "jo"
        w.advance(to: "2026-11-22")
        try w.run(#"feedback partner=wash topic=report text="Late by two weeks""#)
        let byJo = w.events.filter(LogFilter(actor: "jo").matches)
        #expect(byJo.map(\.event.type) == ["feedback.submitted"])
        #expect(w.events.filter(LogFilter(days: DayRange(since: Day("2026-11-21"))).matches).count == 1)
        #expect(w.events.filter(LogFilter(text: "TIMELINE").matches).map(\.event.type) == ["meeting.held"])
        #expect(w.events.filter(LogFilter(type: "mou", partner: "unicef").matches).count == 1)
    }

    @Test func viewFiltersRefuseValuesOutsideTheirSetNamingTheAllowedOnes() throws {
        func refusal(_ line: String) throws -> String {
            let command = try ResolvedCommand.resolve(ParsedLine.parse(line))
            let view = try #require(command.type as? any ViewCommand.Type)
            do {
                _ = try view.request(command, today: World.start.day)
                return ""
            } catch {
                return error.description
            }
        }
        #expect(try refusal("partner list mou=lapsed").contains("in-force, none, expired, ended"))
        #expect(try refusal("partner list met=maybe").contains("yes, no"))
        #expect(try refusal("action list status=late").contains("open, overdue, done"))
        #expect(try refusal("dataset list status=live").contains("proposed, agreed, kept, dropped"))
        #expect(try refusal("feedback list status=open").contains("awaiting, answered"))
        #expect(try refusal("meeting list since=last-week").contains(Day.forms))
        #expect(try refusal("log since=2026-11-20 until=2026-11-01").contains("before since=2026-11-20"))
        #expect(try refusal("partner list category=cluster") == "")
    }

    @Test func sinceAndUntilTakeEveryTypedDateForm() throws {
        let command = try ResolvedCommand.resolve(ParsedLine.parse("meeting list since=-7d until=yesterday"))
        let request = try ListMeetings.request(command, today: Day("2026-11-20")!)
        #expect(request == .meetings(MeetingFilter(days: DayRange(since: Day("2026-11-13"), until: Day("2026-11-19")))))
    }
}

extension Timestamp {
    var day: Day { Day(self) }
}
