/// A step of the agreed schedule got a date.
package struct MilestoneSet: EventPayload {
    package static let type = "milestone.set"
    package static let version = 1

    package var id: String
    package var title: String
    package var date: Day

    package init(from p: inout PayloadReader) throws(PayloadError) {
        self.init(id: try p.string("id"), title: try p.string("title"), date: try p.day("date"))
    }

    package init(id: String, title: String, date: Day) {
        self.id = id
        self.title = title
        self.date = date
    }

    package func encode(into b: inout PayloadBuilder) {
        b.set("id", id)
        b.set("title", title)
        b.set("date", date)
    }
}

extension MilestoneSet {
    package static let upcasts: [Int: Upcast] = [:]

    package var event: DomainEvent { .milestoneSet(self) }

    package func summary(personal: Bool) -> String {
        return "milestone \(id) — \(title) — set for \(date)"
    }

    package var partnersConcerned: [String] { [] }

    package var visibility: Visibility { .public }
}

extension Model {
    /// Its step in the fold (`Model.apply`, for an event that is not retracted).
    mutating func fold(_ e: MilestoneSet, sequence seq: Int, day: Day) {
        milestones.insert(Milestone(id: e.id, title: e.title, date: e.date, originalDate: e.date))
    }
}

/// The schedule changed: partners must be told the reason and the new date (Annex 1).
package struct MilestoneMoved: EventPayload {
    package static let type = "milestone.moved"
    package static let version = 1

    package var id: String
    package var date: Day
    package var reason: String

    package init(from p: inout PayloadReader) throws(PayloadError) {
        self.init(id: try p.string("id"), date: try p.day("date"), reason: try p.string("reason"))
    }

    package init(id: String, date: Day, reason: String) {
        self.id = id
        self.date = date
        self.reason = reason
    }

    package func encode(into b: inout PayloadBuilder) {
        b.set("id", id)
        b.set("date", date)
        b.set("reason", reason)
    }
}

extension MilestoneMoved {
    package static let upcasts: [Int: Upcast] = [:]

    package var event: DomainEvent { .milestoneMoved(self) }

    package func summary(personal: Bool) -> String {
        return "milestone \(id) moved to \(date): \(reason)"
    }

    package var partnersConcerned: [String] { [] }

    package var visibility: Visibility { .public }
}

extension Model {
    /// Its step in the fold (`Model.apply`, for an event that is not retracted).
    mutating func fold(_ e: MilestoneMoved, sequence seq: Int, day: Day) {
        milestones.update(e.id) { m in
            m.date = e.date
            m.moves += 1
            m.lastMove = seq
            m.lastReason = e.reason
            m.notified = []
        }
    }
}

/// Partners were told of a milestone's change.
package struct PartnersNotified: EventPayload {
    package static let type = "milestone.notified"
    package static let version = 1

    package var milestone: String
    package var partners: [String]

    package init(from p: inout PayloadReader) throws(PayloadError) {
        self.init(milestone: try p.string("milestone"), partners: try p.strings("partners"))
    }

    package init(milestone: String, partners: [String]) {
        self.milestone = milestone
        self.partners = partners
    }

    package func encode(into b: inout PayloadBuilder) {
        b.set("milestone", milestone)
        b.set("partners", partners)
    }
}

extension PartnersNotified {
    package static let upcasts: [Int: Upcast] = [:]

    package var event: DomainEvent { .partnersNotified(self) }

    package func summary(personal: Bool) -> String {
        return "notified \(EventText.list(partners)) of the change to \(milestone)"
    }

    package var partnersConcerned: [String] { partners }

    package var visibility: Visibility { .public }
}

extension Model {
    /// Its step in the fold (`Model.apply`, for an event that is not retracted).
    mutating func fold(_ e: PartnersNotified, sequence seq: Int, day: Day) {
        milestones.update(e.milestone) { m in
            if m.lastMove != nil { m.notified.formUnion(e.partners) }
        }
    }
}

/// A milestone was reached.
package struct MilestoneDone: EventPayload {
    package static let type = "milestone.done"
    package static let version = 1

    package var id: String

    package init(from p: inout PayloadReader) throws(PayloadError) { self.init(id: try p.string("id")) }
    package init(id: String) { self.id = id }
    package func encode(into b: inout PayloadBuilder) { b.set("id", id) }
}

extension MilestoneDone {
    package static let upcasts: [Int: Upcast] = [:]

    package var event: DomainEvent { .milestoneDone(self) }

    package func summary(personal: Bool) -> String {
        return "milestone \(id) done"
    }

    package var partnersConcerned: [String] { [] }

    package var visibility: Visibility { .public }
}

extension Model {
    /// Its step in the fold (`Model.apply`, for an event that is not retracted).
    mutating func fold(_ e: MilestoneDone, sequence seq: Int, day: Day) {
        milestones.update(e.id) { $0.done = true }
    }
}

/// A decision taken with partners, and what it concerns.
package struct DecisionRecorded: EventPayload {
    package static let type = "decision.recorded"
    package static let version = 1

    package var text: String
    package var partners: [String]
    package var about: String?

    package init(from p: inout PayloadReader) throws(PayloadError) {
        self.init(text: try p.string("text"), partners: try p.strings("partners"), about: try p.optionalString("about"))
    }

    package init(text: String, partners: [String], about: String?) {
        self.text = text
        self.partners = partners
        self.about = about
    }

    package func encode(into b: inout PayloadBuilder) {
        b.set("text", text)
        b.set("partners", partners)
        b.set("about", about)
    }
}

extension DecisionRecorded {
    package static let upcasts: [Int: Upcast] = [:]

    package var event: DomainEvent { .decisionRecorded(self) }

    package func summary(personal: Bool) -> String {
        let about = about.map { " (about \($0))" } ?? ""
        let with = partners.isEmpty ? "" : " with \(EventText.list(partners))"
        return "decision\(with)\(about): \(text)"
    }

    package var partnersConcerned: [String] { partners }

    package var visibility: Visibility { .public }
}

extension Model {
    /// Its step in the fold (`Model.apply`, for an event that is not retracted).
    mutating func fold(_ e: DecisionRecorded, sequence seq: Int, day: Day) {
        // What it is about is most often a dataset or a partner: kept as the table keeps its id.
        decisions.append(Decision(sequence: seq, day: day, text: e.text, partners: e.partners,
                                  about: e.about.map { datasets.stored($0) ?? partners.sharing($0) }))
    }
}

/// A difference of opinion, to be faced as soon as possible (Annex 1).
package struct DisagreementRaised: EventPayload {
    package static let type = "disagreement.raised"
    package static let version = 1

    package var id: String
    package var text: String
    package var partners: [String]

    package init(from p: inout PayloadReader) throws(PayloadError) {
        self.init(id: try p.string("id"), text: try p.string("text"), partners: try p.strings("partners"))
    }

    package init(id: String, text: String, partners: [String]) {
        self.id = id
        self.text = text
        self.partners = partners
    }

    package func encode(into b: inout PayloadBuilder) {
        b.set("id", id)
        b.set("text", text)
        b.set("partners", partners)
    }
}

extension DisagreementRaised {
    package static let upcasts: [Int: Upcast] = [:]

    package var event: DomainEvent { .disagreementRaised(self) }

    package func summary(personal: Bool) -> String {
        return "disagreement \(id) with \(EventText.list(partners)): \(text)"
    }

    package var partnersConcerned: [String] { partners }

    package var visibility: Visibility { .public }
}

extension Model {
    /// Its step in the fold (`Model.apply`, for an event that is not retracted).
    mutating func fold(_ e: DisagreementRaised, sequence seq: Int, day: Day) {
        disagreements.insert(Disagreement(id: e.id, text: e.text, partners: e.partners))
    }
}

/// A disagreement was settled, and how.
package struct DisagreementResolved: EventPayload {
    package static let type = "disagreement.resolved"
    package static let version = 1

    package var id: String
    package var text: String

    package init(from p: inout PayloadReader) throws(PayloadError) {
        self.init(id: try p.string("id"), text: try p.string("text"))
    }

    package init(id: String, text: String) {
        self.id = id
        self.text = text
    }

    package func encode(into b: inout PayloadBuilder) {
        b.set("id", id)
        b.set("text", text)
    }
}

extension DisagreementResolved {
    package static let upcasts: [Int: Upcast] = [:]

    package var event: DomainEvent { .disagreementResolved(self) }

    package func summary(personal: Bool) -> String {
        return "disagreement \(id) resolved: \(text)"
    }

    package var partnersConcerned: [String] { [] }

    package var visibility: Visibility { .public }
}

extension Model {
    /// Its step in the fold (`Model.apply`, for an event that is not retracted).
    mutating func fold(_ e: DisagreementResolved, sequence seq: Int, day: Day) {
        disagreements.update(e.id) { $0.resolution = e.text }
    }
}

/// An earlier event is to count as never recorded (the log itself keeps it).
package struct EventRetracted: EventPayload {
    package static let type = "event.retracted"
    package static let version = 1

    package var sequence: Int
    package var reason: String

    package init(from p: inout PayloadReader) throws(PayloadError) {
        self.init(sequence: try p.int("seq"), reason: try p.string("reason"))
    }

    package init(sequence: Int, reason: String) {
        self.sequence = sequence
        self.reason = reason
    }

    package func encode(into b: inout PayloadBuilder) {
        b.set("seq", sequence)
        b.set("reason", reason)
    }
}

extension EventRetracted {
    package static let upcasts: [Int: Upcast] = [:]

    package var event: DomainEvent { .eventRetracted(self) }

    package func summary(personal: Bool) -> String {
        return "retracted #\(sequence): \(reason)"
    }

    package var partnersConcerned: [String] { [] }

    package var visibility: Visibility { .public }
}
