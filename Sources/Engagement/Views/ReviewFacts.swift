/// What the periodic review reports: the policy violations a script acts on, and the
/// figures behind its charts. A pure function of the model and the events.
package struct ReviewFacts: Equatable, Sendable {
    package struct Month: Equatable, Sendable {
        /// `YYYY-MM`.
        package var month: String
        package var meetings: Int
        /// Partners met for the first time that month.
        package var partnersMet: Int
        package var feedback: Int
        package var uses: Int
    }

    package struct PartnerFeedback: Equatable, Sendable {
        package var partner: String
        package var total: Int
        package var open: Int
        /// The mean rating given, if any was.
        package var meanRating: Double?
    }

    package struct RoundUse: Equatable, Sendable {
        package var round: Int
        /// Use reports for the round's data.
        package var uses: Int
        /// Datasets collected in the round and datasets reported used.
        package var collected: Int
        package var used: Int
    }

    package var today: Day
    package var sharing: [Model.SharingViolation]
    package var unnotified: [Model.ScheduleChange]
    package var overdue: Model.Overdue
    /// One line per policy violation: sharing without an MoU, an un-notified schedule
    /// change, an overdue action or information need.
    package var violations: [String]
    package var months: [Month]
    package var feedbackByTopic: [TopicCount]
    package var feedbackByPartner: [PartnerFeedback]
    package var rounds: [RoundUse]

    /// Whether something needs action (the review's exit status 3).
    package var needsAction: Bool { !violations.isEmpty }

    package struct TopicCount: Equatable, Sendable {
        package var topic: FeedbackTopic
        package var count: Int
    }
}

extension Model {
    /// The review of the state folded from `events` (the same events, in log order), as of `today`.
    package func review(events: ArraySlice<RecordedEvent>, today: Day) -> ReviewFacts {
        let sharing = sharingViolations(today: today)
        let unnotified = scheduleChanges().filter { !$0.unnotified.isEmpty }
        let overdue = overdue(today: today)
        let violations = needsAttention(today: today).filter(\.isViolation).map(\.detail)

        var months: [String: ReviewFacts.Month] = [:]
        func touch(_ day: Day, _ body: (inout ReviewFacts.Month) -> Void) {
            let key = String(day.description.prefix(7))
            body(&months[key, default: ReviewFacts.Month(month: key, meetings: 0, partnersMet: 0, feedback: 0, uses: 0)])
        }
        var met: Set<String> = []
        for recorded in events where counts(recorded.sequence) {
            switch recorded.event {
            case .meetingHeld(let e):
                let new = e.partners.filter { met.insert($0).inserted }.count
                touch(e.date) { $0.meetings += 1; $0.partnersMet += new }
            case .feedbackSubmitted:
                touch(Day(recorded.timestamp)) { $0.feedback += 1 }
            case .datasetUsed:
                touch(Day(recorded.timestamp)) { $0.uses += 1 }
            default:
                break
            }
        }

        let topics = FeedbackTopic.allCases.map { topic in (topic: topic, count: feedbackInOrder.filter { $0.topic == topic }.count) }
        var byPartner: [ReviewFacts.PartnerFeedback] = []
        for partner in partnersInOrder {
            let items = feedbackInOrder.filter { $0.partner == partner.id }
            guard !items.isEmpty else { continue }
            let ratings = items.compactMap(\.rating)
            byPartner.append(ReviewFacts.PartnerFeedback(
                partner: partner.id, total: items.count, open: items.filter { $0.response == nil }.count,
                meanRating: ratings.isEmpty ? nil : Double(ratings.reduce(0, +)) / Double(ratings.count)))
        }
        let roundUses = rounds.map { round in
            let collected = datasetsInOrder.filter { d in roundsCollected(d).contains { $0.number == round.number } }
            return ReviewFacts.RoundUse(round: round.number, uses: datasetsInOrder.reduce(0) { $0 + ($1.uses[round.number] ?? 0) },
                                        collected: collected.count,
                                        used: datasetsInOrder.filter { ($0.uses[round.number] ?? 0) > 0 }.count)
        }
        return ReviewFacts(today: today, sharing: sharing, unnotified: unnotified, overdue: overdue, violations: violations,
                           months: months.values.sorted { $0.month < $1.month }, feedbackByTopic: topics.map { ReviewFacts.TopicCount(topic: $0.topic, count: $0.count) },
                           feedbackByPartner: byPartner, rounds: roundUses)
    }
}
