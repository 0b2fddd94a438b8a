/// Reports and public datasets (docs/process.md, step 15), and the joint interpretation of
/// results by the four skillsets (step 17).

/// Where a report goes: to everyone, onto HDX (where DTM shares its public datasets), or to
/// named partners only.
package enum ReportChannel: String, FixedIdentifier {
    case `public`, hdx, bilateral
    package static let noun = "report channel"

    /// Whether anyone may read what goes out on it: only public data may.
    var isOpen: Bool { self != .bilateral }
}

/// The checks a report goes through before it is published.
package enum ReportCheck: String, FixedIdentifier {
    /// The findings were identified jointly with partners.
    case jointlyIdentified = "jointly-identified"
    case methodologyNote = "methodology-note"
    case limitations
    /// Each dataset's dissemination category was checked against the channel.
    case disseminationChecked = "dissemination-checked"
    package static let noun = "checklist item"
}

/// A report was published: on which channel, with which datasets, and the checks it went
/// through. A confidential or urgent-action dataset in a `public` or `hdx` report is a
/// violation (`Model.publicationViolations`), recorded and flagged as a share is.
package struct ReportPublished: EventPayload {
    package static let type = "report.published"
    package static let version = 1

    package var id: String
    package var title: String
    package var date: Day
    package var datasets: [String]
    package var channel: ReportChannel
    /// The partners a `bilateral` report went to (optional on the other channels).
    package var partners: [String]
    package var checklist: [ReportCheck]

    package init(from p: inout PayloadReader) throws(PayloadError) {
        self.init(id: try p.string("id"), title: try p.string("title"), date: try p.day("date"), datasets: try p.strings("datasets"),
                  channel: try p.identifier("channel"), partners: try p.strings("partners"), checklist: try p.identifiers("checklist"))
    }

    package init(id: String, title: String, date: Day, datasets: [String], channel: ReportChannel, partners: [String],
                 checklist: [ReportCheck]) {
        self.id = id
        self.title = title
        self.date = date
        self.datasets = datasets
        self.channel = channel
        self.partners = partners
        self.checklist = checklist
    }

    package func encode(into b: inout PayloadBuilder) {
        b.set("id", id)
        b.set("title", title)
        b.set("date", date)
        b.set("datasets", datasets)
        b.set("channel", channel)
        b.set("partners", partners)
        b.set("checklist", checklist)
    }
}

extension ReportPublished {
    package static let upcasts: [Int: Upcast] = [:]

    package var event: DomainEvent { .reportPublished(self) }

    package func summary(personal: Bool) -> String {
        let to = partners.isEmpty ? "" : " to \(EventText.list(partners))"
        let checks = checklist.isEmpty ? "no checklist item" : "checked: \(EventText.ids(checklist))"
        return "report \(id) published (\(channel.rawValue))\(to) on \(date) with \(EventText.list(datasets)); \(checks): \(title)"
    }

    package var partnersConcerned: [String] { partners }

    /// A bilateral report is private: its partners receive the report itself, not its record.
    package var visibility: Visibility { channel.isOpen ? .public : .private }
}

extension Model {
    /// Its step in the fold (`Model.apply`, for an event that is not retracted).
    mutating func fold(_ e: ReportPublished, sequence seq: Int, day: Day) {
        // Each dataset with the category it had that day: a report is judged as it went out.
        let items = e.datasets.map { PublishedDataset(dataset: $0, dissemination: datasets[$0]?.dissemination ?? .public) }
        publications.insert(Publication(id: e.id, title: e.title, day: e.date, sequence: seq, channel: e.channel,
                                              datasets: items, partners: e.partners, checklist: e.checklist))
    }
}

/// Partners and DTM read a round's results together: which datasets, who took part, and the
/// skillsets present (decision-maker, subject-matter, context, information management).
package struct InterpretationHeld: EventPayload {
    package static let type = "interpretation.held"
    package static let version = 1

    package var date: Day
    package var round: Int
    package var datasets: [String]
    package var partners: [String]
    package var skills: [Skill]

    package init(from p: inout PayloadReader) throws(PayloadError) {
        self.init(date: try p.day("date"), round: try p.int("round"), datasets: try p.strings("datasets"),
                  partners: try p.strings("partners"), skills: try p.identifiers("skills"))
    }

    package init(date: Day, round: Int, datasets: [String], partners: [String], skills: [Skill]) {
        self.date = date
        self.round = round
        self.datasets = datasets
        self.partners = partners
        self.skills = skills
    }

    package func encode(into b: inout PayloadBuilder) {
        b.set("date", date)
        b.set("round", round)
        b.set("datasets", datasets)
        b.set("partners", partners)
        b.set("skills", skills)
    }
}

extension InterpretationHeld {
    package static let upcasts: [Int: Upcast] = [:]

    package var event: DomainEvent { .interpretationHeld(self) }

    package func summary(personal: Bool) -> String {
        "joint interpretation of round \(round) on \(date) with \(EventText.list(partners)) (\(EventText.ids(skills))): \(EventText.list(datasets))"
    }

    package var partnersConcerned: [String] { partners }

    package var visibility: Visibility { .public }
}

extension Model {
    /// Its step in the fold (`Model.apply`, for an event that is not retracted).
    mutating func fold(_ e: InterpretationHeld, sequence seq: Int, day: Day) {
        interpretations.append(Interpretation(day: e.date, round: e.round, datasets: e.datasets, partners: e.partners,
                                              skills: e.skills, sequence: seq))
    }
}
