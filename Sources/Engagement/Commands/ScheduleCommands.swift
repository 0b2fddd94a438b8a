/// Milestones, telling partners of changes, decisions and disagreements.

extension CommandCatalog {
    /// Schedule and decisions, in the order help lists them.
    static let scheduleCommands: [any Command.Type] = [
        SetMilestone.self, MoveMilestone.self, NotifyPartners.self, CompleteMilestone.self, RecordDecision.self,
        RaiseDisagreement.self, ResolveDisagreement.self,
    ]
}

/// `milestone set`: Put a step of the agreed schedule on a date.
package struct SetMilestone: RecordingCommand {
    package static let spec = VerbSpec(
        name: "milestone set",
        summary: "Put a step of the agreed schedule on a date.",
        fields: [
            .required("id", .slug, "short id (e.g. dap-final)"),
            .required("title", .text, "what happens"),
            .required("date", .day, "planned date"),
            FieldSpec.checked,
        ],
        positional: ["id"],
        examples: [#"milestone set id=dap-final title="Data Analysis Plan final" date=2027-01-15"#])
    package static let recordedBy: Recorders = .coordinators

    package let context: DecisionContext
    package init(context: DecisionContext) { self.context = context }

    package func decide() throws(CommandError) -> Decision {
        let id = try command.slug("id")
        if model.milestones[id] != nil {
            throw .refused("milestone '\(id)' is already set; use 'milestone move id=\(id) date=… reason=…' to change its date")
        }
        return Decision(events: [.milestoneSet(MilestoneSet(
            id: id, title: try command.text("title"), date: try command.day("date", today: today)))])
    }
}

/// `milestone move`: Change a milestone's date, with the reason partners will be told.
package struct MoveMilestone: RecordingCommand {
    package static let spec = VerbSpec(
        name: "milestone move",
        summary: "Change a milestone's date, with the reason partners will be told.",
        fields: [
            .required("id", .milestone, "the milestone"),
            .required("date", .day, "the new date"),
            .required("reason", .text, "why it moved"),
            FieldSpec.checked,
        ],
        positional: ["id"],
        examples: [#"milestone move id=dap-final date=2027-01-29 reason="cluster consultations ran late""#])
    package static let recordedBy: Recorders = .coordinators

    package let context: DecisionContext
    package init(context: DecisionContext) { self.context = context }

    package func decide() throws(CommandError) -> Decision {
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
    }
}

/// `notify`: Record that partners were told of a milestone's change.
package struct NotifyPartners: RecordingCommand {
    package static let spec = VerbSpec(
        name: "notify",
        summary: "Record that partners were told of a milestone's change.",
        fields: [
            .required("milestone", .milestone, "the milestone that moved"),
            .required("partners", .partners, "partners told, comma-separated"),
        ],
        examples: ["notify milestone=dap-final partners=wash,edu"])
    package static let recordedBy: Recorders = .coordinators

    package let context: DecisionContext
    package init(context: DecisionContext) { self.context = context }

    package func decide() throws(CommandError) -> Decision {
        let milestone = try existing("milestone", command.values["milestone"], in: model.milestones, order: model.milestoneOrder)
        guard milestone.lastMove != nil else {
            throw .refused("milestone '\(milestone.id)' has not moved; there is no change to notify")
        }
        let partners = try partnerList("partners", required: true)
        var decision = Decision(events: [.partnersNotified(PartnersNotified(milestone: milestone.id, partners: partners))])
        let still = model.unnotified(milestone).filter { !partners.contains($0) }
        if !still.isEmpty { decision.notes.append("still to notify of \(milestone.id): \(still.joined(separator: ", "))") }
        return decision
    }
}

/// `milestone done`: Mark a milestone as reached.
package struct CompleteMilestone: RecordingCommand {
    package static let spec = VerbSpec(
        name: "milestone done",
        summary: "Mark a milestone as reached.",
        fields: [.required("id", .milestone, "the milestone")],
        positional: ["id"],
        examples: ["milestone done id=dap-final"])
    package static let recordedBy: Recorders = .coordinators

    package let context: DecisionContext
    package init(context: DecisionContext) { self.context = context }

    package func decide() throws(CommandError) -> Decision {
        let milestone = try existing("milestone", command.values["id"], in: model.milestones, order: model.milestoneOrder)
        if milestone.done { throw .refused("milestone '\(milestone.id)' is already done") }
        return Decision(events: [.milestoneDone(MilestoneDone(id: milestone.id))])
    }
}

/// `decision`: Record a decision taken with partners.
package struct RecordDecision: RecordingCommand {
    package static let spec = VerbSpec(
        name: "decision",
        summary: "Record a decision taken with partners.",
        fields: [
            .required("text", .text, "what was decided"),
            .optional("partners", .partners, "partners involved"),
            .optional("about", .text, "what it concerns (a dataset, the schedule, …)"),
            FieldSpec.checked,
        ],
        examples: [#"decision text="Drop the shelter damage question" partners=shelter about=shelter.damage"#])
    package static let recordedBy: Recorders = .coordinators

    package let context: DecisionContext
    package init(context: DecisionContext) { self.context = context }

    package func decide() throws(CommandError) -> Decision {
        return Decision(events: [.decisionRecorded(DecisionRecorded(
            text: try command.text("text"), partners: try partnerList("partners", required: false),
            about: try command.optionalText("about")))])
    }
}

/// `disagreement raise`: Record a difference of opinion, to face it early.
package struct RaiseDisagreement: RecordingCommand {
    package static let spec = VerbSpec(
        name: "disagreement raise",
        summary: "Record a difference of opinion, to face it early.",
        fields: [
            .required("id", .slug, "short id"),
            .required("text", .text, "what it is about"),
            .required("partners", .partners, "partners involved"),
            FieldSpec.checked,
        ],
        positional: ["id"],
        examples: [#"disagreement raise id=kobo text="Cluster wants its own tool" partners=health"#])
    package static let recordedBy: Recorders = .coordinators

    package let context: DecisionContext
    package init(context: DecisionContext) { self.context = context }

    package func decide() throws(CommandError) -> Decision {
        let id = try command.slug("id")
        if model.disagreements[id] != nil { throw .duplicate(kind: "disagreement", id: id) }
        return Decision(events: [.disagreementRaised(DisagreementRaised(
            id: id, text: try command.text("text"), partners: try partnerList("partners", required: true)))])
    }
}

/// `disagreement resolve`: Record how a disagreement was settled.
package struct ResolveDisagreement: RecordingCommand {
    package static let spec = VerbSpec(
        name: "disagreement resolve",
        summary: "Record how a disagreement was settled.",
        fields: [
            .required("id", .disagreement, "the disagreement"),
            .required("text", .text, "how it was resolved"),
            FieldSpec.checked,
        ],
        positional: ["id"],
        examples: [#"disagreement resolve id=kobo text="Joint questionnaire agreed""#])
    package static let recordedBy: Recorders = .coordinators

    package let context: DecisionContext
    package init(context: DecisionContext) { self.context = context }

    package func decide() throws(CommandError) -> Decision {
        let disagreement = try existing("disagreement", command.values["id"], in: model.disagreements, order: model.disagreementOrder)
        if disagreement.resolution != nil { throw .refused("disagreement '\(disagreement.id)' is already resolved") }
        return Decision(events: [.disagreementResolved(DisagreementResolved(id: disagreement.id, text: try command.text("text")))])
    }
}
