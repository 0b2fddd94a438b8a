import EventLog

/// The state of the cooperation: a pure fold of the log that every view is computed from
/// and every command is validated against.
///
/// A retraction makes its target count as never recorded. The fold cannot take an event
/// back, so `apply` reports when an event retracts one already folded in; the caller then
/// replays from the start with `Model(excluding:)`, which skips the retracted events.
/// `Model.replay` does exactly that for events in memory.
package struct Model: Equatable, Sendable {
    // MARK: State

    package struct Partner: Equatable, Sendable {
        package var id: String
        package var name: String
        package var category: PartnerCategory
        package var levels: [UseLevel]
        package var mapped: Day
        /// Current contacts, in the order they were added.
        package var contacts: [Contact] = []
        /// People who have left, most recent last.
        package var formerContacts: [Contact] = []
        package var approach: (how: String, by: Day)?
        /// Sequence number of the first meeting the partner attended.
        package var firstMet: Int?
        package var meetings = 0
        package var lastMet: Day?
        package var outcomes: Set<Outcome> = []
        /// The open request for information needs, if any (reply-by date and when asked).
        package var needsRequest: (by: Day, sequence: Int)?
        package var needsSubmitted = 0
        package var lastNeeds: String?
        package var mou: MoU?
        package var feedback = 0

        package func contact(named name: String) -> Contact? {
            contacts.first { $0.name.equalsIgnoringCase(name) }
        }

        package static func == (l: Partner, r: Partner) -> Bool {
            l.id == r.id && l.name == r.name && l.category == r.category && l.levels == r.levels && l.mapped == r.mapped
                && l.contacts == r.contacts && l.formerContacts == r.formerContacts
                && l.approach?.how == r.approach?.how && l.approach?.by == r.approach?.by && l.firstMet == r.firstMet
                && l.meetings == r.meetings && l.lastMet == r.lastMet && l.outcomes == r.outcomes
                && l.needsRequest?.by == r.needsRequest?.by && l.needsRequest?.sequence == r.needsRequest?.sequence
                && l.needsSubmitted == r.needsSubmitted && l.lastNeeds == r.lastNeeds && l.mou == r.mou && l.feedback == r.feedback
        }
    }

    package struct Contact: Equatable, Sendable {
        package var name: String
        package var email: String?
        package var skills: [Skill]
    }

    package struct MoU: Equatable, Sendable {
        package var scope: String
        package var signed: Day
        package var expires: Day?
        package var ended: Day?

        /// Whether the agreement covers `day`.
        package func inForce(on day: Day) -> Bool {
            signed <= day && (expires.map { day <= $0 } ?? true) && (ended.map { day < $0 } ?? true)
        }
    }

    package struct Milestone: Equatable, Sendable {
        package var id: String
        package var title: String
        package var date: Day
        package var originalDate: Day
        package var moves = 0
        /// Sequence number and reason of the last move.
        package var lastMove: Int?
        package var lastReason: String?
        /// Partners told of the change since the last move.
        package var notified: Set<String> = []
        package var done = false
    }

    package struct Action: Equatable, Sendable {
        package var id: String
        package var owner: String
        package var text: String
        package var due: Day
        package var done = false
    }

    package struct Disagreement: Equatable, Sendable {
        package var id: String
        package var text: String
        package var partners: [String]
        package var resolution: String?
    }

    package struct Decision: Equatable, Sendable {
        package var sequence: Int
        package var day: Day
        package var text: String
        package var partners: [String]
        package var about: String?
    }

    package enum DatasetStatus: String, Equatable, Sendable {
        case proposed, agreed, kept, dropped
    }

    package struct Dataset: Equatable, Sendable {
        package var id: String
        package var sector: String
        package var question: String
        package var options: String?
        package var purpose: String?
        package var requestedBy: [String]
        package var owner: AnalysisOwner?
        package var dissemination: Dissemination
        package var mockup: String?
        package var criteria: [Criterion]
        package var status = DatasetStatus.proposed
        package var statusReason: String?
        /// Sequence numbers of agreements and drops, in log order (a dropped dataset may be
        /// agreed again).
        package var agreements: [Int] = []
        package var drops: [Int] = []
        package var analysedIn: Set<Int> = []
        /// Rounds in which some partner reported use, and who.
        package var usedIn: [Int: Set<String>] = [:]
        package var shares: [Share] = []

        package var unmetCriteria: [Criterion] { Criterion.allCases.filter { !criteria.contains($0) } }
        package var isCollected: Bool { status == .agreed || status == .kept }
    }

    package struct Share: Equatable, Sendable {
        package var partner: String
        package var modality: Dissemination
        package var day: Day
    }

    package struct Round: Equatable, Sendable {
        package var number: Int
        package var started: Day
        package var startSequence: Int
        package var closed: Day?
        package var closeSequence: Int?
    }

    package struct Feedback: Equatable, Sendable {
        package var id: String
        package var sequence: Int
        package var day: Day
        package var partner: String
        package var topic: FeedbackTopic
        package var text: String
        package var dataset: String?
        package var rating: Int?
        package var response: FeedbackAddressed?
    }

    package private(set) var partners: [String: Partner] = [:]
    /// Partner ids in the order they were mapped.
    package private(set) var partnerOrder: [String] = []
    package private(set) var milestones: [String: Milestone] = [:]
    package private(set) var milestoneOrder: [String] = []
    package private(set) var actions: [String: Action] = [:]
    package private(set) var actionOrder: [String] = []
    package private(set) var disagreements: [String: Disagreement] = [:]
    package private(set) var disagreementOrder: [String] = []
    package private(set) var decisions: [Decision] = []
    package private(set) var datasets: [String: Dataset] = [:]
    package private(set) var datasetOrder: [String] = []
    /// Collection rounds by number, in order.
    package private(set) var rounds: [Round] = []
    package private(set) var feedback: [String: Feedback] = [:]
    package private(set) var feedbackOrder: [String] = []
    /// Every feedback event seen, retracted ones included, so that new ids are never reused.
    package private(set) var feedbackCount = 0
    package private(set) var meetings = 0
    /// Partners in the order they were first met, with the sequence number of that meeting.
    private var firstMeetings: [FirstMeeting] = []

    private struct FirstMeeting: Equatable, Sendable {
        var sequence: Int
        var partner: String
    }

    /// Events that count as never recorded, and the retraction of each.
    package private(set) var retracted: [Int: Int] = [:]
    /// Sequence numbers of retractions (a retraction cannot itself be retracted).
    package private(set) var retractions: Set<Int> = []
    /// Events skipped because they were retracted (replays build on this).
    private var excluded: Set<Int>
    /// The sequence number of the last event applied, and the day it was recorded.
    package private(set) var lastSequence = 0
    package private(set) var lastDay: Day?

    package init(excluding retracted: Set<Int> = []) {
        excluded = retracted
    }

    // MARK: Folding

    /// Marks events not folded in yet as retracted, so that they are skipped when they come:
    /// a reader that sees a batch's retractions before folding it needs no second pass.
    package mutating func exclude(_ sequences: some Sequence<Int>) {
        for sequence in sequences {
            precondition(sequence > lastSequence, "#\(sequence) is already folded in")
            excluded.insert(sequence)
        }
    }

    /// The events a batch retracts (a retraction's target), in the batch's order.
    package static func retractedTargets(in events: some Sequence<RecordedEvent>) -> [Int] {
        events.compactMap { if case .eventRetracted(let e) = $0.event { e.sequence } else { nil } }
    }

    /// Folds one event in. Returns `false` when it retracts an event already folded in: the
    /// model is then stale, and must be rebuilt with `Model(excluding: retractedSequences)`.
    @discardableResult
    package mutating func apply(_ recorded: RecordedEvent) -> Bool {
        let seq = recorded.sequence
        lastSequence = seq
        let day = Day(recorded.timestamp)
        lastDay = day
        if excluded.contains(seq) {
            // Never recorded, as far as the state goes; but ids it took stay taken.
            if case .feedbackSubmitted = recorded.event { feedbackCount += 1 }
            return true
        }
        if case .eventRetracted(let e) = recorded.event {
            retractions.insert(seq)
            retracted[e.sequence] = seq
            if e.sequence < seq, !excluded.contains(e.sequence) {
                excluded.insert(e.sequence)
                return false
            }
            return true
        }

        switch recorded.event {
        case .partnerMapped(let e):
            guard partners[e.id] == nil else { break }
            partners[e.id] = Partner(id: e.id, name: e.name, category: e.category, levels: e.levels, mapped: day)
            partnerOrder.append(e.id)
        case .partnerUpdated(let e):
            if let name = e.name { partners[e.id]?.name = name }
            if let category = e.category { partners[e.id]?.category = category }
            if let levels = e.levels { partners[e.id]?.levels = levels }
        case .contactAdded(let e):
            partners[e.partner]?.contacts.append(Contact(name: e.name, email: e.email, skills: e.skills))
        case .contactLeft(let e):
            guard var partner = partners[e.partner],
                  let index = partner.contacts.firstIndex(where: { $0.name.equalsIgnoringCase(e.name) }) else { break }
            partner.formerContacts.append(partner.contacts.remove(at: index))
            partners[e.partner] = partner
        case .approachPlanned(let e):
            partners[e.partner]?.approach = (e.how, e.by)
        case .meetingHeld(let e):
            meetings += 1
            for id in e.partners {
                guard var partner = partners[id] else { continue }
                partners[id] = nil  // keep the value uniquely referenced while it changes
                if partner.firstMet == nil {
                    partner.firstMet = seq
                    firstMeetings.append(FirstMeeting(sequence: seq, partner: id))
                }
                partner.meetings += 1
                if partner.lastMet.map({ $0 < e.date }) ?? true { partner.lastMet = e.date }
                partner.outcomes.formUnion(e.outcomes)
                partners[id] = partner
            }
        case .actionAssigned(let e):
            guard actions[e.id] == nil else { break }
            actions[e.id] = Action(id: e.id, owner: e.owner, text: e.text, due: e.due)
            actionOrder.append(e.id)
        case .actionDone(let e):
            actions[e.id]?.done = true
        case .needsRequested(let e):
            partners[e.partner]?.needsRequest = (e.by, seq)
        case .needsSubmitted(let e):
            partners[e.partner]?.needsSubmitted += 1
            partners[e.partner]?.needsRequest = nil
            partners[e.partner]?.lastNeeds = e.text
        case .milestoneSet(let e):
            guard milestones[e.id] == nil else { break }
            milestones[e.id] = Milestone(id: e.id, title: e.title, date: e.date, originalDate: e.date)
            milestoneOrder.append(e.id)
        case .milestoneMoved(let e):
            guard var milestone = milestones[e.id] else { break }
            milestones[e.id] = nil
            milestone.date = e.date
            milestone.moves += 1
            milestone.lastMove = seq
            milestone.lastReason = e.reason
            milestone.notified = []
            milestones[e.id] = milestone
        case .partnersNotified(let e):
            if milestones[e.milestone]?.lastMove != nil { milestones[e.milestone]?.notified.formUnion(e.partners) }
        case .milestoneDone(let e):
            milestones[e.id]?.done = true
        case .decisionRecorded(let e):
            decisions.append(Decision(sequence: seq, day: day, text: e.text, partners: e.partners, about: e.about))
        case .disagreementRaised(let e):
            guard disagreements[e.id] == nil else { break }
            disagreements[e.id] = Disagreement(id: e.id, text: e.text, partners: e.partners)
            disagreementOrder.append(e.id)
        case .disagreementResolved(let e):
            disagreements[e.id]?.resolution = e.text
        case .datasetProposed(let e):
            guard datasets[e.id] == nil else { break }
            datasets[e.id] = Dataset(id: e.id, sector: e.sector, question: e.question, options: e.options, purpose: e.purpose,
                                     requestedBy: e.requestedBy, owner: e.owner, dissemination: e.dissemination,
                                     mockup: e.mockup, criteria: e.criteria)
            datasetOrder.append(e.id)
        case .datasetRevised(let e):
            guard var d = datasets[e.id] else { break }
            datasets[e.id] = nil
            if let v = e.sector { d.sector = v }
            if let v = e.question { d.question = v }
            if let v = e.options { d.options = v }
            if let v = e.purpose { d.purpose = v }
            if let v = e.requestedBy { d.requestedBy = v }
            if let v = e.owner { d.owner = v }
            if let v = e.dissemination { d.dissemination = v }
            if let v = e.mockup { d.mockup = v }
            if let v = e.criteria { d.criteria = v }
            datasets[e.id] = d
        case .datasetAgreed(let e):
            datasets[e.id]?.status = .agreed
            datasets[e.id]?.statusReason = e.reason
            datasets[e.id]?.agreements.append(seq)
        case .datasetKept(let e):
            datasets[e.id]?.status = .kept
            datasets[e.id]?.statusReason = e.reason
        case .datasetDropped(let e):
            datasets[e.id]?.status = .dropped
            datasets[e.id]?.statusReason = e.reason
            datasets[e.id]?.drops.append(seq)
        case .roundStarted(let e):
            guard e.number == rounds.count + 1 else { break }
            rounds.append(Round(number: e.number, started: e.date, startSequence: seq))
        case .roundClosed(let e):
            guard e.number >= 1, e.number <= rounds.count, rounds[e.number - 1].closed == nil else { break }
            rounds[e.number - 1].closed = e.date
            rounds[e.number - 1].closeSequence = seq
        case .datasetAnalysed(let e):
            datasets[e.dataset]?.analysedIn.insert(e.round)
        case .datasetUsed(let e):
            datasets[e.dataset]?.usedIn[e.round, default: []].insert(e.partner)
        case .mouSigned(let e):
            partners[e.partner]?.mou = MoU(scope: e.scope, signed: e.date, expires: e.expires)
        case .mouEnded(let e):
            partners[e.partner]?.mou?.ended = e.date
        case .dataShared(let e):
            datasets[e.dataset]?.shares.append(Share(partner: e.partner, modality: e.modality, day: day))
        case .feedbackSubmitted(let e):
            feedbackCount += 1
            guard feedback[e.id] == nil else { break }
            feedback[e.id] = Feedback(id: e.id, sequence: seq, day: day, partner: e.partner, topic: e.topic, text: e.text,
                                      dataset: e.dataset, rating: e.rating)
            feedbackOrder.append(e.id)
            partners[e.partner]?.feedback += 1
        case .feedbackAddressed(let e):
            feedback[e.id]?.response = e
        case .eventRetracted, .unrecognised:
            break
        }
        return true
    }

    /// The model of `events` (in log order), retractions honoured: at most two passes,
    /// the second skipping what the first found retracted.
    package static func replay(_ events: some Collection<RecordedEvent>, excluding retracted: Set<Int> = []) -> Model {
        // Retractions never point forward, so knowing them all up front makes one pass enough.
        var model = Model(excluding: retracted.union(retractedTargets(in: events)))
        for event in events { model.apply(event) }
        return model
    }

    /// The model as it stood at `cutoff`: only events recorded before it count, and so
    /// only the retractions recorded before it (`--as-of`).
    package static func replay(_ events: some Collection<RecordedEvent>, before cutoff: Timestamp) -> Model {
        // Timestamps follow the log order, but a clock can step back: filter, don't bisect.
        replay(events.filter { $0.timestamp < cutoff })
    }

    // MARK: Reading

    package var partnersInOrder: [Partner] { partnerOrder.compactMap { partners[$0] } }
    package var datasetsInOrder: [Dataset] { datasetOrder.compactMap { datasets[$0] } }
    package var milestonesInOrder: [Milestone] { milestoneOrder.compactMap { milestones[$0] } }
    package var actionsInOrder: [Action] { actionOrder.compactMap { actions[$0] } }
    package var disagreementsInOrder: [Disagreement] { disagreementOrder.compactMap { disagreements[$0] } }
    package var feedbackInOrder: [Feedback] { feedbackOrder.compactMap { feedback[$0] } }

    /// The round being collected, if one is open.
    package var openRound: Round? { rounds.last.flatMap { $0.closed == nil ? $0 : nil } }

    /// Partners who attended a meeting before `sequence`: those a schedule change affects.
    package func partnersMet(before sequence: Int) -> [String] {
        // First meetings are in log order: the partners met before `sequence` are a prefix.
        var low = 0
        var high = firstMeetings.count
        while low < high {
            let middle = (low + high) / 2
            if firstMeetings[middle].sequence < sequence { low = middle + 1 } else { high = middle }
        }
        return firstMeetings[..<low].map(\.partner)
    }

    /// Whether the event `sequence` counts (recorded and not retracted).
    package func counts(_ sequence: Int) -> Bool {
        sequence >= 1 && sequence <= lastSequence && retracted[sequence] == nil && !retractions.contains(sequence)
    }
}

extension String {
    /// Case-insensitive equality for people's names typed at a prompt.
    func equalsIgnoringCase(_ other: String) -> Bool {
        lowercased() == other.lowercased()
    }
}
