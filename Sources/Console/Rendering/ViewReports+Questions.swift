import Engagement
import EventLog

/// The DAP's question columns (docs/process.md, steps 20–22): reply options, the mock-up and
/// who verified it, and the columns of collection and analysis. The `dap` view, `dataset
/// show` and the review show them from here.
extension ViewReports {
    /// "wash (subject-matter, context) 2026-10-12; cp (context) 2026-10-14", or "".
    static func verifiedBy(_ d: Model.Dataset) -> String {
        d.verifications.map { "\($0.partner) (\(list(ids($0.skills)))) \($0.day)" }.joined(separator: "; ")
    }

    static func questionTable(_ datasets: [Model.Dataset]) -> Table {
        Table(
            columns: [.init("dataset", hxl: "#indicator +code", key: "id"),
                      .init("options", hxl: "#indicator +options", key: "options", flexible: true),
                      .init("mock-up", hxl: "#description +mockup", key: "mockup", flexible: true)] + questionColumns,
            rows: datasets.map { d in [.text(d.id), .optional(d.options), .optional(d.mockup)] + questionCells(d) })
    }

    /// The question's columns after its options and mock-up: in the DAP's question table, and
    /// in every dataset's JSON (`dap`, `dataset show`).
    static let questionColumns: [Table.Column] = [
        .init("verified by", hxl: "#org +verified", key: "verifications", flexible: true),
        .init("frequency", hxl: "#meta +frequency", key: "frequency"),
        .init("disaggregation", hxl: "#meta +disaggregation", key: "disaggregation"),
        .init("languages", hxl: "#meta +languages", key: "languages"),
        .init("analysis", hxl: "#description +analysis", key: "analysis", flexible: true),
        .init("to agree", hxl: "#status +missing", key: "to_agree"),
    ]

    /// A dataset's cells in `questionColumns`.
    static func questionCells(_ d: Model.Dataset) -> [Cell] {
        [
            .shown(verifiedBy(d), as: .array(d.verifications.map { v in
                .record(["partner": .text(v.partner), "skills": .list(ids(v.skills)), "date": .day(v.day), "seq": .int(v.sequence)])
            })),
            .optional(d.columns.frequency?.rawValue),
            d.columns.disaggregation.map { .shown(PlanColumns.describe($0), as: .list(ids($0))) } ?? .null,
            d.columns.languages.map { .list($0) } ?? .null,
            .optional(d.columns.analysis),
            .list(d.status == .proposed ? ids(d.agreementGaps) : []),
        ]
    }

    /// The question columns as `dataset show` lists them.
    static func questionFields(_ d: Model.Dataset) -> [(String, String)] {
        var fields: [(String, String)] = [
            ("verified by", d.verifications.isEmpty ? "nobody yet" : verifiedBy(d)),
            ("frequency", d.columns.frequency?.rawValue ?? "not stated"),
            ("disaggregation", d.columns.disaggregation.map(PlanColumns.describe) ?? "not stated"),
            ("languages", d.columns.languages.map(list) ?? "not stated"),
            ("analysis", d.columns.analysis ?? "not stated"),
        ]
        if d.status == .proposed {
            fields.append(("to agree", d.agreementGaps.isEmpty ? "ready" : "needs \(list(ids(d.agreementGaps)))"))
        }
        return fields
    }

    /// The review's part on questions: the same table as the DAP's.
    static func questions(_ model: Model) -> Report {
        let datasets = model.datasetsInOrder.filter { $0.status != .dropped }
        let waiting = datasets.filter { $0.status == .proposed && !$0.agreementGaps.isEmpty }.count
        return Report(title: "Questions: mock-ups, options and verification",
                      summary: ["\(datasets.count) question\(datasets.count == 1 ? "" : "s") proposed or collected; \(waiting) proposed one\(waiting == 1 ? "" : "s") not ready to agree."],
                      sections: [.init(title: "Questions", table: questionTable(datasets), empty: "No datasets proposed yet.",
                                       json: .objects("questions"))])
    }
}
