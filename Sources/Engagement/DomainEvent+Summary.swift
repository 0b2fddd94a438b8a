/// One-line descriptions of events, for receipts and the `log` view, and the partners and
/// datasets each event concerns.
extension DomainEvent {
    /// A sentence fragment saying what happened. With `personal: false` it leaves out
    /// contacts' names and e-mail addresses, which are personal data and stay out of exports.
    package func summary(personal: Bool = true) -> String {
        func list(_ items: [String]) -> String { items.joined(separator: ", ") }
        func ids<T: FixedIdentifier>(_ items: [T]) -> String { items.map(\.rawValue).joined(separator: ", ") }
        switch self {
        case .partnerMapped(let e):
            return "mapped partner \(e.id) — \(e.name) (\(e.category.rawValue); \(ids(e.levels)))"
        case .partnerUpdated(let e):
            var changes: [String] = []
            if let name = e.name { changes.append("name → \(name)") }
            if let category = e.category { changes.append("category → \(category.rawValue)") }
            if let levels = e.levels { changes.append("levels → \(ids(levels))") }
            return "updated partner \(e.id): \(changes.joined(separator: "; "))"
        case .contactAdded(let e):
            let skills = e.skills.isEmpty ? "" : " (\(ids(e.skills)))"
            guard personal else { return "added a contact to \(e.partner)\(skills)" }
            let email = e.email.map { " <\($0)>" } ?? ""
            return "added contact \(e.name)\(email) to \(e.partner)\(skills)"
        case .contactLeft(let e):
            return personal ? "contact \(e.name) left \(e.partner)" : "a contact left \(e.partner)"
        case .approachPlanned(let e):
            return "planned to approach \(e.partner) by \(e.by): \(e.how)"
        case .meetingHeld(let e):
            let reached = e.outcomes.sorted()
            let missing = Outcome.allCases.filter { !e.outcomes.contains($0) }
            var text = "\(e.kind.rawValue) meeting with \(list(e.partners)) on \(e.date)"
            text += reached.isEmpty ? " — no outcome reached" : " — outcomes \(Self.letters(reached)) reached"
            if !missing.isEmpty { text += "; \(Self.letters(missing)) still to cover" }
            return text
        case .actionAssigned(let e):
            return "action \(e.id) for \(e.owner), due \(e.due): \(e.text)"
        case .actionDone(let e):
            return "action \(e.id) done"
        case .needsRequested(let e):
            return "asked \(e.partner) for its information needs by \(e.by)"
        case .needsSubmitted(let e):
            return "\(e.partner) submitted information needs (\(e.frequency); for \(e.purpose)): \(e.text)"
        case .milestoneSet(let e):
            return "milestone \(e.id) — \(e.title) — set for \(e.date)"
        case .milestoneMoved(let e):
            return "milestone \(e.id) moved to \(e.date): \(e.reason)"
        case .partnersNotified(let e):
            return "notified \(list(e.partners)) of the change to \(e.milestone)"
        case .milestoneDone(let e):
            return "milestone \(e.id) done"
        case .decisionRecorded(let e):
            let about = e.about.map { " (about \($0))" } ?? ""
            let with = e.partners.isEmpty ? "" : " with \(list(e.partners))"
            return "decision\(with)\(about): \(e.text)"
        case .disagreementRaised(let e):
            return "disagreement \(e.id) with \(list(e.partners)): \(e.text)"
        case .disagreementResolved(let e):
            return "disagreement \(e.id) resolved: \(e.text)"
        case .datasetProposed(let e):
            let by = e.requestedBy.isEmpty ? "" : ", requested by \(list(e.requestedBy))"
            return "proposed dataset \(e.id) (\(e.sector), \(e.dissemination.rawValue)\(by)): \(e.question)"
        case .datasetRevised(let e):
            var changes: [String] = []
            if let v = e.sector { changes.append("sector → \(v)") }
            if let v = e.question { changes.append("question → \(v)") }
            if let v = e.options { changes.append("options → \(v)") }
            if let v = e.purpose { changes.append("purpose → \(v)") }
            if let v = e.requestedBy { changes.append("requested by → \(list(v))") }
            if let v = e.owner { changes.append("owner → \(v.rawValue)") }
            if let v = e.dissemination { changes.append("dissemination → \(v.rawValue)") }
            if let v = e.mockup { changes.append("mock-up → \(v)") }
            if let v = e.criteria { changes.append("criteria met → \(v.isEmpty ? "none" : ids(v))") }
            return "revised dataset \(e.id): \(changes.joined(separator: "; "))"
        case .datasetAgreed(let e):
            return e.forced ? "agreed dataset \(e.id) despite unmet criteria: \(e.reason ?? "")" : "agreed dataset \(e.id)"
        case .datasetKept(let e):
            return "kept dataset \(e.id) for comparability: \(e.reason)"
        case .datasetDropped(let e):
            return "dropped dataset \(e.id): \(e.reason)"
        case .roundStarted(let e):
            return "collection round \(e.number) started on \(e.date)"
        case .roundClosed(let e):
            return "collection round \(e.number) closed on \(e.date)"
        case .datasetAnalysed(let e):
            return "\(e.by) analysed \(e.dataset) from round \(e.round)"
        case .datasetUsed(let e):
            return "\(e.partner) used \(e.dataset) from round \(e.round) for \(e.purpose)"
        case .mouSigned(let e):
            let until = e.expires.map { " until \($0)" } ?? ""
            return "MoU signed with \(e.partner) on \(e.date)\(until): \(e.scope)"
        case .mouEnded(let e):
            return "MoU with \(e.partner) ended on \(e.date)"
        case .dataShared(let e):
            return "shared \(e.dataset) with \(e.partner) (\(e.modality.rawValue))"
        case .feedbackSubmitted(let e):
            let dataset = e.dataset.map { " on \($0)" } ?? ""
            let rating = e.rating.map { " (rating \($0)/5)" } ?? ""
            return "feedback \(e.id) from \(e.partner) about \(e.topic.rawValue)\(dataset)\(rating): \(e.text)"
        case .feedbackAddressed(let e):
            let when = e.date.map { " for \($0)" } ?? ""
            return "feedback \(e.id) addressed — \(e.response.rawValue)\(when): \(e.text)"
        case .eventRetracted(let e):
            return "retracted #\(e.sequence): \(e.reason)"
        case .memberAdded(let e):
            let partner = e.partner.map { " for \($0)" } ?? ""
            return "\(e.user) is now a \(e.role.rawValue)\(partner)"
        case .memberRemoved(let e):
            return "\(e.user) is no longer a member"
        case .unrecognised(let type, let version):
            return "\(type) v\(version) (written by a newer engage; not understood here)"
        }
    }

    /// "a, b and c"
    static func letters(_ outcomes: [Outcome]) -> String {
        let names = outcomes.map(\.rawValue)
        guard names.count > 1 else { return names.first ?? "" }
        return names.dropLast().joined(separator: ", ") + " and " + names.last!
    }

    /// The partners the event concerns, for `log partner=` and a partner's timeline.
    package var partners: [String] {
        switch self {
        case .partnerMapped(let e): [e.id]
        case .partnerUpdated(let e): [e.id]
        case .contactAdded(let e): [e.partner]
        case .contactLeft(let e): [e.partner]
        case .approachPlanned(let e): [e.partner]
        case .meetingHeld(let e): e.partners
        case .needsRequested(let e): [e.partner]
        case .needsSubmitted(let e): [e.partner]
        case .partnersNotified(let e): e.partners
        case .decisionRecorded(let e): e.partners
        case .disagreementRaised(let e): e.partners
        case .datasetProposed(let e): e.requestedBy
        case .datasetUsed(let e): [e.partner]
        case .mouSigned(let e): [e.partner]
        case .mouEnded(let e): [e.partner]
        case .dataShared(let e): [e.partner]
        case .feedbackSubmitted(let e): [e.partner]
        case .memberAdded(let e): e.partner.map { [$0] } ?? []
        default: []
        }
    }
}
