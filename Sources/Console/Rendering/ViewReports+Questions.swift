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

    /// What `dataset agree` still needs, for a proposed dataset: "mockup, verification".
    static func toAgree(_ d: Model.Dataset) -> String {
        d.status == .proposed ? list(ids(d.agreementGaps)) : ""
    }

    static func questionTable(_ datasets: [Model.Dataset]) -> Table {
        Table(
            columns: [.init("dataset", hxl: "#indicator +code"), .init("options", hxl: "#indicator +options", flexible: true),
                      .init("mock-up", hxl: "#description +mockup", flexible: true), .init("verified by", hxl: "#org +verified", flexible: true),
                      .init("frequency", hxl: "#meta +frequency"), .init("disaggregation", hxl: "#meta +disaggregation"),
                      .init("languages", hxl: "#meta +languages"), .init("analysis", hxl: "#description +analysis", flexible: true),
                      .init("to agree", hxl: "#status +missing")],
            rows: datasets.map { d in
                [d.id, d.options ?? "", d.mockup ?? "", verifiedBy(d), d.columns.frequency?.rawValue ?? "",
                 d.columns.disaggregation.map(PlanColumns.describe) ?? "", d.columns.languages.map(list) ?? "", d.columns.analysis ?? "",
                 toAgree(d)]
            })
    }

    /// The question columns' JSON members, added to a dataset's object.
    static func questionMembers(_ d: Model.Dataset) -> [(String, JSONValue)] {
        [
            ("verifications", .array(d.verifications.map { v in
                .object(["partner": .string(v.partner), "skills": .strings(ids(v.skills)), "date": .string(v.day.description), "seq": .int(v.sequence)])
            })),
            ("frequency", .optional(d.columns.frequency?.rawValue)),
            ("disaggregation", d.columns.disaggregation.map { .strings(ids($0)) } ?? .null),
            ("languages", d.columns.languages.map { .strings($0) } ?? .null),
            ("analysis", .optional(d.columns.analysis)),
            ("to_agree", .strings(d.status == .proposed ? ids(d.agreementGaps) : [])),
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
        let json = JSONValue.array(datasets.map { d in
            .object([JSONMember("id", .string(d.id)), JSONMember("options", .optional(d.options)), JSONMember("mockup", .optional(d.mockup))]
                    + questionMembers(d).map { JSONMember($0.0, $0.1) })
        })
        return Report(title: "Questions: mock-ups, options and verification",
                      summary: ["\(datasets.count) question\(datasets.count == 1 ? "" : "s") proposed or collected; \(waiting) proposed one\(waiting == 1 ? "" : "s") not ready to agree."],
                      sections: [.init(title: "Questions", table: questionTable(datasets), empty: "No datasets proposed yet.")],
                      json: json)
    }
}

extension JSONValue {
    /// The object with `members` appended (a view's JSON gaining keys at its end).
    func appending(_ members: [(String, JSONValue)]) -> JSONValue {
        guard case .object(let existing) = self else { return self }
        return .object(existing + members.map { JSONMember($0.0, $0.1) })
    }
}
