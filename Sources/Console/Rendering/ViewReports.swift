import Application
import Engagement
import EventLog

/// The views as reports (JSON shapes in docs/events.md): what the model says, laid out for people (text, md),
/// for spreadsheets (csv with HXL hashtags) and for scripts (json).
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
        let attention = Model.attentionCounts(model.needsAttention(today: today))
        summary.append(attention.isEmpty ? "Nothing needs attention as of \(today)." : "Needs attention: " + list(attention) + ".")
        summary.append(responseLine(model))
        let urgent = urgentSection(model, today: today)

        let partnerTable = Table(
            columns: [.init("partner", hxl: "#org +id"), .init("name", hxl: "#org +name", flexible: true),
                      .init("category", hxl: "#org +type"), .init("status", hxl: "#status"),
                      .init("outcomes", hxl: "#indicator +outcomes"), .init("MoU", hxl: "#status +mou")],
            rows: partners.map { p in
                [p.id, p.name, p.category.rawValue, model.status(of: p), p.outcomes.sorted().map(\.rawValue).joined(),
                 p.mou.map { $0.inForce(on: today) ? "in force" : "lapsed" } ?? "none"]
            })
        let milestoneTable = Table(
            columns: [.init("milestone", hxl: "#activity +id"), .init("title", hxl: "#activity +name", flexible: true),
                      .init("date", hxl: "#date +planned"), .init("moves", hxl: "#indicator +moves +num", alignRight: true),
                      .init("status", hxl: "#status"), .init("not notified", hxl: "#org +unnotified", flexible: true)],
            rows: model.milestonesInOrder.map { m in
                [m.id, m.title, m.date.description, String(m.moves), m.done ? "done" : (m.date < today ? "past due" : "planned"),
                 list(model.unnotified(m))]
            })
        let actionTable = Table(
            columns: [.init("action", hxl: "#activity +action +id"), .init("owner", hxl: "#org +owner"),
                      .init("due", hxl: "#date +due"), .init("status", hxl: "#status"), .init("text", hxl: "#description", flexible: true)],
            rows: model.openActions.map { a in [a.id, a.owner, a.due.description, overdueIDs.contains(a.id) ? "overdue" : "open", a.text] })
        let disagreementTable = Table(
            columns: [.init("disagreement", hxl: "#meta +disagreement +id"), .init("partners", hxl: "#org +id"),
                      .init("text", hxl: "#description", flexible: true)],
            rows: model.openDisagreements.map { [$0.id, list($0.partners), $0.text] })
        let feedbackTable = feedbackTable(model.unaddressedFeedback)
        let reportTable = Table(
            columns: [.init("report", hxl: "#meta +report +id"), .init("date", hxl: "#date +published"), .init("channel", hxl: "#channel"),
                      .init("datasets", hxl: "#indicator +code", flexible: true), .init("checklist missing", hxl: "#status +missing")],
            rows: model.publications.values.map { r in
                [r.id, r.day.description, r.channel.rawValue, list(r.datasets.map(\.dataset)), list(ids(r.missingChecks))]
            })
        let interpretationTable = Table(
            columns: [.init("round", hxl: "#indicator +round"), .init("date", hxl: "#date"), .init("partners", hxl: "#org +id"),
                      .init("skills", hxl: "#indicator +skills"), .init("datasets", hxl: "#indicator +code", flexible: true)],
            rows: model.interpretations.map { i in [String(i.round), i.day.description, list(i.partners), list(ids(i.skills)), list(i.datasets)] })

        let json = JSONValue.object([
            "as_of": .string(today.description),
            "phase": .string(model.phase),
            "partners": .array(partners.map { p in
                .object([
                    "id": .string(p.id), "name": .string(p.name), "category": .string(p.category.rawValue),
                    "status": .string(model.status(of: p)), "outcomes": .strings(p.outcomes.sorted().map(\.rawValue)),
                    "mou": .bool(p.mou?.inForce(on: today) ?? false),
                ])
            }),
            "milestones": .array(model.milestonesInOrder.map { m in
                .object(["id": .string(m.id), "title": .string(m.title), "date": .string(m.date.description),
                         "moves": .int(m.moves), "done": .bool(m.done), "unnotified": .strings(model.unnotified(m))])
            }),
            "overdue_actions": .strings(overdue.actions.map(\.id)),
            "open_actions": .strings(model.openActions.map(\.id)),
            "open_disagreements": .strings(model.openDisagreements.map(\.id)),
            "open_feedback": .strings(model.unaddressedFeedback.map(\.id)),
            "response": responseJSON(model),
            "urgent_action": urgent.json,
            "reports": .array(model.publications.values.map { r in
                .object(["id": .string(r.id), "date": .string(r.day.description), "channel": .string(r.channel.rawValue),
                         "datasets": .strings(r.datasets.map(\.dataset)), "checklist_missing": .strings(ids(r.missingChecks))])
            }),
            "interpretations": .array(model.interpretations.map { i in
                .object(["round": .int(i.round), "date": .string(i.day.description), "partners": .strings(i.partners),
                         "skills": .strings(ids(i.skills)), "datasets": .strings(i.datasets)])
            }),
        ])
        return Report(title: "Plan as of \(today)", summary: summary, sections: [
            .init(title: "Partners", table: partnerTable, empty: "No partners mapped yet ('partner add').") ,
            .init(title: "Milestones", table: milestoneTable, empty: "No milestones set."),
            .init(title: "Open actions", table: actionTable, empty: "No open actions."),
            .init(title: "Open disagreements", table: disagreementTable, empty: "None."),
            .init(title: "Feedback awaiting a reply", table: feedbackTable, empty: "None."),
            urgent.section,
            .init(title: "Reports", table: reportTable, empty: "No report published yet ('report publish')."),
            .init(title: "Joint interpretations", table: interpretationTable, empty: "None yet ('interpretation')."),
        ], json: json)
    }

    // MARK: unused

    package static func unused(_ model: Model, rounds: Int) -> Report {
        let unused = model.unused(rounds: rounds)
        let dropTable = Table(
            columns: [.init("dataset", hxl: "#indicator +code"), .init("sector", hxl: "#sector +cluster"),
                      .init("reasons", hxl: "#status +reasons"), .init("evidence", hxl: "#description", flexible: true)],
            rows: unused.drop.map { d in [d.dataset, model.datasets[d.dataset]?.sector ?? "", d.reasons.joined(separator: ","), d.evidence] })
        let keptTable = Table(
            columns: [.init("dataset", hxl: "#indicator +code"), .init("reason", hxl: "#description", flexible: true)],
            rows: unused.kept.map { [$0.dataset, $0.reason] })
        let json = JSONValue.object([
            "rounds": .int(rounds),
            "drop": .array(unused.drop.map { d in
                .object(["dataset": .string(d.dataset), "reasons": .strings(d.reasons), "rounds": .array(d.rounds.map { .int($0) }),
                         "unmet_criteria": .strings(ids(d.unmet)), "evidence": .string(d.evidence)])
            }),
            "kept": .strings(unused.kept.map(\.dataset)),
        ])
        let closed = model.rounds.filter { $0.closed != nil }.count
        let summary = "\(unused.drop.count) dataset\(unused.drop.count == 1 ? "" : "s") to drop, judged on the last \(rounds) closed round\(rounds == 1 ? "" : "s") in which each was collected (\(closed) closed so far)."
        return Report(title: "Datasets to drop", summary: [summary], sections: [
            .init(title: "Drop candidates", table: dropTable, empty: "None: every dataset being collected is used, analysed and justified."),
            .init(title: "Kept for comparability", table: keptTable, empty: "None."),
        ], json: json)
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
        var facts: [(String, String)] = [
            ("name", partner.name), ("category", partner.category.rawValue), ("levels", list(ids(partner.levels))),
            ("status", model.status(of: partner)), ("mapped", partner.mapped.description),
            ("approach", partner.approach.map { "\($0.how), by \($0.by)" } ?? "not planned"),
            ("meetings", partner.meetings == 0 ? "none" : "\(partner.meetings), last \(partner.lastMet!)"),
            ("outcomes", partner.outcomes.isEmpty ? "none yet" : "\(list(partner.outcomes.sorted().map(\.rawValue))) reached"),
            ("needs", partner.needsSubmitted > 0 ? "submitted \(partner.needsSubmitted)×" : (partner.needsRequest.map { "requested, reply by \($0.by)" } ?? "not requested")),
            ("MoU", mou), ("datasets requested", requested.isEmpty ? "none" : list(requested)),
            ("datasets used", used.isEmpty ? "none" : list(used)), ("feedback", String(partner.feedback)),
        ]
        if personal {
            let contacts = partner.contacts.map { c in
                c.shownName + (c.email.map { " <\($0)>" } ?? "") + (c.skills.isEmpty ? "" : " (\(list(ids(c.skills))))")
            }
            facts.insert(("contacts", contacts.isEmpty ? "none" : contacts.joined(separator: "; ")), at: 3)
        } else {
            let skills = Set(partner.contacts.flatMap(\.skills))
            facts.insert(("contacts", "\(partner.contacts.count) (skills: \(skills.isEmpty ? "none" : list(Skill.allCases.filter(skills.contains).map(\.rawValue))))"), at: 3)
        }
        let factTable = Table(columns: [.init("field", hxl: "#meta +field"), .init("value", hxl: "#description", flexible: true)],
                              rows: facts.map { [$0.0, $0.1] })
        let timelineTable = Table(
            columns: [.init("seq", hxl: "#meta +seq", alignRight: true), .init("date", hxl: "#date +recorded"),
                      .init("what", hxl: "#description", flexible: true)],
            rows: timeline.map { e in
                var what = e.event.summary(personal: personal)
                if let by = model.retracted[e.sequence] { what = "[retracted by #\(by)] " + what }
                return [String(e.sequence), Day(e.timestamp).description, what]
            })
        var members: [JSONMember] = [
            JSONMember("id", .string(partner.id)), JSONMember("name", .string(partner.name)),
            JSONMember("category", .string(partner.category.rawValue)), JSONMember("levels", .strings(ids(partner.levels))),
            JSONMember("status", .string(model.status(of: partner))), JSONMember("outcomes", .strings(partner.outcomes.sorted().map(\.rawValue))),
            JSONMember("meetings", .int(partner.meetings)), JSONMember("mou_in_force", .bool(partner.mou?.inForce(on: today) ?? false)),
            JSONMember("datasets_requested", .strings(requested)), JSONMember("datasets_used", .strings(used)),
            JSONMember("feedback", .int(partner.feedback)),
        ]
        members.append(JSONMember("contacts", .array(partner.contacts.map { c in
            .object(["name": .string(c.shownName), "email": .optional(c.email), "skills": .strings(ids(c.skills))])
        })))
        members.append(JSONMember("timeline", .array(timeline.map { e in
            .object(["seq": .int(e.sequence), "ts": .string(e.timestamp.description), "type": .string(e.event.type),
                     "summary": .string(e.event.summary()), "retracted": .bool(model.retracted[e.sequence] != nil)])
        })))
        return Report(title: "\(partner.id) — \(partner.name)", sections: [
            .init(title: "Dossier", table: factTable, empty: ""),
            .init(title: "Timeline", table: timelineTable, empty: "Nothing recorded yet."),
        ], json: .object(members))
    }

    /// Events that name the partner indirectly: answers to its feedback.
    private static func concerns(_ event: DomainEvent, partner: String, model: Model) -> Bool {
        if case .feedbackAddressed(let e) = event { return model.feedback[e.id]?.partner == partner }
        return false
    }

    // MARK: feedback list

    /// Feedback, one row each; in JSON the status is the reply's kind alone, after the text,
    /// with the day a planned reply is due beside it.
    static func feedbackTable(_ items: [Model.Feedback]) -> Table {
        Table(
            columns: [.init("id", hxl: "#meta +feedback +id", key: "id"), .json("seq"), .init("received", hxl: "#date +received", key: "received"),
                      .init("partner", hxl: "#org +id", key: "partner"), .init("topic", hxl: "#indicator +topic", key: "topic"),
                      .init("dataset", hxl: "#indicator +code", key: "dataset"),
                      .init("rating", hxl: "#indicator +rating +num", key: "rating", alignRight: true),
                      .init("status", hxl: "#status"), .init("feedback", hxl: "#description", key: "text", flexible: true), .json("status"),
                      .init("reply", hxl: "#description +reply", key: "reply", flexible: true), .json("planned_for"), .json("source")],
            rows: items.map { f in
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
        for f in items { byTopic[f.topic.rawValue, default: 0] += 1 }
        let open = items.filter { $0.response == nil }.count
        let topics = FeedbackTopic.allCases.compactMap { t in byTopic[t.rawValue].map { "\(t.rawValue) \($0)" } }
        return Report(title: partner.map { "Feedback from \($0)" } ?? "Feedback",
                      summary: ["\(items.count) received, \(open) awaiting a reply"
                                + narrowed([("topic", filter.topic?.rawValue), ("status", filter.status?.rawValue)])
                                + (topics.isEmpty ? "." : "; by topic: \(list(topics)).")],
                      sections: [.init(title: "Feedback", table: feedbackTable(items), empty: "No feedback yet.", json: .objects("feedback"))])
    }

    // MARK: sharing

    package static func sharing(_ model: Model, today: Day) -> Report {
        let violations = model.sharingViolations(today: today)
        let published = model.publicationViolations(today: today)
        let reportTable = Table(
            columns: [.init("report", hxl: "#meta +report +id"), .init("channel", hxl: "#channel"),
                      .init("dataset", hxl: "#indicator +code"), .init("dissemination", hxl: "#x_dissemination"),
                      .init("reason", hxl: "#description", flexible: true)],
            rows: published.map { [$0.report, $0.channel.rawValue, $0.dataset, $0.dissemination.rawValue, $0.reason] })
        let table = Table(
            columns: [.init("dataset", hxl: "#indicator +code"), .init("dissemination", hxl: "#x_dissemination"),
                      .init("partner", hxl: "#org +id"), .init("reason", hxl: "#description", flexible: true)],
            rows: violations.map { [$0.dataset, model.datasets[$0.dataset]?.dissemination.rawValue ?? "", $0.partner, $0.reason] })
        let json = JSONValue.object(["as_of": .string(today.description), "violations": .array(violations.map { v in
            .object(["dataset": .string(v.dataset), "partner": .string(v.partner), "day": .string(v.day.description),
                     "sequence": .int(v.sequence), "reason": .string(v.reason)])
        }), "report_violations": .array(published.map { v in
            .object(["report": .string(v.report), "channel": .string(v.channel.rawValue), "dataset": .string(v.dataset),
                     "dissemination": .string(v.dissemination.rawValue), "day": .string(v.day.description),
                     "sequence": .int(v.sequence), "reason": .string(v.reason)])
        })])
        let summary = violations.isEmpty
            ? "No violations: every confidential or urgent-action dataset went only to partners with an MoU covering it on the day."
            : "\(violations.count) violation\(violations.count == 1 ? "" : "s"): confidential or urgent-action data shared without an MoU covering it on the day."
        let reports = published.isEmpty
            ? "No report that anyone may read (public, hdx) holds a confidential or urgent-action dataset."
            : "\(published.count) confidential or urgent-action dataset\(published.count == 1 ? "" : "s") in public or HDX reports."
        return Report(title: "Data sharing as of \(today)", summary: [summary, reports],
                      sections: [.init(title: "Violations", table: table, empty: "None."),
                                 .init(title: "Reports open to anyone holding confidential data", table: reportTable, empty: "None.")],
                      json: json)
    }

    // MARK: schedule

    package static func schedule(_ model: Model) -> Report {
        let changes = model.scheduleChanges()
        let table = Table(
            columns: [.init("milestone", hxl: "#activity +id"), .init("date", hxl: "#date +planned"),
                      .init("was", hxl: "#date +original"), .init("moves", hxl: "#indicator +moves +num", alignRight: true),
                      .init("reason", hxl: "#description +reason", flexible: true), .init("not notified", hxl: "#org +unnotified", flexible: true)],
            rows: changes.map { c in
                [c.milestone.id, c.milestone.date.description, c.milestone.originalDate.description, String(c.milestone.moves),
                 c.milestone.lastReason ?? "", c.unnotified.isEmpty ? "—" : list(c.unnotified)]
            })
        let json = JSONValue.object(["changes": .array(changes.map { c in
            .object(["milestone": .string(c.milestone.id), "title": .string(c.milestone.title), "date": .string(c.milestone.date.description),
                     "original_date": .string(c.milestone.originalDate.description), "moves": .int(c.milestone.moves),
                     "reason": .optional(c.milestone.lastReason), "affected": .strings(c.affected), "unnotified": .strings(c.unnotified)])
        })])
        let pending = changes.filter { !$0.unnotified.isEmpty }.count
        return Report(title: "Schedule changes",
                      summary: ["\(changes.count) milestone\(changes.count == 1 ? "" : "s") moved; \(pending) not yet notified to every partner met before the move."],
                      sections: [.init(title: "Moved milestones", table: table, empty: "No milestone has moved.")], json: json)
    }

    // MARK: overdue

    package static func overdue(_ model: Model, today: Day) -> Report {
        let overdue = model.overdue(today: today)
        // What goes stale, from the one needs-attention list (its rules are written there once).
        var stale: [Model.StaleApproach] = [], replies: [Model.LateReply] = [], expiring: [Model.ExpiringMoU] = []
        var notOnHDX: [Model.NotOnHDX] = []
        for item in model.needsAttention(today: today) {
            switch item {
            case .staleApproach(let a): stale.append(a)
            case .lateReply(let r): replies.append(r)
            case .expiringMoU(let m): expiring.append(m)
            case .notOnHDX(let n): notOnHDX.append(n)
            default: break
            }
        }
        func late(_ day: Day) -> String { String(today.daysSinceEpoch - day.daysSinceEpoch) }
        let actions = Table(
            columns: [.init("action", hxl: "#activity +action +id"), .init("owner", hxl: "#org +owner"), .init("due", hxl: "#date +due"),
                      .init("days late", hxl: "#indicator +days_late +num", alignRight: true), .init("text", hxl: "#description", flexible: true)],
            rows: overdue.actions.map { [$0.id, $0.owner, $0.due.description, late($0.due), $0.text] })
        let needs = Table(
            columns: [.init("partner", hxl: "#org +id"), .init("reply by", hxl: "#date +due"),
                      .init("days late", hxl: "#indicator +days_late +num", alignRight: true)],
            rows: overdue.needs.map { [$0.partner, $0.by.description, late($0.by)] })
        let approaches = Table(
            columns: [.init("partner", hxl: "#org +id"), .init("by", hxl: "#date +due"),
                      .init("days late", hxl: "#indicator +days_late +num", alignRight: true)],
            rows: stale.map { [$0.partner, $0.by.description, String($0.daysLate)] })
        let replyTable = Table(
            columns: [.init("feedback", hxl: "#meta +feedback +id"), .init("partner", hxl: "#org +id"),
                      .init("planned for", hxl: "#date +due"), .init("days late", hxl: "#indicator +days_late +num", alignRight: true)],
            rows: replies.map { [$0.feedback, $0.partner, $0.date.description, String($0.daysLate)] })
        let mouTable = Table(
            columns: [.init("partner", hxl: "#org +id"), .init("last day", hxl: "#date +end"),
                      .init("days left", hxl: "#indicator +days_left +num", alignRight: true),
                      .init("confidential datasets", hxl: "#indicator +code", flexible: true)],
            rows: expiring.map { [$0.partner, $0.lastDay.description, String($0.daysLeft), list($0.datasets)] })
        let hdxTable = Table(
            columns: [.init("dataset", hxl: "#indicator +code"), .init("round", hxl: "#indicator +round"),
                      .init("round closed", hxl: "#date +closed"), .init("due on HDX", hxl: "#date +due"),
                      .init("days late", hxl: "#indicator +days_late +num", alignRight: true)],
            rows: notOnHDX.map { [$0.dataset, String($0.round), $0.closed.description, $0.due.description, String($0.daysLate)] })
        let json = JSONValue.object([
            "as_of": .string(today.description),
            "actions": .array(overdue.actions.map { a in
                .object(["id": .string(a.id), "owner": .string(a.owner), "due": .string(a.due.description),
                         "days_late": .int(Int(today.daysSinceEpoch - a.due.daysSinceEpoch)), "text": .string(a.text)])
            }),
            "needs": .array(overdue.needs.map { n in
                .object(["partner": .string(n.partner), "by": .string(n.by.description),
                         "days_late": .int(Int(today.daysSinceEpoch - n.by.daysSinceEpoch))])
            }),
            "approaches": .array(stale.map { a in
                .object(["partner": .string(a.partner), "by": .string(a.by.description), "days_late": .int(a.daysLate)])
            }),
            "planned_replies": .array(replies.map { r in
                .object(["feedback": .string(r.feedback), "partner": .string(r.partner), "date": .string(r.date.description),
                         "days_late": .int(r.daysLate)])
            }),
            "expiring_mous": .array(expiring.map { m in
                .object(["partner": .string(m.partner), "last_day": .string(m.lastDay.description), "days_left": .int(m.daysLeft),
                         "datasets": .strings(m.datasets)])
            }),
            "not_on_hdx": .array(notOnHDX.map { n in
                .object(["dataset": .string(n.dataset), "round": .int(n.round), "closed": .string(n.closed.description),
                         "due": .string(n.due.description), "days_late": .int(n.daysLate)])
            }),
        ])
        func count(_ n: Int, _ one: String, _ many: String) -> String { "\(n) \(n == 1 ? one : many)" }
        return Report(title: "Overdue as of \(today)",
                      summary: ["\(overdue.actions.count) action\(overdue.actions.count == 1 ? "" : "s") past due; \(overdue.needs.count) partner\(overdue.needs.count == 1 ? "" : "s") late with information needs.",
                                "\(count(stale.count, "approach plan", "approach plans")) past due with no meeting; "
                                + "\(count(replies.count, "planned reply", "planned replies")) past due; "
                                + "\(count(expiring.count, "MoU", "MoUs")) covering confidential data lapsing within 30 days; "
                                + "\(count(notOnHDX.count, "public dataset", "public datasets")) not on HDX within \(Model.hdxDays) days of \(notOnHDX.count == 1 ? "its" : "their") round's close."],
                      sections: [.init(title: "Actions past due", table: actions, empty: "None."),
                                 .init(title: "Information needs not submitted", table: needs, empty: "None."),
                                 .init(title: "Approach plans past due with no meeting since", table: approaches, empty: "None."),
                                 .init(title: "Planned replies to feedback past due", table: replyTable, empty: "None."),
                                 .init(title: "MoUs lapsing within 30 days while confidential data flows", table: mouTable, empty: "None."),
                                 .init(title: "Public datasets not on HDX within \(Model.hdxDays) days of their round's close", table: hdxTable,
                                       empty: "None.")], json: json)
    }

    // MARK: member list

    package static func members(_ model: Model) -> Report {
        let table = Table(
            columns: [.init("user", hxl: "#contact +user"), .init("role", hxl: "#status +role"),
                      .init("partner", hxl: "#org +id"), .init("since", hxl: "#meta +seq", alignRight: true)],
            rows: model.members.map { [$0.user, $0.role.rawValue, $0.partner ?? "", "#\($0.since)"] })
        let json = JSONValue.object(["members": .array(model.members.map { m in
            .object(["user": .string(m.user), "role": .string(m.role.rawValue), "partner": .optional(m.partner), "since": .int(m.since)])
        })])
        let summary = model.members.isEmpty
            ? "No members yet: whoever records first becomes the log's coordinator."
            : "\(model.members.count) member\(model.members.count == 1 ? "" : "s"). Authorisation is by name: file permissions keep out those who should not write at all."
        return Report(title: "Members", summary: [summary],
                      sections: [.init(title: "Members", table: table, empty: "None.")], json: json)
    }

    /// `verify`: the chain checked, as one line, and its JSON twin.
    static func verify(_ report: VerifyReport, checkpoint: Session.CheckpointCheck, location: String) -> Report {
        var members = [JSONMember("ok", .bool(report.damage == nil)), JSONMember("records", .int(report.count)),
                       JSONMember("last_hash", .string(report.lastHash.description))]
        let line: String
        if let damage = report.damage {
            members.append(JSONMember("damage", .object([
                JSONMember("sequence", .int(damage.sequence)), JSONMember("line", .int(damage.line)),
                JSONMember("problem", .string(damage.description)),
            ])))
            line = "verify: FAILED — \(location): \(damage). The \(report.count) records before it are sound."
        } else {
            let last = report.count == 0 ? "the log is empty" : "last #\(report.count), hash \(report.lastHash.shortDescription)"
            line = "verify: OK — \(location): \(report.count) records, chain intact (\(last))."
        }
        switch checkpoint {
        case .none:
            return Report(title: line, json: .object(members))
        case .matches(let sequence):
            members.append(JSONMember("checkpoint", .object(["sequence": .int(sequence), "matches": .bool(true)])))
            return Report(title: line, json: .object(members))
        case .differs(let sequence):
            members[0] = JSONMember("ok", .bool(false))
            members.append(JSONMember("checkpoint", .object(["sequence": .int(sequence), "matches": .bool(false)])))
            return Report(title: "verify: FAILED — \(location): the chain is intact, but the checkpoint beside it (at #\(sequence)) is not the state the log gives: it was altered, and is removed.",
                          json: .object(members))
        case .beyondLog(let sequence, let logEnds):
            members[0] = JSONMember("ok", .bool(false))
            members.append(JSONMember("checkpoint", .object(["sequence": .int(sequence), "matches": .bool(false)])))
            return Report(title: "verify: FAILED — \(location): the checkpoint proves the log held #\(sequence), but it ends at #\(logEnds): records after #\(logEnds) were cut.",
                          json: .object(members))
        }
    }
}
