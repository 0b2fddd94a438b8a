import EventLog

/// The state of the cooperation: a pure fold of the log that every view is computed from
/// and every command is validated against.
///
/// A retraction makes its target count as never recorded. The fold cannot take an event
/// back, so `apply` reports when an event retracts one already folded in; the caller then
/// replays from the start with `Model(excluding:)`, which skips the retracted events.
/// `Model.replay` does exactly that for events in memory.
package struct Model: Equatable, Sendable, Codable {
    // MARK: State

    package struct Partner: Equatable, Sendable, Identifiable, Codable {
        package var id: String
        package var name: String
        package var category: PartnerCategory
        package var levels: [UseLevel]
        package var mapped: Day
        /// Current contacts, in the order they were added.
        package var contacts: [Contact] = []
        /// People who have left, most recent last.
        var formerContacts: [Contact] = []
        package var approach: Approach?
        /// Sequence number of the first meeting the partner attended.
        package var firstMet: Int?
        package var meetings = 0
        package var lastMet: Day?
        package var outcomes: Set<Outcome> = []
        /// The open request for information needs, if any (reply-by date and when asked).
        package var needsRequest: NeedsRequest?
        package var needsSubmitted = 0
        var lastNeeds: String?
        /// Every MoU signed with the partner, in the order they were signed: each share is
        /// judged against the ones in force on its own day.
        package var mous: [MoU] = []
        package var feedback = 0

        /// The latest MoU, whatever its state.
        package var mou: MoU? { mous.last }

        package func contact(named name: String) -> Contact? {
            contacts.first { $0.personal == .open && $0.name.equalsIgnoringCase(name) }
        }

        /// A current or former contact whose name can be read, by name (to forget them).
        func anyContact(named name: String) -> Contact? {
            contact(named: name) ?? formerContacts.last { $0.personal == .open && $0.name.equalsIgnoringCase(name) }
        }

        /// Marks the contact with that id forgotten, wherever they are listed.
        mutating func forget(_ id: String) {
            for i in contacts.indices where contacts[i].id == id { contacts[i].forget() }
            for i in formerContacts.indices where formerContacts[i].id == id { formerContacts[i].forget() }
        }

    }

    /// How and by when DTM plans to approach a partner.
    package struct Approach: Equatable, Sendable, Codable {
        package var how: String
        package var by: Day
        /// Whether DTM has met the partner since the plan was made: until then, a plan past
        /// its `by` day is stale.
        package var met = false
    }

    /// An open request for a partner's information needs: the reply-by day, and the record
    /// that asked.
    package struct NeedsRequest: Equatable, Sendable, Codable {
        package var by: Day
        package var sequence: Int
    }

    package struct Contact: Equatable, Sendable {
        /// The id of the contact's key, or `#N` (the record that added it) for a contact
        /// recorded in plain text.
        package var id: String
        /// Empty unless `personal` is `.open`.
        package var name: String
        package var email: String?
        package var skills: [Skill]
        /// The name and e-mail sealed under the contact's key, so that a checkpoint keeps
        /// them sealed and a session can open them again.
        package var sealed: String?
        package var personal: PersonalState

        package init(id: String, name: String, email: String?, skills: [Skill], sealed: String? = nil, personal: PersonalState = .open) {
            self.id = id
            self.name = name
            self.email = email
            self.skills = skills
            self.sealed = sealed
            self.personal = personal
        }

        mutating func forget() {
            name = ""
            email = nil
            sealed = nil
            personal = .forgotten
        }

        /// The name, or what stands for it when it cannot be read.
        package var shownName: String { personal == .open ? name : personal.placeholder }
    }

    package struct MoU: Equatable, Sendable, Codable {
        /// What it covers, in words.
        package var scope: String
        /// The sectors it covers; `nil` for every sector (`sectors=all`, and MoUs recorded
        /// before the field existed).
        package var sectors: [String]?
        package var signed: Day
        package var expires: Day?
        package var ended: Day?

        package init(scope: String, sectors: [String]?, signed: Day, expires: Day?, ended: Day? = nil) {
            self.scope = scope
            self.sectors = sectors
            self.signed = signed
            self.expires = expires
            self.ended = ended
        }

        /// Whether the agreement covers `day`.
        package func inForce(on day: Day) -> Bool {
            signed <= day && (expires.map { day <= $0 } ?? true) && (ended.map { day < $0 } ?? true)
        }

        /// Whether data of `sector` falls within its scope.
        package func covers(sector: String) -> Bool { sectors.map { $0.contains(sector) } ?? true }
    }

    package struct Milestone: Equatable, Sendable, Identifiable, Codable {
        package var id: String
        package var title: String
        package var date: Day
        package var originalDate: Day
        package var moves = 0
        /// Sequence number and reason of the last move.
        var lastMove: Int?
        package var lastReason: String?
        /// Partners told of the change since the last move.
        package var notified: Set<String> = []
        package var done = false
    }

    package struct Action: Equatable, Sendable, Identifiable, Codable {
        package var id: String
        package var owner: String
        package var text: String
        package var due: Day
        package var done = false
    }

    package struct Disagreement: Equatable, Sendable, Identifiable, Codable {
        package var id: String
        package var text: String
        package var partners: [String]
        var resolution: String?
    }

    package struct Decision: Equatable, Sendable, Codable {
        package var sequence: Int
        package var day: Day
        package var text: String
        package var partners: [String]
        package var about: String?
    }

    package enum DatasetStatus: String, Equatable, Sendable, CaseIterable, Codable {
        case proposed, agreed, kept, dropped
    }

    package struct Dataset: Equatable, Sendable, Identifiable, Codable {
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
        /// Frequency, disaggregation, languages and type of analysis.
        package var columns = PlanColumns()
        /// Checks of the current mock-up and wording by partners' experts, in log order; a
        /// change of either clears them.
        package var verifications: [Verification] = []
        package var status = DatasetStatus.proposed
        package var statusReason: String?
        /// Sequence numbers of agreements and drops, in log order (a dropped dataset may be
        /// agreed again).
        var agreements: [Int] = []
        var drops: [Int] = []
        package var analysedIn: Set<Int> = []
        /// Use reports by round, each partner counted once a round.
        package var uses: [Int: Int] = [:]
        /// The record of each live analysis and use, by round and by whom (the analyst or
        /// the partner): an identical second one is refused, so nothing is counted twice.
        package var analyses: [RoundParty: Int] = [:]
        package var useReports: [RoundParty: Int] = [:]
        package var shares: [Share] = []

        package var unmetCriteria: [Criterion] { Criterion.allCases.filter { !criteria.contains($0) } }
        /// The verifying skills no verification of the current mock-up covers yet.
        package var unverifiedSkills: [VerifyingSkill] {
            VerifyingSkill.allCases.filter { skill in !verifications.contains { $0.skills.contains(skill) } }
        }
        package var isCollected: Bool { status == .agreed || status == .kept }
    }

    /// One check of a question's mock-up: by which partner's experts, and when.
    package struct Verification: Equatable, Sendable, Codable {
        package var partner: String
        package var skills: [VerifyingSkill]
        package var day: Day
        package var sequence: Int
    }

    /// A round and who did something in it (an analyst, a partner).
    package struct RoundParty: Hashable, Comparable, Sendable, Codable {
        package var round: Int
        package var party: String

        package init(round: Int, party: String) {
            self.round = round
            self.party = party
        }

        package static func < (a: RoundParty, b: RoundParty) -> Bool { (a.round, a.party) < (b.round, b.party) }

        /// An analysis's key: the analyst as typed by people (`DTM`, `dtm`) is one analyst.
        static func analysis(round: Int, by analyst: String) -> RoundParty {
            RoundParty(round: round, party: analyst.lowercased())
        }
    }

    /// One share, as it stood on its own day: the sector the dataset had then is what an
    /// MoU's scope is judged against.
    package struct Share: Equatable, Sendable, Codable {
        package var partner: String
        package var modality: Dissemination
        package var day: Day
        package var sequence: Int
        package var sector: String
    }

    package struct Round: Equatable, Sendable, Codable {
        package var number: Int
        package var started: Day
        var startSequence: Int
        package var closed: Day?
        var closeSequence: Int?
    }

    package struct Feedback: Equatable, Sendable, Identifiable, Codable {
        package var id: String
        package var sequence: Int
        package var day: Day
        package var partner: String
        package var topic: FeedbackTopic
        package var text: String
        package var dataset: String?
        package var rating: Int?
        package var response: FeedbackAddressed?
        /// Who raised it: the partner, or the affected population through the partner.
        package var source = FeedbackSource.partner
    }

    package struct Member: Equatable, Sendable, Codable {
        package var user: String
        package var role: Role
        /// The partner a `partner` member speaks for.
        package var partner: String?
        /// Sequence number of the grant (the log's first event, for its founder).
        package var since: Int
    }

    /// Who may write and read, in the order they were granted. The actor of the log's first
    /// event founded it and is its coordinator until a later grant or removal says otherwise.
    package internal(set) var members: [Member] = []

    /// Partners in the order they were mapped.
    package internal(set) var partners = Keyed<Partner>()
    package internal(set) var milestones = Keyed<Milestone>()
    package internal(set) var actions = Keyed<Action>()
    package internal(set) var disagreements = Keyed<Disagreement>()
    package internal(set) var decisions: [Decision] = []
    package internal(set) var datasets = Keyed<Dataset>()
    /// Collection rounds by number, in order.
    package internal(set) var rounds: [Round] = []
    package internal(set) var feedback = Keyed<Feedback>()
    /// Every feedback event seen, retracted ones included, so that new ids are never reused.
    package internal(set) var feedbackCount = 0
    package internal(set) var meetings = 0
    /// The Process for Urgent Action: its set-ups, trainings and the reports made.
    package internal(set) var urgent = UrgentAction()
    /// The response DTM supports, once set.
    package internal(set) var response: ResponseFrame?
    /// Reports published, in the order recorded (`Model+Publications.swift`).
    package internal(set) var publications = Keyed<Publication>()
    /// Joint interpretations of results, in log order.
    package internal(set) var interpretations: [Interpretation] = []
    /// Partners in the order they were first met, with the sequence number of that meeting.
    var firstMeetings: [FirstMeeting] = []

    struct FirstMeeting: Equatable, Sendable, Codable {
        var sequence: Int
        var partner: String
    }
    /// Engagement day by day, for the review's chart of engagement over time: kept in the
    /// fold (and so in the checkpoint) so that the review never reads the log's events.
    package internal(set) var engagementByDay: [Day: DayEngagement] = [:]

    /// What happened on one day: meetings held that day (the meeting's own date), the
    /// partners met for the first time at them, and the use reports recorded that day
    /// (each counted once). Feedback by day is the feedback's own `day`.
    package struct DayEngagement: Equatable, Sendable, Codable {
        package var meetings = 0
        package var partnersMet = 0
        package var uses = 0
    }

    /// Events that count as never recorded, and the retraction of each.
    package internal(set) var retracted: [Int: Int] = [:]
    /// Sequence numbers of retractions (a retraction cannot itself be retracted).
    package internal(set) var retractions: Set<Int> = []
    /// Who recorded each event a partner member recorded: they may retract those, and
    /// only those.
    package internal(set) var recordedByPartners: [Int: String] = [:]
    /// Events skipped because they were retracted (replays build on this).
    var excluded: Set<Int>
    /// The sequence number of the last event applied, and when it was recorded: no later
    /// record may carry an earlier time.
    package internal(set) var lastSequence = 0
    package internal(set) var lastRecorded: Timestamp?
    /// The last record whose time is earlier than the record's before it (0: every record is
    /// in time order). Engage refuses to record such a one; an older or imported log may hold
    /// some, and a past day of it is then replayed from the first record.
    package internal(set) var lastOutOfOrder = 0
    package var lastDay: Day? { lastRecorded.map(Day.init) }

    package init(excluding retracted: Set<Int> = []) {
        excluded = retracted
    }

    // MARK: Folding

    /// Marks events not folded in yet as retracted, so that they are skipped when they come:
    /// a reader that sees a batch's retractions before folding it needs no second pass.
    package mutating func exclude(_ sequences: [Int]) {
        for sequence in sequences {
            precondition(sequence > lastSequence, "#\(sequence) is already folded in")
            excluded.insert(sequence)
        }
    }

    /// The events a batch retracts (a retraction's target), in the batch's order.
    package static func retractedTargets(in events: ArraySlice<RecordedEvent>) -> [Int] {
        var targets: [Int] = []
        for i in events.indices {
            if case .eventRetracted(let e) = events[i].event { targets.append(e.sequence) }
        }
        return targets
    }

    /// Folds one event in. Returns `false` when it retracts an event already folded in: the
    /// model is then stale, and must be rebuilt with `Model(excluding: retractedSequences)`.
    @discardableResult
    package mutating func apply(_ recorded: RecordedEvent) -> Bool {
        let seq = recorded.sequence
        lastSequence = seq
        let day = Day(recorded.timestamp)
        if let previous = lastRecorded, recorded.timestamp < previous { lastOutOfOrder = seq }
        lastRecorded = recorded.timestamp
        if seq == 1 {
            // Founding holds even if the first event is retracted: someone wrote it.
            members = [Member(user: recorded.actor, role: .coordinator, partner: nil, since: seq)]
        }
        // Kept for retracted events too, so that a replay and a fold agree.
        switch recorded.event {
        case .feedbackSubmitted, .datasetUsed, .eventRetracted:
            if member(recorded.actor)?.role == .partner { recordedByPartners[seq] = recorded.actor }
        default:
            break
        }
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

        fold(recorded.event, sequence: seq, day: day)
        return true
    }

    /// The model of `events` (in log order), retractions honoured: at most two passes,
    /// the second skipping what the first found retracted.
    ///
    /// Concrete collections, not generic ones: replay runs across module boundaries, where
    /// a generic loop would not be specialised.
    package static func replay(_ events: ArraySlice<RecordedEvent>, excluding retracted: Set<Int> = []) -> Model {
        // Retractions never point forward, so knowing them all up front makes one pass enough.
        var model = Model(excluding: retracted.union(retractedTargets(in: events)))
        model.fold(events)
        return model
    }

    package static func replay(_ events: [RecordedEvent], excluding retracted: Set<Int> = []) -> Model {
        replay(events[...], excluding: retracted)
    }

    /// Folds events in order (retractions handled as `apply` does). Returns `false` when one
    /// of them retracts an event already folded in, as `apply` does.
    @discardableResult
    package mutating func fold(_ events: ArraySlice<RecordedEvent>) -> Bool {
        var current = true
        for i in events.indices where !apply(events[i]) { current = false }
        return current
    }

    /// The model as it stood at `cutoff`: only events recorded before it count, and so
    /// only the retractions recorded before it (`--as-of`).
    package static func replay(_ events: [RecordedEvent], before cutoff: Timestamp) -> Model {
        // Timestamps follow the log order, but a clock can step back: filter, don't bisect.
        replay(events.filter { $0.timestamp < cutoff })
    }

    // MARK: Reading

    package var partnersInOrder: [Partner] { partners.values }
    package var datasetsInOrder: [Dataset] { datasets.values }
    package var milestonesInOrder: [Milestone] { milestones.values }
    package var actionsInOrder: [Action] { actions.values }
    var disagreementsInOrder: [Disagreement] { disagreements.values }
    package var feedbackInOrder: [Feedback] { feedback.values }
    /// Ids in the order they were first recorded, for suggestions.
    package var partnerOrder: [String] { partners.ids }
    package var datasetOrder: [String] { datasets.ids }
    package var milestoneOrder: [String] { milestones.ids }
    var actionOrder: [String] { actions.ids }
    var disagreementOrder: [String] { disagreements.ids }
    package var feedbackOrder: [String] { feedback.ids }

    /// The round being collected, if one is open.
    var openRound: Round? { rounds.last.flatMap { $0.closed == nil ? $0 : nil } }

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

    /// The member named `user`, if they are one.
    package func member(_ user: String) -> Member? {
        Self.member(user, among: members)
    }

    static func member(_ user: String, among members: [Member]) -> Member? {
        members.first { $0.user == user }
    }

    /// Whether the event `sequence` counts (recorded and not retracted).
    package func counts(_ sequence: Int) -> Bool {
        sequence >= 1 && sequence <= lastSequence && retracted[sequence] == nil && !retractions.contains(sequence)
    }
}

// MARK: What a partner may see

extension Model {
    /// The model as a partner member (or, with `nil`, a reader who is no member) may see
    /// it: no contacts, no other partner's feedback, and no details of confidential or
    /// urgent-action datasets unless the partner has an MoU in force on `day`.
    ///
    /// Ids, statuses and counts stay, so views computed from it (drop reasons included)
    /// agree with the full ones on everything they still show.
    /// Lets `open` read the sealed contacts of a model read from a checkpoint (the
    /// application holds the keys; the model holds only what they seal).
    package mutating func updateSealedContacts(_ open: (inout Contact) -> Void) {
        for id in partners.ids {
            guard let partner = partners[id],
                  (partner.contacts + partner.formerContacts).contains(where: { $0.personal == .sealed }) else { continue }
            partners.update(id) { p in
                for i in p.contacts.indices where p.contacts[i].personal == .sealed { open(&p.contacts[i]) }
                for i in p.formerContacts.indices where p.formerContacts[i].personal == .sealed { open(&p.formerContacts[i]) }
            }
        }
    }

    /// Marks forgotten the contacts with these ids (a model read from a checkpoint older
    /// than their forgetting, compared with a replay of records read after it).
    package mutating func forgetContacts(_ ids: Set<String>) {
        guard !ids.isEmpty else { return }
        for id in partners.ids {
            guard let partner = partners[id], (partner.contacts + partner.formerContacts).contains(where: { ids.contains($0.id) }) else { continue }
            partners.update(id) { p in
                for contact in ids { p.forget(contact) }
            }
        }
    }

    /// The ids of every contact forgotten, current or former.
    package var forgottenContacts: Set<String> {
        var ids: Set<String> = []
        for partner in partners.values {
            for contact in partner.contacts + partner.formerContacts where contact.personal == .forgotten { ids.insert(contact.id) }
        }
        return ids
    }

    package func publicView(for partner: String?, on day: Day) -> Model {
        var view = self
        let covered = partner.flatMap { partners[$0]?.mou?.inForce(on: day) } ?? false
        for id in partners.ids {
            view.partners.update(id) { p in
                p.contacts = []
                p.formerContacts = []
                if p.id != partner { p.feedback = 0 }
            }
        }
        var own = Keyed<Feedback>()
        for item in feedback.values where item.partner == partner { own.insert(item) }
        view.feedback = own
        // Urgent reports are for coordinators and reviewers only (`UrgentReported.visibility`).
        view.urgent.reports = []
        // A bilateral report is private, as its record is (`ReportPublished.visibility`).
        var readable = Keyed<Publication>()
        for report in publications.values where report.channel.isOpen {
            readable.insert(report)
        }
        view.publications = readable
        if !covered {
            for dataset in datasets.values where dataset.dissemination != .public {
                view.datasets.update(dataset.id) { d in
                    d.question = Model.withheld
                    d.options = d.options.map { _ in Model.withheld }
                    d.purpose = d.purpose.map { _ in Model.withheld }
                    d.mockup = d.mockup.map { _ in Model.withheld }
                    d.columns.analysis = d.columns.analysis.map { _ in Model.withheld }
                    d.shares.removeAll { $0.partner != partner }
                    // Who checked the mock-up is in `mockup.verified` records, which this
                    // reader may not read either (`Visibility.dataset`).
                    d.verifications = []
                }
            }
        }
        return view
    }

    /// What stands in for a detail a reader may not see.
    static let withheld = "(withheld: confidential, no MoU in force)"
}

extension String {
    /// Case-insensitive equality for people's names typed at a prompt.
    package func equalsIgnoringCase(_ other: String) -> Bool {
        lowercased() == other.lowercased()
    }
}
