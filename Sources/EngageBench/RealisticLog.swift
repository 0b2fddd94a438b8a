import Engagement
import EventLog

/// A realistic response at scale: most event types (the benchmark prints which it holds),
/// 200 partners, 500 datasets and 20 collection rounds, the rest of the events spread over
/// the rounds as a year of work spreads them (usage and analysis reports, meetings,
/// feedback, schedule changes, a few retractions). Valid by construction: every id it refers to exists.
struct RealisticLog {
    static let partners = 200
    static let datasets = 500
    static let rounds = 20

    let total: Int
    private(set) var produced = 0
    private var day = Day("2025-01-06")!
    /// The day of the last event's time, and the number of events produced before that day.
    private var today = Day("2025-01-06")!
    private var firstOfDay = 0
    private var step = 0
    private var round = 0
    private var roundOpen = false
    private var feedback = 0
    private var actions = 0
    private var milestones = 0
    private var disagreements = 0
    private var mous: Set<Int> = []

    init(total: Int) { self.total = total }

    static func partner(_ n: Int) -> String { "partner-\(n % partners)" }
    static func dataset(_ n: Int) -> String { "sector-\(n % datasets % 12).question-\(n % datasets)" }
    static let sectors = ["wash", "education", "health", "protection", "shelter", "food", "cccm", "nutrition", "cash", "logistics", "mine-action", "gbv"]

    /// The next `count` events (fewer at the end), each with the time it was recorded.
    mutating func next(_ count: Int) -> [(DomainEvent, Timestamp)] {
        var out: [(DomainEvent, Timestamp)] = []
        out.reserveCapacity(count)
        while out.count < count, produced < total {
            let event = nextEvent()
            produced += 1
            // One a second from 09:00 on each day, never past the day's last second: times in
            // log order, as engage records them (it refuses to backdate).
            if day != today {
                today = day
                firstOfDay = produced
            }
            let second = min(32_400 + Int64(produced - firstOfDay), 86_399)
            out.append((event, Timestamp(secondsSinceEpoch: day.daysSinceEpoch * 86_400 + second)))
        }
        return out
    }

    private mutating func nextEvent() -> DomainEvent {
        // Set-up first: the map, the contacts, the Data Analysis Plan.
        let n = produced
        if n < Self.partners {
            return .partnerMapped(PartnerMapped(id: Self.partner(n), name: "Partner organisation \(n) — country office",
                                                category: PartnerCategory.allCases[n % 6], levels: [.strategic, .operational]))
        }
        if n < 2 * Self.partners {
            return .contactAdded(ContactAdded(partner: Self.partner(n), name: "Contact person \(n)", email: "contact.\(n)@example.org",
                                              skills: [.im, .subjectMatter]))
        }
        let setup = 2 * Self.partners
        if n < setup + Self.datasets {
            let d = n - setup
            return .datasetProposed(DatasetProposed(
                id: Self.dataset(d), sector: Self.sectors[d % 12], question: "Question \(d) as asked to key informants in the site?",
                options: "yes,no,do not know", purpose: d % 17 == 0 ? nil : "Targeting and planning of the response (\(d))",
                requestedBy: [Self.partner(d), Self.partner(d + 7)], owner: AnalysisOwner.allCases[d % 4],
                dissemination: Dissemination.allCases[d % 3], mockup: "Bar chart: share of sites by answer",
                criteria: d % 9 == 0 ? [.noOtherSource, .methodAdequate] : Criterion.allCases))
        }
        if n < setup + 2 * Self.datasets {
            let d = n - setup - Self.datasets
            return .datasetAgreed(DatasetAgreed(id: Self.dataset(d), forced: d % 9 == 0, reason: d % 9 == 0 ? "requested by government" : nil))
        }
        // Then the rounds: the remaining events split evenly over 20 rounds.
        let perRound = max(1, (total - setup - 2 * Self.datasets) / Self.rounds)
        let inRound = (n - setup - 2 * Self.datasets) % perRound
        if inRound == 0, round < Self.rounds {
            if roundOpen {
                roundOpen = false
                return .roundClosed(RoundClosed(number: round, date: day))
            }
            round += 1
            roundOpen = true
            day = day.adding(days: 10)
            return .roundStarted(RoundStarted(number: round, date: day))
        }
        if inRound == perRound - 1, roundOpen {
            roundOpen = false
            day = day.adding(days: 8)
            return .roundClosed(RoundClosed(number: round, date: day))
        }
        step += 1
        let s = step
        let r = max(1, round)
        switch s % 40 {
        case 0...13:
            return .datasetUsed(DatasetUsed(dataset: Self.dataset(s * 7), partner: Self.partner(s), round: r, purpose: "response planning for the next month"))
        case 14...19:
            return .datasetAnalysed(DatasetAnalysed(dataset: Self.dataset(s * 3), by: s % 2 == 0 ? "dtm" : Self.partner(s), round: r))
        case 20, 21:
            return .meetingHeld(MeetingHeld(date: day, kind: MeetingKind.allCases[s % 5], partners: [Self.partner(s), Self.partner(s + 1), Self.partner(s + 2)],
                                            outcomes: [.a, .b, .c], notes: "Follow-up on round \(r) results and questionnaire revision"))
        case 22:
            actions += 1
            return .actionAssigned(ActionAssigned(id: "action-\(actions)", owner: "dtm", text: "Send the round \(r) dataset to partners", due: day.adding(days: 14)))
        case 23:
            return actions > 0 ? .actionDone(ActionDone(id: "action-\(actions)")) : .decisionRecorded(DecisionRecorded(text: "x", partners: [], about: nil))
        case 24:
            return .needsRequested(NeedsRequested(partner: Self.partner(s), by: day.adding(days: 21)))
        case 25:
            return .needsSubmitted(NeedsSubmitted(partner: Self.partner(s), text: "Information needed on access to services", frequency: "every round", purpose: "targeting"))
        case 26 where s % 1000 == 26 || milestones == 0:
            milestones += 1
            return .milestoneSet(MilestoneSet(id: "milestone-\(milestones)", title: "Report for round \(r)", date: day.adding(days: 30)))
        case 26, 27:
            return .milestoneMoved(MilestoneMoved(id: "milestone-\(max(1, milestones))", date: day.adding(days: 40), reason: "Access constraints delayed collection"))
        case 28:
            return .partnersNotified(PartnersNotified(milestone: "milestone-\(max(1, milestones))", partners: [Self.partner(s), Self.partner(s + 3)]))
        case 29:
            return .milestoneDone(MilestoneDone(id: "milestone-\(max(1, milestones))"))
        case 30:
            return .decisionRecorded(DecisionRecorded(text: "Keep the question for comparability", partners: [Self.partner(s)], about: Self.dataset(s)))
        case 31:
            disagreements += 1
            return s % 2 == 0 ? .disagreementRaised(DisagreementRaised(id: "disagreement-\(disagreements)", text: "Different view on the indicator", partners: [Self.partner(s)]))
                : .disagreementResolved(DisagreementResolved(id: "disagreement-\(disagreements - 1)", text: "Agreed jointly"))
        case 32, 33:
            feedback += 1
            return .feedbackSubmitted(FeedbackSubmitted(id: "f\(feedback)", partner: Self.partner(s), topic: FeedbackTopic.allCases[s % 5],
                                                        text: "The dataset was useful but arrived late for planning", dataset: Self.dataset(s), rating: 1 + s % 5))
        case 34:
            return .feedbackAddressed(FeedbackAddressed(id: "f\(max(1, feedback))", response: .done, text: "Release moved a week earlier", date: nil))
        case 35:
            return .dataShared(DataShared(dataset: Self.dataset(s), partner: Self.partner(s), modality: Dissemination.allCases[s % 3]))
        case 36:
            let p = s % Self.partners
            if mous.contains(p) {
                mous.remove(p)
                return .mouEnded(MoUEnded(partner: Self.partner(p), date: day))
            }
            mous.insert(p)
            return .mouSigned(MoUSigned(partner: Self.partner(p), scope: "Confidential and urgent-action datasets", date: day, expires: day.adding(days: 365)))
        case 37:
            return s % 3 == 0 ? .contactLeft(ContactLeft(partner: Self.partner(s), name: "Contact person \(Self.partners + s % Self.partners)"))
                : .approachPlanned(ApproachPlanned(partner: Self.partner(s), how: "bilateral with the IMO", by: day.adding(days: 7)))
        case 38:
            return s % 2 == 0 ? .partnerUpdated(PartnerUpdated(id: Self.partner(s), name: "Partner organisation \(s % Self.partners) (renamed)"))
                : .datasetRevised(DatasetRevised(id: Self.dataset(s), owner: .joint))
        default:
            // About one event in 4,000 is a retraction of a recent usage report.
            if s % 4000 == 39 { return .eventRetracted(EventRetracted(sequence: produced - 5, reason: "Recorded for the wrong dataset")) }
            return .datasetUsed(DatasetUsed(dataset: Self.dataset(s), partner: Self.partner(s + 11), round: r, purpose: "advocacy"))
        }
    }
}

/// Writes a realistic log of `events` events at `path`, `batch` events an append, each by
/// `coordinator`, its founder.
func writeRealisticLog(_ path: String, events: Int, batch: Int) throws {
    var generator = RealisticLog(total: events)
    let store = FileEventStore(path: path, clock: { Timestamp(year: 2026, month: 11, day: 20, hour: 10)! })
    while true {
        let next = generator.next(batch)
        if next.isEmpty { break }
        _ = try store.append(next.map { $0.0.newEvent(actor: "coordinator", at: $0.1) }, expectingLast: store.lastSequence)
    }
}
