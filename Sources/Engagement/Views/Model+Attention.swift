/// What needs someone's attention: one list, in one order, for the prompt's status line,
/// the plan and the review.
extension Model {
    /// One thing that needs attention. A large log holds tens of thousands of them, and each
    /// is as large as the largest case: the cases with large payloads are boxed (`indirect`),
    /// so that the many small ones (shares breaking a rule, feedback awaiting a reply) are
    /// not copied at that size.
    package enum AttentionItem: Equatable, Sendable {
        indirect case overdueAction(Action)
        case overdueNeeds(OverdueNeeds)
        case staleApproach(StaleApproach)
        case lateReply(LateReply)
        indirect case unnotifiedChange(ScheduleChange)
        case sharingViolation(SharingViolation)
        indirect case urgentReportOutsideMode(UrgentReportOutsideMode)
        indirect case publicationViolation(PublicationViolation)
        case requestWithoutMoU(RequestWithoutMoU)
        indirect case expiringMoU(ExpiringMoU)
        case urgentDatasetWithoutSetUp(UrgentDatasetWithoutSetUp)
        case untrainedFirstRound(UntrainedFirstRound)
        indirect case openDisagreement(Disagreement)
        case feedbackAwaitingReply(AwaitingReply)
        indirect case notOnHDX(NotOnHDX)
        indirect case incompleteReport(IncompleteReport)
        indirect case uninterpretedRound(UninterpretedRound)

        /// Whether it breaks a rule of the process (the review's exit status 3), rather than
        /// being work in progress.
        package var isViolation: Bool {
            switch self {
            case .overdueAction, .overdueNeeds, .staleApproach, .lateReply, .unnotifiedChange, .sharingViolation,
                 .urgentReportOutsideMode, .publicationViolation: true
            case .requestWithoutMoU, .expiringMoU, .urgentDatasetWithoutSetUp, .untrainedFirstRound, .openDisagreement,
                 .feedbackAwaitingReply, .notOnHDX, .incompleteReport, .uninterpretedRound: false
            }
        }

        /// Whether it is of the Process for Urgent Action (the plan's urgent section lists
        /// these: `Model.urgentAttention`).
        package var isUrgentAction: Bool {
            switch self {
            case .urgentReportOutsideMode, .urgentDatasetWithoutSetUp, .untrainedFirstRound: true
            default: false
            }
        }

        /// One line naming the item, for the review's list of violations.
        package var detail: String {
            switch self {
            case .sharingViolation(let v): "sharing: \(v.dataset) with \(v.partner) — \(v.reason)"
            case .unnotifiedChange(let c):
                "schedule: \(c.milestone.id) moved to \(c.milestone.date); not notified: \(c.unnotified.joined(separator: ", "))"
            case .overdueAction(let a): "overdue: action \(a.id) (\(a.owner)) was due \(a.due)"
            case .overdueNeeds(let n): "overdue: information needs from \(n.partner) were due \(n.by)"
            case .staleApproach(let a):
                "overdue: approach to \(a.partner) was planned by \(a.by) and no meeting since (\(Model.late(a.daysLate)))"
            case .lateReply(let r):
                "overdue: reply to feedback \(r.feedback) from \(r.partner) was planned for \(r.date) (\(Model.late(r.daysLate)))"
            case .requestWithoutMoU(let r):
                "sharing: \(r.partner) requested \(r.dataset) (\(r.dissemination.rawValue)) with no MoU covering it — sign an MoU before sharing"
            case .expiringMoU(let m):
                "sharing: the MoU with \(m.partner) covering \(m.datasets.joined(separator: ", ")) lapses after \(m.lastDay) (\(m.daysLeft) day\(m.daysLeft == 1 ? "" : "s") left) — renew it"
            case .urgentReportOutsideMode(let r):
                switch r.problem {
                case .referralUnderInform(let to):
                    "urgent action: life-saving report #\(r.sequence) on \(r.date) was referred to \(to) while enumerators only inform (mode inform)"
                case .withoutConsent(let consent):
                    "urgent action: life-saving report #\(r.sequence) on \(r.date) under mode refer without consent=yes (consent: \(consent?.rawValue ?? "not recorded"))"
                case .noSetUp:
                    "urgent action: life-saving report #\(r.sequence) on \(r.date) with no urgent setup in force that day"
                }
            case .urgentDatasetWithoutSetUp(let d):
                "urgent action: \(d.dataset) is urgent-action data agreed\(d.agreed.map { " (#\($0))" } ?? "") with no urgent setup — record 'urgent setup'"
            case .untrainedFirstRound(let r):
                "urgent action: round 1 started on \(r.started) with no urgent-action training on or before that day — record 'training topic=urgent-action'"
            case .openDisagreement(let d): "disagreement: \(d.id) is open (\(d.partners.joined(separator: ", ")))"
            case .feedbackAwaitingReply(let f): "feedback: \(f.id) from \(f.partner) awaits a reply"
            case .publicationViolation(let v): "sharing: \(v.dataset) \(v.reason)"
            case .notOnHDX(let n):
                "publication: public dataset \(n.dataset) from round \(n.round) (closed \(n.closed)) is not on HDX; due \(n.due) (\(Model.late(n.daysLate)))"
            case .incompleteReport(let r):
                "publication: report \(r.report) (\(r.day), record #\(r.sequence)) lacks checklist items: \(EventText.ids(r.missing))"
            case .uninterpretedRound(let r):
                "interpretation: round \(r.round)'s analysed datasets \(EventText.list(r.datasets)) were not read jointly by all four skillsets (missing: \(EventText.ids(r.missing)))"
            }
        }
    }

    /// A piece of feedback no one has answered yet: which, and whose. (A large log holds tens
    /// of thousands; the item names them rather than carrying each whole.)
    package struct AwaitingReply: Equatable, Sendable {
        package var id: String
        package var partner: String
    }

    /// An approach plan whose `by` day has passed with no meeting with the partner since it was made.
    package struct StaleApproach: Equatable, Sendable {
        package var partner: String
        package var by: Day
        package var daysLate: Int
    }

    /// A reply to feedback marked `planned` whose day has passed without a later answer.
    package struct LateReply: Equatable, Sendable {
        package var feedback: String
        package var partner: String
        package var date: Day
        package var daysLate: Int
    }

    static func late(_ days: Int) -> String { "\(days) day\(days == 1 ? "" : "s") late" }

    /// Approach plans past their `by` day as of `today`, with no meeting since they were made.
    package func staleApproaches(today: Day) -> [StaleApproach] {
        partnersInOrder.compactMap { p in
            guard let plan = p.approach, !plan.met, plan.by < today else { return nil }
            return StaleApproach(partner: p.id, by: plan.by, daysLate: Int(today.daysSinceEpoch - plan.by.daysSinceEpoch))
        }
    }

    /// Replies marked `planned` whose day is past as of `today`.
    package func lateReplies(today: Day) -> [LateReply] {
        // By index: a large log holds tens of thousands of pieces of feedback, and a loop
        // over the values would copy each one out.
        let all = feedback.values
        var late: [LateReply] = []
        for i in all.indices {
            guard let reply = all[i].response, reply.response == .planned, let date = reply.date, date < today else { continue }
            late.append(LateReply(feedback: all[i].id, partner: all[i].partner, date: date,
                                  daysLate: Int(today.daysSinceEpoch - date.daysSinceEpoch)))
        }
        return late
    }

    /// Feedback awaiting a reply, oldest first, by id and partner, handed to `body` one at a
    /// time: a large log holds hundreds of thousands, and most askers only count them.
    func forEachAwaitingReply(_ body: (AwaitingReply) -> Void) {
        // By index: a loop over the values would copy each one out.
        let all = feedback.values
        for i in all.indices where all[i].awaitsReply {
            body(AwaitingReply(id: all[i].id, partner: all[i].partner))
        }
    }

    /// How many pieces of feedback await a reply.
    var awaitingReplyCount: Int {
        var count = 0
        forEachAwaitingReply { _ in count += 1 }
        return count
    }

    /// Everything that needs attention as of `today`, violations first, in the order the
    /// review lists them.
    package func needsAttention(today: Day) -> [AttentionItem] {
        var items: [AttentionItem] = []
        forEachAttentionItem(today: today) { items.append($0) }
        return items
    }

    /// The items of `needsAttention(today:)`, in its order, handed to `body` one at a time:
    /// the list itself is never held. On a large log it is hundreds of thousands of items
    /// (shares breaking a rule, feedback awaiting a reply), and the prompt's status line and
    /// the plan's summary only count them.
    package func forEachAttentionItem(today: Day, _ body: (AttentionItem) -> Void) {
        let overdue = overdue(today: today)
        forEachSharingViolation(today: today) { body(.sharingViolation($0)) }
        urgentReportsOutsideMode(today: today).forEach { body(.urgentReportOutsideMode($0)) }
        publicationViolations(today: today).forEach { body(.publicationViolation($0)) }
        scheduleChanges().forEach { if !$0.unnotified.isEmpty { body(.unnotifiedChange($0)) } }
        overdue.actions.forEach { body(.overdueAction($0)) }
        overdue.needs.forEach { body(.overdueNeeds($0)) }
        staleApproaches(today: today).forEach { body(.staleApproach($0)) }
        lateReplies(today: today).forEach { body(.lateReply($0)) }
        requestsWithoutMoU(today: today).forEach { body(.requestWithoutMoU($0)) }
        expiringMoUs(today: today).forEach { body(.expiringMoU($0)) }
        urgentDatasetsWithoutSetUp(today: today).forEach { body(.urgentDatasetWithoutSetUp($0)) }
        if let round = untrainedFirstRound(today: today) { body(.untrainedFirstRound(round)) }
        openDisagreements.forEach { body(.openDisagreement($0)) }
        forEachAwaitingReply { body(.feedbackAwaitingReply($0)) }
        datasetsNotOnHDX(today: today).forEach { body(.notOnHDX($0)) }
        incompleteReports(today: today).forEach { body(.incompleteReport($0)) }
        uninterpretedRounds(today: today).forEach { body(.uninterpretedRound($0)) }
    }

    /// The urgent-action items of `needsAttention(today:)` (`AttentionItem.isUrgentAction`),
    /// in its order, from the three rules it gathers them from, asked of them alone (the
    /// plan's urgent section), not of the whole list.
    package func urgentAttention(today: Day) -> [AttentionItem] {
        urgentReportsOutsideMode(today: today).map(AttentionItem.urgentReportOutsideMode)
            + urgentDatasetsWithoutSetUp(today: today).map(AttentionItem.urgentDatasetWithoutSetUp)
            + (untrainedFirstRound(today: today).map { [AttentionItem.untrainedFirstRound($0)] } ?? [])
    }

    /// What needs attention as `actor` may see it, counted in words (the prompt's status
    /// line): a partner member counts only what its public view holds.
    package func attentionCounts(for actor: String, today: Day) -> [String] {
        guard case .publicViews(let partner) = Access.reading(of: actor, in: self) else {
            return attentionCounts(today: today)
        }
        return publicView(for: partner, on: today).attentionCounts(today: today)
    }

    /// What needs attention as of `today`, counted in words, without holding the list.
    package func attentionCounts(today: Day) -> [String] {
        var counts = AttentionCounts()
        forEachAttentionItem(today: today) { counts.add($0) }
        return counts.words
    }

    /// The items counted by kind, in words: "2 actions overdue, 1 milestone change not
    /// notified to 3 partners, …"; empty when nothing needs attention.
    package static func attentionCounts(_ items: some Sequence<AttentionItem>) -> [String] {
        var counts = AttentionCounts()
        for item in items { counts.add(item) }
        return counts.words
    }

    /// Items that need attention, counted by kind as they come.
    package struct AttentionCounts {
        var actions = 0, needs = 0, sharing = 0, requests = 0, disagreements = 0, feedback = 0
        var changes = 0, approaches = 0, replies = 0, expiring = 0
        var urgentReports = 0, urgentDatasets = 0, untrained = false
        var published = 0, notOnHDX = 0, incomplete = 0, uninterpreted = 0
        /// The partners some change was not notified to.
        var unnotified: Set<String> = []

        package init() {}

        package mutating func add(_ item: AttentionItem) {
            switch item {
            case .overdueAction: actions += 1
            case .overdueNeeds: needs += 1
            case .staleApproach: approaches += 1
            case .lateReply: replies += 1
            case .unnotifiedChange(let c):
                changes += 1
                unnotified.formUnion(c.unnotified)
            case .sharingViolation: sharing += 1
            case .requestWithoutMoU: requests += 1
            case .expiringMoU: expiring += 1
            case .urgentReportOutsideMode: urgentReports += 1
            case .urgentDatasetWithoutSetUp: urgentDatasets += 1
            case .untrainedFirstRound: untrained = true
            case .openDisagreement: disagreements += 1
            case .feedbackAwaitingReply: feedback += 1
            case .publicationViolation: published += 1
            case .notOnHDX: notOnHDX += 1
            case .incompleteReport: incomplete += 1
            case .uninterpretedRound: uninterpreted += 1
            }
        }

        /// The counts in words, kind by kind.
        package var words: [String] {
            func plural(_ n: Int, _ word: String, plural: String? = nil) -> String {
                n == 1 ? "1 \(word)" : "\(n) \(plural ?? word + "s")"
            }
            var parts: [String] = []
            if actions > 0 { parts.append("\(plural(actions, "action")) overdue") }
            if needs > 0 { parts.append("\(plural(needs, "partner")) late with information needs") }
            if approaches > 0 { parts.append("\(plural(approaches, "approach plan")) past due with no meeting") }
            if replies > 0 { parts.append("\(plural(replies, "planned reply", plural: "planned replies")) past due") }
            if changes > 0 { parts.append("\(plural(changes, "milestone change")) not notified to \(plural(unnotified.count, "partner"))") }
            if sharing > 0 { parts.append(plural(sharing, "sharing violation")) }
            if urgentReports > 0 { parts.append("\(plural(urgentReports, "life-saving report")) outside the urgent-action mode") }
            if published > 0 { parts.append("\(plural(published, "confidential or urgent-action dataset")) in public reports") }
            if requests > 0 { parts.append("\(plural(requests, "request")) for confidential data without an MoU") }
            if expiring > 0 { parts.append("\(plural(expiring, "MoU")) covering confidential data expiring within 30 days") }
            if urgentDatasets > 0 { parts.append("\(plural(urgentDatasets, "urgent-action dataset")) agreed with no urgent setup") }
            if untrained { parts.append("no urgent-action training before round 1") }
            if disagreements > 0 { parts.append(plural(disagreements, "open disagreement")) }
            if feedback > 0 { parts.append("\(feedback) feedback awaiting a reply") }
            if notOnHDX > 0 {
                parts.append("\(plural(notOnHDX, "public dataset")) not on HDX within 30 days of \(notOnHDX == 1 ? "its" : "their") round's close")
            }
            if incomplete > 0 { parts.append("\(plural(incomplete, "report")) missing checklist items") }
            if uninterpreted > 0 { parts.append("\(plural(uninterpreted, "round")) not interpreted by all four skillsets") }
            return parts
        }
    }
}
