import EventLog

/// A question proposed for the questionnaire, with its row of the Data Analysis Plan.
///
/// Version 2 adds the DAP's remaining columns: `frequency`, `disaggregation` (an empty
/// list: none), `languages` and `analysis`, each absent when not stated.
package struct DatasetProposed: EventPayload {
    package static let type = "dataset.proposed"
    package static let version = 2

    package var id: String
    package var sector: String
    package var question: String
    package var options: String?
    package var purpose: String?
    package var requestedBy: [String]
    package var owner: AnalysisOwner?
    package var dissemination: Dissemination
    package var mockup: String?
    /// The minimum inclusion criteria met.
    package var criteria: [Criterion]
    package var columns: PlanColumns

    package init(from p: inout PayloadReader) throws(PayloadError) {
        self.init(id: try p.string("id"), sector: try p.string("sector"), question: try p.string("question"),
                  options: try p.optionalString("options"), purpose: try p.optionalString("purpose"),
                  requestedBy: try p.strings("requested_by"), owner: try p.optionalIdentifier("owner"),
                  dissemination: try p.identifier("dissemination"), mockup: try p.optionalString("mockup"),
                  criteria: try p.identifiers("criteria"), columns: try PlanColumns(from: &p))
    }

    package init(id: String, sector: String, question: String, options: String?, purpose: String?, requestedBy: [String],
         owner: AnalysisOwner?, dissemination: Dissemination, mockup: String?, criteria: [Criterion], columns: PlanColumns = PlanColumns()) {
        self.id = id
        self.sector = sector
        self.question = question
        self.options = options
        self.purpose = purpose
        self.requestedBy = requestedBy
        self.owner = owner
        self.dissemination = dissemination
        self.mockup = mockup
        self.criteria = criteria
        self.columns = columns
    }

    package func encode(into b: inout PayloadBuilder) {
        b.set("id", id)
        b.set("sector", sector)
        b.set("question", question)
        b.set("options", options)
        b.set("purpose", purpose)
        b.set("requested_by", requestedBy)
        b.set("owner", owner)
        b.set("dissemination", dissemination)
        b.set("mockup", mockup)
        b.set("criteria", criteria)
        columns.encode(into: &b)
    }
}

extension DatasetProposed {
    package static let upcasts: [Int: Upcast] = [
        // v1 → v2: a question proposed before the DAP's remaining columns existed states
        // none of them; its payload reads unchanged.
        1: { payload throws(PayloadError) in payload },
    ]

    package var event: DomainEvent { .datasetProposed(self) }

    package func summary(personal: Bool) -> String {
        let by = requestedBy.isEmpty ? "" : ", requested by \(EventText.list(requestedBy))"
        return "proposed dataset \(id) (\(sector), \(dissemination.rawValue)\(by)): \(question)"
    }

    package var partnersConcerned: [String] { requestedBy }

    package var visibility: Visibility { .dataset(id) }
}

extension Model {
    /// Its step in the fold (`Model.apply`, for an event that is not retracted).
    mutating func fold(_ e: DatasetProposed, sequence seq: Int, day: Day) {
        datasets.insert(Dataset(id: e.id, sector: e.sector, question: e.question, options: e.options, purpose: e.purpose,
                                      requestedBy: e.requestedBy, owner: e.owner, dissemination: e.dissemination,
                                      mockup: e.mockup, criteria: e.criteria, columns: e.columns))
    }
}

/// Some fields of a proposed dataset changed; absent fields stay as they were.
///
/// Version 2 adds the DAP's remaining columns, as `dataset.proposed` v2 does.
package struct DatasetRevised: EventPayload {
    package static let type = "dataset.revised"
    package static let version = 2

    package var id: String
    package var sector: String?
    package var question: String?
    package var options: String?
    package var purpose: String?
    package var requestedBy: [String]?
    package var owner: AnalysisOwner?
    package var dissemination: Dissemination?
    package var mockup: String?
    package var criteria: [Criterion]?
    /// The columns given; those absent stay as they were.
    package var columns: PlanColumns

    package init(from p: inout PayloadReader) throws(PayloadError) {
        self.init(id: try p.string("id"), sector: try p.optionalString("sector"), question: try p.optionalString("question"),
                  options: try p.optionalString("options"), purpose: try p.optionalString("purpose"),
                  requestedBy: try p.optionalStrings("requested_by"), owner: try p.optionalIdentifier("owner"),
                  dissemination: try p.optionalIdentifier("dissemination"), mockup: try p.optionalString("mockup"),
                  criteria: try p.optionalIdentifiers("criteria"), columns: try PlanColumns(from: &p))
    }

    package init(id: String, sector: String? = nil, question: String? = nil, options: String? = nil, purpose: String? = nil,
         requestedBy: [String]? = nil, owner: AnalysisOwner? = nil, dissemination: Dissemination? = nil,
         mockup: String? = nil, criteria: [Criterion]? = nil, columns: PlanColumns = PlanColumns()) {
        self.id = id
        self.sector = sector
        self.question = question
        self.options = options
        self.purpose = purpose
        self.requestedBy = requestedBy
        self.owner = owner
        self.dissemination = dissemination
        self.mockup = mockup
        self.criteria = criteria
        self.columns = columns
    }

    package func encode(into b: inout PayloadBuilder) {
        b.set("id", id)
        b.set("sector", sector)
        b.set("question", question)
        b.set("options", options)
        b.set("purpose", purpose)
        b.set("requested_by", requestedBy)
        b.set("owner", owner)
        b.set("dissemination", dissemination)
        b.set("mockup", mockup)
        b.set("criteria", criteria)
        columns.encode(into: &b)
    }
}

extension DatasetRevised {
    package static let upcasts: [Int: Upcast] = [
        // v1 → v2: a revision recorded before the DAP's remaining columns changes none of
        // them; its payload reads unchanged.
        1: { payload throws(PayloadError) in payload },
    ]

    package var event: DomainEvent { .datasetRevised(self) }

    package func summary(personal: Bool) -> String {
        var changes: [String] = []
        if let v = sector { changes.append("sector → \(v)") }
        if let v = question { changes.append("question → \(v)") }
        if let v = options { changes.append("options → \(v)") }
        if let v = purpose { changes.append("purpose → \(v)") }
        if let v = requestedBy { changes.append("requested by → \(EventText.list(v))") }
        if let v = owner { changes.append("owner → \(v.rawValue)") }
        if let v = dissemination { changes.append("dissemination → \(v.rawValue)") }
        if let v = mockup { changes.append("mock-up → \(v)") }
        if let v = criteria { changes.append("criteria met → \(v.isEmpty ? "none" : EventText.ids(v))") }
        changes += columns.changes
        return "revised dataset \(id): \(changes.joined(separator: "; "))"
    }

    package var partnersConcerned: [String] { [] }

    package var visibility: Visibility { .dataset(id) }
}

extension Model {
    /// Its step in the fold (`Model.apply`, for an event that is not retracted).
    mutating func fold(_ e: DatasetRevised, sequence seq: Int, day: Day) {
        datasets.update(e.id) { d in
            if let v = e.sector { d.sector = v }
            // A verification checked the mock-up and wording it saw, not the new ones.
            if e.question != nil || e.mockup != nil { d.verifications = [] }
            if let v = e.question { d.question = v }
            if let v = e.options { d.options = v }
            if let v = e.purpose { d.purpose = v }
            if let v = e.requestedBy { d.requestedBy = v }
            if let v = e.owner { d.owner = v }
            if let v = e.dissemination { d.dissemination = v }
            if let v = e.mockup { d.mockup = v }
            if let v = e.criteria { d.criteria = v }
            d.columns = e.columns.over(d.columns)
        }
    }
}

/// The dataset goes into the questionnaire. `forced` records an agreement made while a
/// requirement was unmet, with the reason given.
///
/// Version 2 adds `waived`: the requirements a forced agreement went without (a mock-up,
/// reply options, its verification, …). A version-1 agreement could be forced only past
/// unmet criteria, so it reads as waiving `criteria` when forced.
package struct DatasetAgreed: EventPayload {
    package static let type = "dataset.agreed"
    package static let version = 2

    package var id: String
    package var forced: Bool
    package var reason: String?
    package var waived: [AgreementRequirement]

    package init(from p: inout PayloadReader) throws(PayloadError) {
        self.init(id: try p.string("id"), forced: try p.bool("forced"), reason: try p.optionalString("reason"),
                  waived: try p.optionalIdentifiers("waived") ?? [])
    }

    package init(id: String, forced: Bool = false, reason: String? = nil, waived: [AgreementRequirement] = []) {
        self.id = id
        self.forced = forced
        self.reason = reason
        self.waived = waived
    }

    package func encode(into b: inout PayloadBuilder) {
        b.set("id", id)
        b.set("forced", forced)
        b.set("reason", reason)
        b.set("waived", waived.isEmpty ? nil : waived)
    }
}

extension DatasetAgreed {
    package static let upcasts: [Int: Upcast] = [
        // v1 → v2: a forced v1 agreement waived the criteria, the only check it had.
        1: { payload throws(PayloadError) in
            guard case .object(var members) = payload else { throw PayloadError("payload is not an object") }
            if members.contains(where: { $0.key == "forced" && $0.value == .bool(true) }) {
                members.append(JSONMember("waived", .array([.string(AgreementRequirement.criteria.rawValue)])))
            }
            return .object(members)
        },
    ]

    package var event: DomainEvent { .datasetAgreed(self) }

    package func summary(personal: Bool) -> String {
        guard forced else { return "agreed dataset \(id)" }
        let without = waived.filter { $0 != .criteria }
        let what = (waived.contains(.criteria) ? ["unmet criteria"] : []) + without.map(\.missingPhrase)
        return "agreed dataset \(id) despite \(what.isEmpty ? "unmet criteria" : EventText.list(what)): \(reason ?? "")"
    }

    package var partnersConcerned: [String] { [] }

    package var visibility: Visibility { .public }
}

extension Model {
    /// Its step in the fold (`Model.apply`, for an event that is not retracted).
    mutating func fold(_ e: DatasetAgreed, sequence seq: Int, day: Day) {
        datasets.update(e.id) { d in
            d.status = .agreed
            d.statusReason = e.reason
            d.agreements.append(seq)
        }
    }
}

/// The dataset stays although unused, so that rounds can be compared over time (§8).
package struct DatasetKept: EventPayload {
    package static let type = "dataset.kept"
    package static let version = 1

    package var id: String
    package var reason: String

    package init(from p: inout PayloadReader) throws(PayloadError) {
        self.init(id: try p.string("id"), reason: try p.string("reason"))
    }

    package init(id: String, reason: String) {
        self.id = id
        self.reason = reason
    }

    package func encode(into b: inout PayloadBuilder) {
        b.set("id", id)
        b.set("reason", reason)
    }
}

extension DatasetKept {
    package static let upcasts: [Int: Upcast] = [:]

    package var event: DomainEvent { .datasetKept(self) }

    package func summary(personal: Bool) -> String {
        return "kept dataset \(id) for comparability: \(reason)"
    }

    package var partnersConcerned: [String] { [] }

    package var visibility: Visibility { .public }
}

extension Model {
    /// Its step in the fold (`Model.apply`, for an event that is not retracted).
    mutating func fold(_ e: DatasetKept, sequence seq: Int, day: Day) {
        datasets.update(e.id) { d in
            d.status = .kept
            d.statusReason = e.reason
        }
    }
}

/// The dataset is no longer collected.
package struct DatasetDropped: EventPayload {
    package static let type = "dataset.dropped"
    package static let version = 1

    package var id: String
    package var reason: String

    package init(from p: inout PayloadReader) throws(PayloadError) {
        self.init(id: try p.string("id"), reason: try p.string("reason"))
    }

    package init(id: String, reason: String) {
        self.id = id
        self.reason = reason
    }

    package func encode(into b: inout PayloadBuilder) {
        b.set("id", id)
        b.set("reason", reason)
    }
}

extension DatasetDropped {
    package static let upcasts: [Int: Upcast] = [:]

    package var event: DomainEvent { .datasetDropped(self) }

    package func summary(personal: Bool) -> String {
        return "dropped dataset \(id): \(reason)"
    }

    package var partnersConcerned: [String] { [] }

    package var visibility: Visibility { .public }
}

extension Model {
    /// Its step in the fold (`Model.apply`, for an event that is not retracted).
    mutating func fold(_ e: DatasetDropped, sequence seq: Int, day: Day) {
        datasets.update(e.id) { d in
            d.status = .dropped
            d.statusReason = e.reason
            d.drops.append(seq)
        }
    }
}

/// A collection round began.
package struct RoundStarted: EventPayload {
    package static let type = "round.started"
    package static let version = 1

    package var number: Int
    package var date: Day

    package init(from p: inout PayloadReader) throws(PayloadError) {
        self.init(number: try p.int("n"), date: try p.day("date"))
    }

    package init(number: Int, date: Day) {
        self.number = number
        self.date = date
    }

    package func encode(into b: inout PayloadBuilder) {
        b.set("n", number)
        b.set("date", date)
    }
}

extension RoundStarted {
    package static let upcasts: [Int: Upcast] = [:]

    package var event: DomainEvent { .roundStarted(self) }

    package func summary(personal: Bool) -> String {
        return "collection round \(number) started on \(date)"
    }

    package var partnersConcerned: [String] { [] }

    package var visibility: Visibility { .public }
}

extension Model {
    /// Its step in the fold (`Model.apply`, for an event that is not retracted).
    mutating func fold(_ e: RoundStarted, sequence seq: Int, day: Day) {
        guard e.number == rounds.count + 1 else { return }
        rounds.append(Round(number: e.number, started: e.date, startSequence: seq))
    }
}

/// A collection round ended: the rounds `unused` judges are the closed ones.
package struct RoundClosed: EventPayload {
    package static let type = "round.closed"
    package static let version = 1

    package var number: Int
    package var date: Day

    package init(from p: inout PayloadReader) throws(PayloadError) {
        self.init(number: try p.int("n"), date: try p.day("date"))
    }

    package init(number: Int, date: Day) {
        self.number = number
        self.date = date
    }

    package func encode(into b: inout PayloadBuilder) {
        b.set("n", number)
        b.set("date", date)
    }
}

extension RoundClosed {
    package static let upcasts: [Int: Upcast] = [:]

    package var event: DomainEvent { .roundClosed(self) }

    package func summary(personal: Bool) -> String {
        return "collection round \(number) closed on \(date)"
    }

    package var partnersConcerned: [String] { [] }

    package var visibility: Visibility { .public }
}

extension Model {
    /// Its step in the fold (`Model.apply`, for an event that is not retracted).
    mutating func fold(_ e: RoundClosed, sequence seq: Int, day: Day) {
        guard e.number >= 1, e.number <= rounds.count, rounds[e.number - 1].closed == nil else { return }
        rounds[e.number - 1].closed = e.date
        rounds[e.number - 1].closeSequence = seq
    }
}

/// Someone analysed a dataset's data from a round.
package struct DatasetAnalysed: EventPayload {
    package static let type = "dataset.analysed"
    package static let version = 1

    package var dataset: String
    package var by: String
    package var round: Int

    package init(from p: inout PayloadReader) throws(PayloadError) {
        self.init(dataset: try p.string("dataset"), by: try p.string("by"), round: try p.int("round"))
    }

    package init(dataset: String, by: String, round: Int) {
        self.dataset = dataset
        self.by = by
        self.round = round
    }

    package func encode(into b: inout PayloadBuilder) {
        b.set("dataset", dataset)
        b.set("by", by)
        b.set("round", round)
    }
}

extension DatasetAnalysed {
    package static let upcasts: [Int: Upcast] = [:]

    package var event: DomainEvent { .datasetAnalysed(self) }

    package func summary(personal: Bool) -> String {
        return "\(by) analysed \(dataset) from round \(round)"
    }

    package var partnersConcerned: [String] { [] }

    package var visibility: Visibility { .public }
}

extension Model {
    /// Its step in the fold (`Model.apply`, for an event that is not retracted).
    mutating func fold(_ e: DatasetAnalysed, sequence seq: Int, day: Day) {
        datasets.update(e.dataset) { d in
            d.analysedIn.insert(e.round)
            let key = RoundParty.analysis(round: e.round, by: e.by)
            if d.analyses[key] == nil { d.analyses[key] = seq }
        }
    }
}

/// A partner reported using a dataset from a round, and for what.
package struct DatasetUsed: EventPayload {
    package static let type = "dataset.used"
    package static let version = 1

    package var dataset: String
    package var partner: String
    package var round: Int
    package var purpose: String

    package init(from p: inout PayloadReader) throws(PayloadError) {
        self.init(dataset: try p.string("dataset"), partner: try p.string("partner"), round: try p.int("round"),
                  purpose: try p.string("for"))
    }

    package init(dataset: String, partner: String, round: Int, purpose: String) {
        self.dataset = dataset
        self.partner = partner
        self.round = round
        self.purpose = purpose
    }

    package func encode(into b: inout PayloadBuilder) {
        b.set("dataset", dataset)
        b.set("partner", partner)
        b.set("round", round)
        b.set("for", purpose)
    }
}

extension DatasetUsed {
    package static let upcasts: [Int: Upcast] = [:]

    package var event: DomainEvent { .datasetUsed(self) }

    package func summary(personal: Bool) -> String {
        return "\(partner) used \(dataset) from round \(round) for \(purpose)"
    }

    package var partnersConcerned: [String] { [partner] }

    package var visibility: Visibility { .public }
}

extension Model {
    /// Its step in the fold (`Model.apply`, for an event that is not retracted).
    mutating func fold(_ e: DatasetUsed, sequence seq: Int, day: Day) {
        var counted = false
        datasets.update(e.dataset) { d in
            let key = RoundParty(round: e.round, party: e.partner)
            // An identical report (recorded before the rule refused it) counts once.
            guard d.useReports[key] == nil else { return }
            d.useReports[key] = seq
            d.uses[e.round, default: 0] += 1
            counted = true
        }
        if counted { engagementByDay[day, default: DayEngagement()].uses += 1 }
    }
}
