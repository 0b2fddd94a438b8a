/// The Process for Urgent Action in a checkpoint (`Model.checkpointBytes`, version 7 on).
extension CheckpointWriter {
    mutating func urgent(_ u: UrgentAction) {
        int(u.setups.count)
        for s in u.setups { day(s.date); identifier(s.mode); bool(s.pathways); optional(s.reason); int(s.sequence) }
        int(u.trainings.count)
        for t in u.trainings { day(t.date); identifier(t.topic); strings(t.partners); strings(t.places); int(t.sequence) }
        int(u.reports.count)
        for r in u.reports {
            day(r.date); identifier(r.kind); optional(r.dataset); optional(r.to); optionalIdentifier(r.service)
            optionalIdentifier(r.consent); int(r.sequence)
        }
    }
}

extension CheckpointReader {
    mutating func urgent() throws(Invalid) -> UrgentAction {
        var u = UrgentAction()
        for _ in 0..<(try count()) {
            u.setups.append(UrgentAction.SetUp(date: try day(), mode: try identifier(), pathways: try bool(), reason: try optionalString(),
                                               sequence: try int()))
        }
        for _ in 0..<(try count()) {
            u.trainings.append(UrgentAction.Training(date: try day(), topic: try identifier(), partners: try strings(), places: try strings(),
                                                     sequence: try int()))
        }
        for _ in 0..<(try count()) {
            u.reports.append(UrgentAction.Report(date: try day(), kind: try identifier(), dataset: try optionalString(), to: try optionalString(),
                                                 service: try optionalIdentifier(), consent: try optionalIdentifier(), sequence: try int()))
        }
        return u
    }
}

extension Model {
    /// Days a person could type and sequence numbers within the log, for the urgent state
    /// and the response's frame (`isConsistent`).
    func urgentIsConsistent(day: (Day) -> Bool, sequence: (Int) -> Bool) -> Bool {
        urgent.setups.allSatisfy { day($0.date) && sequence($0.sequence) }
            && urgent.trainings.allSatisfy { day($0.date) && sequence($0.sequence) }
            && urgent.reports.allSatisfy { day($0.date) && sequence($0.sequence) }
            && (response.map { sequence($0.sequence) && ($0.since.map(day) ?? true) } ?? true)
    }
}
