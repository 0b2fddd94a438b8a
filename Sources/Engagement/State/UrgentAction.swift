/// The Process for Urgent Action as the log records it (docs/process.md, urgent action):
/// the coordinator's set-ups, in the order recorded, the trainings held, and the urgent
/// reports made — only their facts, never the person or the incident.
package struct UrgentAction: Equatable, Sendable, Codable {
    package struct SetUp: Equatable, Sendable, Codable {
        /// The day it applies from.
        package var date: Day
        package var mode: UrgentMode
        package var pathways: Bool
        package var reason: String?
        package var sequence: Int
    }

    package struct Training: Equatable, Sendable, Codable {
        package var date: Day
        package var topic: TrainingTopic
        package var partners: [String]
        package var places: [String]
        package var sequence: Int
    }

    package struct Report: Equatable, Sendable, Codable {
        package var date: Day
        package var kind: UrgentKind
        package var dataset: String?
        package var to: String?
        package var service: ReferralService?
        package var consent: Consent?
        package var sequence: Int
    }

    package var setups: [SetUp] = []
    package var trainings: [Training] = []
    package var reports: [Report] = []

    package init() {}

    /// The set-up that applies on `day`: the latest dated on or before it (of two on one
    /// day, the one recorded last). A report is judged against this one, so a later change
    /// of mode neither condemns nor excuses it.
    package func setUp(on day: Day) -> SetUp? {
        setups.filter { $0.date <= day }.max { ($0.date, $0.sequence) < ($1.date, $1.sequence) }
    }

    /// The set-up as it stands now: the last one recorded.
    package var current: SetUp? { setups.last }
}

/// The response DTM supports, as last set.
package struct ResponseFrame: Equatable, Sendable, Codable {
    package var name: String
    package var country: String
    package var body: ResponseBody
    package var since: Day?
    package var sequence: Int

    /// "Flood response 2026, Nigeria (led by the cluster system, since 2026-09-01)"
    package var line: String {
        "\(name), \(country) (led by \(Self.phrase(body))\(since.map { ", since \($0)" } ?? ""))"
    }

    /// Who leads it, in words.
    package static func phrase(_ body: ResponseBody) -> String {
        switch body {
        case .cluster: "the cluster system"
        case .hct: "the Humanitarian Country Team"
        case .government: "the government"
        case .interCluster: "an inter-cluster forum"
        case .other: "another arrangement"
        }
    }
}
