/// The views (their JSON shapes: docs/events.md), computed from a model: pure functions of the state and of the
/// day they are judged on (for "overdue" and "in force"), never of a clock.
extension Model {
    // MARK: unused

    package struct DropCandidate: Equatable, Sendable {
        package var dataset: String
        /// `no-use`, `not-analysed`, `no-owner`, `no-purpose`, `criteria`, in that order.
        package var reasons: [String]
        /// The rounds `no-use` and `not-analysed` were judged on.
        package var rounds: [Int]
        package var unmet: [Criterion]
        package var evidence: String
    }

    package struct Unused: Equatable, Sendable {
        package var drop: [DropCandidate]
        package var kept: [Kept]
    }

    /// A dataset kept for comparability although unused, and why.
    package struct Kept: Equatable, Sendable {
        package var dataset: String
        package var reason: String
    }

    /// The closed rounds in which `dataset` was collected: agreed before the round closed,
    /// and not dropped (after that agreement) before it started.
    package func roundsCollected(_ dataset: Dataset) -> [Round] {
        rounds.filter { round in
            guard let close = round.closeSequence else { return false }
            return dataset.agreements.contains { agreed in
                agreed < close && !dataset.drops.contains { $0 > agreed && $0 < round.startSequence }
            }
        }
    }

    /// Datasets being collected that nobody uses or analyses, or that fail the plan's rules.
    package func unused(rounds window: Int = 2) -> Unused {
        var drop: [DropCandidate] = []
        var kept: [Kept] = []
        for dataset in datasetsInOrder {
            switch dataset.status {
            case .proposed, .dropped: continue
            case .kept:
                kept.append(Kept(dataset: dataset.id, reason: dataset.statusReason ?? ""))
                continue
            case .agreed: break
            }
            let considered = roundsCollected(dataset).suffix(max(1, window)).map(\.number)
            var reasons: [String] = []
            var evidence: [String] = []
            if !considered.isEmpty {
                let which = considered.count == 1 ? "round \(considered[0])" : "rounds \(considered.map(String.init).joined(separator: ", "))"
                if considered.allSatisfy({ (dataset.uses[$0] ?? 0) == 0 }) {
                    reasons.append("no-use")
                    evidence.append("no partner reported using it in \(which)")
                }
                if considered.allSatisfy({ !dataset.analysedIn.contains($0) }) {
                    reasons.append("not-analysed")
                    evidence.append("nobody analysed it in \(which)")
                }
            }
            if dataset.owner == nil || dataset.owner == AnalysisOwner.none {
                reasons.append("no-owner")
                evidence.append(dataset.owner == nil ? "no analysis owner" : "analysis owner is none")
            }
            if (dataset.purpose ?? "").isEmpty {
                reasons.append("no-purpose")
                evidence.append("no documented purpose")
            }
            let unmet = dataset.unmetCriteria
            if !unmet.isEmpty {
                reasons.append("criteria")
                evidence.append("unmet: \(unmet.map(\.rawValue).joined(separator: ", "))")
            }
            guard !reasons.isEmpty else { continue }
            drop.append(DropCandidate(dataset: dataset.id, reasons: reasons, rounds: Array(considered), unmet: unmet,
                                      evidence: evidence.joined(separator: "; ")))
        }
        return Unused(drop: drop, kept: kept)
    }

    // MARK: sharing

    package struct SharingViolation: Equatable, Sendable {
        package var dataset: String
        package var partner: String
        package var reason: String
    }

    /// Confidential and urgent-action datasets requested by, or shared with, a partner that
    /// has no MoU in force on `today`; and such datasets shared publicly.
    package func sharingViolations(today: Day) -> [SharingViolation] {
        var out: [SharingViolation] = []
        for dataset in datasetsInOrder {
            var seen: Set<String> = []
            let category = dataset.dissemination.rawValue
            for share in dataset.shares {
                if dataset.dissemination.needsMoU, share.modality == .public, seen.insert("public " + share.partner).inserted {
                    out.append(SharingViolation(dataset: dataset.id, partner: share.partner,
                                                reason: "shared publicly on \(share.day), but its dissemination category is \(category)"))
                }
                guard dataset.dissemination.needsMoU || share.modality.needsMoU else { continue }
                if !hasMoU(share.partner, on: today), seen.insert(share.partner).inserted {
                    out.append(SharingViolation(dataset: dataset.id, partner: share.partner,
                                                reason: "shared (\(share.modality.rawValue)) on \(share.day); \(mouState(share.partner, on: today))"))
                }
            }
            guard dataset.dissemination.needsMoU, dataset.status != .dropped else { continue }
            for partner in dataset.requestedBy where !hasMoU(partner, on: today) && seen.insert(partner).inserted {
                out.append(SharingViolation(dataset: dataset.id, partner: partner,
                                            reason: "requested this \(category) dataset; \(mouState(partner, on: today))"))
            }
        }
        return out
    }

    func hasMoU(_ partner: String, on day: Day) -> Bool {
        partners[partner]?.mou?.inForce(on: day) ?? false
    }

    private func mouState(_ partner: String, on day: Day) -> String {
        guard let mou = partners[partner]?.mou else { return "no MoU signed" }
        if let ended = mou.ended, ended <= day { return "its MoU ended on \(ended)" }
        if let expires = mou.expires, expires < day { return "its MoU expired on \(expires)" }
        return "its MoU starts on \(mou.signed)"
    }

    // MARK: schedule

    package struct ScheduleChange: Equatable, Sendable {
        package var milestone: Milestone
        /// Partners met before the last move: the ones the change affects.
        package var affected: [String]
        package var unnotified: [String]
    }

    /// Each moved milestone, with the partners not yet told since its last move.
    package func scheduleChanges() -> [ScheduleChange] {
        milestonesInOrder.compactMap { milestone in
            guard let moved = milestone.lastMove else { return nil }
            let affected = partnersMet(before: moved)
            return ScheduleChange(milestone: milestone, affected: affected,
                                  unnotified: affected.filter { !milestone.notified.contains($0) })
        }
    }

    package func unnotified(_ milestone: Milestone) -> [String] {
        guard let moved = milestone.lastMove else { return [] }
        return partnersMet(before: moved).filter { !milestone.notified.contains($0) }
    }

    // MARK: overdue

    package struct Overdue: Equatable, Sendable {
        package var actions: [Action]
        /// Partners whose information needs were due before today.
        package var needs: [OverdueNeeds]

        package var isEmpty: Bool { actions.isEmpty && needs.isEmpty }
    }

    /// A partner whose information needs were due before today.
    package struct OverdueNeeds: Equatable, Sendable {
        package var partner: String
        package var by: Day
    }

    /// Action items past due and needs not submitted by their reply-by date, as of `today`.
    package func overdue(today: Day) -> Overdue {
        Overdue(
            actions: actionsInOrder.filter { !$0.done && $0.due < today },
            needs: partnersInOrder.compactMap { p in p.needsRequest.flatMap { $0.by < today ? OverdueNeeds(partner: p.id, by: $0.by) : nil } })
    }

    // MARK: plan

    /// How far the engagement with a partner has come.
    package func status(of partner: Partner) -> String {
        if partner.needsSubmitted > 0 { return "needs-submitted" }
        if partner.needsRequest != nil { return "needs-requested" }
        if partner.firstMet != nil { return "met" }
        if partner.approach != nil { return "approach-planned" }
        return "mapped"
    }

    /// Where the whole process stands, from mapping to analysis and use.
    package var phase: String {
        if rounds.contains(where: { $0.closed != nil }) && openRound == nil { return "analysis and use" }
        if openRound != nil { return "data collection" }
        if datasets.values.contains(where: { $0.status != .proposed }) { return "Data Analysis Plan agreed in part" }
        if !datasets.isEmpty { return "Data Analysis Plan" }
        if partners.values.contains(where: { $0.needsRequest != nil || $0.needsSubmitted > 0 }) { return "information needs" }
        if meetings > 0 { return "engagement meetings" }
        if !partners.isEmpty { return "mapping data users" }
        return "not started"
    }

    package var openDisagreements: [Disagreement] { disagreementsInOrder.filter { $0.resolution == nil } }
    package var openActions: [Action] { actionsInOrder.filter { !$0.done } }
    package var unaddressedFeedback: [Feedback] { feedbackInOrder.filter { $0.response == nil } }
}
