/// How and by when DTM will approach a partner (docs/process.md: a targeted approach plan).
package struct ApproachPlanned: EventPayload {
    package static let type = "approach.planned"
    package static let version = 1

    package var partner: String
    package var how: String
    package var by: Day

    package init(from p: inout PayloadReader) throws(PayloadError) {
        self.init(partner: try p.string("partner"), how: try p.string("how"), by: try p.day("by"))
    }

    package init(partner: String, how: String, by: Day) {
        self.partner = partner
        self.how = how
        self.by = by
    }

    package func encode(into b: inout PayloadBuilder) {
        b.set("partner", partner)
        b.set("how", how)
        b.set("by", by)
    }
}

extension ApproachPlanned {
    package static let upcasts: [Int: Upcast] = [:]

    package var event: DomainEvent { .approachPlanned(self) }

    package func summary(personal: Bool) -> String {
        return "planned to approach \(partner) by \(by): \(how)"
    }

    package var partnersConcerned: [String] { [partner] }

    package var visibility: Visibility { .public }
}

extension Model {
    /// Its step in the fold (`Model.apply`, for an event that is not retracted).
    mutating func fold(_ e: ApproachPlanned, sequence seq: Int, day: Day) {
        partners.update(e.partner) { $0.approach = Approach(how: e.how, by: e.by) }
    }
}

/// An engagement meeting took place, with the outcomes (a)–(e) it reached.
package struct MeetingHeld: EventPayload {
    package static let type = "meeting.held"
    package static let version = 1

    package var date: Day
    package var kind: MeetingKind
    package var partners: [String]
    package var outcomes: [Outcome]
    package var notes: String?

    package init(from p: inout PayloadReader) throws(PayloadError) {
        self.init(date: try p.day("date"), kind: try p.identifier("kind"), partners: try p.strings("partners"),
                  outcomes: try p.identifiers("outcomes"), notes: try p.optionalString("notes"))
    }

    package init(date: Day, kind: MeetingKind, partners: [String], outcomes: [Outcome], notes: String?) {
        self.date = date
        self.kind = kind
        self.partners = partners
        self.outcomes = outcomes
        self.notes = notes
    }

    package func encode(into b: inout PayloadBuilder) {
        b.set("date", date)
        b.set("kind", kind)
        b.set("partners", partners)
        b.set("outcomes", outcomes)
        b.set("notes", notes)
    }
}

extension MeetingHeld {
    package static let upcasts: [Int: Upcast] = [:]

    package var event: DomainEvent { .meetingHeld(self) }

    package func summary(personal: Bool) -> String {
        let reached = outcomes.sorted()
        let missing = Outcome.allCases.filter { !outcomes.contains($0) }
        var text = "\(kind.rawValue) meeting with \(EventText.list(partners)) on \(date)"
        text += reached.isEmpty ? " — no outcome reached" : " — outcomes \(EventText.letters(reached)) reached"
        if !missing.isEmpty { text += "; \(EventText.letters(missing)) still to cover" }
        // The notes are what was said: the log, a partner's timeline and the lists show them.
        if let notes, !notes.isEmpty { text += ". Notes: \(notes)" }
        return text
    }

    package var partnersConcerned: [String] { partners }

    package var visibility: Visibility { .public }
}

extension Model {
    /// Its step in the fold (`Model.apply`, for an event that is not retracted).
    mutating func fold(_ e: MeetingHeld, sequence seq: Int, day: Day) {
        meetings += 1
        engagementByDay[e.date, default: DayEngagement()].meetings += 1
        for id in e.partners {
            var firstTime = false
            partners.update(id) { p in
                if p.firstMet == nil {
                    p.firstMet = seq
                    firstTime = true
                }
                p.meetings += 1
                p.approach?.met = true
                if p.lastMet.map({ $0 < e.date }) ?? true { p.lastMet = e.date }
                p.outcomes.formUnion(e.outcomes)
            }
            if firstTime {
                firstMeetings.append(FirstMeeting(sequence: seq, partner: id))
                engagementByDay[e.date, default: DayEngagement()].partnersMet += 1
            }
        }
    }
}

/// Someone took on a follow-up, due by a date.
package struct ActionAssigned: EventPayload {
    package static let type = "action.assigned"
    package static let version = 1

    package var id: String
    package var owner: String
    package var text: String
    package var due: Day

    package init(from p: inout PayloadReader) throws(PayloadError) {
        self.init(id: try p.string("id"), owner: try p.string("owner"), text: try p.string("text"), due: try p.day("due"))
    }

    package init(id: String, owner: String, text: String, due: Day) {
        self.id = id
        self.owner = owner
        self.text = text
        self.due = due
    }

    package func encode(into b: inout PayloadBuilder) {
        b.set("id", id)
        b.set("owner", owner)
        b.set("text", text)
        b.set("due", due)
    }
}

extension ActionAssigned {
    package static let upcasts: [Int: Upcast] = [:]

    package var event: DomainEvent { .actionAssigned(self) }

    package func summary(personal: Bool) -> String {
        return "action \(id) for \(owner), due \(due): \(text)"
    }

    package var partnersConcerned: [String] { [] }

    package var visibility: Visibility { .public }
}

extension Model {
    /// Its step in the fold (`Model.apply`, for an event that is not retracted).
    mutating func fold(_ e: ActionAssigned, sequence seq: Int, day: Day) {
        actions.insert(Action(id: e.id, owner: e.owner, text: e.text, due: e.due))
    }
}

/// A follow-up was completed.
package struct ActionDone: EventPayload {
    package static let type = "action.done"
    package static let version = 1

    package var id: String

    package init(from p: inout PayloadReader) throws(PayloadError) { self.init(id: try p.string("id")) }
    package init(id: String) { self.id = id }
    package func encode(into b: inout PayloadBuilder) { b.set("id", id) }
}

extension ActionDone {
    package static let upcasts: [Int: Upcast] = [:]

    package var event: DomainEvent { .actionDone(self) }

    package func summary(personal: Bool) -> String {
        return "action \(id) done"
    }

    package var partnersConcerned: [String] { [] }

    package var visibility: Visibility { .public }
}

extension Model {
    /// Its step in the fold (`Model.apply`, for an event that is not retracted).
    mutating func fold(_ e: ActionDone, sequence seq: Int, day: Day) {
        actions.update(e.id) { $0.done = true }
    }
}

/// A partner was asked for its information needs, to reply by a date (docs/process.md, step 7).
package struct NeedsRequested: EventPayload {
    package static let type = "needs.requested"
    package static let version = 1

    package var partner: String
    package var by: Day

    package init(from p: inout PayloadReader) throws(PayloadError) {
        self.init(partner: try p.string("partner"), by: try p.day("by"))
    }

    package init(partner: String, by: Day) {
        self.partner = partner
        self.by = by
    }

    package func encode(into b: inout PayloadBuilder) {
        b.set("partner", partner)
        b.set("by", by)
    }
}

extension NeedsRequested {
    package static let upcasts: [Int: Upcast] = [:]

    package var event: DomainEvent { .needsRequested(self) }

    package func summary(personal: Bool) -> String {
        return "asked \(partner) for its information needs by \(by)"
    }

    package var partnersConcerned: [String] { [partner] }

    package var visibility: Visibility { .public }
}

extension Model {
    /// Its step in the fold (`Model.apply`, for an event that is not retracted).
    mutating func fold(_ e: NeedsRequested, sequence seq: Int, day: Day) {
        partners.update(e.partner) { $0.needsRequest = NeedsRequest(by: e.by, sequence: seq) }
    }
}

/// A partner said what information it needs, how often, and for what (docs/process.md, step 6).
///
/// Version 2 adds `datasets`: the proposed datasets the needs ask for, when named.
package struct NeedsSubmitted: EventPayload {
    package static let type = "needs.submitted"
    package static let version = 2

    package var partner: String
    package var text: String
    package var frequency: String
    package var purpose: String
    package var datasets: [String]?

    package init(from p: inout PayloadReader) throws(PayloadError) {
        self.init(partner: try p.string("partner"), text: try p.string("text"), frequency: try p.string("frequency"),
                  purpose: try p.string("purpose"), datasets: try p.optionalStrings("datasets"))
    }

    package init(partner: String, text: String, frequency: String, purpose: String, datasets: [String]? = nil) {
        self.partner = partner
        self.text = text
        self.frequency = frequency
        self.purpose = purpose
        self.datasets = datasets
    }

    package func encode(into b: inout PayloadBuilder) {
        b.set("partner", partner)
        b.set("text", text)
        b.set("frequency", frequency)
        b.set("purpose", purpose)
        b.set("datasets", datasets)
    }
}

extension NeedsSubmitted {
    package static let upcasts: [Int: Upcast] = [
        // v1 → v2: needs submitted before `datasets` existed name none; the payload reads unchanged.
        1: { payload throws(PayloadError) in payload },
    ]

    package var event: DomainEvent { .needsSubmitted(self) }

    package func summary(personal: Bool) -> String {
        let asked = datasets.map { " — asks for \(EventText.list($0))" } ?? ""
        return "\(partner) submitted information needs (\(frequency); for \(purpose)): \(text)\(asked)"
    }

    package var partnersConcerned: [String] { [partner] }

    package var visibility: Visibility { .public }
}

extension Model {
    /// Its step in the fold (`Model.apply`, for an event that is not retracted).
    mutating func fold(_ e: NeedsSubmitted, sequence seq: Int, day: Day) {
        partners.update(e.partner) { p in
            p.needsSubmitted += 1
            p.needsRequest = nil
            p.lastNeeds = e.text
        }
    }
}
