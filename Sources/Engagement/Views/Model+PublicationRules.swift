/// The rules on reports, public datasets on HDX and joint interpretation (docs/process.md,
/// steps 15 and 17), each judged as of a day: a report or interpretation dated after it does
/// not count yet.
extension Model {
    // MARK: Violations

    /// A confidential or urgent-action dataset in a report that anyone may read.
    package struct PublicationViolation: Equatable, Sendable {
        package var report: String
        package var dataset: String
        package var channel: ReportChannel
        package var dissemination: Dissemination
        package var day: Day
        package var sequence: Int

        package var reason: String {
            "in \(channel.rawValue) report \(report) on \(day) (record #\(sequence)), but its dissemination category is \(dissemination.rawValue)"
        }
    }

    /// Every dataset that was confidential or urgent-action when it went into a `public` or
    /// `hdx` report published by `today`, one per report and dataset, in the reports' order.
    package func publicationViolations(today: Day) -> [PublicationViolation] {
        publications.values.filter { $0.channel.isOpen && $0.day <= today }.flatMap { report in
            report.datasets.filter(\.dissemination.needsMoU).map { item in
                PublicationViolation(report: report.id, dataset: item.dataset, channel: report.channel,
                                     dissemination: item.dissemination, day: report.day, sequence: report.sequence)
            }
        }
    }

    // MARK: Needs attention

    /// A public dataset whose data from a closed round has not gone onto HDX within 30 days
    /// of the round's close.
    package struct NotOnHDX: Equatable, Sendable {
        package var dataset: String
        /// The earliest closed round whose data is still not on HDX.
        package var round: Int
        package var closed: Day
        /// The round's close plus 30 days.
        package var due: Day
        package var daysLate: Int
    }

    /// How long after a round's close its public datasets should be on HDX.
    package static let hdxDays = 30

    /// Each public dataset collected in a round closed more than 30 days before `today` that
    /// no `hdx` report published since that close (and by `today`) includes; one per
    /// dataset, for the earliest such round.
    package func datasetsNotOnHDX(today: Day) -> [NotOnHDX] {
        let hdx = publications.values.filter { $0.channel == .hdx && $0.day <= today }
        return datasetsInOrder.filter { $0.dissemination == .public }.compactMap { dataset in
            for round in roundsCollected(dataset) {
                guard let closed = round.closed, closed <= today else { continue }
                let due = closed.adding(days: Self.hdxDays)
                guard due < today else { continue }
                let published = hdx.contains { report in report.day >= closed && report.datasets.contains { $0.dataset == dataset.id } }
                guard !published else { continue }
                return NotOnHDX(dataset: dataset.id, round: round.number, closed: closed, due: due,
                                daysLate: Int(today.daysSinceEpoch - due.daysSinceEpoch))
            }
            return nil
        }
    }

    /// A report published without every checklist item.
    package struct IncompleteReport: Equatable, Sendable {
        package var report: String
        package var day: Day
        package var sequence: Int
        package var missing: [ReportCheck]
    }

    /// Reports published by `today` that lack checklist items, in the order recorded.
    package func incompleteReports(today: Day) -> [IncompleteReport] {
        publications.values.compactMap { report in
            let missing = report.missingChecks
            guard report.day <= today, !missing.isEmpty else { return nil }
            return IncompleteReport(report: report.id, day: report.day, sequence: report.sequence, missing: missing)
        }
    }

    /// A closed round whose analysed datasets were not all read jointly by the four skillsets.
    package struct UninterpretedRound: Equatable, Sendable {
        package var round: Int
        /// The datasets analysed in the round that no interpretation (or set of them) covers
        /// with all four skillsets.
        package var datasets: [String]
        /// The skillsets missing for at least one of them.
        package var missing: [Skill]
    }

    /// Each round closed by `today` with an analysed dataset whose interpretations of that
    /// round, held by `today`, did not between them bring all four skillsets.
    package func uninterpretedRounds(today: Day) -> [UninterpretedRound] {
        // By index: a loop over the datasets would copy each one out, for every round.
        let datasets = datasetsInOrder
        return rounds.compactMap { round in
            guard let closed = round.closed, closed <= today else { return nil }
            let readings = interpretations.filter { $0.round == round.number && $0.day <= today }
            var lacking: [String] = []
            var missing: Set<Skill> = []
            for i in datasets.indices where datasets[i].analysedIn.contains(round.number) {
                let id = datasets[i].id
                let present = Set(readings.filter { $0.datasets.contains(id) }.flatMap(\.skills))
                let absent = Skill.allCases.filter { !present.contains($0) }
                guard !absent.isEmpty else { continue }
                lacking.append(id)
                missing.formUnion(absent)
            }
            guard !lacking.isEmpty else { return nil }
            return UninterpretedRound(round: round.number, datasets: lacking, missing: Skill.allCases.filter(missing.contains))
        }
    }
}
