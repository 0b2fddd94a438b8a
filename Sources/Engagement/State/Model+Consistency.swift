import EventLog

/// What a decoded checkpoint must hold before anything is computed from it.
///
/// A checkpoint's checksum proves only that its bytes were not damaged, not who wrote them;
/// its owner and mode are checked beside the log, and `verify` compares it with a replay.
/// Between those, a state read from one must at least be a state some log could fold to,
/// as far as the views and decisions rely on it: sequence numbers within the log, counts
/// that a log of that length could reach, days a person could type, ratings on their scale,
/// rounds numbered in order. Anything else is refused, and the session replays instead.
/// (Ids are not required to resolve: a retraction can leave a reference to a partner or a
/// round that no longer counts, and every view tolerates that.)
extension Model {
    /// The days the fold can hold: the `YYYY-MM-DD` a person may type.
    static let possibleDays = Day("0001-01-01")!...Day("9999-12-31")!

    /// The most records a log is taken to hold (and so the largest count in its state).
    static let mostRecords = 1 << 48

    /// Whether `s` numbers a record of a log whose last record is `last`.
    static func isSequence(_ s: Int, upTo last: Int) -> Bool { (1...max(last, 1)).contains(s) && s <= last }

    func isConsistent() -> Bool {
        let last = lastSequence
        guard (0...Self.mostRecords).contains(last) else { return false }
        func sequence(_ s: Int) -> Bool { Self.isSequence(s, upTo: last) }
        func count(_ n: Int) -> Bool { (0...last).contains(n) }
        func day(_ d: Day) -> Bool { Self.possibleDays.contains(d) }
        func day(_ d: Day?) -> Bool { d.map(day) ?? true }
        func round(_ n: Int) -> Bool { (1...Self.mostRecords).contains(n) }

        if let lastRecorded {
            // Bounded before it is turned into a day, which would overflow near the ends of Int64.
            let seconds = lastRecorded.secondsSinceEpoch
            guard (-(1 << 40)...(1 << 40)).contains(seconds), day(Day(lastRecorded)) else { return false }
        }
        guard count(feedbackCount), count(meetings), feedback.count <= feedbackCount else { return false }
        for m in members {
            guard sequence(m.since) else { return false }
        }
        for p in partners.values {
            guard day(p.mapped), day(p.lastMet), count(p.meetings), count(p.needsSubmitted), count(p.feedback),
                  p.firstMet.map(sequence) ?? true,
                  p.approach.map({ day($0.by) }) ?? true,
                  p.needsRequest.map({ day($0.by) && sequence($0.sequence) }) ?? true,
                  p.mous.allSatisfy({ day($0.signed) && day($0.expires) && day($0.ended) })
            else { return false }
        }
        for m in milestones.values {
            guard day(m.date), day(m.originalDate), count(m.moves), m.lastMove.map(sequence) ?? true else { return false }
        }
        for a in actions.values where !day(a.due) { return false }
        for d in decisions {
            guard sequence(d.sequence), day(d.day) else { return false }
        }
        for (index, r) in rounds.enumerated() {
            guard r.number == index + 1, day(r.started), day(r.closed), sequence(r.startSequence),
                  r.closeSequence.map(sequence) ?? true else { return false }
        }
        for d in datasets.values {
            guard d.agreements.allSatisfy(sequence), d.drops.allSatisfy(sequence), d.analysedIn.allSatisfy(round),
                  d.uses.allSatisfy({ round($0.key) && count($0.value) }),
                  d.analyses.allSatisfy({ round($0.key.round) && sequence($0.value) }),
                  d.useReports.allSatisfy({ round($0.key.round) && sequence($0.value) }),
                  d.shares.allSatisfy({ day($0.day) && sequence($0.sequence) }),
                  d.verifications.allSatisfy({ day($0.day) && sequence($0.sequence) })
            else { return false }
        }
        for f in feedback.values {
            guard sequence(f.sequence), day(f.day),
                  f.rating.map({ (1...5).contains($0) }) ?? true,
                  f.response.map({ day($0.date) }) ?? true
            else { return false }
        }
        for p in publications.values where !(sequence(p.sequence) && day(p.day)) { return false }
        for i in interpretations where !(sequence(i.sequence) && day(i.day) && round(i.round)) { return false }
        for m in firstMeetings where !sequence(m.sequence) { return false }
        for (d, e) in engagementByDay where !(day(d) && count(e.meetings) && count(e.partnersMet) && count(e.uses)) { return false }
        for (target, by) in retracted where !(sequence(target) && sequence(by)) { return false }
        guard retractions.allSatisfy(sequence), excluded.allSatisfy(sequence), recordedByPartners.keys.allSatisfy(sequence),
              urgentIsConsistent(day: day, sequence: sequence)
        else { return false }
        return true
    }
}
