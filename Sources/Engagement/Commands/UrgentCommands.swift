/// The Process for Urgent Action, training, and the response's frame (docs/process.md,
/// urgent action).

extension CommandCatalog {
    /// Urgent action, training and the response's frame, in the order help lists them.
    static let urgentCommands: [any Command.Type] = [
        SetUpUrgentAction.self, RecordTraining.self, ReportUrgent.self, SetResponse.self,
    ]
}

/// `urgent setup`: Record how urgent cases are handled: enumerators inform, or also refer.
package struct SetUpUrgentAction: RecordingCommand {
    package static let spec = VerbSpec(
        name: "urgent setup",
        summary: "Record the Process for Urgent Action: enumerators only inform people of services, or also refer them (with consent).",
        fields: [
            .required("date", .day, "the day it applies from"),
            .required("mode", .choice(UrgentMode.names), "inform (tell people of services; no consent needed) or refer (with informed consent)"),
            .required("pathways", .choice(YesNo.names), "whether enumerators are trained on the local referral pathways"),
            .optional("reason", .text, "why, for a change"),
            FieldSpec.checked,
        ],
        examples: ["urgent setup date=2026-09-01 mode=inform pathways=no",
                   #"urgent setup date=2026-10-15 mode=refer pathways=yes reason="Referral pathways mapped with the protection cluster""#])
    package static let recordedBy: Recorders = .coordinators

    package let context: DecisionContext
    package init(context: DecisionContext) { self.context = context }

    package func decide() throws(CommandError) -> Decision {
        let date = try command.day("date", today: today)
        let mode: UrgentMode = try command.identifier("mode")
        let pathways: YesNo = try command.identifier("pathways")
        let reason = try command.optionalText("reason")
        let previous = model.urgent.current
        if let previous, previous.mode == mode, previous.pathways == (pathways == .yes), previous.date == date {
            throw .nothingToChange("urgent action is already mode \(mode.rawValue) from \(date), pathways \(pathways.rawValue)")
        }
        var decision = Decision(events: [.urgentSetUp(UrgentSetUp(date: date, mode: mode, pathways: pathways == .yes, reason: reason))])
        if let previous, previous.mode != mode {
            decision.notes.append("mode changes from \(previous.mode.rawValue) to \(mode.rawValue) on \(date): life-saving reports from that day are judged by it")
        }
        if mode == .refer, pathways == .no {
            decision.notes.append("enumerators who refer must know the referral pathways: train them ('training topic=urgent-action')")
        }
        return decision
    }
}

/// `training`: Record a training: on urgent action, the questionnaire, the method or analysis.
package struct RecordTraining: RecordingCommand {
    package static let spec = VerbSpec(
        name: "training",
        summary: "Record a training held: on urgent action, the questionnaire, the method or analysis.",
        fields: [
            .required("date", .day, "when it was held"),
            .required("topic", .choice(TrainingTopic.names), "what it covered"),
            .optional("partners", .partners, "partners trained or training, comma-separated"),
            .optional("places", .text, "where, comma-separated (districts, sites)"),
            FieldSpec.checked,
        ],
        examples: ["training date=2026-09-20 topic=urgent-action partners=protection,cp-aor places=Maiduguri,Bama",
                   "training date=2026-09-22 topic=questionnaire"])
    package static let recordedBy: Recorders = .coordinators

    package let context: DecisionContext
    package init(context: DecisionContext) { self.context = context }

    package func decide() throws(CommandError) -> Decision {
        let date = try command.pastDay("date", today: today, what: "a training")
        let topic: TrainingTopic = try command.identifier("topic")
        let partners = try partnerList("partners", required: false)
        if command.has("places") { _ = try command.text("places") }
        let places = command.list("places")
        var decision = Decision(events: [.trainingHeld(TrainingHeld(date: date, topic: topic, partners: partners, places: places))])
        if topic == .urgentAction, let first = model.rounds.first, first.started < date,
           !model.urgent.trainings.contains(where: { $0.topic == .urgentAction && $0.date <= first.started }) {
            decision.notes.append("round 1 started on \(first.started), before this training: it still needs attention")
        }
        return decision
    }
}

/// `urgent report`: Record that an urgent report or referral was made: the fact only.
package struct ReportUrgent: RecordingCommand {
    package static let spec = VerbSpec(
        name: "urgent report",
        summary: "Record that an urgent report or referral was made: the fact only, never the person, the place or the incident.",
        fields: [
            .required("date", .day, "when it was made"),
            .required("kind", .choice(UrgentKind.names), "organisational (risks to staff or groups) or life-saving (one person)"),
            .optional("dataset", .dataset, "the dataset being collected when it arose"),
            .optional("to", .partner, "the partner the case was referred to (a referral); absent when the person was only informed"),
            .optional("service", .choice(ReferralService.names), "the service referred to, for a life-saving report"),
            .optional("consent", .choice(Consent.names), "whether the person gave informed consent, for a life-saving report"),
        ],
        examples: ["urgent report date=2026-10-03 kind=life-saving dataset=cp.uasc to=unicef service=psychosocial consent=yes",
                   "urgent report date=2026-10-05 kind=organisational"],
        factsOnly: true)
    package static let recordedBy: Recorders = .coordinators

    package let context: DecisionContext
    package init(context: DecisionContext) { self.context = context }

    package func decide() throws(CommandError) -> Decision {
        let date = try command.pastDay("date", today: today, what: "a report")
        let kind: UrgentKind = try command.identifier("kind")
        let dataset = command.has("dataset") ? try self.dataset("dataset").id : nil
        let to = command.has("to") ? try partner("to").id : nil
        let service: ReferralService? = try command.optionalIdentifier("service")
        let consent: Consent? = try command.optionalIdentifier("consent")
        if kind == .organisational {
            for key in ["service", "consent"] where command.has(key) {
                throw .invalidValue(key: key, value: command.values[key] ?? "", reason: "goes with kind=life-saving only (one person's referral)")
            }
        }
        let report = UrgentReported(date: date, kind: kind, dataset: dataset, to: to, service: service, consent: consent)
        var decision = Decision(events: [.urgentReported(report)])
        if kind == .lifeSaving {
            switch model.urgent.setUp(on: date)?.mode {
            case nil:
                decision.notes.append("no urgent setup applies on \(date): record 'urgent setup' (this report needs attention until then)")
            case .inform?:
                if to != nil { decision.notes.append("mode inform on \(date): enumerators only inform, so a referral (to=) needs attention") }
            case .refer?:
                if consent != .yes { decision.notes.append("mode refer on \(date): a referral needs consent=yes; this report needs attention") }
            }
        }
        return decision
    }
}

/// `response set`: Record the response DTM supports: its name, country and who leads it.
package struct SetResponse: RecordingCommand {
    package static let spec = VerbSpec(
        name: "response set",
        summary: "Record the response DTM supports: its name, country and the body that leads it.",
        fields: [
            .required("name", .name, "the response's name"),
            .required("country", .name, "the country"),
            .required("body", .choice(ResponseBody.names), "who leads it: cluster, hct, government, inter-cluster or other"),
            .optional("since", .day, "since when"),
            FieldSpec.checked,
        ],
        examples: [#"response set name="Flood response 2026" country=Nigeria body=cluster since=2026-08-20"#])
    package static let recordedBy: Recorders = .coordinators

    package let context: DecisionContext
    package init(context: DecisionContext) { self.context = context }

    package func decide() throws(CommandError) -> Decision {
        let event = ResponseSet(name: try command.text("name"), country: try command.text("country"), body: try command.identifier("body"),
                                since: try command.optionalDay("since", today: today))
        if let current = model.response, current.name == event.name, current.country == event.country, current.body == event.body,
           current.since == event.since {
            throw .nothingToChange("the response is already \(current.line)")
        }
        return Decision(events: [.responseSet(event)])
    }
}
