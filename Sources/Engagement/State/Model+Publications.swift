/// The state of reports and joint interpretations: what went out, on which channel, and who
/// read the results together.
extension Model {
    /// A dataset in a report, with the dissemination category it had on the day the report
    /// was recorded: a report is judged as it went out, as a share is.
    package struct PublishedDataset: Equatable, Sendable, Codable {
        package var dataset: String
        package var dissemination: Dissemination
    }

    package struct Publication: Equatable, Sendable, Identifiable, Codable {
        package var id: String
        package var title: String
        /// The day it was published (`date=`).
        package var day: Day
        package var sequence: Int
        package var channel: ReportChannel
        package var datasets: [PublishedDataset]
        package var partners: [String]
        package var checklist: [ReportCheck]

        /// The checklist items it was published without, in the checklist's order.
        package var missingChecks: [ReportCheck] { ReportCheck.allCases.filter { !checklist.contains($0) } }
    }

    /// A joint reading of a round's results.
    package struct Interpretation: Equatable, Sendable, Codable {
        package var day: Day
        package var round: Int
        package var datasets: [String]
        package var partners: [String]
        package var skills: [Skill]
        package var sequence: Int
    }
}
