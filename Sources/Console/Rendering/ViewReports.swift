import Application
import Engagement
import EventLog

/// The views as reports (JSON shapes in docs/events.md): what the model says, laid out for people (text, md),
/// for spreadsheets (csv with HXL hashtags) and for scripts (json), from one description: each
/// table's columns say where its cells go in the JSON, and facts for scripts only are parts of
/// the report.
///
/// `personal: false` (csv, md) leaves contacts' names and e-mails out: exports travel.
package enum ViewReports {
    static func list(_ items: [String]) -> String { items.joined(separator: ", ") }
    static func ids<T: FixedIdentifier>(_ items: [T]) -> [String] { items.map(\.rawValue) }

    // MARK: plan

    package static func plan(_ model: Model, today: Day) -> Report {
        let partners = model.partnersInOrder
        let overdue = model.overdue(today: today)
        let overdueIDs = Set(overdue.actions.map(\.id))
        let met = partners.filter { $0.firstMet != nil }.count
        let agreed = model.datasets.values.filter(\.isCollected).count
        var summary = ["Phase: \(model.phase). \(partners.count) partners mapped, \(met) met; "
                       + "\(model.datasets.count) datasets proposed, \(agreed) being collected; \(model.rounds.count) round\(model.rounds.count == 1 ? "" : "s")."]
        let attention = model.attentionCounts(today: today)
        summary.append(attention.isEmpty ? "Nothing needs attention as of \(today)." : "Needs attention: " + list(attention) + ".")
        summary.append(responseLine(model))
        let urgent = urgentSection(model, today: today)

        let partnerTable = Table(
            columns: [.init("partner", hxl: "#org +id", key: "id"), .init("name", hxl: "#org +name", key: "name", flexible: true),
                      .init("category", hxl: "#org +type", key: "category"), .init("status", hxl: "#status", key: "status"),
                      .init("outcomes", hxl: "#indicator +outcomes", key: "outcomes"), .init("MoU", hxl: "#status +mou", key: "mou")],
            each: partners, row: { p in
                [.text(p.id), .text(p.name), .text(p.category.rawValue), .text(model.status(of: p)),
                 .list(p.outcomes.sorted().map(\.rawValue), separator: ""),
                 .shown(p.mou.map { $0.inForce(on: today) ? "in force" : "lapsed" } ?? "none", as: .bool(p.mou?.inForce(on: today) ?? false))]
            })
        let milestoneTable = Table(
            columns: [.init("milestone", hxl: "#activity +id", key: "id"), .init("title", hxl: "#activity +name", key: "title", flexible: true),
                      .init("date", hxl: "#date +planned", key: "date"),
                      .init("moves", hxl: "#indicator +moves +num", key: "moves", alignRight: true),
                      .init("status", hxl: "#status", key: "done"),
                      .init("not notified", hxl: "#org +unnotified", key: "unnotified", flexible: true)],
            each: model.milestonesInOrder, row: { m in
                [.text(m.id), .text(m.title), .day(m.date), .int(m.moves),
                 .shown(m.done ? "done" : (m.date < today ? "past due" : "planned"), as: .bool(m.done)), .list(model.unnotified(m))]
            })
        let actionTable = Table(
            columns: [.init("action", hxl: "#activity +action +id", key: "id"), .init("owner", hxl: "#org +owner"),
                      .init("due", hxl: "#date +due"), .init("status", hxl: "#status"), .init("text", hxl: "#description", flexible: true)],
            each: model.openActions, row: { a in
                [.text(a.id), .text(a.owner), .day(a.due), .text(overdueIDs.contains(a.id) ? "overdue" : "open"), .text(a.text)]
            })
        let disagreementTable = Table(
            columns: [.init("disagreement", hxl: "#meta +disagreement +id", key: "id"), .init("partners", hxl: "#org +id"),
                      .init("text", hxl: "#description", flexible: true)],
            rows: model.openDisagreements.map { [.text($0.id), .list($0.partners), .text($0.text)] })
        let reportTable = Table(
            columns: [.init("report", hxl: "#meta +report +id", key: "id"), .init("date", hxl: "#date +published", key: "date"),
                      .init("channel", hxl: "#channel", key: "channel"),
                      .init("datasets", hxl: "#indicator +code", key: "datasets", flexible: true),
                      .init("checklist missing", hxl: "#status +missing", key: "checklist_missing")],
            rows: model.publications.values.map { r in
                [.text(r.id), .day(r.day), .text(r.channel.rawValue), .list(r.datasets.map(\.dataset)), .list(ids(r.missingChecks))]
            })
        let interpretationTable = Table(
            columns: [.init("round", hxl: "#indicator +round", key: "round"), .init("date", hxl: "#date", key: "date"),
                      .init("partners", hxl: "#org +id", key: "partners"), .init("skills", hxl: "#indicator +skills", key: "skills"),
                      .init("datasets", hxl: "#indicator +code", key: "datasets", flexible: true)],
            rows: model.interpretations.map { i in [.int(i.round), .day(i.day), .list(i.partners), .list(ids(i.skills)), .list(i.datasets)] })

        return Report(title: "Plan as of \(today)", summary: summary, parts: [
            .fact("as_of", .day(today)),
            .fact("phase", .text(model.phase)),
            .section(.init(title: "Partners", table: partnerTable, empty: "No partners mapped yet ('partner add').", json: .objects("partners"))),
            .section(.init(title: "Milestones", table: milestoneTable, empty: "No milestones set.", json: .objects("milestones"))),
            .fact("overdue_actions", .list(overdue.actions.map(\.id))),
            .section(.init(title: "Open actions", table: actionTable, empty: "No open actions.", json: .values("open_actions", of: "id"))),
            .section(.init(title: "Open disagreements", table: disagreementTable, empty: "None.", json: .values("open_disagreements", of: "id"))),
            .section(.init(title: "Feedback awaiting a reply", table: feedbackTable(model.unaddressedFeedback), empty: "None.",
                           json: .values("open_feedback", of: "id"))),
            .fact("response", response(model)),
            .section(urgent.section),
            .fact("urgent_action", urgent.facts),
            .section(.init(title: "Reports", table: reportTable, empty: "No report published yet ('report publish').", json: .objects("reports"))),
            .section(.init(title: "Joint interpretations", table: interpretationTable, empty: "None yet ('interpretation').",
                           json: .objects("interpretations"))),
        ])
    }

    // MARK: unused

    package static func unused(_ model: Model, rounds: Int) -> Report {
        let unused = model.unused(rounds: rounds)
        let dropTable = Table(
            columns: [.init("dataset", hxl: "#indicator +code", key: "dataset"), .init("sector", hxl: "#sector +cluster"),
                      .init("reasons", hxl: "#status +reasons", key: "reasons"), .json("rounds"), .json("unmet_criteria"),
                      .init("evidence", hxl: "#description", key: "evidence", flexible: true)],
            rows: unused.drop.map { d in
                [.text(d.dataset), .text(model.datasets[d.dataset]?.sector ?? ""), .list(d.reasons, separator: ","), .ints(d.rounds),
                 .list(ids(d.unmet)), .text(d.evidence)]
            })
        let keptTable = Table(
            columns: [.init("dataset", hxl: "#indicator +code", key: "dataset"), .init("reason", hxl: "#description", flexible: true)],
            rows: unused.kept.map { [.text($0.dataset), .text($0.reason)] })
        let closed = model.rounds.filter { $0.closed != nil }.count
        let summary = "\(unused.drop.count) dataset\(unused.drop.count == 1 ? "" : "s") to drop, judged on the last \(rounds) closed round\(rounds == 1 ? "" : "s") in which each was collected (\(closed) closed so far)."
        return Report(title: "Datasets to drop", summary: [summary], parts: [
            .fact("rounds", .int(rounds)),
            .section(.init(title: "Drop candidates", table: dropTable, empty: "None: every dataset being collected is used, analysed and justified.",
                           json: .objects("drop"))),
            .section(.init(title: "Kept for comparability", table: keptTable, empty: "None.", json: .values("kept", of: "dataset"))),
        ])
    }

    // MARK: dap

    package static func dap(_ model: Model) -> Report {
        let datasets = model.datasetsInOrder
        let table = Table(
            columns: [.init("dataset", hxl: "#indicator +code", key: "id"), .init("sector", hxl: "#sector +cluster", key: "sector"),
                      .init("question", hxl: "#indicator +question", key: "question", flexible: true), .json("options"),
                      .init("purpose", hxl: "#description +purpose", key: "purpose", flexible: true),
                      .init("requested by", hxl: "#org +requested", key: "requested_by"), .init("owner", hxl: "#org +analysis", key: "owner"),
                      .init("dissemination", hxl: "#x_dissemination", key: "dissemination"), .json("mockup"),
                      .init("criteria met", hxl: "#indicator +criteria +num", key: "criteria"), .json("unmet_criteria"),
                      .init("status", hxl: "#status", key: "status"), .json("status_reason"), .json("rounds_collected"),
                      .init("rounds used", hxl: "#indicator +rounds_used +num", key: "rounds_used", alignRight: true), .json("rounds_analysed")]
                + questionColumns.map(\.jsonOnly),
            rows: datasets.map { d in
                let used = d.uses.filter { $0.value > 0 }.keys.sorted()
                return [.text(d.id), .text(d.sector), .text(d.question), .optional(d.options), .optional(d.purpose), .list(d.requestedBy),
                        .optional(d.owner?.rawValue), .text(d.dissemination.rawValue), .optional(d.mockup), criteriaMet(d),
                        .list(ids(d.unmetCriteria)), .text(d.status.rawValue), .optional(d.statusReason),
                        .ints(model.roundsCollected(d).map(\.number)), .shown(String(used.count), as: .ints(used)), .ints(d.analysedIn.sorted())]
                    + questionCells(d)
            })
        let agreed = datasets.filter(\.isCollected).count
        return Report(title: "Data Analysis Plan", summary: ["\(datasets.count) datasets, \(agreed) agreed for collection."],
                      sections: [.init(title: "Datasets", table: table, empty: "No datasets proposed yet ('dataset propose').",
                                       json: .objects("datasets")),
                                 .init(title: "Questions: options, mock-ups, verification, collection and analysis", table: questionTable(datasets),
                                       empty: "No datasets proposed yet ('dataset propose').")])
    }

    // MARK: partner show

    package static func partner(_ partner: Model.Partner, model: Model, events: ArraySlice<RecordedEvent>, today: Day, personal: Bool) -> Report {
        let requested = model.datasetsInOrder.filter { $0.requestedBy.contains(partner.id) }.map(\.id)
        let timeline = events.filter { $0.event.partners.contains(partner.id) || concerns($0.event, partner: partner.id, model: model) }
        var used: [String] = []
        for e in timeline where model.retracted[e.sequence] == nil {
            if case .datasetUsed(let u) = e.event, u.partner == partner.id, !used.contains(u.dataset) { used.append(u.dataset) }
        }
        let mou: String = partner.mou.map { m in
            let until = m.ended.map { ", ended \($0)" } ?? (m.expires.map { ", expires \($0)" } ?? "")
            return "\(m.inForce(on: today) ? "in force" : "not in force") (signed \(m.signed)\(until)): \(m.scope)"
        } ?? "none"
        let contacts: String
        if personal {
            let each = partner.contacts.map { c in
                c.shownName + (c.email.map { " <\($0)>" } ?? "") + (c.skills.isEmpty ? "" : " (\(list(ids(c.skills))))")
            }
            contacts = each.isEmpty ? "none" : each.joined(separator: "; ")
        } else {
            let skills = Set(partner.contacts.flatMap(\.skills))
            contacts = "\(partner.contacts.count) (skills: \(skills.isEmpty ? "none" : list(Skill.allCases.filter(skills.contains).map(\.rawValue))))"
        }
        let outcomes = partner.outcomes.sorted().map(\.rawValue)
        let fields: [Report.Field] = [
            .init(nil, key: "id", .text(partner.id)), .init("name", key: "name", .text(partner.name)),
            .init("category", key: "category", .text(partner.category.rawValue)), .init("levels", key: "levels", .list(ids(partner.levels))),
            .init("contacts", key: nil, .text(contacts)), .init("status", key: "status", .text(model.status(of: partner))),
            .init("mapped", key: nil, .day(partner.mapped)),
            .init("approach", key: nil, .text(partner.approach.map { "\($0.how), by \($0.by)" } ?? "not planned")),
            .init("meetings", key: nil, .text(partner.meetings == 0 ? "none" : "\(partner.meetings), last \(partner.lastMet!)")),
            .init("outcomes", key: "outcomes", .shown(outcomes.isEmpty ? "none yet" : "\(list(outcomes)) reached", as: .list(outcomes))),
            .init(nil, key: "meetings", .int(partner.meetings)),
            .init("needs", key: nil, .text(partner.needsSubmitted > 0 ? "submitted \(partner.needsSubmitted)×"
                                            : (partner.needsRequest.map { "requested, reply by \($0.by)" } ?? "not requested"))),
            .init("MoU", key: "mou_in_force", .shown(mou, as: .bool(partner.mou?.inForce(on: today) ?? false))),
            .init("datasets requested", key: "datasets_requested", .shown(requested.isEmpty ? "none" : list(requested), as: .list(requested))),
            .init("datasets used", key: "datasets_used", .shown(used.isEmpty ? "none" : list(used), as: .list(used))),
            .init("feedback", key: "feedback", .int(partner.feedback)),
            .init(nil, key: "contacts", .array(partner.contacts.map { c in
                .record(["name": .text(c.shownName), "email": .optional(c.email), "skills": .list(ids(c.skills))])
            })),
        ]
        let timelineTable = Table(
            columns: [.init("seq", hxl: "#meta +seq", key: "seq", alignRight: true), .init("date", hxl: "#date +recorded"), .json("ts"),
                      .json("type"), .init("what", hxl: "#description", flexible: true), .json("summary"), .json("retracted")],
            rows: timeline.map { e in
                var what = e.event.summary(personal: personal)
                if let by = model.retracted[e.sequence] { what = "[retracted by #\(by)] " + what }
                return [.int(e.sequence), .day(Day(e.timestamp)), .text(e.timestamp.description), .text(e.event.type), .text(what),
                        .text(e.event.summary()), .bool(model.retracted[e.sequence] != nil)]
            })
        return Report(title: "\(partner.id) — \(partner.name)", parts: [
            .fields(title: "Dossier", fields),
            .section(.init(title: "Timeline", table: timelineTable, empty: "Nothing recorded yet.", json: .objects("timeline"))),
        ])
    }

    /// Events that name the partner indirectly: answers to its feedback.
    private static func concerns(_ event: DomainEvent, partner: String, model: Model) -> Bool {
        if case .feedbackAddressed(let e) = event { return model.feedback[e.id]?.partner == partner }
        return false
    }

    // MARK: feedback list

    /// Feedback, one row each; in JSON the status is the reply's kind alone, after the text,
    /// with the day a planned reply is due beside it.
    static func feedbackTable(_ items: some Collection<Model.Feedback>) -> Table {
        Table(
            columns: [.init("id", hxl: "#meta +feedback +id", key: "id"), .json("seq"), .init("received", hxl: "#date +received", key: "received"),
                      .init("partner", hxl: "#org +id", key: "partner"), .init("topic", hxl: "#indicator +topic", key: "topic"),
                      .init("dataset", hxl: "#indicator +code", key: "dataset"),
                      .init("rating", hxl: "#indicator +rating +num", key: "rating", alignRight: true),
                      .init("status", hxl: "#status"), .init("feedback", hxl: "#description", key: "text", flexible: true), .json("status"),
                      .init("reply", hxl: "#description +reply", key: "reply", flexible: true), .json("planned_for"), .json("source")],
            each: items, row: { f in
                [.text(f.id), .int(f.sequence), .day(f.day), .text(f.partner), .text(f.topic.rawValue), .optional(f.dataset), .optional(f.rating),
                 .text(status(f)), .text(f.text), .text(f.response?.response.rawValue ?? "open"), .optional(f.response?.text),
                 .optional(f.response?.date), .text(f.source.rawValue)]
            })
    }

    /// "open", "planned 2026-10-20", "answered", …
    static func status(_ f: Model.Feedback) -> String {
        guard let r = f.response else { return "open" }
        if r.response == .planned, let date = r.date { return "planned \(date)" }
        return r.response.rawValue
    }

    package static func feedback(_ model: Model, filter: FeedbackFilter) -> Report {
        let items = model.feedbackList(filter)
        let partner = filter.partner
        var byTopic: [String: Int] = [:]
        var received = 0, open = 0
        for f in items {
            byTopic[f.topic.rawValue, default: 0] += 1
            received += 1
            if f.awaitsReply { open += 1 }
        }
        let topics = FeedbackTopic.allCases.compactMap { t in byTopic[t.rawValue].map { "\(t.rawValue) \($0)" } }
        return Report(title: partner.map { "Feedback from \($0)" } ?? "Feedback",
                      summary: ["\(received) received, \(open) awaiting a reply"
                                + narrowed([("topic", filter.topic?.rawValue), ("status", filter.status?.rawValue)])
                                + (topics.isEmpty ? "." : "; by topic: \(list(topics)).")],
                      sections: [.init(title: "Feedback", table: feedbackTable(items), empty: "No feedback yet.", json: .objects("feedback"))])
    }

    // MARK: sharing

    package static func sharing(_ model: Model, today: Day) -> Report {
        // The shares breaking a rule are made as the table is written, and counted first: a
        // large log has hundreds of thousands.
        var violations = 0
        model.forEachSharingViolation(today: today) { _ in violations += 1 }
        let published = model.publicationViolations(today: today)
        let reportTable = Table(
            columns: [.init("report", hxl: "#meta +report +id", key: "report"), .init("channel", hxl: "#channel", key: "channel"),
                      .init("dataset", hxl: "#indicator +code", key: "dataset"), .init("dissemination", hxl: "#x_dissemination", key: "dissemination"),
                      .json("day"), .json("sequence"), .init("reason", hxl: "#description", key: "reason", flexible: true)],
            rows: published.map { v in
                [.text(v.report), .text(v.channel.rawValue), .text(v.dataset), .text(v.dissemination.rawValue), .day(v.day), .int(v.sequence),
                 .text(v.reason)]
            })
        let table = Table(
            columns: [.init("dataset", hxl: "#indicator +code", key: "dataset"), .init("dissemination", hxl: "#x_dissemination"),
                      .init("partner", hxl: "#org +id", key: "partner"), .json("day"), .json("sequence"),
                      .init("reason", hxl: "#description", key: "reason", flexible: true)],
            rows: .init(each: { row in
                model.forEachSharingViolation(today: today) { v in
                    row([.text(v.dataset), .text(model.datasets[v.dataset]?.dissemination.rawValue ?? ""), .text(v.partner), .day(v.day),
                         .int(v.sequence), .text(v.reason)])
                }
            }))
        let summary = violations == 0
            ? "No violations: every confidential or urgent-action dataset went only to partners with an MoU covering it on the day."
            : "\(violations) violation\(violations == 1 ? "" : "s"): confidential or urgent-action data shared without an MoU covering it on the day."
        let reports = published.isEmpty
            ? "No report that anyone may read (public, hdx) holds a confidential or urgent-action dataset."
            : "\(published.count) confidential or urgent-action dataset\(published.count == 1 ? "" : "s") in public or HDX reports."
        return Report(title: "Data sharing as of \(today)", summary: [summary, reports], parts: [
            .fact("as_of", .day(today)),
            .section(.init(title: "Violations", table: table, empty: "None.", json: .objects("violations"))),
            .section(.init(title: "Reports open to anyone holding confidential data", table: reportTable, empty: "None.",
                           json: .objects("report_violations"))),
        ])
    }

    // MARK: schedule

    package static func schedule(_ model: Model) -> Report {
        let changes = model.scheduleChanges()
        let table = Table(
            columns: [.init("milestone", hxl: "#activity +id", key: "milestone"), .json("title"), .init("date", hxl: "#date +planned", key: "date"),
                      .init("was", hxl: "#date +original", key: "original_date"),
                      .init("moves", hxl: "#indicator +moves +num", key: "moves", alignRight: true),
                      .init("reason", hxl: "#description +reason", key: "reason", flexible: true), .json("affected"),
                      .init("not notified", hxl: "#org +unnotified", key: "unnotified", flexible: true)],
            each: changes, row: { c in
                [.text(c.milestone.id), .text(c.milestone.title), .day(c.milestone.date), .day(c.milestone.originalDate), .int(c.milestone.moves),
                 .optional(c.milestone.lastReason), .list(c.affected), .shown(c.unnotified.isEmpty ? "—" : list(c.unnotified), as: .list(c.unnotified))]
            })
        var moved = 0, pending = 0
        for change in changes {
            moved += 1
            if !change.unnotified.isEmpty { pending += 1 }
        }
        return Report(title: "Schedule changes",
                      summary: ["\(moved) milestone\(moved == 1 ? "" : "s") moved; \(pending) not yet notified to every partner met before the move."],
                      sections: [.init(title: "Moved milestones", table: table, empty: "No milestone has moved.", json: .objects("changes"))])
    }

    // MARK: overdue

    package static func overdue(_ model: Model, today: Day) -> Report {
        let overdue = model.overdue(today: today)
        // What goes stale, by the rules the needs-attention list gathers these kinds from
        // (`Model.needsAttention`), each written once: asked of them alone, not of the whole
        // list, which on a large log holds hundreds of thousands of other items.
        let stale = model.staleApproaches(today: today), replies = model.lateReplies(today: today)
        let expiring = model.expiringMoUs(today: today), notOnHDX = model.datasetsNotOnHDX(today: today)
        func late(_ day: Day) -> Cell { .int(Int(today.daysSinceEpoch - day.daysSinceEpoch)) }
        let actions = Table(
            columns: [.init("action", hxl: "#activity +action +id", key: "id"), .init("owner", hxl: "#org +owner", key: "owner"),
                      .init("due", hxl: "#date +due", key: "due"), .init("days late", hxl: "#indicator +days_late +num", key: "days_late", alignRight: true),
                      .init("text", hxl: "#description", key: "text", flexible: true)],
            rows: overdue.actions.map { [.text($0.id), .text($0.owner), .day($0.due), late($0.due), .text($0.text)] })
        let needs = Table(
            columns: [.init("partner", hxl: "#org +id", key: "partner"), .init("reply by", hxl: "#date +due", key: "by"),
                      .init("days late", hxl: "#indicator +days_late +num", key: "days_late", alignRight: true)],
            rows: overdue.needs.map { [.text($0.partner), .day($0.by), late($0.by)] })
        let approaches = Table(
            columns: [.init("partner", hxl: "#org +id", key: "partner"), .init("by", hxl: "#date +due", key: "by"),
                      .init("days late", hxl: "#indicator +days_late +num", key: "days_late", alignRight: true)],
            rows: stale.map { [.text($0.partner), .day($0.by), .int($0.daysLate)] })
        let replyTable = Table(
            columns: [.init("feedback", hxl: "#meta +feedback +id", key: "feedback"), .init("partner", hxl: "#org +id", key: "partner"),
                      .init("planned for", hxl: "#date +due", key: "date"),
                      .init("days late", hxl: "#indicator +days_late +num", key: "days_late", alignRight: true)],
            rows: replies.map { [.text($0.feedback), .text($0.partner), .day($0.date), .int($0.daysLate)] })
        let mouTable = Table(
            columns: [.init("partner", hxl: "#org +id", key: "partner"), .init("last day", hxl: "#date +end", key: "last_day"),
                      .init("days left", hxl: "#indicator +days_left +num", key: "days_left", alignRight: true),
                      .init("confidential datasets", hxl: "#indicator +code", key: "datasets", flexible: true)],
            rows: expiring.map { [.text($0.partner), .day($0.lastDay), .int($0.daysLeft), .list($0.datasets)] })
        let hdxTable = Table(
            columns: [.init("dataset", hxl: "#indicator +code", key: "dataset"), .init("round", hxl: "#indicator +round", key: "round"),
                      .init("round closed", hxl: "#date +closed", key: "closed"), .init("due on HDX", hxl: "#date +due", key: "due"),
                      .init("days late", hxl: "#indicator +days_late +num", key: "days_late", alignRight: true)],
            rows: notOnHDX.map { [.text($0.dataset), .int($0.round), .day($0.closed), .day($0.due), .int($0.daysLate)] })
        func count(_ n: Int, _ one: String, _ many: String) -> String { "\(n) \(n == 1 ? one : many)" }
        return Report(title: "Overdue as of \(today)",
                      summary: ["\(overdue.actions.count) action\(overdue.actions.count == 1 ? "" : "s") past due; \(overdue.needs.count) partner\(overdue.needs.count == 1 ? "" : "s") late with information needs.",
                                "\(count(stale.count, "approach plan", "approach plans")) past due with no meeting; "
                                + "\(count(replies.count, "planned reply", "planned replies")) past due; "
                                + "\(count(expiring.count, "MoU", "MoUs")) covering confidential data lapsing within 30 days; "
                                + "\(count(notOnHDX.count, "public dataset", "public datasets")) not on HDX within \(Model.hdxDays) days of \(notOnHDX.count == 1 ? "its" : "their") round's close."],
                      parts: [.fact("as_of", .day(today)),
                              .section(.init(title: "Actions past due", table: actions, empty: "None.", json: .objects("actions"))),
                              .section(.init(title: "Information needs not submitted", table: needs, empty: "None.", json: .objects("needs"))),
                              .section(.init(title: "Approach plans past due with no meeting since", table: approaches, empty: "None.",
                                             json: .objects("approaches"))),
                              .section(.init(title: "Planned replies to feedback past due", table: replyTable, empty: "None.",
                                             json: .objects("planned_replies"))),
                              .section(.init(title: "MoUs lapsing within 30 days while confidential data flows", table: mouTable, empty: "None.",
                                             json: .objects("expiring_mous"))),
                              .section(.init(title: "Public datasets not on HDX within \(Model.hdxDays) days of their round's close", table: hdxTable,
                                             empty: "None.", json: .objects("not_on_hdx")))])
    }

    // MARK: member list

    package static func members(_ model: Model) -> Report {
        let table = Table(
            columns: [.init("user", hxl: "#contact +user", key: "user"), .init("role", hxl: "#status +role", key: "role"),
                      .init("partner", hxl: "#org +id", key: "partner"), .init("since", hxl: "#meta +seq", key: "since", alignRight: true)],
            rows: model.members.map { [.text($0.user), .text($0.role.rawValue), .optional($0.partner), .shown("#\($0.since)", as: .int($0.since))] })
        let summary = model.members.isEmpty
            ? "No members yet: whoever records first becomes the log's coordinator."
            : "\(model.members.count) member\(model.members.count == 1 ? "" : "s"). Authorisation is by name: file permissions keep out those who should not write at all."
        return Report(title: "Members", summary: [summary],
                      sections: [.init(title: "Members", table: table, empty: "None.", json: .objects("members"))])
    }

    /// `verify`: the chain checked, as one line, and its JSON twin.
    static func verify(_ report: VerifyReport, checkpoint: Session.CheckpointCheck, location: String) -> Report {
        var title: String
        if let damage = report.damage {
            title = "verify: FAILED — \(location): \(damage). The \(report.count) records before it are sound."
        } else {
            let last = report.count == 0 ? "the log is empty" : "last #\(report.count), hash \(report.lastHash.shortDescription)"
            title = "verify: OK — \(location): \(report.count) records, chain intact (\(last))."
        }
        var ok = report.damage == nil
        var checked: (sequence: Int, matches: Bool)?
        switch checkpoint {
        case .none:
            break
        case .matches(let sequence):
            checked = (sequence, true)
        case .differs(let sequence):
            ok = false
            checked = (sequence, false)
            title = "verify: FAILED — \(location): the chain is intact, but the checkpoint beside it (at #\(sequence)) is not the state the log gives: it was altered, and is removed."
        case .beyondLog(let sequence, let logEnds):
            ok = false
            checked = (sequence, false)
            title = "verify: FAILED — \(location): the checkpoint proves the log held #\(sequence), but it ends at #\(logEnds): records after #\(logEnds) were cut."
        }
        var parts: [Report.Part] = [.fact("ok", .bool(ok)), .fact("records", .int(report.count)), .fact("last_hash", .text(report.lastHash.description))]
        if let damage = report.damage {
            parts.append(.fact("damage", .record(["sequence": .int(damage.sequence), "line": .int(damage.line), "problem": .text(damage.description)])))
        }
        if let checked {
            parts.append(.fact("checkpoint", .record(["sequence": .int(checked.sequence), "matches": .bool(checked.matches)])))
        }
        return Report(title: title, parts: parts)
    }
}
