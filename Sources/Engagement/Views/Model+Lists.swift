import EventLog

/// The lists (`partner list`, `meeting list`, …) and the show views for one thing
/// (`feedback show`, `dataset show`, `meeting show`): typed rows, computed from a model
/// (already narrowed to what the reader may see) and, for meetings, from the events.
/// Pure: the day "overdue" and "in force" are judged on comes in as a value.

/// Days from `since` to `until`, both included; either end may be open.
package struct DayRange: Equatable, Sendable {
    package var since: Day?
    package var until: Day?

    package init(since: Day? = nil, until: Day? = nil) {
        self.since = since
        self.until = until
    }

    package func contains(_ day: Day) -> Bool {
        (since.map { $0 <= day } ?? true) && (until.map { day <= $0 } ?? true)
    }
}

/// Where a partner's MoU stands on a day.
package enum MoUState: String, FixedIdentifier {
    case inForce = "in-force"
    case none, expired, ended
    /// Signed, but starting later.
    case notYet = "not-yet"
    package static let noun = "MoU state"
}

/// An action item's state on a day: `open` is every action not done (overdue ones too).
package enum ActionState: String, FixedIdentifier {
    case open, overdue, done
    package static let noun = "action status"
}

/// Whether DTM has answered a piece of feedback.
package enum FeedbackState: String, FixedIdentifier {
    case awaiting, answered
    package static let noun = "feedback status"
}

extension Model.DatasetStatus: FixedIdentifier {
    package static let noun = "dataset status"
}

// MARK: Filters

package struct PartnerFilter: Equatable, Sendable {
    package var category: PartnerCategory?
    package var level: UseLevel?
    package var mou: MoUState?
    package var met: Bool?

    package init(category: PartnerCategory? = nil, level: UseLevel? = nil, mou: MoUState? = nil, met: Bool? = nil) {
        self.category = category
        self.level = level
        self.mou = mou
        self.met = met
    }
}

package struct MeetingFilter: Equatable, Sendable {
    package var partner: String?
    package var kind: MeetingKind?
    package var days = DayRange()

    package init(partner: String? = nil, kind: MeetingKind? = nil, days: DayRange = DayRange()) {
        self.partner = partner
        self.kind = kind
        self.days = days
    }
}

package struct ActionFilter: Equatable, Sendable {
    package var owner: String?
    package var status: ActionState?

    package init(owner: String? = nil, status: ActionState? = nil) {
        self.owner = owner
        self.status = status
    }
}

package struct DecisionFilter: Equatable, Sendable {
    package var partner: String?
    package var days = DayRange()

    package init(partner: String? = nil, days: DayRange = DayRange()) {
        self.partner = partner
        self.days = days
    }
}

package struct DatasetFilter: Equatable, Sendable {
    package var sector: String?
    package var status: Model.DatasetStatus?
    package var dissemination: Dissemination?

    package init(sector: String? = nil, status: Model.DatasetStatus? = nil, dissemination: Dissemination? = nil) {
        self.sector = sector
        self.status = status
        self.dissemination = dissemination
    }
}

package struct FeedbackFilter: Equatable, Sendable {
    package var partner: String?
    package var topic: FeedbackTopic?
    package var status: FeedbackState?

    package init(partner: String? = nil, topic: FeedbackTopic? = nil, status: FeedbackState? = nil) {
        self.partner = partner
        self.topic = topic
        self.status = status
    }
}

/// Which events `log` shows.
package struct LogFilter: Equatable, Sendable {
    /// `partner.mapped` exactly, or a family: `partner` matches `partner.*`.
    package var type: String?
    package var partner: String?
    package var actor: String?
    /// The days the events were recorded on.
    package var days = DayRange()
    /// Words the event's summary or type holds, in any case.
    package var text: String?

    package init(type: String? = nil, partner: String? = nil, actor: String? = nil, days: DayRange = DayRange(), text: String? = nil) {
        self.type = type
        self.partner = partner
        self.actor = actor
        self.days = days
        self.text = text
    }

    package func matches(_ recorded: RecordedEvent) -> Bool {
        let event = recorded.event
        if let type, event.type != type, !event.type.hasPrefix(type + ".") { return false }
        if let partner, !event.partners.contains(partner) { return false }
        if let actor, recorded.actor != actor { return false }
        if !days.contains(Day(recorded.timestamp)) { return false }
        if let text {
            let needle = text.lowercased()
            if !event.summary().lowercased().contains(needle), !event.type.contains(needle) { return false }
        }
        return true
    }
}

// MARK: Rows

extension Model {
    package struct PartnerRow: Equatable, Sendable {
        package var partner: Partner
        /// How far the engagement has come (`status(of:)`).
        package var status: String
        package var mou: MoUState
    }

    package struct ContactRow: Equatable, Sendable {
        package var partner: String
        package var contact: Contact
    }

    /// A meeting as it was recorded, notes included.
    package struct MeetingRow: Equatable, Sendable {
        package var sequence: Int
        package var date: Day
        package var kind: MeetingKind
        package var partners: [String]
        package var outcomes: [Outcome]
        package var notes: String?
    }

    package struct ActionRow: Equatable, Sendable {
        package var action: Action
        package var status: ActionState
    }

    /// Where `partner`'s MoU stands on `day`.
    package func mouState(of partner: Partner, on day: Day) -> MoUState {
        guard let mou = partner.mou else { return .none }
        if let ended = mou.ended, ended <= day { return .ended }
        if let expires = mou.expires, expires < day { return .expired }
        return mou.signed <= day ? .inForce : .notYet
    }

    /// Partners in the order they were mapped, narrowed by `filter`, judged on `today`.
    package func partnerList(_ filter: PartnerFilter, today: Day) -> [PartnerRow] {
        partnersInOrder.compactMap { p in
            if let category = filter.category, p.category != category { return nil }
            if let level = filter.level, !p.levels.contains(level) { return nil }
            if let met = filter.met, (p.firstMet != nil) != met { return nil }
            let mou = mouState(of: p, on: today)
            if let wanted = filter.mou, mou != wanted { return nil }
            return PartnerRow(partner: p, status: status(of: p), mou: mou)
        }
    }

    /// Current contacts, partner by partner in the order they were mapped.
    package func contactList(partner: String?) -> [ContactRow] {
        partnersInOrder.filter { partner == nil || $0.id == partner }.flatMap { p in
            p.contacts.map { ContactRow(partner: p.id, contact: $0) }
        }
    }

    /// Meetings that count (not retracted) among `events`, in log order.
    package func meetingList(_ events: ArraySlice<RecordedEvent>, _ filter: MeetingFilter) -> [MeetingRow] {
        events.compactMap { recorded in
            guard let row = meeting(recorded) else { return nil }
            if let partner = filter.partner, !row.partners.contains(partner) { return nil }
            if let kind = filter.kind, row.kind != kind { return nil }
            return filter.days.contains(row.date) ? row : nil
        }
    }

    /// The meeting `recorded` holds, if it is one that counts.
    package func meeting(_ recorded: RecordedEvent) -> MeetingRow? {
        guard case .meetingHeld(let e) = recorded.event, retracted[recorded.sequence] == nil,
              !excluded.contains(recorded.sequence) else { return nil }
        return MeetingRow(sequence: recorded.sequence, date: e.date, kind: e.kind, partners: e.partners,
                          outcomes: e.outcomes.sorted(), notes: e.notes)
    }

    /// The state of `action` on `today`.
    package func state(of action: Action, today: Day) -> ActionState {
        action.done ? .done : (action.due < today ? .overdue : .open)
    }

    /// Action items in the order they were assigned; `open` takes every one not done. Made
    /// as they are read (here and below): a large log has hundreds of thousands.
    package func actionList(_ filter: ActionFilter, today: Day) -> some Collection<ActionRow> {
        actionsInOrder.lazy.compactMap { a in
            if let owner = filter.owner, !a.owner.equalsIgnoringCase(owner) { return nil }
            let state = state(of: a, today: today)
            switch filter.status {
            case nil: break
            case .open?: if state == .done { return nil }
            case let wanted?: if state != wanted { return nil }
            }
            return ActionRow(action: a, status: state)
        }
    }

    /// Decisions in the order recorded, on the days they were recorded.
    package func decisionList(_ filter: DecisionFilter) -> some Collection<Decision> {
        decisions.lazy.filter { d in
            (filter.partner.map { d.partners.contains($0) } ?? true) && filter.days.contains(d.day)
        }
    }

    /// Datasets in the order proposed.
    package func datasetList(_ filter: DatasetFilter) -> [Dataset] {
        datasetsInOrder.filter { d in
            (filter.sector.map { d.sector.equalsIgnoringCase($0) } ?? true)
                && (filter.status.map { d.status == $0 } ?? true)
                && (filter.dissemination.map { d.dissemination == $0 } ?? true)
        }
    }

    /// Feedback in the order received.
    package func feedbackList(_ filter: FeedbackFilter) -> some Collection<Feedback> {
        feedbackInOrder.lazy.filter { f in
            if let partner = filter.partner, f.partner != partner { return false }
            if let topic = filter.topic, f.topic != topic { return false }
            switch filter.status {
            case nil: return true
            case .awaiting?: return f.awaitsReply
            case .answered?: return f.response != nil
            }
        }
    }
}
