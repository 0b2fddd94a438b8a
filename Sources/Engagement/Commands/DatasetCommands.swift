/// The Data Analysis Plan: datasets, collection rounds, analysis and use.

extension CommandCatalog {
    /// The Data Analysis Plan (with `mockup verify`, in VerificationCommands.swift), in the order help lists them.
    static let datasetCommands: [any Command.Type] = [
        ProposeDataset.self, ReviseDataset.self, VerifyMockup.self, AgreeDataset.self, KeepDataset.self,
        DropDataset.self, StartRound.self, CloseRound.self, ReportAnalysis.self, ReportUse.self,
    ]
}

/// `dataset propose`: Propose a question for the questionnaire, with its row of the Data Analysis Plan.
package struct ProposeDataset: RecordingCommand {
    package static let spec = VerbSpec(
        name: "dataset propose",
        summary: "Propose a question for the questionnaire, with its row of the Data Analysis Plan.",
        fields: [
            .required("id", .slug, "dataset id, e.g. wash.water-source"),
            .required("sector", .slug, "sector (wash, education, protection, …)"),
            .required("question", .text, "the question as asked"),
            .optional("options", .text, "reply options: the set list (e.g. piped,well,trucking), or open for a free answer; needed to agree it"),
            .optional("purpose", .text, "what partners will use it for"),
            .optional("requested-by", .partners, "partners who asked for it"),
            .optional("owner", .choice(AnalysisOwner.names), "who analyses it"),
            .required("dissemination", .choice(Dissemination.names), "how it is shared"),
            .optional("mockup", .text, "the mock-up descriptive analysis; needed, and verified, to agree it"),
            .optional("criteria", .choices(Criterion.names), "minimum inclusion criteria met"),
        ] + FieldSpec.planColumns + [
            FieldSpec.checked,
        ],
        positional: ["id"],
        examples: [#"dataset propose id=wash.water sector=wash question="Main water source?" options=piped,well,trucking,surface mockup="Bar chart: % of sites by main source" purpose="target trucking" requested-by=wash owner=partner dissemination=public criteria=no-other-source,purpose-documented,analysis-capacity,analysis-tools,method-adequate frequency=per-round disaggregation=none languages=en,ur analysis="% of sites by main source, by district""#])
    package static let recordedBy: Recorders = .coordinators

    package let context: DecisionContext
    package init(context: DecisionContext) { self.context = context }

    package func decide() throws(CommandError) -> Decision {
        let id = try command.slug("id")
        if model.datasets[id] != nil {
            throw .refused("dataset '\(id)' is already proposed; use 'dataset revise id=\(id) …' to change it")
        }
        let proposed = DatasetProposed(
            id: id, sector: try command.slug("sector"), question: try command.text("question"),
            options: try command.optionalText("options"), purpose: try command.optionalText("purpose"),
            requestedBy: try partnerList("requested-by", required: false), owner: try command.optionalIdentifier("owner"),
            dissemination: try command.identifier("dissemination"), mockup: try command.optionalText("mockup"),
            criteria: try command.identifiers("criteria", allowEmpty: true), columns: try planColumns())
        var decision = Decision(events: [.datasetProposed(proposed)])
        decision.notes += datasetNudges(owner: proposed.owner, purpose: proposed.purpose, dissemination: proposed.dissemination,
                                        requestedBy: proposed.requestedBy, criteria: proposed.criteria)
        decision.notes += agreementNudge(id: id, options: proposed.options, mockup: proposed.mockup, unverified: VerifyingSkill.allCases)
        return decision
    }
}

/// `dataset revise`: Change fields of a proposed dataset; fields not given stay as they were.
package struct ReviseDataset: RecordingCommand {
    package static let spec = VerbSpec(
        name: "dataset revise",
        summary: "Change fields of a proposed dataset; fields not given stay as they were.",
        fields: [
            .required("id", .dataset, "the dataset"),
            .optional("sector", .slug, "sector"),
            .optional("question", .text, "the question"),
            .optional("options", .text, "reply options: the set list, or open for a free answer"),
            .optional("purpose", .text, "purpose"),
            .optional("requested-by", .partners, "partners who asked for it"),
            .optional("owner", .choice(AnalysisOwner.names), "who analyses it"),
            .optional("dissemination", .choice(Dissemination.names), "how it is shared"),
            .optional("mockup", .text, "mock-up analysis (a new one needs verifying again)"),
            .optional("criteria", .choices(Criterion.names), "criteria met (replaces the list)"),
        ] + FieldSpec.planColumns + [
            FieldSpec.checked,
        ],
        positional: ["id"],
        examples: ["dataset revise id=wash.water owner=joint", "dataset revise id=wash.water frequency=monthly disaggregation=sex,age languages=en,fr"])
    package static let recordedBy: Recorders = .coordinators

    package let context: DecisionContext
    package init(context: DecisionContext) { self.context = context }

    package func decide() throws(CommandError) -> Decision {
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
        let columns = try planColumns()
        if let v = columns.frequency, v != dataset.columns.frequency { revised.columns.frequency = v }
        if let v = columns.disaggregation, v != dataset.columns.disaggregation { revised.columns.disaggregation = v }
        if let v = columns.languages, v != dataset.columns.languages { revised.columns.languages = v }
        if let v = columns.analysis, v != dataset.columns.analysis { revised.columns.analysis = v }
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
        if dataset.status == .proposed {
            let checkedAgain = revised.question != nil || revised.mockup != nil
            decision.notes += agreementNudge(id: dataset.id, options: revised.options ?? dataset.options, mockup: revised.mockup ?? dataset.mockup,
                                             unverified: checkedAgain ? VerifyingSkill.allCases : dataset.unverifiedSkills)
        }
        return decision
    }
}

/// `dataset agree`: Agree a dataset into the questionnaire; refused, unless force=yes reason=…, while it lacks a met criterion, a mock-up, reply options or the mock-up's verification.
package struct AgreeDataset: RecordingCommand {
    package static let spec = VerbSpec(
        name: "dataset agree",
        summary: "Agree a dataset into the questionnaire. It needs every minimum inclusion criterion met, a mock-up verified by subject-matter and context experts ('mockup verify'), reply options (or options=open), a purpose when purpose-documented is claimed and an owner when analysis-capacity is; otherwise force=yes reason=….",
        fields: [
            .required("id", .dataset, "the dataset"),
            .optional("force", .choice(["yes"]), "agree although something it needs is missing"),
            .optional("reason", .text, "why, when forcing"),
            FieldSpec.checked,
        ],
        positional: ["id"],
        examples: ["dataset agree id=wash.water", #"dataset agree id=cp.uasc force=yes reason="ministry request, tools by March""#])
    package static let recordedBy: Recorders = .coordinators

    package let context: DecisionContext
    package init(context: DecisionContext) { self.context = context }

    package func decide() throws(CommandError) -> Decision {
        let dataset = try dataset("id")
        if dataset.status == .agreed || dataset.status == .kept { throw .refused("dataset '\(dataset.id)' is already agreed") }
        let forced = command.values["force"] == "yes"
        let reason = try command.optionalText("reason")
        let gaps = dataset.agreementGaps
        if !gaps.isEmpty, !forced {
            throw .notReadyToAgree(dataset: dataset.id, missing: gaps, unmetCriteria: dataset.unmetCriteria, unverified: dataset.unverifiedSkills)
        }
        if forced, !gaps.isEmpty, reason == nil {
            throw .missingFields(verb: command.verb, keys: ["reason"])
        }
        var decision = Decision(events: [.datasetAgreed(DatasetAgreed(id: dataset.id, forced: forced && !gaps.isEmpty, reason: reason,
                                                                      waived: forced ? gaps : []))])
        if dataset.dissemination.needsMoU {
            let without = dataset.requestedBy.filter { !model.hasMoU($0, on: today) }
            if !without.isEmpty {
                decision.notes.append("\(dataset.id) is \(dataset.dissemination.rawValue): no MoU in force with \(without.joined(separator: ", ")); sign one before collection")
            }
        }
        return decision
    }
}

/// `dataset keep`: Keep a dataset for comparability over time, although unused.
package struct KeepDataset: RecordingCommand {
    package static let spec = VerbSpec(
        name: "dataset keep",
        summary: "Keep a dataset for comparability over time, although unused.",
        fields: [
            .required("id", .dataset, "the dataset"),
            .required("reason", .text, "why it is kept"),
            FieldSpec.checked,
        ],
        positional: ["id"],
        examples: [#"dataset keep id=idp.count reason="trend since 2019""#])
    package static let recordedBy: Recorders = .coordinators

    package let context: DecisionContext
    package init(context: DecisionContext) { self.context = context }

    package func decide() throws(CommandError) -> Decision {
        let dataset = try dataset("id")
        guard dataset.status == .agreed else {
            throw .refused("only a dataset being collected can be kept for comparability; '\(dataset.id)' is \(dataset.status.rawValue)")
        }
        return Decision(events: [.datasetKept(DatasetKept(id: dataset.id, reason: try command.text("reason")))])
    }
}

/// `dataset drop`: Stop collecting a dataset.
package struct DropDataset: RecordingCommand {
    package static let spec = VerbSpec(
        name: "dataset drop",
        summary: "Stop collecting a dataset.",
        fields: [
            .required("id", .dataset, "the dataset"),
            .required("reason", .text, "why"),
            FieldSpec.checked,
        ],
        positional: ["id"],
        examples: [#"dataset drop id=shelter.damage reason="not used in two rounds""#])
    package static let recordedBy: Recorders = .coordinators

    package let context: DecisionContext
    package init(context: DecisionContext) { self.context = context }

    package func decide() throws(CommandError) -> Decision {
        let dataset = try dataset("id")
        if dataset.status == .dropped { throw .refused("dataset '\(dataset.id)' is already dropped") }
        return Decision(events: [.datasetDropped(DatasetDropped(id: dataset.id, reason: try command.text("reason")))])
    }
}

/// `round start`: Start the next collection round.
package struct StartRound: RecordingCommand {
    package static let spec = VerbSpec(
        name: "round start",
        summary: "Start the next collection round.",
        fields: [
            .required("n", .number, "round number (the next one)"),
            .required("date", .day, "start date"),
        ],
        examples: ["round start n=1 date=2027-02-01"])
    package static let recordedBy: Recorders = .coordinators

    package let context: DecisionContext
    package init(context: DecisionContext) { self.context = context }

    package func decide() throws(CommandError) -> Decision {
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
    }
}

/// `round close`: Close the open collection round.
package struct CloseRound: RecordingCommand {
    package static let spec = VerbSpec(
        name: "round close",
        summary: "Close the open collection round.",
        fields: [
            .required("n", .round, "round number"),
            .required("date", .day, "end date"),
        ],
        examples: ["round close n=1 date=2027-02-28"])
    package static let recordedBy: Recorders = .coordinators

    package let context: DecisionContext
    package init(context: DecisionContext) { self.context = context }

    package func decide() throws(CommandError) -> Decision {
        let n = try round("n")
        guard let open = model.openRound, open.number == n else {
            throw .refused("round \(n) is already closed")
        }
        let date = try command.day("date", today: today)
        if date < open.started { throw .invalidValue(key: "date", value: date.description, reason: "round \(n) started on \(open.started)") }
        return Decision(events: [.roundClosed(RoundClosed(number: n, date: date))])
    }
}

/// `analysed`: Record that a dataset's data from a round was analysed.
package struct ReportAnalysis: RecordingCommand {
    package static let spec = VerbSpec(
        name: "analysed",
        summary: "Record that a dataset's data from a round was analysed.",
        fields: [
            .required("dataset", .dataset, "the dataset"),
            .required("by", .text, "who analysed it (dtm or a partner id)"),
            .required("round", .round, "the round"),
            FieldSpec.checked,
        ],
        examples: ["analysed dataset=wash.water by=dtm round=1"])
    package static let recordedBy: Recorders = .coordinators

    package let context: DecisionContext
    package init(context: DecisionContext) { self.context = context }

    package func decide() throws(CommandError) -> Decision {
        let dataset = try dataset("dataset")
        let by = try command.text("by")
        let round = try round("round")
        if let first = dataset.analyses[Model.RoundParty.analysis(round: round, by: by)] {
            throw .alreadyReported(verb: Self.spec.name, dataset: dataset.id, by: by, round: round, first: first)
        }
        return Decision(events: [.datasetAnalysed(DatasetAnalysed(dataset: dataset.id, by: by, round: round))])
    }
}

/// `used`: Record that a partner used a dataset from a round, and for what.
package struct ReportUse: RecordingCommand {
    package static let spec = VerbSpec(
        name: "used",
        summary: "Record that a partner used a dataset from a round, and for what.",
        fields: [
            .required("dataset", .dataset, "the dataset"),
            .required("partner", .partner, "the partner"),
            .required("round", .round, "the round"),
            .required("for", .text, "what it was used for"),
            FieldSpec.checked,
        ],
        examples: [#"used dataset=wash.water partner=wash round=1 for="trucking plan""#])
    package static let recordedBy: Recorders = .coordinatorsAndOwnPartner

    package let context: DecisionContext
    package init(context: DecisionContext) { self.context = context }

    package func decide() throws(CommandError) -> Decision {
        let dataset = try dataset("dataset")
        let partner = try partner("partner")
        let round = try round("round")
        if let first = dataset.useReports[Model.RoundParty(round: round, party: partner.id)] {
            throw .alreadyReported(verb: Self.spec.name, dataset: dataset.id, by: partner.id, round: round, first: first)
        }
        return Decision(events: [.datasetUsed(DatasetUsed(
            dataset: dataset.id, partner: partner.id, round: round, purpose: try command.text("for")))])
    }
}
