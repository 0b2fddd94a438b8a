/// Approaching partners, meeting them, follow-up actions and information needs.

extension CommandCatalog {
    /// Engagement, in the order help lists them.
    static let engagementCommands: [any Command.Type] = [
        PlanApproach.self, RecordMeeting.self, AssignAction.self, CompleteAction.self, RequestNeeds.self,
        SubmitNeeds.self,
    ]
}

/// `approach plan`: Plan how and by when to approach a partner.
package struct PlanApproach: RecordingCommand {
    package static let spec = VerbSpec(
        name: "approach plan",
        summary: "Plan how and by when to approach a partner.",
        fields: [
            .required("partner", .partner, "the partner"),
            .required("how", .text, "how: a bilateral meeting, the IMWG, a joint meeting…"),
            .required("by", .day, "by when (YYYY-MM-DD); past it with no meeting, the plan needs attention"),
            FieldSpec.checked,
        ],
        examples: [#"approach plan partner=wash how="bilateral with the cluster coordinator" by=2026-12-01"#])
    package static let recordedBy: Recorders = .coordinators

    package let context: DecisionContext
    package init(context: DecisionContext) { self.context = context }

    package func decide() throws(CommandError) -> Decision {
        let partner = try partner("partner")
        return Decision(events: [.approachPlanned(ApproachPlanned(
            partner: partner.id, how: try command.text("how"), by: try command.day("by", today: today)))])
    }
}

/// `meeting`: Record an engagement meeting and the outcomes (a)–(e) it reached.
package struct RecordMeeting: RecordingCommand {
    package static let spec = VerbSpec(
        name: "meeting",
        summary: "Record an engagement meeting and the outcomes (a)–(e) it reached.",
        fields: [
            .required("date", .day, "when it was held (YYYY-MM-DD or today)"),
            .required("kind", .choice(MeetingKind.names), "kind of meeting"),
            .required("partners", .partners, "partners present, comma-separated"),
            .optional("outcomes", .choices(Outcome.names), "outcomes reached: a DTM understood, b process, c steps and roles, d what DTM provides and needs, e timeline agreed"),
            .optional("notes", .text, "what was said (no personal details)"),
            FieldSpec.checked,
        ],
        examples: [#"meeting date=2026-11-20 kind=imwg partners=wash,edu outcomes=a,b,c notes="timeline next week""#])
    package static let recordedBy: Recorders = .coordinators

    package let context: DecisionContext
    package init(context: DecisionContext) { self.context = context }

    package func decide() throws(CommandError) -> Decision {
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
    }
}

/// `action add`: Assign a follow-up to someone, with a due date.
package struct AssignAction: RecordingCommand {
    package static let spec = VerbSpec(
        name: "action add",
        summary: "Assign a follow-up to someone, with a due date.",
        fields: [
            .required("id", .slug, "short id for the action (e.g. send-dap)"),
            .required("owner", .text, "who does it (a person, dtm, or a partner id)"),
            .required("text", .text, "what is to be done"),
            .required("due", .day, "due date"),
            FieldSpec.checked,
        ],
        positional: ["id"],
        examples: [#"action add id=send-dap owner=dtm text="Share the draft DAP with clusters" due=2026-12-05"#])
    package static let recordedBy: Recorders = .coordinators

    package let context: DecisionContext
    package init(context: DecisionContext) { self.context = context }

    package func decide() throws(CommandError) -> Decision {
        let id = try command.slug("id")
        if model.actions[id] != nil { throw .duplicate(kind: "action", id: id) }
        return Decision(events: [.actionAssigned(ActionAssigned(
            id: id, owner: try command.text("owner"), text: try command.text("text"), due: try command.day("due", today: today)))])
    }
}

/// `action done`: Mark a follow-up as done.
package struct CompleteAction: RecordingCommand {
    package static let spec = VerbSpec(
        name: "action done",
        summary: "Mark a follow-up as done.",
        fields: [.required("id", .action, "the action")],
        positional: ["id"],
        examples: ["action done id=send-dap"])
    package static let recordedBy: Recorders = .coordinators

    package let context: DecisionContext
    package init(context: DecisionContext) { self.context = context }

    package func decide() throws(CommandError) -> Decision {
        let action = try existing("action", command.values["id"], in: model.actions, order: model.actionOrder)
        if action.done { throw .refused("action '\(action.id)' is already done") }
        return Decision(events: [.actionDone(ActionDone(id: action.id))])
    }
}

/// `needs request`: Ask a partner for its information needs, to reply by a date.
package struct RequestNeeds: RecordingCommand {
    package static let spec = VerbSpec(
        name: "needs request",
        summary: "Ask a partner for its information needs, to reply by a date.",
        fields: [
            .required("partner", .partner, "the partner asked"),
            .required("by", .day, "reply-by date"),
        ],
        examples: ["needs request partner=wash by=2026-12-10"])
    package static let recordedBy: Recorders = .coordinators

    package let context: DecisionContext
    package init(context: DecisionContext) { self.context = context }

    package func decide() throws(CommandError) -> Decision {
        let partner = try partner("partner")
        let by = try command.day("by", today: today)
        var decision = Decision(events: [.needsRequested(NeedsRequested(partner: partner.id, by: by))])
        if by < today { decision.notes.append("the reply-by date \(by) has already passed: it shows as overdue at once") }
        return decision
    }
}

/// `needs submit`: Record the information a partner needs, how often, and for what.
package struct SubmitNeeds: RecordingCommand {
    package static let spec = VerbSpec(
        name: "needs submit",
        summary: "Record the information a partner needs, how often, and for what.",
        fields: [
            .required("partner", .partner, "the partner"),
            .required("text", .text, "the information needed"),
            .required("frequency", .text, "how often (monthly, per round, …)"),
            .required("purpose", .text, "what it will be used for"),
            .optional("datasets", .datasets, "the proposed datasets it asks for"),
            FieldSpec.checked,
        ],
        examples: [#"needs submit partner=wash text="water source by site" frequency="per round" purpose="target trucking""#,
                   #"needs submit partner=wash text="water source by site" frequency="per round" purpose="target trucking" datasets=wash.water"#])
    package static let recordedBy: Recorders = .coordinators

    package let context: DecisionContext
    package init(context: DecisionContext) { self.context = context }

    package func decide() throws(CommandError) -> Decision {
        let partner = try partner("partner")
        var datasets: [String]?
        if command.has("datasets") {
            let ids = command.list("datasets")
            if ids.isEmpty { throw .invalidValue(key: "datasets", value: command.values["datasets"] ?? "", reason: "give at least one dataset id") }
            for id in ids where model.datasets[id] == nil {
                throw .unknown(kind: "dataset", id: id, suggestions: Suggestions.nearest(to: id, in: model.datasetOrder))
            }
            datasets = ids
        }
        return Decision(events: [.needsSubmitted(NeedsSubmitted(
            partner: partner.id, text: try command.text("text"), frequency: try command.text("frequency"),
            purpose: try command.text("purpose"), datasets: datasets))])
    }
}
