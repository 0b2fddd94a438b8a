/// A data-sharing agreement was signed with a partner (docs/process.md, step 14).
///
/// Version 1 described its scope in words only, so nothing could tell GBV data shared
/// under a "CP data" MoU; version 2 adds `sectors`, the sectors it covers (absent: every
/// sector).
package struct MoUSigned: EventPayload {
    package static let type = "mou.signed"
    package static let version = 2

    package var partner: String
    package var scope: String
    package var date: Day
    package var expires: Day?
    /// The sectors the MoU covers; `nil` for every sector.
    package var sectors: [String]?

    package init(from p: inout PayloadReader) throws(PayloadError) {
        self.init(partner: try p.string("partner"), scope: try p.string("scope"), date: try p.day("date"),
                  expires: try p.optionalDay("expires"), sectors: try p.optionalStrings("sectors"))
    }

    package init(partner: String, scope: String, date: Day, expires: Day?, sectors: [String]? = nil) {
        self.partner = partner
        self.scope = scope
        self.date = date
        self.expires = expires
        self.sectors = sectors
    }

    package func encode(into b: inout PayloadBuilder) {
        b.set("partner", partner)
        b.set("scope", scope)
        b.set("date", date)
        b.set("expires", expires)
        b.set("sectors", sectors)
    }
}

extension MoUSigned {
    package static let upcasts: [Int: Upcast] = [
        // v1 → v2: an MoU recorded before sectors existed covers every sector, so an old
        // log shows no new violations; its payload reads unchanged.
        1: { payload throws(PayloadError) in payload },
    ]

    package var event: DomainEvent { .mouSigned(self) }

    package func summary(personal: Bool) -> String {
        let until = expires.map { " until \($0)" } ?? ""
        let sectors = sectors.map { " (sectors: \(EventText.list($0)))" } ?? ""
        return "MoU signed with \(partner) on \(date)\(until)\(sectors): \(scope)"
    }

    package var partnersConcerned: [String] { [partner] }

    package var visibility: Visibility { .public }
}

extension Model {
    /// Its step in the fold (`Model.apply`, for an event that is not retracted).
    mutating func fold(_ e: MoUSigned, sequence seq: Int, day: Day) {
        partners.update(e.partner) { $0.mous.append(MoU(scope: e.scope, sectors: e.sectors, signed: e.date, expires: e.expires)) }
    }
}

/// A partner's data-sharing agreement ended.
package struct MoUEnded: EventPayload {
    package static let type = "mou.ended"
    package static let version = 1

    package var partner: String
    package var date: Day

    package init(from p: inout PayloadReader) throws(PayloadError) {
        self.init(partner: try p.string("partner"), date: try p.day("date"))
    }

    package init(partner: String, date: Day) {
        self.partner = partner
        self.date = date
    }

    package func encode(into b: inout PayloadBuilder) {
        b.set("partner", partner)
        b.set("date", date)
    }
}

extension MoUEnded {
    package static let upcasts: [Int: Upcast] = [:]

    package var event: DomainEvent { .mouEnded(self) }

    package func summary(personal: Bool) -> String {
        return "MoU with \(partner) ended on \(date)"
    }

    package var partnersConcerned: [String] { [partner] }

    package var visibility: Visibility { .public }
}

extension Model {
    /// Its step in the fold (`Model.apply`, for an event that is not retracted).
    mutating func fold(_ e: MoUEnded, sequence seq: Int, day: Day) {
        partners.update(e.partner) { p in
            guard !p.mous.isEmpty else { return }
            p.mous[p.mous.count - 1].ended = e.date
        }
    }
}

/// A dataset was shared with a partner, publicly, confidentially or through the
/// urgent-action protocol. Only the fact is recorded, never case details (docs/process.md, urgent action).
package struct DataShared: EventPayload {
    package static let type = "data.shared"
    package static let version = 1

    package var dataset: String
    package var partner: String
    package var modality: Dissemination

    package init(from p: inout PayloadReader) throws(PayloadError) {
        self.init(dataset: try p.string("dataset"), partner: try p.string("partner"), modality: try p.identifier("modality"))
    }

    package init(dataset: String, partner: String, modality: Dissemination) {
        self.dataset = dataset
        self.partner = partner
        self.modality = modality
    }

    package func encode(into b: inout PayloadBuilder) {
        b.set("dataset", dataset)
        b.set("partner", partner)
        b.set("modality", modality)
    }
}

extension DataShared {
    package static let upcasts: [Int: Upcast] = [:]

    package var event: DomainEvent { .dataShared(self) }

    package func summary(personal: Bool) -> String {
        return "shared \(dataset) with \(partner) (\(modality.rawValue))"
    }

    package var partnersConcerned: [String] { [partner] }

    package var visibility: Visibility { .partnerOrDataset(partner: partner, dataset: dataset) }
}

extension Model {
    /// Its step in the fold (`Model.apply`, for an event that is not retracted).
    mutating func fold(_ e: DataShared, sequence seq: Int, day: Day) {
        datasets.update(e.dataset) { d in
            d.shares.append(Share(partner: e.partner, modality: e.modality, day: day, sequence: seq, sector: d.sector))
        }
    }
}

/// A partner's feedback on a dataset, the methodology, resources, a report or the process.
///
/// Version 2 adds `source`: `community` for issues the affected population raised, which
/// the partner relays; absent, the partner's own.
package struct FeedbackSubmitted: EventPayload {
    package static let type = "feedback.submitted"
    package static let version = 2

    /// `f1`, `f2`, … in the order feedback arrives.
    package var id: String
    package var partner: String
    package var topic: FeedbackTopic
    package var text: String
    package var dataset: String?
    package var rating: Int?
    /// Who raised it, as given (`nil`: not said, the partner's own).
    package var source: FeedbackSource?

    package init(from p: inout PayloadReader) throws(PayloadError) {
        self.init(id: try p.string("id"), partner: try p.string("partner"), topic: try p.identifier("topic"),
                  text: try p.string("text"), dataset: try p.optionalString("dataset"), rating: try p.optionalInt("rating"),
                  source: try p.optionalIdentifier("source"))
    }

    package init(id: String, partner: String, topic: FeedbackTopic, text: String, dataset: String?, rating: Int?,
                 source: FeedbackSource? = nil) {
        self.id = id
        self.partner = partner
        self.topic = topic
        self.text = text
        self.dataset = dataset
        self.rating = rating
        self.source = source
    }

    package func encode(into b: inout PayloadBuilder) {
        b.set("id", id)
        b.set("partner", partner)
        b.set("topic", topic)
        b.set("text", text)
        b.set("dataset", dataset)
        b.set("rating", rating)
        b.set("source", source)
    }
}

extension FeedbackSubmitted {
    package static let upcasts: [Int: Upcast] = [
        // v1 → v2: feedback recorded before `source` existed is the partner's own; its
        // payload reads unchanged.
        1: { payload throws(PayloadError) in payload },
    ]

    package var event: DomainEvent { .feedbackSubmitted(self) }

    package func summary(personal: Bool) -> String {
        let dataset = dataset.map { " on \($0)" } ?? ""
        let rating = rating.map { " (rating \($0)/5)" } ?? ""
        let from = source == .community ? "\(partner) (raised by the community)" : partner
        return "feedback \(id) from \(from) about \(topic.rawValue)\(dataset)\(rating): \(text)"
    }

    package var partnersConcerned: [String] { [partner] }

    package var visibility: Visibility { .partnerOwn(partner) }
}

extension Model {
    /// Its step in the fold (`Model.apply`, for an event that is not retracted).
    mutating func fold(_ e: FeedbackSubmitted, sequence seq: Int, day: Day) {
        feedbackCount += 1
        feedback.insert(Feedback(id: e.id, sequence: seq, day: day, partner: partners.sharing(e.partner), topic: e.topic, text: e.text,
                                 dataset: e.dataset.map(datasets.sharing), rating: e.rating, source: e.source ?? .partner))
        partners.update(e.partner) { $0.feedback += 1 }
    }
}

/// DTM's reply to feedback: done, declined (with why) or planned (with a date).
package struct FeedbackAddressed: EventPayload, Codable {
    package static let type = "feedback.addressed"
    package static let version = 1

    package var id: String
    package var response: FeedbackResponse
    package var text: String
    package var date: Day?

    package init(from p: inout PayloadReader) throws(PayloadError) {
        self.init(id: try p.string("id"), response: try p.identifier("response"), text: try p.string("text"),
                  date: try p.optionalDay("date"))
    }

    package init(id: String, response: FeedbackResponse, text: String, date: Day?) {
        self.id = id
        self.response = response
        self.text = text
        self.date = date
    }

    package func encode(into b: inout PayloadBuilder) {
        b.set("id", id)
        b.set("response", response)
        b.set("text", text)
        b.set("date", date)
    }
}

extension FeedbackAddressed {
    package static let upcasts: [Int: Upcast] = [:]

    package var event: DomainEvent { .feedbackAddressed(self) }

    package func summary(personal: Bool) -> String {
        let when = date.map { " for \($0)" } ?? ""
        return "feedback \(id) addressed — \(response.rawValue)\(when): \(text)"
    }

    package var partnersConcerned: [String] { [] }

    package var visibility: Visibility { .feedback(id) }
}

extension Model {
    /// Its step in the fold (`Model.apply`, for an event that is not retracted).
    mutating func fold(_ e: FeedbackAddressed, sequence seq: Int, day: Day) {
        feedback.update(e.id) { $0.response = e }
    }
}
