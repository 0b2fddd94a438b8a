import Engagement
import EventLog

/// The response's frame and the Process for Urgent Action, as the plan and the review show
/// them (JSON shapes in docs/events.md).
extension ViewReports {
    /// "Response: Flood response 2026, Nigeria (led by the cluster system, since 2026-08-20)."
    static func responseLine(_ model: Model) -> String {
        model.response.map { "Response: \($0.line)." } ?? "Response: not set ('response set')."
    }

    /// The response's frame for scripts (`response` in the plan's and the review's JSON).
    static func response(_ model: Model) -> Cell {
        guard let r = model.response else { return .null }
        return .record(["name": .text(r.name), "country": .text(r.country), "body": .text(r.body.rawValue), "since": .optional(r.since)])
    }

    /// The urgent-action section: the set-up in force, trainings, reports (counted, for
    /// those who may read them) and what needs attention; and the same facts for scripts
    /// (`urgent_action`), as numbers and lists rather than sentences.
    static func urgentSection(_ model: Model, today: Day) -> (section: Report.Section, facts: Cell) {
        let u = model.urgent
        let setUp = u.setUp(on: today) ?? u.current
        let trainings = u.trainings.filter { $0.topic == .urgentAction && $0.date <= today }
        let reports = u.reports.filter { $0.date <= today }
        let lifeSaving = reports.filter { $0.kind == .lifeSaving }
        let referrals = lifeSaving.filter { $0.to != nil }
        let attention = model.urgentAttention(today: today)
        var rows: [[String]] = []
        if let setUp {
            // One dated after the view's day is not in force yet: say so, as the needs-attention lines do.
            let when = setUp.date > today ? "not in force until \(setUp.date)" : "from \(setUp.date)"
            rows.append(["setup", "mode \(setUp.mode.rawValue) \(when); referral pathways \(setUp.pathways ? "known" : "not yet known")"
                         + " (\(u.setups.count) setup\(u.setups.count == 1 ? "" : "s") recorded)"])
        } else {
            rows.append(["setup", "none recorded ('urgent setup')"])
        }
        rows.append(["training", trainings.isEmpty ? "no urgent-action training recorded"
                     : "\(trainings.count) urgent-action training\(trainings.count == 1 ? "" : "s"), the last on \(trainings.map(\.date).max()!)"])
        rows.append(["reports", "\(reports.count - lifeSaving.count) organisational, \(lifeSaving.count) life-saving "
                     + "(\(referrals.count) referred)"])
        for item in attention { rows.append(["needs attention", item.detail]) }
        let table = Table(columns: [.init("what", hxl: "#meta +item"), .init("detail", hxl: "#description", flexible: true)], rows: rows)
        let facts = Cell.record([
            "mode": .optional(setUp?.mode.rawValue),
            "mode_since": .optional(setUp?.date),
            "pathways": setUp.map { .bool($0.pathways) } ?? .null,
            "setups": .int(u.setups.count),
            "urgent_action_trainings": .int(trainings.count),
            "reports": .record(["organisational": .int(reports.count - lifeSaving.count), "life_saving": .int(lifeSaving.count),
                                "referred": .int(referrals.count)]),
            "needs_attention": .list(attention.map(\.detail)),
        ])
        return (Report.Section(title: "Urgent action", table: table, empty: nil), facts)
    }

    /// The review's part on the response and urgent action.
    static func urgentReview(_ model: Model, today: Day) -> Report {
        let urgent = urgentSection(model, today: today)
        let trainings = Table(
            columns: [.init("date", hxl: "#date"), .init("topic", hxl: "#indicator +topic"), .init("partners", hxl: "#org +id", flexible: true),
                      .init("places", hxl: "#adm1 +name", flexible: true)],
            rows: model.urgent.trainings.filter { $0.date <= today }.sorted { ($0.date, $0.sequence) < ($1.date, $1.sequence) }
                .map { [$0.date.description, $0.topic.rawValue, list($0.partners), list($0.places)] })
        return Report(title: "Response and urgent action", summary: [responseLine(model)], parts: [
            .fact("response", response(model)),
            .section(urgent.section),
            .fact("urgent_action", urgent.facts),
            .section(.init(title: "Trainings (oldest first)", table: trainings, empty: "No training recorded ('training').")),
        ])
    }
}
