/// The Process for Urgent Action, training, and the response's frame (docs/process.md,
/// urgent action).

/// The coordinator set up, or changed, the Process for Urgent Action: whether enumerators
/// only inform people of services or may also refer them, and whether they are trained on
/// the local referral pathways.
package struct UrgentSetUp: EventPayload {
    package static let type = "urgent.setup"
    package static let version = 1

    /// The day it applies from.
    package var date: Day
    package var mode: UrgentMode
    /// Whether the local referral pathways are mapped and enumerators know them.
    package var pathways: Bool
    package var reason: String?

    package init(from p: inout PayloadReader) throws(PayloadError) {
        self.init(date: try p.day("date"), mode: try p.identifier("mode"), pathways: try p.bool("pathways"),
                  reason: try p.optionalString("reason"))
    }

    package init(date: Day, mode: UrgentMode, pathways: Bool, reason: String?) {
        self.date = date
        self.mode = mode
        self.pathways = pathways
        self.reason = reason
    }

    package func encode(into b: inout PayloadBuilder) {
        b.set("date", date)
        b.set("mode", mode)
        b.set("pathways", pathways)
        b.set("reason", reason)
    }
}

extension UrgentSetUp {
    package static let upcasts: [Int: Upcast] = [:]

    package var event: DomainEvent { .urgentSetUp(self) }

    package func summary(personal: Bool) -> String {
        let what = mode == .inform ? "enumerators inform people of services (no referral)"
                                   : "enumerators may refer cases, with informed consent"
        let reason = reason.map { ": \($0)" } ?? ""
        return "urgent action from \(date): \(what); referral pathways \(pathways ? "known" : "not yet known")\(reason)"
    }

    package var partnersConcerned: [String] { [] }

    package var visibility: Visibility { .public }
}

extension Model {
    /// Its step in the fold (`Model.apply`, for an event that is not retracted).
    mutating func fold(_ e: UrgentSetUp, sequence seq: Int, day: Day) {
        urgent.setups.append(UrgentAction.SetUp(date: e.date, mode: e.mode, pathways: e.pathways, reason: e.reason, sequence: seq))
    }
}

/// A training was held: on urgent action, the questionnaire, the method or analysis, with
/// the partners and in the places named.
package struct TrainingHeld: EventPayload {
    package static let type = "training.held"
    package static let version = 1

    package var date: Day
    package var topic: TrainingTopic
    package var partners: [String]
    package var places: [String]

    package init(from p: inout PayloadReader) throws(PayloadError) {
        self.init(date: try p.day("date"), topic: try p.identifier("topic"), partners: try p.strings("partners"),
                  places: try p.strings("places"))
    }

    package init(date: Day, topic: TrainingTopic, partners: [String], places: [String]) {
        self.date = date
        self.topic = topic
        self.partners = partners
        self.places = places
    }

    package func encode(into b: inout PayloadBuilder) {
        b.set("date", date)
        b.set("topic", topic)
        b.set("partners", partners)
        b.set("places", places)
    }
}

extension TrainingHeld {
    package static let upcasts: [Int: Upcast] = [:]

    package var event: DomainEvent { .trainingHeld(self) }

    package func summary(personal: Bool) -> String {
        let with = partners.isEmpty ? "" : " with \(EventText.list(partners))"
        let places = places.isEmpty ? "" : " in \(EventText.list(places))"
        return "\(topic.rawValue) training on \(date)\(with)\(places)"
    }

    package var partnersConcerned: [String] { partners }

    package var visibility: Visibility { .public }
}

extension Model {
    /// Its step in the fold (`Model.apply`, for an event that is not retracted).
    mutating func fold(_ e: TrainingHeld, sequence seq: Int, day: Day) {
        urgent.trainings.append(UrgentAction.Training(date: e.date, topic: e.topic, partners: e.partners, places: e.places, sequence: seq))
    }
}

/// An urgent report or referral was made. Only the fact: never the person, the incident
/// or a place, so the payload holds no text at all.
package struct UrgentReported: EventPayload {
    package static let type = "urgent.reported"
    package static let version = 1

    package var date: Day
    package var kind: UrgentKind
    package var dataset: String?
    /// The partner the case was referred to; absent when the person was only informed.
    package var to: String?
    package var service: ReferralService?
    package var consent: Consent?

    package init(from p: inout PayloadReader) throws(PayloadError) {
        self.init(date: try p.day("date"), kind: try p.identifier("kind"), dataset: try p.optionalString("dataset"),
                  to: try p.optionalString("to"), service: try p.optionalIdentifier("service"),
                  consent: try p.optionalIdentifier("consent"))
    }

    package init(date: Day, kind: UrgentKind, dataset: String? = nil, to: String? = nil, service: ReferralService? = nil,
                 consent: Consent? = nil) {
        self.date = date
        self.kind = kind
        self.dataset = dataset
        self.to = to
        self.service = service
        self.consent = consent
    }

    package func encode(into b: inout PayloadBuilder) {
        b.set("date", date)
        b.set("kind", kind)
        b.set("dataset", dataset)
        b.set("to", to)
        b.set("service", service)
        b.set("consent", consent)
    }
}

extension UrgentReported {
    package static let upcasts: [Int: Upcast] = [:]

    package var event: DomainEvent { .urgentReported(self) }

    package func summary(personal: Bool) -> String {
        let dataset = dataset.map { " during \($0)" } ?? ""
        let to = to.map { " referred to \($0)" } ?? ""
        let service = service.map { " (\($0.rawValue))" } ?? ""
        let consent = consent.map { "; consent: \($0.rawValue)" } ?? ""
        return "\(kind.rawValue) urgent report on \(date)\(dataset)\(to)\(service)\(consent)"
    }

    /// Nobody but the partner it was referred to is concerned, and even that partner does
    /// not read it (`visibility`).
    package var partnersConcerned: [String] { to.map { [$0] } ?? [] }

    /// Coordinators and reviewers only: even the fact that a referral was made, with its day
    /// and service, can point at a person in a small place, and the receiving partner has its
    /// own case file.
    package var visibility: Visibility { .private }
}

extension Model {
    /// Its step in the fold (`Model.apply`, for an event that is not retracted).
    mutating func fold(_ e: UrgentReported, sequence seq: Int, day: Day) {
        urgent.reports.append(UrgentAction.Report(date: e.date, kind: e.kind, dataset: e.dataset, to: e.to, service: e.service,
                                                  consent: e.consent, sequence: seq))
    }
}

/// The response DTM supports: its name, country and the body that leads it.
package struct ResponseSet: EventPayload {
    package static let type = "response.set"
    package static let version = 1

    package var name: String
    package var country: String
    package var body: ResponseBody
    package var since: Day?

    package init(from p: inout PayloadReader) throws(PayloadError) {
        self.init(name: try p.string("name"), country: try p.string("country"), body: try p.identifier("body"),
                  since: try p.optionalDay("since"))
    }

    package init(name: String, country: String, body: ResponseBody, since: Day?) {
        self.name = name
        self.country = country
        self.body = body
        self.since = since
    }

    package func encode(into b: inout PayloadBuilder) {
        b.set("name", name)
        b.set("country", country)
        b.set("body", body)
        b.set("since", since)
    }
}

extension ResponseSet {
    package static let upcasts: [Int: Upcast] = [:]

    package var event: DomainEvent { .responseSet(self) }

    package func summary(personal: Bool) -> String {
        "response: \(name), \(country), led by \(ResponseFrame.phrase(body))\(since.map { " since \($0)" } ?? "")"
    }

    package var partnersConcerned: [String] { [] }

    package var visibility: Visibility { .public }
}

extension Model {
    /// Its step in the fold (`Model.apply`, for an event that is not retracted).
    mutating func fold(_ e: ResponseSet, sequence seq: Int, day: Day) {
        response = ResponseFrame(name: e.name, country: e.country, body: e.body, since: e.since, sequence: seq)
    }
}
