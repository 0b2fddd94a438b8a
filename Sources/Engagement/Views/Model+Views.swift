/// The views (their JSON shapes: docs/events.md), computed from a model: pure functions of the state and of the
/// day they are judged on (for "overdue" and "in force"), never of a clock.
extension Model {
    // MARK: unused

    package struct DropCandidate: Equatable, Sendable {
        package var dataset: String
        /// `no-use`, `not-analysed`, `inconsistent-analysis`, `no-owner`, `no-purpose`, `criteria`,
        /// in that order.
        package var reasons: [String]
        /// The rounds `no-use`, `not-analysed` and `inconsistent-analysis` were judged on.
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

    /// The closed rounds in which `dataset` was collected: agreed before the round started,
    /// and not dropped (after that agreement) before it started. A dataset agreed while a
    /// round is open was not in that round's questionnaire: it is collected from the next
    /// round on.
    package func roundsCollected(_ dataset: Dataset) -> [Round] {
        rounds.filter { round in
            guard round.closeSequence != nil else { return false }
            return dataset.agreements.contains { agreed in
                agreed < round.startSequence && !dataset.drops.contains { $0 > agreed && $0 < round.startSequence }
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
            func named(_ rounds: [Int]) -> String {
                rounds.count == 1 ? "round \(rounds[0])" : "rounds \(rounds.map(String.init).joined(separator: ", "))"
            }
            if !considered.isEmpty {
                if considered.allSatisfy({ (dataset.uses[$0] ?? 0) == 0 }) {
                    reasons.append("no-use")
                    evidence.append("no partner reported using it in \(named(considered))")
                }
                // Consistently analysed, or not collected (step 16): every round it was collected in.
                let missed = considered.filter { !dataset.analysedIn.contains($0) }
                if missed.count == considered.count {
                    reasons.append("not-analysed")
                    evidence.append("nobody analysed it in \(named(considered))")
                } else if !missed.isEmpty {
                    reasons.append("inconsistent-analysis")
                    evidence.append("not analysed in \(named(missed))")
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

    /// One share that broke the rules, named by its own day and sequence number.
    package struct SharingViolation: Equatable, Sendable {
        package var dataset: String
        package var partner: String
        package var day: Day
        package var sequence: Int
        /// The rule it broke, as facts: its words (`reason`) are made only where it is shown.
        /// A large log holds tens of thousands, and the prompt's status line only counts them.
        package var breach: Breach

        /// Which rule a share broke.
        package enum Breach: Equatable, Sendable {
            /// A confidential or urgent-action dataset (of this category) shared publicly.
            case sharedPublicly(Dissemination)
            /// Shared in this modality with no MoU covering it on the day.
            case withoutMoU(Dissemination, MoUGap)
        }

        package var reason: String {
            let record = "on \(day) (record #\(sequence))"
            switch breach {
            case .sharedPublicly(let category):
                return "shared publicly \(record), but its dissemination category is \(category.rawValue)"
            case .withoutMoU(let modality, let gap):
                return "shared (\(modality.rawValue)) \(record); \(gap.reason)"
            }
        }
    }

    /// Why no MoU of a partner covered a share on its day.
    package enum MoUGap: Equatable, Sendable {
        /// An MoU was in force, but its sectors (`covered`) leave out the data's `sector`.
        /// (Boxed: inline it would make every sharing violation, and so every item needing
        /// attention, larger.)
        indirect case outsideScope(sector: String, covered: [String])
        /// The last MoU signed by then had ended, or expired, on that day.
        case ended(Day)
        case expired(Day)
        /// None was signed by then, or the last one was not yet in force.
        case noneInForce

        var reason: String {
            switch self {
            case .outsideScope(let sector, let covered): "outside its MoU's scope: sector \(sector) (the MoU covers \(EventText.list(covered)))"
            case .ended(let day): "its MoU ended on \(day)"
            case .expired(let day): "its MoU expired on \(day)"
            case .noneInForce: "no MoU in force that day"
            }
        }
    }

    /// Every share up to `today` that broke the rules, one per share, in the order of the
    /// datasets: a confidential or urgent-action dataset shared with a partner that had no
    /// MoU in force on the day of the share, or whose MoU then did not cover the dataset's
    /// sector; and such a dataset shared publicly.
    ///
    /// Each share is judged on its own day, so an MoU signed later does not excuse it and a
    /// lawful share stays lawful when its MoU later ends or expires. A request is not a
    /// share and is never a violation.
    package func sharingViolations(today: Day) -> [SharingViolation] {
        var out: [SharingViolation] = []
        forEachSharingViolation(today: today) { out.append($0) }
        return out
    }

    /// The violations of `sharingViolations(today:)`, in its order, handed to `body` one at a
    /// time: a large log has hundreds of thousands, and the prompt's status line counts them.
    package func forEachSharingViolation(today: Day, _ body: (SharingViolation) -> Void) {
        for dataset in datasetsInOrder {
            for share in dataset.shares where share.day <= today {
                if dataset.dissemination.needsMoU, share.modality == .public {
                    body(SharingViolation(dataset: dataset.id, partner: share.partner, day: share.day, sequence: share.sequence,
                                          breach: .sharedPublicly(dataset.dissemination)))
                }
                guard dataset.dissemination.needsMoU || share.modality.needsMoU,
                      let gap = mouGap(share.partner, on: share.day, sector: share.sector) else { continue }
                body(SharingViolation(dataset: dataset.id, partner: share.partner, day: share.day, sequence: share.sequence,
                                      breach: .withoutMoU(share.modality, gap)))
            }
        }
    }

    /// A confidential or urgent-action dataset requested by a partner with no MoU covering
    /// it: nothing was shared, so it is no breach, but an MoU is needed before sharing.
    package struct RequestWithoutMoU: Equatable, Sendable {
        package var dataset: String
        package var partner: String
        package var dissemination: Dissemination
    }

    /// Each partner named in `requested_by` of a confidential or urgent-action dataset that
    /// is not dropped, with no MoU in force on `today` that covers the dataset's sector.
    package func requestsWithoutMoU(today: Day) -> [RequestWithoutMoU] {
        datasetsInOrder.filter { $0.dissemination.needsMoU && $0.status != .dropped }.flatMap { dataset in
            dataset.requestedBy.filter { !hasMoU($0, on: today, covering: dataset.sector) }.map {
                RequestWithoutMoU(dataset: dataset.id, partner: $0, dissemination: dataset.dissemination)
            }
        }
    }

    /// An MoU about to lapse while confidential data flows to the partner under it.
    package struct ExpiringMoU: Equatable, Sendable {
        package var partner: String
        /// The last day an MoU of the partner covers the data.
        package var lastDay: Day
        package var daysLeft: Int
        /// The confidential or urgent-action datasets the partner requested or received.
        package var datasets: [String]
    }

    /// Partners requesting or receiving confidential or urgent-action data (of datasets not
    /// dropped) whose MoU covers it on `today` but no longer within the next 30 days.
    package func expiringMoUs(today: Day) -> [ExpiringMoU] {
        let horizon = today.adding(days: 30)
        // Each partner's confidential or urgent-action datasets (requested or received), in the
        // order of the datasets, found in one pass: a large log has thousands of datasets, and
        // asking every partner about every one of them took a third of the prompt's status line.
        let datasets = datasetsInOrder
        var concerning: [String: [Int]] = [:]
        for (index, dataset) in datasets.enumerated() where dataset.dissemination.needsMoU && dataset.status != .dropped {
            func concerns(_ partner: String) {
                if concerning[partner]?.last != index { concerning[partner, default: []].append(index) }
            }
            dataset.requestedBy.forEach(concerns)
            for share in dataset.shares where share.day <= today { concerns(share.partner) }
        }
        return partnersInOrder.compactMap { partner in
            let lapsing = (concerning[partner.id] ?? []).map { datasets[$0] }.filter { dataset in
                hasMoU(partner.id, on: today, covering: dataset.sector)
                    && !hasMoU(partner.id, on: horizon.adding(days: 1), covering: dataset.sector)
            }
            guard !lapsing.isEmpty else { return nil }
            let covering = partner.mous.filter { m in m.inForce(on: today) && lapsing.contains { m.covers(sector: $0.sector) } }
            let lastDay = covering.map { m in
                [m.expires, m.ended.map { $0.adding(days: -1) }].compactMap { $0 }.min() ?? horizon
            }.max() ?? horizon
            return ExpiringMoU(partner: partner.id, lastDay: lastDay, daysLeft: Int(lastDay.daysSinceEpoch - today.daysSinceEpoch),
                               datasets: lapsing.map(\.id))
        }
    }

    /// Whether `partner` had an MoU in force on `day` (covering `sector`, when given).
    func hasMoU(_ partner: String, on day: Day, covering sector: String? = nil) -> Bool {
        mous(of: partner).contains { $0.inForce(on: day) && (sector.map($0.covers) ?? true) }
    }

    /// Every MoU `partner` signed (none for a partner not mapped). Asked for every share
    /// and request of a large log: the partner is not copied out to read them.
    private func mous(of partner: String) -> [MoU] {
        partners.position(of: partner).map { partners.values[$0].mous } ?? []
    }

    /// Why no MoU of `partner` covered data of `sector` on `day`; `nil` when one did. It
    /// names only MoUs signed by then, so an MoU signed later changes nothing.
    private func mouGap(_ partner: String, on day: Day, sector: String) -> MoUGap? {
        guard !hasMoU(partner, on: day, covering: sector) else { return nil }
        let signed = mous(of: partner)
        if let inForce = signed.last(where: { $0.inForce(on: day) }) {
            return .outsideScope(sector: sector, covered: inForce.sectors ?? [])
        }
        guard let mou = signed.last(where: { $0.signed <= day }) else { return .noneInForce }
        if let ended = mou.ended, ended <= day { return .ended(ended) }
        if let expires = mou.expires, expires < day { return .expired(expires) }
        return .noneInForce
    }

    // MARK: schedule

    package struct ScheduleChange: Equatable, Sendable {
        package var milestone: Milestone
        /// Partners met before the last move: the ones the change affects.
        package var affected: [String]
        package var unnotified: [String]
    }

    /// Each moved milestone, with the partners not yet told since its last move, made as
    /// they are read: a large log moves thousands, each affecting every partner met before.
    package func scheduleChanges() -> some Collection<ScheduleChange> {
        milestonesInOrder.lazy.compactMap { milestone in
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
    /// Actions not done, in the order assigned, read from the state as they are asked for.
    package var openActions: some Collection<Action> { actionsInOrder.lazy.filter { !$0.done } }
    /// Feedback awaiting a reply, in the order received, read from the state as asked for.
    package var unaddressedFeedback: some Collection<Feedback> { feedbackInOrder.lazy.filter(\.awaitsReply) }
}

extension Model.Feedback {
    /// No one has answered it yet.
    package var awaitsReply: Bool { response == nil }
}
