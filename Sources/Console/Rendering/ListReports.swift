import Engagement
import EventLog

/// The lists and the show views for one thing, as reports: one table (or one table of
/// fields) and its JSON twin, so every format renders from the same rows. A list's summary
/// line gives its count, which is what "how many …?" is answered with.
extension ViewReports {
    static func count(_ n: Int, _ noun: String, _ plural: String? = nil) -> String {
        "\(n) \(n == 1 ? noun : (plural ?? noun + "s"))"
    }

    /// "since 2026-10-01 until 2026-10-31", or nothing for all days.
    static func period(_ days: DayRange) -> String {
        [days.since.map { "since \($0)" }, days.until.map { "until \($0)" }].compactMap { $0 }.joined(separator: " ")
    }

    /// What a filtered list is narrowed to, for its summary line: "; category=cluster, met=no".
    static func narrowed(_ pairs: [(String, String?)]) -> String {
        let given = pairs.compactMap { key, value in value.map { "\(key)=\($0)" } }
        return given.isEmpty ? "" : " (\(given.joined(separator: ", ")))"
    }

    /// A table of a thing's fields, for the show views.
    static func fieldTable(_ fields: [(String, String)]) -> Table {
        Table(columns: [.init("field", hxl: "#meta +field"), .init("value", hxl: "#description", flexible: true)],
              rows: fields.map { [$0.0, $0.1] })
    }

    // MARK: partner list

    package static func partners(_ model: Model, filter: PartnerFilter, today: Day) -> Report {
        let rows = model.partnerList(filter, today: today)
        let table = Table(
            columns: [.init("partner", hxl: "#org +id"), .init("name", hxl: "#org +name", flexible: true),
                      .init("category", hxl: "#org +type"), .init("levels", hxl: "#indicator +levels"),
                      .init("status", hxl: "#status"), .init("meetings", hxl: "#indicator +meetings +num", alignRight: true),
                      .init("last met", hxl: "#date +met"), .init("MoU", hxl: "#status +mou")],
            rows: rows.map { r in
                [r.partner.id, r.partner.name, r.partner.category.rawValue, list(ids(r.partner.levels)), r.status,
                 String(r.partner.meetings), r.partner.lastMet?.description ?? "", r.mou.rawValue]
            })
        let json = JSONValue.object([
            "as_of": .string(today.description),
            "partners": .array(rows.map { r in
                .object(["id": .string(r.partner.id), "name": .string(r.partner.name), "category": .string(r.partner.category.rawValue),
                         "levels": .strings(ids(r.partner.levels)), "status": .string(r.status), "meetings": .int(r.partner.meetings),
                         "last_met": .optional(r.partner.lastMet?.description), "mou": .string(r.mou.rawValue)])
            }),
        ])
        let filters = narrowed([("category", filter.category?.rawValue), ("level", filter.level?.rawValue),
                                ("mou", filter.mou?.rawValue), ("met", filter.met.map { $0 ? "yes" : "no" })])
        return Report(title: "Partners as of \(today)", summary: [count(rows.count, "partner") + filters + "."],
                      sections: [.init(title: "Partners", table: table, empty: "None.")], json: json)
    }

    // MARK: contact list

    /// Exports (`personal: false`) leave contacts' names and e-mails out: only their skills travel.
    package static func contacts(_ model: Model, partner: String?, personal: Bool) -> Report {
        let rows = model.contactList(partner: partner)
        var columns: [Table.Column] = [.init("partner", hxl: "#org +id")]
        if personal { columns += [.init("name", hxl: "#contact +name"), .init("e-mail", hxl: "#contact +email")] }
        columns.append(.init("skills", hxl: "#indicator +skills", flexible: true))
        let table = Table(columns: columns, rows: rows.map { r in
            let skills = list(ids(r.contact.skills))
            return personal ? [r.partner, r.contact.name, r.contact.email ?? "", skills] : [r.partner, skills]
        })
        let json = JSONValue.object(["contacts": .array(rows.map { r in
            .object(["partner": .string(r.partner), "name": .string(r.contact.name), "email": .optional(r.contact.email),
                     "skills": .strings(ids(r.contact.skills))])
        })])
        return Report(title: partner.map { "Contacts at \($0)" } ?? "Contacts",
                      summary: [count(rows.count, "current contact") + "."],
                      sections: [.init(title: "Contacts", table: table, empty: "None.")], json: json)
    }

    // MARK: meeting list, meeting show

    package static func meetings(_ rows: [Model.MeetingRow], filter: MeetingFilter) -> Report {
        let table = Table(
            columns: [.init("seq", hxl: "#meta +seq", alignRight: true), .init("date", hxl: "#date +meeting"),
                      .init("kind", hxl: "#activity +kind"), .init("partners", hxl: "#org +id", flexible: true),
                      .init("outcomes", hxl: "#indicator +outcomes"), .init("notes", hxl: "#description +notes", flexible: true)],
            rows: rows.map { m in
                [String(m.sequence), m.date.description, m.kind.rawValue, list(m.partners), m.outcomes.map(\.rawValue).joined(), m.notes ?? ""]
            })
        let json = JSONValue.object(["meetings": .array(rows.map(meetingJSON))])
        let filters = narrowed([("partner", filter.partner), ("kind", filter.kind?.rawValue)])
        let when = period(filter.days)
        return Report(title: "Meetings" + (when.isEmpty ? "" : " \(when)"), summary: [count(rows.count, "meeting") + filters + "."],
                      sections: [.init(title: "Meetings", table: table, empty: "None.")], json: json)
    }

    static func meetingJSON(_ m: Model.MeetingRow) -> JSONValue {
        .object(["seq": .int(m.sequence), "date": .string(m.date.description), "kind": .string(m.kind.rawValue),
                 "partners": .strings(m.partners), "outcomes": .strings(ids(m.outcomes)), "notes": .optional(m.notes)])
    }

    package static func meeting(_ m: Model.MeetingRow) -> Report {
        let reached = m.outcomes.map { "(\($0.rawValue)) \($0.meaning)" }
        let missing = Outcome.allCases.filter { !m.outcomes.contains($0) }.map(\.rawValue)
        let fields: [(String, String)] = [
            ("seq", "#\(m.sequence)"), ("date", m.date.description), ("kind", m.kind.rawValue), ("partners", list(m.partners)),
            ("outcomes reached", reached.isEmpty ? "none" : reached.joined(separator: "; ")),
            ("still to cover", missing.isEmpty ? "none" : list(missing)), ("notes", m.notes ?? "none"),
        ]
        return Report(title: "Meeting #\(m.sequence): \(m.kind.rawValue), \(m.date)",
                      sections: [.init(title: nil, table: fieldTable(fields), empty: nil)], json: meetingJSON(m))
    }

    // MARK: action list

    package static func actions(_ model: Model, filter: ActionFilter, today: Day) -> Report {
        let rows = model.actionList(filter, today: today)
        let table = Table(
            columns: [.init("action", hxl: "#activity +action +id"), .init("owner", hxl: "#org +owner"),
                      .init("due", hxl: "#date +due"), .init("status", hxl: "#status"), .init("text", hxl: "#description", flexible: true)],
            rows: rows.map { [$0.action.id, $0.action.owner, $0.action.due.description, $0.status.rawValue, $0.action.text] })
        let json = JSONValue.object([
            "as_of": .string(today.description),
            "actions": .array(rows.map { r in
                .object(["id": .string(r.action.id), "owner": .string(r.action.owner), "due": .string(r.action.due.description),
                         "status": .string(r.status.rawValue), "text": .string(r.action.text)])
            }),
        ])
        let filters = narrowed([("owner", filter.owner), ("status", filter.status?.rawValue)])
        return Report(title: "Actions as of \(today)", summary: [count(rows.count, "action") + filters + "."],
                      sections: [.init(title: "Actions", table: table, empty: "None.")], json: json)
    }

    // MARK: decision list

    package static func decisions(_ model: Model, filter: DecisionFilter) -> Report {
        let rows = model.decisionList(filter)
        let table = Table(
            columns: [.init("seq", hxl: "#meta +seq", alignRight: true), .init("recorded", hxl: "#date +recorded"),
                      .init("partners", hxl: "#org +id"), .init("about", hxl: "#indicator +code"),
                      .init("decision", hxl: "#description", flexible: true)],
            rows: rows.map { [String($0.sequence), $0.day.description, list($0.partners), $0.about ?? "", $0.text] })
        let json = JSONValue.object(["decisions": .array(rows.map { d in
            .object(["seq": .int(d.sequence), "recorded": .string(d.day.description), "partners": .strings(d.partners),
                     "about": .optional(d.about), "text": .string(d.text)])
        })])
        let when = period(filter.days)
        return Report(title: "Decisions" + (when.isEmpty ? "" : " \(when)"),
                      summary: [count(rows.count, "decision") + narrowed([("partner", filter.partner)]) + "."],
                      sections: [.init(title: "Decisions", table: table, empty: "None.")], json: json)
    }

    // MARK: dataset list, dataset show

    package static func datasets(_ model: Model, filter: DatasetFilter) -> Report {
        let rows = model.datasetList(filter)
        let table = Table(
            columns: [.init("dataset", hxl: "#indicator +code"), .init("sector", hxl: "#sector +cluster"),
                      .init("status", hxl: "#status"), .init("dissemination", hxl: "#x_dissemination"),
                      .init("owner", hxl: "#org +analysis"), .init("criteria met", hxl: "#indicator +criteria +num"),
                      .init("question", hxl: "#indicator +question", flexible: true)],
            rows: rows.map { d in
                [d.id, d.sector, d.status.rawValue, d.dissemination.rawValue, d.owner?.rawValue ?? "", "\(d.criteria.count)/5", d.question]
            })
        let json = JSONValue.object(["datasets": .array(rows.map { d in
            .object(["id": .string(d.id), "sector": .string(d.sector), "status": .string(d.status.rawValue),
                     "dissemination": .string(d.dissemination.rawValue), "owner": .optional(d.owner?.rawValue),
                     "criteria": .strings(ids(d.criteria)), "question": .string(d.question)])
        })])
        let filters = narrowed([("sector", filter.sector), ("status", filter.status?.rawValue), ("dissemination", filter.dissemination?.rawValue)])
        return Report(title: "Datasets", summary: [count(rows.count, "dataset") + filters + "."],
                      sections: [.init(title: "Datasets", table: table, empty: "None.")], json: json)
    }

    package static func dataset(_ d: Model.Dataset, model: Model) -> Report {
        let collected = model.roundsCollected(d).map { String($0.number) }
        let used = d.uses.filter { $0.value > 0 }.keys.sorted().map(String.init)
        let analysed = d.analysedIn.sorted().map(String.init)
        var fields: [(String, String)] = [
            ("sector", d.sector), ("question", d.question), ("options", d.options ?? "none"), ("purpose", d.purpose ?? "none"),
            ("requested by", d.requestedBy.isEmpty ? "nobody" : list(d.requestedBy)), ("analysis owner", d.owner?.rawValue ?? "none"),
            ("dissemination", d.dissemination.rawValue), ("mock-up", d.mockup ?? "none"),
            ("criteria met", d.criteria.isEmpty ? "none" : list(ids(d.criteria))),
            ("criteria unmet", d.unmetCriteria.isEmpty ? "none" : list(ids(d.unmetCriteria))),
            ("status", d.status.rawValue + (d.statusReason.map { ": \($0)" } ?? "")),
            ("rounds collected", collected.isEmpty ? "none" : list(collected)), ("rounds used", used.isEmpty ? "none" : list(used)),
            ("rounds analysed", analysed.isEmpty ? "none" : list(analysed)),
            ("shared with", d.shares.isEmpty ? "nobody" : d.shares.map { "\($0.partner) (\($0.modality.rawValue), \($0.day))" }.joined(separator: "; ")),
        ]
        fields.insert(contentsOf: questionFields(d), at: 8)
        let json = JSONValue.object([
            "id": .string(d.id), "sector": .string(d.sector), "question": .string(d.question), "options": .optional(d.options),
            "purpose": .optional(d.purpose), "requested_by": .strings(d.requestedBy), "owner": .optional(d.owner?.rawValue),
            "dissemination": .string(d.dissemination.rawValue), "mockup": .optional(d.mockup), "criteria": .strings(ids(d.criteria)),
            "unmet_criteria": .strings(ids(d.unmetCriteria)), "status": .string(d.status.rawValue), "status_reason": .optional(d.statusReason),
            "rounds_collected": .array(model.roundsCollected(d).map { .int($0.number) }),
            "rounds_used": .array(d.uses.filter { $0.value > 0 }.keys.sorted().map { .int($0) }),
            "rounds_analysed": .array(d.analysedIn.sorted().map { .int($0) }),
            "shares": .array(d.shares.map { .object(["partner": .string($0.partner), "modality": .string($0.modality.rawValue),
                                                     "day": .string($0.day.description)]) }),
        ]).appending(questionMembers(d))
        return Report(title: "Dataset \(d.id)", sections: [.init(title: nil, table: fieldTable(fields), empty: nil)], json: json)
    }

    // MARK: feedback show

    package static func feedbackItem(_ f: Model.Feedback) -> Report {
        var fields: [(String, String)] = [
            ("id", f.id), ("seq", "#\(f.sequence)"), ("received", f.day.description), ("partner", f.partner),
            ("raised by", f.source == .community ? "the community, relayed by \(f.partner)" : "the partner"), ("topic", f.topic.rawValue),
            ("dataset", f.dataset ?? "none"), ("rating", f.rating.map(String.init) ?? "none"), ("feedback", f.text),
            ("status", status(f)),
        ]
        if let r = f.response { fields.append(("reply", r.text)) }
        let json = JSONValue.object([
            "id": .string(f.id), "seq": .int(f.sequence), "received": .string(f.day.description), "partner": .string(f.partner),
            "topic": .string(f.topic.rawValue), "dataset": .optional(f.dataset), "rating": .optional(f.rating), "text": .string(f.text),
            "status": .string(f.response?.response.rawValue ?? "open"), "reply": .optional(f.response?.text),
            "planned_for": .optional(f.response?.date?.description),
        ]).appending([("source", .string(f.source.rawValue))])
        return Report(title: "Feedback \(f.id) from \(f.partner)", sections: [.init(title: nil, table: fieldTable(fields), empty: nil)],
                      json: json)
    }
}
