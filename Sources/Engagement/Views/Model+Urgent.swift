/// What needs attention in the Process for Urgent Action (docs/process.md, urgent action),
/// each judged as of its own day.
extension Model {
    /// A life-saving report that the set-up in force on its day did not allow as recorded.
    package struct UrgentReportOutsideMode: Equatable, Sendable {
        package enum Problem: Equatable, Sendable {
            /// Marked as a referral (`to=`) while enumerators only inform.
            case referralUnderInform(to: String)
            /// Under mode `refer`, without `consent=yes`.
            case withoutConsent(Consent?)
            /// No set-up applied on its day.
            case noSetUp
        }
        package var sequence: Int
        package var date: Day
        package var problem: Problem
    }

    /// A dataset of the urgent-action category agreed for collection while no urgent set-up
    /// exists.
    package struct UrgentDatasetWithoutSetUp: Equatable, Sendable {
        package var dataset: String
        /// The record that agreed it last.
        package var agreed: Int?
    }

    /// The first round started with no urgent-action training held on or before its day.
    package struct UntrainedFirstRound: Equatable, Sendable {
        package var started: Day
    }

    /// Life-saving reports outside the set-up in force on their day, as of `today` (a
    /// report dated after today is not judged yet).
    package func urgentReportsOutsideMode(today: Day) -> [UrgentReportOutsideMode] {
        urgent.reports.compactMap { report in
            guard report.kind == .lifeSaving, report.date <= today else { return nil }
            let problem: UrgentReportOutsideMode.Problem
            switch urgent.setUp(on: report.date)?.mode {
            case nil: problem = .noSetUp
            case .inform?:
                guard let to = report.to else { return nil }
                problem = .referralUnderInform(to: to)
            case .refer?:
                guard report.consent != .yes else { return nil }
                problem = .withoutConsent(report.consent)
            }
            return UrgentReportOutsideMode(sequence: report.sequence, date: report.date, problem: problem)
        }
    }

    /// Urgent-action datasets being collected while no urgent set-up applies on `today` (none
    /// recorded, or only ones dated later): enumerators would meet urgent cases with no
    /// decided process.
    package func urgentDatasetsWithoutSetUp(today: Day) -> [UrgentDatasetWithoutSetUp] {
        guard urgent.setUp(on: today) == nil else { return [] }
        return datasetsInOrder.filter { $0.isCollected && $0.dissemination == .urgentAction }
            .map { UrgentDatasetWithoutSetUp(dataset: $0.id, agreed: $0.agreements.last) }
    }

    /// The first round, if it has started by `today` with no urgent-action training dated on
    /// or before its start (a training recorded later with its true, earlier date clears it).
    package func untrainedFirstRound(today: Day) -> UntrainedFirstRound? {
        guard let first = rounds.first, first.started <= today else { return nil }
        let trained = urgent.trainings.contains { $0.topic == .urgentAction && $0.date <= first.started }
        return trained ? nil : UntrainedFirstRound(started: first.started)
    }
}
