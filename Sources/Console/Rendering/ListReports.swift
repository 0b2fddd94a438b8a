import Engagement
import EventLog

/// The lists and the show views for one thing, as reports: one table (or a thing's fields),
/// its columns and fields typed and keyed, so every format renders from the same rows. A list's summary
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

    // MARK: partner list

    package static func partners(_ model: Model, filter: PartnerFilter, today: Day) -> Report {
        let rows = model.partnerList(filter, today: today)
        let table = Table(
            columns: [.init("partner", hxl: "#org +id", key: "id"), .init("name", hxl: "#org +name", key: "name", flexible: true),
                      .init("category", hxl: "#org +type", key: "category"), .init("levels", hxl: "#indicator +levels", key: "levels"),
                      .init("status", hxl: "#status", key: "status"),
                      .init("meetings", hxl: "#indicator +meetings +num", key: "meetings", alignRight: true),
                      .init("last met", hxl: "#date +met", key: "last_met"), .init("MoU", hxl: "#status +mou", key: "mou")],
            rows: rows.map { r in
                [.text(r.partner.id), .text(r.partner.name), .text(r.partner.category.rawValue), .list(ids(r.partner.levels)),
                 .text(r.status), .int(r.partner.meetings), .optional(r.partner.lastMet), .text(r.mou.rawValue)]
            })
        let filters = narrowed([("category", filter.category?.rawValue), ("level", filter.level?.rawValue),
                                ("mou", filter.mou?.rawValue), ("met", filter.met.map { $0 ? "yes" : "no" })])
        return Report(title: "Partners as of \(today)", summary: [count(rows.count, "partner") + filters + "."], parts: [
            .fact("as_of", .day(today)),
            .section(.init(title: "Partners", table: table, empty: "None.", json: .objects("partners"))),
        ])
    }

    // MARK: contact list

    /// Exports (`personal: false`) leave contacts' names and e-mails out: only their skills travel.
    package static func contacts(_ model: Model, partner: String?, personal: Bool) -> Report {
        let rows = model.contactList(partner: partner)
        let name = Table.Column("name", hxl: "#contact +name", key: "name"), email = Table.Column("e-mail", hxl: "#contact +email", key: "email")
        let table = Table(
            columns: [.init("partner", hxl: "#org +id", key: "partner"), personal ? name : name.jsonOnly, personal ? email : email.jsonOnly,
                      .init("skills", hxl: "#indicator +skills", key: "skills", flexible: true)],
            rows: rows.map { r in [.text(r.partner), .text(r.contact.name), .optional(r.contact.email), .list(ids(r.contact.skills))] })
        return Report(title: partner.map { "Contacts at \($0)" } ?? "Contacts",
                      summary: [count(rows.count, "current contact") + "."],
                      sections: [.init(title: "Contacts", table: table, empty: "None.", json: .objects("contacts"))])
    }

    // MARK: meeting list, meeting show

    package static func meetings(_ rows: [Model.MeetingRow], filter: MeetingFilter) -> Report {
        let table = Table(
            columns: [.init("seq", hxl: "#meta +seq", key: "seq", alignRight: true), .init("date", hxl: "#date +meeting", key: "date"),
                      .init("kind", hxl: "#activity +kind", key: "kind"), .init("partners", hxl: "#org +id", key: "partners", flexible: true),
                      .init("outcomes", hxl: "#indicator +outcomes", key: "outcomes"),
                      .init("notes", hxl: "#description +notes", key: "notes", flexible: true)],
            rows: rows.map { m in
                [.int(m.sequence), .day(m.date), .text(m.kind.rawValue), .list(m.partners), .list(ids(m.outcomes), separator: ""),
                 .optional(m.notes)]
            })
        let filters = narrowed([("partner", filter.partner), ("kind", filter.kind?.rawValue)])
        let when = period(filter.days)
        return Report(title: "Meetings" + (when.isEmpty ? "" : " \(when)"), summary: [count(rows.count, "meeting") + filters + "."],
                      sections: [.init(title: "Meetings", table: table, empty: "None.", json: .objects("meetings"))])
    }

    package static func meeting(_ m: Model.MeetingRow) -> Report {
        let reached = m.outcomes.map { "(\($0.rawValue)) \($0.meaning)" }
        let missing = Outcome.allCases.filter { !m.outcomes.contains($0) }.map(\.rawValue)
        let fields: [Report.Field] = [
            .init("seq", key: "seq", .shown("#\(m.sequence)", as: .int(m.sequence))), .init("date", key: "date", .day(m.date)),
            .init("kind", key: "kind", .text(m.kind.rawValue)), .init("partners", key: "partners", .list(m.partners)),
            .init("outcomes reached", key: "outcomes", .shown(reached.isEmpty ? "none" : reached.joined(separator: "; "), as: .list(ids(m.outcomes)))),
            .init("still to cover", key: nil, .text(missing.isEmpty ? "none" : list(missing))),
            .init("notes", key: "notes", .shown(m.notes ?? "none", as: .optional(m.notes))),
        ]
        return Report(title: "Meeting #\(m.sequence): \(m.kind.rawValue), \(m.date)", parts: [.fields(title: nil, fields)])
    }

    // MARK: action list

    package static func actions(_ model: Model, filter: ActionFilter, today: Day) -> Report {
        let rows = model.actionList(filter, today: today)
        let table = Table(
            columns: [.init("action", hxl: "#activity +action +id", key: "id"), .init("owner", hxl: "#org +owner", key: "owner"),
                      .init("due", hxl: "#date +due", key: "due"), .init("status", hxl: "#status", key: "status"),
                      .init("text", hxl: "#description", key: "text", flexible: true)],
            each: rows, row: { [.text($0.action.id), .text($0.action.owner), .day($0.action.due), .text($0.status.rawValue), .text($0.action.text)] })
        let filters = narrowed([("owner", filter.owner), ("status", filter.status?.rawValue)])
        return Report(title: "Actions as of \(today)", summary: [count(rows.count, "action") + filters + "."], parts: [
            .fact("as_of", .day(today)),
            .section(.init(title: "Actions", table: table, empty: "None.", json: .objects("actions"))),
        ])
    }

    // MARK: decision list

    package static func decisions(_ model: Model, filter: DecisionFilter) -> Report {
        let rows = model.decisionList(filter)
        let table = Table(
            columns: [.init("seq", hxl: "#meta +seq", key: "seq", alignRight: true), .init("recorded", hxl: "#date +recorded", key: "recorded"),
                      .init("partners", hxl: "#org +id", key: "partners"), .init("about", hxl: "#indicator +code", key: "about"),
                      .init("decision", hxl: "#description", key: "text", flexible: true)],
            each: rows, row: { [.int($0.sequence), .day($0.day), .list($0.partners), .optional($0.about), .text($0.text)] })
        let when = period(filter.days)
        return Report(title: "Decisions" + (when.isEmpty ? "" : " \(when)"),
                      summary: [count(rows.count, "decision") + narrowed([("partner", filter.partner)]) + "."],
                      sections: [.init(title: "Decisions", table: table, empty: "None.", json: .objects("decisions"))])
    }

    // MARK: dataset list, dataset show

    package static func datasets(_ model: Model, filter: DatasetFilter) -> Report {
        let rows = model.datasetList(filter)
        let table = Table(
            columns: [.init("dataset", hxl: "#indicator +code", key: "id"), .init("sector", hxl: "#sector +cluster", key: "sector"),
                      .init("status", hxl: "#status", key: "status"), .init("dissemination", hxl: "#x_dissemination", key: "dissemination"),
                      .init("owner", hxl: "#org +analysis", key: "owner"), .init("criteria met", hxl: "#indicator +criteria +num", key: "criteria"),
                      .init("question", hxl: "#indicator +question", key: "question", flexible: true)],
            rows: rows.map { d in
                [.text(d.id), .text(d.sector), .text(d.status.rawValue), .text(d.dissemination.rawValue), .optional(d.owner?.rawValue),
                 criteriaMet(d), .text(d.question)]
            })
        let filters = narrowed([("sector", filter.sector), ("status", filter.status?.rawValue), ("dissemination", filter.dissemination?.rawValue)])
        return Report(title: "Datasets", summary: [count(rows.count, "dataset") + filters + "."],
                      sections: [.init(title: "Datasets", table: table, empty: "None.", json: .objects("datasets"))])
    }

    /// "3/5" in a table, the criteria met in JSON.
    static func criteriaMet(_ d: Model.Dataset) -> Cell {
        .shown("\(d.criteria.count)/5", as: .list(ids(d.criteria)))
    }

    package static func dataset(_ d: Model.Dataset, model: Model) -> Report {
        /// Words, or `none` in the table for nothing.
        func orNone(_ text: String?) -> Cell { .shown(text ?? "none", as: .optional(text)) }
        /// Names or numbers, "none" (or `nobody`) in the table for none.
        func listed(_ items: [String], json: Cell, none: String = "none") -> Cell { .shown(items.isEmpty ? none : list(items), as: json) }
        let collected = model.roundsCollected(d).map(\.number)
        let used = d.uses.filter { $0.value > 0 }.keys.sorted()
        let analysed = d.analysedIn.sorted()
        let shares = d.shares.map { "\($0.partner) (\($0.modality.rawValue), \($0.day))" }.joined(separator: "; ")
        let fields: [Report.Field] = [
            .init(nil, key: "id", .text(d.id)), .init("sector", key: "sector", .text(d.sector)),
            .init("question", key: "question", .text(d.question)), .init("options", key: "options", orNone(d.options)),
            .init("purpose", key: "purpose", orNone(d.purpose)),
            .init("requested by", key: "requested_by", listed(d.requestedBy, json: .list(d.requestedBy), none: "nobody")),
            .init("analysis owner", key: "owner", orNone(d.owner?.rawValue)),
            .init("dissemination", key: "dissemination", .text(d.dissemination.rawValue)), .init("mock-up", key: "mockup", orNone(d.mockup)),
        ] + questionFields(d).map { .init($0.0, key: nil, .text($0.1)) } + [
            .init("criteria met", key: "criteria", listed(ids(d.criteria), json: .list(ids(d.criteria)))),
            .init("criteria unmet", key: "unmet_criteria", listed(ids(d.unmetCriteria), json: .list(ids(d.unmetCriteria)))),
            .init("status", key: "status", .shown(d.status.rawValue + (d.statusReason.map { ": \($0)" } ?? ""), as: .text(d.status.rawValue))),
            .init(nil, key: "status_reason", .optional(d.statusReason)),
            .init("rounds collected", key: "rounds_collected", listed(collected.map(String.init), json: .ints(collected))),
            .init("rounds used", key: "rounds_used", listed(used.map(String.init), json: .ints(used))),
            .init("rounds analysed", key: "rounds_analysed", listed(analysed.map(String.init), json: .ints(analysed))),
            .init("shared with", key: "shares", .shown(d.shares.isEmpty ? "nobody" : shares, as: .array(d.shares.map { s in
                .record(["partner": .text(s.partner), "modality": .text(s.modality.rawValue), "day": .day(s.day)])
            }))),
        ] + zip(questionColumns, questionCells(d)).map { .init(nil, key: $0.key, $1) }
        return Report(title: "Dataset \(d.id)", parts: [.fields(title: nil, fields)])
    }

    // MARK: feedback show

    /// The status in words, and in JSON the reply's kind alone.
    static func feedbackStatus(_ f: Model.Feedback) -> Cell {
        .shown(status(f), as: .text(f.response?.response.rawValue ?? "open"))
    }

    package static func feedbackItem(_ f: Model.Feedback) -> Report {
        let fields: [Report.Field] = [
            .init("id", key: "id", .text(f.id)), .init("seq", key: "seq", .shown("#\(f.sequence)", as: .int(f.sequence))),
            .init("received", key: "received", .day(f.day)), .init("partner", key: "partner", .text(f.partner)),
            .init("raised by", key: nil, .text(f.source == .community ? "the community, relayed by \(f.partner)" : "the partner")),
            .init("topic", key: "topic", .text(f.topic.rawValue)),
            .init("dataset", key: "dataset", .shown(f.dataset ?? "none", as: .optional(f.dataset))),
            .init("rating", key: "rating", .shown(f.rating.map(String.init) ?? "none", as: .optional(f.rating))),
            .init("feedback", key: "text", .text(f.text)), .init("status", key: "status", feedbackStatus(f)),
            .init(f.response == nil ? nil : "reply", key: "reply", .optional(f.response?.text)),
            .init(nil, key: "planned_for", .optional(f.response?.date)), .init(nil, key: "source", .text(f.source.rawValue)),
        ]
        return Report(title: "Feedback \(f.id) from \(f.partner)", parts: [.fields(title: nil, fields)])
    }
}
