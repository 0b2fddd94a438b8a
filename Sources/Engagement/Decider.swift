/// What a command decided: the events to record, and remarks for the person (a nudge
/// about something that now needs attention).
package struct Decision: Equatable, Sendable {
    package var events: [DomainEvent]
    package var notes: [String] = []
}

/// Turns a command into the events to record, given the state it was decided on.
///
/// Pure: the same command on the same state and day always yields the same events or the
/// same refusal, which is what lets a writer retry after another process appended.
package enum Decider {
    package static func decide(_ command: ResolvedCommand, by actor: String, given model: Model, today: Day) throws(CommandError) -> Decision {
        try Access.checkRecording(command, by: actor, in: model)
        if command.values["checked"] != "yes" {
            for key in command.spec.freeTextKeys {
                if let text = command.values[key], let why = CaseDetails.reason(in: text) {
                    throw .possibleCaseDetails(key: key, why: why)
                }
            }
        }
        let c = Checks(command: command, model: model, today: today)
        return try c.decide()
    }
}

/// The validation of each verb, with the command, the state and the day at hand.
private struct Checks {
    let command: ResolvedCommand
    let model: Model
    let today: Day

    func decide() throws(CommandError) -> Decision {
        switch command.verb {
        // MARK: Partners and people
        case "partner add":
            let id = try command.slug("id")
            if let existing = model.partners[id] { throw .duplicatePartner(id: id, name: existing.name) }
            return Decision(events: [.partnerMapped(PartnerMapped(
                id: id, name: try command.text("name"), category: try command.identifier("category"),
                levels: try command.identifiers("levels")))])

        case "partner update":
            let partner = try partner("id")
            var update = PartnerUpdated(id: partner.id)
            if let name = try command.optionalText("name"), name != partner.name { update.name = name }
            if let category: PartnerCategory = try command.optionalIdentifier("category"), category != partner.category {
                update.category = category
            }
            if command.has("levels") {
                let levels: [UseLevel] = try command.identifiers("levels")
                if levels != partner.levels { update.levels = levels }
            }
            guard update != PartnerUpdated(id: partner.id) else {
                if !command.has("name"), !command.has("category"), !command.has("levels") {
                    throw .missingFields(verb: command.verb, keys: ["name", "category", "levels"])
                }
                throw .nothingToChange("'\(partner.id)' already has those values")
            }
            return Decision(events: [.partnerUpdated(update)])

        case "contact add":
            let partner = try partner("partner")
            let name = try command.text("name")
            if partner.contact(named: name) != nil { throw .duplicateContact(partner: partner.id, name: name) }
            return Decision(events: [.contactAdded(ContactAdded(
                partner: partner.id, name: name, email: try command.optionalEmail("email"),
                skills: try command.identifiers("skills", allowEmpty: true)))])

        case "contact left":
            let partner = try partner("partner")
            let name = try command.text("name")
            guard let contact = partner.contact(named: name) else {
                throw .unknownContact(partner: partner.id, name: name,
                                      suggestions: Suggestions.nearest(to: name, in: partner.contacts.map(\.name)))
            }
            return Decision(events: [.contactLeft(ContactLeft(partner: partner.id, name: contact.name))])

        // MARK: Engagement
        case "approach plan":
            let partner = try partner("partner")
            return Decision(events: [.approachPlanned(ApproachPlanned(
                partner: partner.id, how: try command.text("how"), by: try command.day("by", today: today)))])

        case "meeting":
            let date = try command.day("date", today: today)
            let kind: MeetingKind = try command.identifier("kind")
            let partners = try partnerList("partners", required: true)
            let outcomes: [Outcome] = try command.identifiers("outcomes", allowEmpty: true)
            let notes = try command.optionalText("notes")
            var decision = Decision(events: [.meetingHeld(MeetingHeld(
                date: date, kind: kind, partners: partners, outcomes: outcomes.sorted(), notes: notes))])
            if date > today { decision.notes.append("the meeting date \(date) is in the future") }
            let missing = Outcome.allCases.filter { outcome in
                !partners.allSatisfy { (model.partners[$0]?.outcomes.contains(outcome) ?? false) || outcomes.contains(outcome) }
            }
            if !missing.isEmpty {
                decision.notes.append("outcomes \(EventText.letters(missing)) are still to cover with some of these partners")
            }
            return decision

        case "action add":
            let id = try command.slug("id")
            if model.actions[id] != nil { throw .duplicate(kind: "action", id: id) }
            return Decision(events: [.actionAssigned(ActionAssigned(
                id: id, owner: try command.text("owner"), text: try command.text("text"), due: try command.day("due", today: today)))])

        case "action done":
            let action = try existing("action", command.values["id"], in: model.actions, order: model.actionOrder)
            if action.done { throw .refused("action '\(action.id)' is already done") }
            return Decision(events: [.actionDone(ActionDone(id: action.id))])

        case "needs request":
            let partner = try partner("partner")
            let by = try command.day("by", today: today)
            var decision = Decision(events: [.needsRequested(NeedsRequested(partner: partner.id, by: by))])
            if by < today { decision.notes.append("the reply-by date \(by) has already passed: it shows as overdue at once") }
            return decision

        case "needs submit":
            let partner = try partner("partner")
            return Decision(events: [.needsSubmitted(NeedsSubmitted(
                partner: partner.id, text: try command.text("text"), frequency: try command.text("frequency"),
                purpose: try command.text("purpose")))])

        // MARK: Schedule
        case "milestone set":
            let id = try command.slug("id")
            if model.milestones[id] != nil {
                throw .refused("milestone '\(id)' is already set; use 'milestone move id=\(id) date=… reason=…' to change its date")
            }
            return Decision(events: [.milestoneSet(MilestoneSet(
                id: id, title: try command.text("title"), date: try command.day("date", today: today)))])

        case "milestone move":
            let milestone = try existing("milestone", command.values["id"], in: model.milestones, order: model.milestoneOrder)
            if milestone.done { throw .refused("milestone '\(milestone.id)' is done; it cannot move") }
            let date = try command.day("date", today: today)
            if date == milestone.date { throw .nothingToChange("'\(milestone.id)' is already on \(date)") }
            let reason = try command.text("reason")
            // Everyone met so far is affected, as of this move.
            let affected = model.partnersMet(before: model.lastSequence + 1)
            var decision = Decision(events: [.milestoneMoved(MilestoneMoved(id: milestone.id, date: date, reason: reason))])
            if !affected.isEmpty {
                decision.notes.append("tell \(affected.joined(separator: ", ")) of the new date and why: 'notify milestone=\(milestone.id) partners=\(affected.joined(separator: ","))'")
            }
            return decision

        case "notify":
            let milestone = try existing("milestone", command.values["milestone"], in: model.milestones, order: model.milestoneOrder)
            guard milestone.lastMove != nil else {
                throw .refused("milestone '\(milestone.id)' has not moved; there is no change to notify")
            }
            let partners = try partnerList("partners", required: true)
            var decision = Decision(events: [.partnersNotified(PartnersNotified(milestone: milestone.id, partners: partners))])
            let still = model.unnotified(milestone).filter { !partners.contains($0) }
            if !still.isEmpty { decision.notes.append("still to notify of \(milestone.id): \(still.joined(separator: ", "))") }
            return decision

        case "milestone done":
            let milestone = try existing("milestone", command.values["id"], in: model.milestones, order: model.milestoneOrder)
            if milestone.done { throw .refused("milestone '\(milestone.id)' is already done") }
            return Decision(events: [.milestoneDone(MilestoneDone(id: milestone.id))])

        // MARK: Decisions
        case "decision":
            return Decision(events: [.decisionRecorded(DecisionRecorded(
                text: try command.text("text"), partners: try partnerList("partners", required: false),
                about: try command.optionalText("about")))])

        case "disagreement raise":
            let id = try command.slug("id")
            if model.disagreements[id] != nil { throw .duplicate(kind: "disagreement", id: id) }
            return Decision(events: [.disagreementRaised(DisagreementRaised(
                id: id, text: try command.text("text"), partners: try partnerList("partners", required: true)))])

        case "disagreement resolve":
            let disagreement = try existing("disagreement", command.values["id"], in: model.disagreements, order: model.disagreementOrder)
            if disagreement.resolution != nil { throw .refused("disagreement '\(disagreement.id)' is already resolved") }
            return Decision(events: [.disagreementResolved(DisagreementResolved(id: disagreement.id, text: try command.text("text")))])

        // MARK: Data Analysis Plan
        case "dataset propose":
            let id = try command.slug("id")
            if model.datasets[id] != nil {
                throw .refused("dataset '\(id)' is already proposed; use 'dataset revise id=\(id) …' to change it")
            }
            let proposed = DatasetProposed(
                id: id, sector: try command.slug("sector"), question: try command.text("question"),
                options: try command.optionalText("options"), purpose: try command.optionalText("purpose"),
                requestedBy: try partnerList("requested-by", required: false), owner: try command.optionalIdentifier("owner"),
                dissemination: try command.identifier("dissemination"), mockup: try command.optionalText("mockup"),
                criteria: try command.identifiers("criteria", allowEmpty: true))
            var decision = Decision(events: [.datasetProposed(proposed)])
            decision.notes += datasetNudges(owner: proposed.owner, purpose: proposed.purpose, dissemination: proposed.dissemination,
                                            requestedBy: proposed.requestedBy, criteria: proposed.criteria)
            return decision

        case "dataset revise":
            let dataset = try dataset("id")
            var revised = DatasetRevised(id: dataset.id)
            if let v = command.has("sector") ? try command.slug("sector") : nil, v != dataset.sector { revised.sector = v }
            if let v = try command.optionalText("question"), v != dataset.question { revised.question = v }
            if let v = try command.optionalText("options"), v != dataset.options { revised.options = v }
            if let v = try command.optionalText("purpose"), v != dataset.purpose { revised.purpose = v }
            if command.has("requested-by") {
                let v = try partnerList("requested-by", required: false)
                if v != dataset.requestedBy { revised.requestedBy = v }
            }
            if let v: AnalysisOwner = try command.optionalIdentifier("owner"), v != dataset.owner { revised.owner = v }
            if let v: Dissemination = try command.optionalIdentifier("dissemination"), v != dataset.dissemination { revised.dissemination = v }
            if let v = try command.optionalText("mockup"), v != dataset.mockup { revised.mockup = v }
            if command.has("criteria") {
                let v: [Criterion] = try command.identifiers("criteria", allowEmpty: true)
                if Set(v) != Set(dataset.criteria) { revised.criteria = v }
            }
            guard revised != DatasetRevised(id: dataset.id) else {
                let editable = command.spec.fields.map(\.key).filter { $0 != "id" && $0 != "checked" }
                if !editable.contains(where: command.has) { throw .missingFields(verb: command.verb, keys: editable) }
                throw .nothingToChange("'\(dataset.id)' already has those values")
            }
            var decision = Decision(events: [.datasetRevised(revised)])
            decision.notes += datasetNudges(owner: revised.owner ?? dataset.owner, purpose: revised.purpose ?? dataset.purpose,
                                            dissemination: revised.dissemination ?? dataset.dissemination,
                                            requestedBy: revised.requestedBy ?? dataset.requestedBy,
                                            criteria: revised.criteria ?? dataset.criteria)
            return decision

        case "dataset agree":
            let dataset = try dataset("id")
            if dataset.status == .agreed || dataset.status == .kept { throw .refused("dataset '\(dataset.id)' is already agreed") }
            let forced = command.values["force"] == "yes"
            let reason = try command.optionalText("reason")
            let unmet = dataset.unmetCriteria
            if !unmet.isEmpty, !forced {
                throw .refused("dataset '\(dataset.id)' does not meet the minimum inclusion criteria: \(unmet.map(\.rawValue).joined(separator: ", ")) unmet. "
                    + "Revise it (dataset revise id=\(dataset.id) criteria=…), or agree it anyway with force=yes reason=\"…\"")
            }
            if forced, !unmet.isEmpty, reason == nil {
                throw .missingFields(verb: command.verb, keys: ["reason"])
            }
            var decision = Decision(events: [.datasetAgreed(DatasetAgreed(id: dataset.id, forced: forced && !unmet.isEmpty, reason: reason))])
            if dataset.dissemination.needsMoU {
                let without = dataset.requestedBy.filter { !model.hasMoU($0, on: today) }
                if !without.isEmpty {
                    decision.notes.append("\(dataset.id) is \(dataset.dissemination.rawValue): no MoU in force with \(without.joined(separator: ", ")); sign one before collection")
                }
            }
            return decision

        case "dataset keep":
            let dataset = try dataset("id")
            guard dataset.status == .agreed else {
                throw .refused("only a dataset being collected can be kept for comparability; '\(dataset.id)' is \(dataset.status.rawValue)")
            }
            return Decision(events: [.datasetKept(DatasetKept(id: dataset.id, reason: try command.text("reason")))])

        case "dataset drop":
            let dataset = try dataset("id")
            if dataset.status == .dropped { throw .refused("dataset '\(dataset.id)' is already dropped") }
            return Decision(events: [.datasetDropped(DatasetDropped(id: dataset.id, reason: try command.text("reason")))])

        case "round start":
            let n = try command.number("n", in: 1...10_000)
            if let open = model.openRound { throw .refused("round \(open.number) is still open; close it first (round close n=\(open.number) date=…)") }
            guard n == model.rounds.count + 1 else {
                throw .invalidValue(key: "n", value: String(n), reason: "the next round is \(model.rounds.count + 1)")
            }
            let date = try command.day("date", today: today)
            if let last = model.rounds.last?.closed, date < last {
                throw .invalidValue(key: "date", value: date.description, reason: "round \(model.rounds.count) closed on \(last)")
            }
            var decision = Decision(events: [.roundStarted(RoundStarted(number: n, date: date))])
            let agreed = model.datasetsInOrder.filter(\.isCollected).count
            decision.notes.append("\(agreed) dataset\(agreed == 1 ? "" : "s") agreed for collection in round \(n)")
            return decision

        case "round close":
            let n = try round("n")
            guard let open = model.openRound, open.number == n else {
                throw .refused("round \(n) is already closed")
            }
            let date = try command.day("date", today: today)
            if date < open.started { throw .invalidValue(key: "date", value: date.description, reason: "round \(n) started on \(open.started)") }
            return Decision(events: [.roundClosed(RoundClosed(number: n, date: date))])

        case "analysed":
            let dataset = try dataset("dataset")
            return Decision(events: [.datasetAnalysed(DatasetAnalysed(
                dataset: dataset.id, by: try command.text("by"), round: try round("round")))])

        case "used":
            let dataset = try dataset("dataset")
            let partner = try partner("partner")
            return Decision(events: [.datasetUsed(DatasetUsed(
                dataset: dataset.id, partner: partner.id, round: try round("round"), purpose: try command.text("for")))])

        // MARK: Sharing
        case "mou sign":
            let partner = try partner("partner")
            let date = try command.day("date", today: today)
            let expires = try command.optionalDay("expires", today: today)
            if let expires, expires <= date {
                throw .invalidValue(key: "expires", value: expires.description, reason: "an MoU must expire after it is signed (\(date))")
            }
            if let mou = partner.mou, mou.ended == nil, mou.expires.map({ $0 >= date }) ?? true {
                throw .refused("'\(partner.id)' already has an MoU in force (signed \(mou.signed)); record 'mou end partner=\(partner.id) date=…' first")
            }
            return Decision(events: [.mouSigned(MoUSigned(partner: partner.id, scope: try command.text("scope"), date: date, expires: expires))])

        case "mou end":
            let partner = try partner("partner")
            guard let mou = partner.mou, mou.ended == nil else { throw .refused("'\(partner.id)' has no MoU to end") }
            let date = try command.day("date", today: today)
            if date < mou.signed { throw .invalidValue(key: "date", value: date.description, reason: "the MoU was signed on \(mou.signed)") }
            return Decision(events: [.mouEnded(MoUEnded(partner: partner.id, date: date))])

        case "share":
            let dataset = try dataset("dataset")
            let partner = try partner("partner")
            let modality: Dissemination = try command.optionalIdentifier("modality") ?? dataset.dissemination
            var decision = Decision(events: [.dataShared(DataShared(dataset: dataset.id, partner: partner.id, modality: modality))])
            if (modality.needsMoU || dataset.dissemination.needsMoU), !model.hasMoU(partner.id, on: today) {
                decision.notes.append("no MoU in force with \(partner.id): this share shows as a violation in 'sharing'")
            }
            if dataset.dissemination.needsMoU, modality == .public {
                decision.notes.append("\(dataset.id) is \(dataset.dissemination.rawValue) but was shared publicly")
            }
            return decision

        // MARK: Feedback and corrections
        case "feedback":
            let partner = try partner("partner")
            let dataset = command.has("dataset") ? try self.dataset("dataset").id : nil
            let topic: FeedbackTopic = try command.identifier("topic")
            let event = FeedbackSubmitted(
                id: "f\(model.feedbackCount + 1)", partner: partner.id, topic: topic, text: try command.text("text"),
                dataset: dataset, rating: try command.optionalNumber("rating", in: 1...5))
            var decision = Decision(events: [.feedbackSubmitted(event)])
            let open = model.unaddressedFeedback.count + 1
            decision.notes.append("\(open) piece\(open == 1 ? "" : "s") of feedback await\(open == 1 ? "s" : "") a reply ('feedback address id=\(event.id) …')")
            return decision

        case "feedback address":
            let feedback = try existing("feedback", command.values["id"], in: model.feedback, order: model.feedbackOrder)
            if let previous = feedback.response, previous.response != .planned {
                throw .refused("feedback \(feedback.id) was already answered (\(previous.response.rawValue))")
            }
            let response: FeedbackResponse = try command.identifier("response")
            let date = try command.optionalDay("date", today: today)
            if response == .planned, date == nil { throw .missingFields(verb: command.verb, keys: ["date"]) }
            if response != .planned, date != nil {
                throw .invalidValue(key: "date", value: date!.description, reason: "a date goes with response=planned only")
            }
            return Decision(events: [.feedbackAddressed(FeedbackAddressed(id: feedback.id, response: response,
                                                                           text: try command.text("text"), date: date))])

        case "retract":
            let raw = (command.values["seq"] ?? "").trimmingWhitespace()
            let digits = raw.hasPrefix("#") ? String(raw.dropFirst()) : raw
            guard let seq = Int(digits), seq >= 1 else {
                throw .invalidValue(key: "seq", value: raw, reason: "give the sequence number of an event (see 'log')")
            }
            guard seq <= model.lastSequence else { throw .refused("there is no event #\(seq); the log ends at #\(model.lastSequence)") }
            if let by = model.retracted[seq] { throw .refused("event #\(seq) was already retracted by #\(by)") }
            if model.retractions.contains(seq) {
                throw .refused("#\(seq) is a retraction; retractions cannot be retracted: record the event again instead")
            }
            return Decision(events: [.eventRetracted(EventRetracted(sequence: seq, reason: try command.text("reason")))])

        // MARK: Members
        case "member add":
            let user = try command.user("user")
            let role: Role = try command.identifier("role")
            var partner: String?
            if role == .partner {
                guard command.has("partner") else {
                    throw .invalidValue(key: "partner", value: "", reason: "a partner member speaks for one partner: give partner=")
                }
                partner = try self.partner("partner").id
            } else if command.has("partner") {
                throw .invalidValue(key: "partner", value: command.values["partner"] ?? "",
                                    reason: "only a partner member speaks for a partner; a \(role.rawValue) takes no partner=")
            }
            if let current = model.member(user), current.role == role, current.partner == partner {
                throw .nothingToChange("'\(user)' is already a \(role.rawValue)\(partner.map { " for \($0)" } ?? "")")
            }
            if role != .coordinator { try keepsACoordinator(without: user) }
            return Decision(events: [.memberAdded(MemberAdded(user: user, role: role, partner: partner))])

        case "member remove":
            let raw = (command.values["user"] ?? "").trimmingWhitespace()
            guard model.member(raw) != nil else {
                throw .unknown(kind: "member", id: raw, suggestions: Suggestions.nearest(to: raw, in: model.members.map(\.user)))
            }
            try keepsACoordinator(without: raw)
            return Decision(events: [.memberRemoved(MemberRemoved(user: raw))])

        default:
            throw .notForRecording("'\(command.verb)' is a view; it records nothing")
        }
    }

    /// Refuses a change that would leave the log with no coordinator to manage it.
    func keepsACoordinator(without user: String) throws(CommandError) {
        let others = model.members.filter { $0.role == .coordinator && $0.user != user }
        if others.isEmpty, model.member(user)?.role == .coordinator {
            throw .refused("'\(user)' is the last coordinator; add another coordinator first")
        }
    }

    // MARK: Lookups with suggestions

    func partner(_ key: String) throws(CommandError) -> Model.Partner {
        let id = (command.values[key] ?? "").trimmingWhitespace()
        guard let partner = model.partners[id] else {
            throw .unknownPartner(id, suggestions: Suggestions.nearest(to: id, in: model.partnerOrder))
        }
        return partner
    }

    func partnerList(_ key: String, required: Bool) throws(CommandError) -> [String] {
        let ids = command.list(key)
        if required, ids.isEmpty { throw .invalidValue(key: key, value: command.values[key] ?? "", reason: "give at least one partner id") }
        for id in ids where model.partners[id] == nil {
            throw .unknownPartner(id, suggestions: Suggestions.nearest(to: id, in: model.partnerOrder))
        }
        return ids
    }

    func dataset(_ key: String) throws(CommandError) -> Model.Dataset {
        try existing("dataset", command.values[key], in: model.datasets, order: model.datasetOrder)
    }

    func existing<T>(_ kind: String, _ raw: String?, in table: Keyed<T>, order: [String]) throws(CommandError) -> T {
        let id = (raw ?? "").trimmingWhitespace()
        guard let value = table[id] else {
            throw .unknown(kind: kind, id: id, suggestions: Suggestions.nearest(to: id, in: order))
        }
        return value
    }

    /// A round that has started.
    func round(_ key: String) throws(CommandError) -> Int {
        let raw = (command.values[key] ?? "").trimmingWhitespace()
        guard let n = Int(raw), n >= 1, n <= model.rounds.count else {
            let known = model.rounds.isEmpty ? "no round has started yet" : "rounds 1–\(model.rounds.count) have started"
            throw .unknown(kind: "round", id: raw, suggestions: []).withReason(known)
        }
        return n
    }

    func datasetNudges(owner: AnalysisOwner?, purpose: String?, dissemination: Dissemination, requestedBy: [String],
                       criteria: [Criterion]) -> [String] {
        var notes: [String] = []
        if owner == nil || owner == AnalysisOwner.none {
            notes.append("no one is committed to analyse it: without an analysis owner it is a drop candidate")
        }
        if (purpose ?? "").isEmpty { notes.append("no documented purpose yet") }
        let unmet = Criterion.allCases.filter { !criteria.contains($0) }
        if !unmet.isEmpty { notes.append("criteria not yet met: \(unmet.map(\.rawValue).joined(separator: ", "))") }
        if dissemination.needsMoU {
            let without = requestedBy.filter { !model.hasMoU($0, on: today) }
            if !without.isEmpty { notes.append("\(dissemination.rawValue) data: no MoU in force with \(without.joined(separator: ", "))") }
        }
        return notes
    }
}

extension CommandError {
    /// An unknown-id error with a sentence instead of suggestions.
    fileprivate func withReason(_ reason: String) -> CommandError {
        guard case .unknown(let kind, let id, _) = self else { return self }
        return .refused("no \(kind) '\(id)': \(reason)")
    }
}
