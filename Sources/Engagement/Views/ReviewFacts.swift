/// What the periodic review reports: the policy violations a script acts on, and the
/// figures behind its charts. A pure function of the model and a day.
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
        /// Whether the round is still open (its figures may still grow).
        package var open: Bool
    }

    package var today: Day
    package var sharing: [Model.SharingViolation]
    package var unnotified: [Model.ScheduleChange]
    package var overdue: Model.Overdue
    /// One line per policy violation: sharing without an MoU, an un-notified schedule
    /// change, an overdue action or information need.
    package var violations: [String]
    /// Every month from the first with activity to today's, oldest first, empty ones too.
    package var months: [Month]
    /// Most feedback first; ties in the order of the topic list.
    package var feedbackByTopic: [TopicCount]
    /// Most feedback first; ties by partner id.
    package var feedbackByPartner: [PartnerFeedback]
    /// By round number.
    package var rounds: [RoundUse]

    /// Whether something needs action (the review's exit status 3).
    package var needsAction: Bool { !violations.isEmpty }

    package struct TopicCount: Equatable, Sendable {
        package var topic: FeedbackTopic
        package var count: Int
    }
}

extension Model {
    /// The review of the state as of `today`. It reads the model alone (engagement over
    /// time comes from the fold's `engagementByDay`), so it costs the same from a checkpoint
    /// as after a full replay, and never needs the log's events.
    package func review(today: Day) -> ReviewFacts {
        let sharing = sharingViolations(today: today)
        let unnotified = scheduleChanges().filter { !$0.unnotified.isEmpty }
        let overdue = overdue(today: today)
        let violations = needsAttention(today: today).filter(\.isViolation).map(\.detail)

        // Meetings by the day they were held; feedback and use reports by the day recorded.
        var months: [String: ReviewFacts.Month] = [:]
        func touch(_ day: Day, _ body: (inout ReviewFacts.Month) -> Void) {
            let key = ReviewFacts.month(of: day)
            body(&months[key, default: ReviewFacts.Month(month: key, meetings: 0, partnersMet: 0, feedback: 0, uses: 0)])
        }
        for (day, e) in engagementByDay {
            touch(day) { $0.meetings += e.meetings; $0.partnersMet += e.partnersMet; $0.uses += e.uses }
        }
        // Feedback by day, topic and partner, in one pass.
        struct Tally {
            var items = 0, open = 0, ratings = 0, ratingSum = 0
        }
        var feedbackByDay: [Day: Int] = [:]
        var byTopic: [FeedbackTopic: Int] = [:]
        var byPartner: [String: Tally] = [:]
        for item in feedbackInOrder {
            feedbackByDay[item.day, default: 0] += 1
            byTopic[item.topic, default: 0] += 1
            byPartner[item.partner, default: Tally()].items += 1
            if item.awaitsReply { byPartner[item.partner]!.open += 1 }
            if let rating = item.rating {
                byPartner[item.partner]!.ratings += 1
                byPartner[item.partner]!.ratingSum += rating
            }
        }
        for (day, count) in feedbackByDay { touch(day) { $0.feedback += count } }

        // The month axis is continuous: months with nothing recorded are shown, up to today's.
        if let first = months.keys.min() {
            let last = max(months.keys.max() ?? first, ReviewFacts.month(of: today))
            for key in ReviewFacts.monthRange(from: first, through: last) where months[key] == nil {
                months[key] = ReviewFacts.Month(month: key, meetings: 0, partnersMet: 0, feedback: 0, uses: 0)
            }
        }

        let counted = FeedbackTopic.allCases.map { topic in (topic: topic, count: byTopic[topic] ?? 0) }
        let topics = counted.enumerated().sorted { ($0.element.count, -$0.offset) > ($1.element.count, -$1.offset) }.map(\.element)
        var partners: [ReviewFacts.PartnerFeedback] = []
        for partner in partnersInOrder {
            guard let p = byPartner[partner.id] else { continue }
            partners.append(ReviewFacts.PartnerFeedback(
                partner: partner.id, total: p.items, open: p.open,
                meanRating: p.ratings == 0 ? nil : Double(p.ratingSum) / Double(p.ratings)))
        }
        partners.sort { ($0.total, $1.partner) > ($1.total, $0.partner) }
        let roundUses = rounds.map { round in
            let collected = datasetsInOrder.filter { d in roundsCollected(d).contains { $0.number == round.number } }
            return ReviewFacts.RoundUse(round: round.number, uses: datasetsInOrder.reduce(0) { $0 + ($1.uses[round.number] ?? 0) },
                                        collected: collected.count,
                                        used: datasetsInOrder.filter { ($0.uses[round.number] ?? 0) > 0 }.count,
                                        open: round.closed == nil)
        }
        return ReviewFacts(today: today, sharing: sharing, unnotified: unnotified, overdue: overdue, violations: violations,
                           months: months.values.sorted { $0.month < $1.month }, feedbackByTopic: topics.map { ReviewFacts.TopicCount(topic: $0.topic, count: $0.count) },
                           feedbackByPartner: partners, rounds: roundUses)
    }
}

extension ReviewFacts {
    /// The month a day falls in, `YYYY-MM`.
    static func month(of day: Day) -> String { String(day.description.prefix(7)) }

    /// `YYYY-MM` months from `first` through `last`, in order.
    static func monthRange(from first: String, through last: String) -> [String] {
        func parts(_ month: String) -> (Int, Int)? {
            let p = month.split(separator: "-")
            guard p.count == 2, let y = Int(p[0]), let m = Int(p[1]), (1...12).contains(m) else { return nil }
            return (y, m)
        }
        guard var (year, month) = parts(first), let (endYear, endMonth) = parts(last) else { return [] }
        var out: [String] = []
        while (year, month) <= (endYear, endMonth), out.count < 1200 {
            out.append("\(year)-\(month < 10 ? "0" : "")\(month)")
            month += 1
            if month > 12 { month = 1; year += 1 }
        }
        return out
    }
}
