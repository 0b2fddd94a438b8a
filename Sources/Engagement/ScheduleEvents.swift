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

/// A milestone was reached.
package struct MilestoneDone: EventPayload {
    package static let type = "milestone.done"
    package static let version = 1

    package var id: String

    package init(from p: inout PayloadReader) throws(PayloadError) { self.init(id: try p.string("id")) }
    package init(id: String) { self.id = id }
    package func encode(into b: inout PayloadBuilder) { b.set("id", id) }
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
