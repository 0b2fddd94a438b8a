import EventLog
import Testing
@testable import Engagement

/// The role rules: who may record what, and what a partner member or a stranger may read.
@Suite struct AccessTests {
    /// A log founded by `coord`, with a partner member for wash and a reviewer.
    func world() throws -> World {
        var w = World()
        w.actor = "coord"
        try w.run(World.mapped)
        try w.run([
            "member add user=amina role=partner partner=wash",
            "member add user=omar role=reviewer",
        ])
        return w
    }

    func refusal(_ line: String, by actor: String, in world: World) -> CommandError? {
        var w = world
        w.actor = actor
        do {
            _ = try w.decide(line)
            return nil
        } catch {
            return error
        }
    }

    /// The refusals of each role, as the rules word them.
    static func stranger(_ actor: String) -> CommandError {
        .notPermitted("'\(actor)' is not a member of this log, and only members record; "
            + "a coordinator can add them with 'member add user=\(actor) role=…'. Nothing was recorded")
    }
    static let reviewer = CommandError.notPermitted("'omar' is a reviewer: reviewers read the log and record nothing. Nothing was recorded")
    static let partnerVerbsOnly = CommandError.notPermitted(
        "'amina' speaks for partner wash: partner members record only 'feedback' and 'used', and retract their own events. Nothing was recorded")
    static let ownPartnerOnly = CommandError.notPermitted(
        "'amina' speaks for partner wash, not 'edu': partner members record only for their own partner. Nothing was recorded")

    @Test func theFirstWriterOfAnEmptyLogFoundsItAsCoordinator() throws {
        var w = World()
        w.actor = "first"
        #expect(Access.standing(of: "first", in: w.model) == .founder)
        try w.run(World.mapped[0])
        #expect(w.model.members == [Model.Member(user: "first", role: .coordinator, partner: nil, since: 1)])
        #expect(refusal(World.mapped[1], by: "second", in: w) == Self.stranger("second"))
        #expect(refusal(World.mapped[1], by: "first", in: w) == nil)
    }

    @Test func foundingHoldsWhenTheFirstEventIsRetracted() throws {
        var w = World()
        w.actor = "first"
        try w.run([World.mapped[0], "retract seq=1 reason=typo"])
        #expect(w.model.member("first")?.role == .coordinator)
    }

    @Test func aPartnerMemberRecordsFeedbackAndUseForItsOwnPartnerOnly() throws {
        var w = try world()
        try w.run([
            #"dataset propose id=wash.water sector=wash question=q purpose=p requested-by=wash owner=dtm dissemination=public \#(World.allCriteria) \#(World.readyQuestion)"#,
            World.verify("wash.water"), "dataset agree id=wash.water", "round start n=1 date=2026-11-20",
        ])
        w.actor = "amina"
        // partner= defaults to the member's own partner…
        let events = try w.events(for: #"feedback topic=process text="More notice""#)
        guard case .feedbackSubmitted(let feedback) = events.first else { Issue.record("no feedback"); return }
        #expect(feedback.partner == "wash")
        #expect(refusal(#"used dataset=wash.water round=1 for="trucking plan""#, by: "amina", in: w) == nil)
        #expect(refusal(#"feedback partner=wash topic=process text="ok""#, by: "amina", in: w) == nil)
        // …and any other value is refused, as is every other verb.
        #expect(refusal(#"feedback partner=edu topic=process text="x""#, by: "amina", in: w) == Self.ownPartnerOnly)
        #expect(refusal(#"used dataset=wash.water partner=edu round=1 for=x"#, by: "amina", in: w) == Self.ownPartnerOnly)
        for line in ["partner add id=x name=X category=ngo levels=operational", "feedback address id=f1 response=done text=ok",
                     "member add user=amina role=coordinator", "meeting date=today kind=bilateral partners=wash"] {
            #expect(refusal(line, by: "amina", in: w) == Self.partnerVerbsOnly, "\(line)")
        }
    }

    @Test func aPartnerMemberRetractsItsOwnEventsAndNeverAnothersOrACoordinators() throws {
        var w = try world()
        try w.run("member add user=bashir role=partner partner=wash")
        w.actor = "amina"
        try w.run(#"feedback topic=process text="Sent too early""#)
        let own = w.events.count
        w.actor = "bashir"
        try w.run(#"feedback topic=process text="Another voice""#)
        let colleagues = w.events.count
        // Its own feedback, yes (as `#N` too); a colleague's for the same partner, or the
        // coordinator's records, no.
        #expect(refusal("retract seq=#\(own) reason=mistake", by: "amina", in: w) == nil)
        for seq in [colleagues, 1] {
            #expect(refusal("retract seq=\(seq) reason=mistake", by: "amina", in: w) == .notPermitted(
                "'amina' may retract only events it recorded itself, and #\(seq) is not one of them. Nothing was recorded"))
        }
        w.actor = "amina"
        try w.run("retract seq=\(own) reason=mistake")
        #expect(!w.model.counts(own))
        #expect(w.model.feedback.values.map(\.partner) == ["wash"])
        // A retraction cannot itself be retracted, by anyone.
        #expect(refusal("retract seq=\(w.events.count) reason=again", by: "amina", in: w)
            == .refused("#\(w.events.count) is a retraction; retractions cannot be retracted: record the event again instead"))
    }

    @Test func whoRecordedAPartnersEventSurvivesACheckpoint() throws {
        var w = try world()
        w.actor = "amina"
        try w.run(#"feedback topic=process text="Sent too early""#)
        let restored = try #require(w.model.checkpointBytes().withUnsafeBytes { Model(checkpoint: $0) })
        #expect(restored == w.model)
        #expect(restored.recordedByPartners == [w.events.count: "amina"])
    }

    @Test func aReviewerAndAStrangerRecordNothing() throws {
        let w = try world()
        for (actor, rule) in [("omar", Self.reviewer), ("zed", Self.stranger("zed"))] {
            #expect(refusal(#"feedback partner=wash topic=process text="x""#, by: actor, in: w) == rule)
            #expect(refusal("partner add id=x name=X category=ngo levels=operational", by: actor, in: w) == rule)
        }
        #expect(Access.reading(of: "omar", in: w.model) == .everything)
        #expect(Access.reading(of: "zed", in: w.model) == .publicViews(partner: nil))
        #expect(Access.reading(of: "amina", in: w.model) == .publicViews(partner: "wash"))
    }

    @Test func aRemovedMemberIsAStrangerAgainAndTheLastCoordinatorStays() throws {
        var w = try world()
        try w.run("member remove user=amina")
        #expect(refusal(#"feedback partner=wash topic=process text="x""#, by: "amina", in: w) == Self.stranger("amina"))
        #expect(refusal("member remove user=coord", by: "coord", in: w) == .refused("'coord' is the last coordinator; add another coordinator first"))
        #expect(refusal("member add user=coord role=reviewer", by: "coord", in: w) == .refused("'coord' is the last coordinator; add another coordinator first"))
        try w.run("member add user=lena role=coordinator")
        #expect(refusal("member remove user=coord", by: "coord", in: w) == nil)
    }

    @Test func memberAddChecksRoleAndPartner() throws {
        let w = try world()
        #expect(refusal("member add user=x role=owner", by: "coord", in: w)
            == .invalidValue(key: "role", value: "owner", reason: "not a role; use one of coordinator, partner, reviewer."))
        #expect(refusal("member add user=x role=partner", by: "coord", in: w)
            == .invalidValue(key: "partner", value: "", reason: "a partner member speaks for one partner: give partner="))
        #expect(refusal("member add user=x role=partner partner=nowhere", by: "coord", in: w) == .unknownPartner("nowhere", suggestions: []))
        #expect(refusal("member add user=x role=reviewer partner=wash", by: "coord", in: w)
            == .invalidValue(key: "partner", value: "wash", reason: "only a partner member speaks for a partner; a reviewer takes no partner="))
        #expect(refusal(#"member add user="two words" role=reviewer"#, by: "coord", in: w)
            == .invalidValue(key: "user", value: "two words", reason: UserName.problem("two words")!))
        #expect(refusal("member add user=omar role=reviewer", by: "coord", in: w) == .nothingToChange("'omar' is already a reviewer"))
        #expect(refusal("member remove user=nobody", by: "coord", in: w) == .unknown(kind: "member", id: "nobody", suggestions: []))
    }

    @Test func userNamesThatLookLikeAnotherOrHideCharactersAreRefused() throws {
        let w = try world()
        for name in ["l\u{0435}na", "le\u{200B}na", "\u{202E}anel", "le\u{20DD}na", "\u{041B}ena", "lena\u{2066}", "le\u{0301}\u{0435}na"] {
            guard case .invalidValue(key: "user", _, _)? = refusal("member add user=\(name) role=reviewer", by: "coord", in: w) else {
                Issue.record("accepted \(name.unicodeScalars.map { String($0.value, radix: 16) })")
                continue
            }
        }
        for name in ["l\u{E9}na", "\u{041B}\u{0435}\u{043D}\u{0430}", "amina.yusuf@unicef", "\u{0622}\u{0645}\u{0646}\u{0629}2"] {
            #expect(refusal("member add user=\(name) role=reviewer", by: "coord", in: w) == nil, "refused \(name)")
        }
        #expect(UserName.problem("l\u{0435}na")?.contains("Cyrillic and Latin") == true)
    }

    @Test func aDecomposedUserNameIsTheComposedOne() throws {
        var w = try world()
        try w.run("member add user=re\u{0301}my role=partner partner=wash")
        // Recorded in NFC: the name in the log is the composed one, byte for byte.
        guard case .memberAdded(let added) = w.events.last?.event else { Issue.record("no member.added"); return }
        #expect(Array(added.user.utf8) == Array("r\u{E9}my".utf8))
        #expect(w.model.member("r\u{E9}my")?.role == .partner)
        // Either spelling names the same member, and the same id.
        #expect(refusal("member add user=r\u{E9}my role=partner partner=wash", by: "coord", in: w)
            == .nothingToChange("'r\u{E9}my' is already a partner for wash"))
        try w.run("member remove user=re\u{0301}my")
        guard case .memberRemoved(let removed) = w.events.last?.event else { Issue.record("no member.removed"); return }
        #expect(Array(removed.user.utf8) == Array("r\u{E9}my".utf8))
        #expect(UserName.read(" e\u{0301}lodie ") == "\u{E9}lodie")
        #expect(UserName.read("e\u{0301}lodie").unicodeScalars.count == 6)
    }

    @Test func feedbackItsAnswersAndSharesAreReadByThePartnerTheyConcern() throws {
        var w = try world()
        try w.run([
            #"dataset propose id=cp.uasc sector=protection question=q purpose=p requested-by=unicef owner=dtm dissemination=confidential \#(World.allCriteria)"#,
            #"dataset propose id=wash.water sector=wash question=q purpose=p requested-by=wash owner=dtm dissemination=public \#(World.allCriteria)"#,
            #"feedback partner=wash topic=process text="wash says""#,
            #"feedback partner=edu topic=process text="edu says""#,
            "feedback address id=f1 response=done text=ok",
            "feedback address id=f2 response=done text=ok",
            "share dataset=wash.water partner=edu",
            "share dataset=cp.uasc partner=wash",
            "share dataset=cp.uasc partner=edu",
        ])
        #expect(w.events.map(\.event.type).suffix(9) == ["dataset.proposed", "dataset.proposed", "feedback.submitted", "feedback.submitted",
                                                         "feedback.addressed", "feedback.addressed", "data.shared", "data.shared", "data.shared"])
        /// The sequence numbers after the members (#4, #5) that `partner` reads.
        func visible(to partner: String?) -> [Int] {
            let view = w.model.publicView(for: partner, on: w.today)
            return w.events.filter { $0.sequence > 5 && Access.isPublic($0.event, to: partner, in: view) }.map(\.sequence)
        }
        // Its own feedback and the answer, the public dataset and who it was shared with, and
        // the confidential dataset shared with it.
        #expect(visible(to: "wash") == [7, 8, 10, 12, 13])
        #expect(visible(to: "edu") == [7, 9, 11, 12, 14])
        // A stranger reads no one's feedback.
        #expect(visible(to: nil) == [7, 12])
    }

    @Test func aStoreKeepsEachRecordForTheReadersItConcerns() throws {
        var w = try world()
        let confidential = #"dataset propose id=cp.uasc sector=protection question=q requested-by=unicef dissemination=confidential"#
        let open = #"dataset propose id=wash.water sector=wash question=q requested-by=wash dissemination=public"#
        func audience(_ line: String) throws -> Audience {
            Access.audience(of: try #require(try w.events(for: line).first), in: w.model)
        }
        #expect(try audience(confidential) == .coordinators)
        #expect(try audience(open) == .everyone)
        try w.run([confidential, open])
        #expect(try audience("share dataset=cp.uasc partner=wash") == .partner("wash"))
        #expect(try audience("share dataset=wash.water partner=edu") == .everyone)
        #expect(try audience(#"feedback partner=wash topic=process text="x""#) == .partner("wash"))
        #expect(try audience("member add user=lena role=reviewer") == .user("lena"))
    }

    @Test func aPartnerSeesNoContactsNoOtherFeedbackAndNoConfidentialDetailsWithoutAnMoU() throws {
        var w = try world()
        try w.run([
            "contact add partner=wash name=Jo email=jo@example.org",
            #"dataset propose id=cp.uasc sector=protection question="Unaccompanied children?" purpose=referrals requested-by=unicef owner=dtm dissemination=confidential \#(World.allCriteria) \#(World.readyQuestion)"#,
            #"dataset propose id=wash.water sector=wash question="Water source?" purpose=trucking requested-by=wash owner=dtm dissemination=public \#(World.allCriteria) \#(World.readyQuestion)"#,
            World.verify("cp.uasc"), World.verify("wash.water"),
            #"feedback partner=wash topic=process text="wash says""#,
            #"feedback partner=edu topic=process text="edu says""#,
            // Both collected in a round nobody used or analysed: both are drop candidates.
            "dataset agree id=cp.uasc", "dataset agree id=wash.water",
            "round start n=1 date=2026-11-01", "round close n=1 date=2026-11-10",
        ])
        let view = w.model.publicView(for: "wash", on: w.today)
        #expect(view.partners["wash"]?.contacts == [])
        #expect(view.feedbackInOrder.map(\.text) == ["wash says"])
        #expect(view.datasets["cp.uasc"]?.question == Model.withheld)
        #expect(view.datasets["cp.uasc"]?.purpose == Model.withheld)
        #expect(view.datasets["wash.water"]?.question == "Water source?")
        let unused = w.model.unused()
        #expect(unused.drop.map(\.dataset) == ["cp.uasc", "wash.water"])
        #expect(unused.drop.map(\.reasons) == [["no-use", "not-analysed"], ["no-use", "not-analysed"]])
        #expect(view.unused() == unused, "drop reasons stay the same")
        // Some events are the partner's to read, others are not: exactly these.
        let visible = w.events.filter { Access.isPublic($0.event, to: "wash", in: view) }
        let hidden = w.events.filter { !Access.isPublic($0.event, to: "wash", in: view) }
        #expect(!visible.isEmpty && !hidden.isEmpty)
        #expect(visible.allSatisfy { event in
            if case .contactAdded = event.event { return false }
            if case .feedbackSubmitted(let f) = event.event { return f.partner == "wash" }
            if case .datasetProposed(let d) = event.event { return d.id != "cp.uasc" }
            return true
        })
        // Membership, the contact, the confidential proposal and its mock-up's check, and edu's feedback.
        #expect(hidden.map { "#\($0.sequence) \($0.event.type)" }
            == ["#4 member.added", "#5 member.added", "#6 contact.added", "#7 dataset.proposed", "#9 mockup.verified", "#12 feedback.submitted"])
        // With an MoU in force, the confidential details are the partner's to read.
        try w.run(#"mou sign partner=wash scope="WASH data" date=2026-11-01"#)
        #expect(w.model.publicView(for: "wash", on: w.today).datasets["cp.uasc"]?.question == "Unaccompanied children?")
    }
}
