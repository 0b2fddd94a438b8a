/// Reports, public datasets on HDX, and the joint interpretation of results.

extension CommandCatalog {
    /// Reports and joint interpretation, in the order help lists them.
    static let publicationCommands: [any Command.Type] = [
        PublishReport.self, RecordInterpretation.self,
    ]
}

/// `report publish`: Record a report: its channel, the datasets in it, and the checklist it went through.
package struct PublishReport: RecordingCommand {
    package static let spec = VerbSpec(
        name: "report publish",
        summary: "Record a report: its channel (public, hdx or bilateral), the datasets in it, and the checklist it went through.",
        fields: [
            .required("id", .slug, "report id, e.g. r3-flash"),
            .required("title", .name, "the report's title"),
            .required("date", .day, "published on"),
            .required("datasets", .datasets, "the datasets in it, comma-separated"),
            .required("channel", .choice(ReportChannel.names), "public, hdx (the public datasets on HDX) or bilateral (named partners only)"),
            .optional("partners", .partners, "the partners it went to (needed for bilateral)"),
            .optional("checklist", .choices(ReportCheck.names), "the checks done before publishing; any left out need attention"),
            FieldSpec.checked,
        ],
        positional: ["id"],
        examples: [#"report publish id=r1-hdx title="Round 1 public datasets" date=2026-11-15 datasets=wash.water,shelter.type channel=hdx checklist=jointly-identified,methodology-note,limitations,dissemination-checked"#,
                   #"report publish id=r1-cp title="Round 1 child protection" date=2026-11-20 datasets=cp.uasc channel=bilateral partners=unicef checklist=methodology-note,limitations,dissemination-checked"#])
    package static let recordedBy: Recorders = .coordinators

    package let context: DecisionContext
    package init(context: DecisionContext) { self.context = context }

    package func decide() throws(CommandError) -> Decision {
        let id = try command.slug("id")
        if let existing = model.publications[id] {
            throw .refused("report '\(id)' is already recorded (#\(existing.sequence)); choose another id")
        }
        let datasets = try datasetList("datasets")
        let channel: ReportChannel = try command.identifier("channel")
        let partners = try partnerList("partners", required: false)
        if channel == .bilateral, partners.isEmpty { throw .missingFields(verb: command.verb, keys: ["partners"]) }
        let checklist: [ReportCheck] = try command.identifiers("checklist", allowEmpty: true)
        let event = ReportPublished(id: id, title: try command.text("title"), date: try command.pastDay("date", today: today, what: "a report"),
                                    datasets: datasets.map(\.id), channel: channel, partners: partners, checklist: checklist)
        var decision = Decision(events: [.reportPublished(event)])
        // Recorded and flagged, as a share is: the log keeps what happened, the rule names it.
        if channel.isOpen {
            for dataset in datasets where dataset.dissemination.needsMoU {
                decision.notes.append("\(dataset.id) is \(dataset.dissemination.rawValue): in a \(channel.rawValue) report it shows as a violation in 'sharing'")
            }
        }
        let missing = ReportCheck.allCases.filter { !checklist.contains($0) }
        if !missing.isEmpty { decision.notes.append("checklist items not done: \(EventText.ids(missing)); the report needs attention") }
        return decision
    }
}

/// `interpretation`: Record a joint reading of a round's results, and the skillsets present.
package struct RecordInterpretation: RecordingCommand {
    package static let spec = VerbSpec(
        name: "interpretation",
        summary: "Record a joint reading of a round's results with partners, and the skillsets present (all four are needed).",
        fields: [
            .required("date", .day, "when it was held"),
            .required("round", .round, "the round whose results were read"),
            .required("datasets", .datasets, "the datasets read, comma-separated"),
            .required("partners", .partners, "the partners taking part, comma-separated"),
            .required("skills", .choices(Skill.names),
                      "the skillsets present: decision-maker, subject-matter, context, im (information management)"),
        ],
        examples: ["interpretation date=2026-11-25 round=1 datasets=wash.water,shelter.type partners=wash,ocha skills=decision-maker,subject-matter,context,im"])
    package static let recordedBy: Recorders = .coordinators

    package let context: DecisionContext
    package init(context: DecisionContext) { self.context = context }

    package func decide() throws(CommandError) -> Decision {
        let date = try command.pastDay("date", today: today, what: "an interpretation")
        let round = try round("round")
        let datasets = try datasetList("datasets")
        let partners = try partnerList("partners", required: true)
        var spelled = command
        // "information-management" is the skillset's name in full; the log writes `im`, as for contacts.
        spelled.values["skills"] = command.list("skills").map { $0 == "information-management" ? Skill.im.rawValue : $0 }
            .joined(separator: ",")
        let skills: [Skill] = try spelled.identifiers("skills")
        var decision = Decision(events: [.interpretationHeld(InterpretationHeld(
            date: date, round: round, datasets: datasets.map(\.id), partners: partners, skills: skills))])
        let unanalysed = datasets.filter { !$0.analysedIn.contains(round) }.map(\.id)
        if !unanalysed.isEmpty { decision.notes.append("not analysed in round \(round) yet: \(EventText.list(unanalysed))") }
        let absent = Skill.allCases.filter { !skills.contains($0) }
        if !absent.isEmpty {
            decision.notes.append("no \(EventText.ids(absent)) in this reading: round \(round)'s analysed datasets need all four skillsets between their interpretations")
        }
        return decision
    }
}

extension RecordingCommand {
    /// The existing datasets a comma-separated field names, at least one, in the order given.
    func datasetList(_ key: String) throws(CommandError) -> [Model.Dataset] {
        let ids = command.list(key)
        if ids.isEmpty { throw .invalidValue(key: key, value: command.values[key] ?? "", reason: "give at least one dataset id") }
        var out: [Model.Dataset] = []
        for id in ids {
            guard let dataset = model.datasets[id] else {
                throw .unknown(kind: "dataset", id: id, suggestions: Suggestions.nearest(to: id, in: model.datasetOrder))
            }
            out.append(dataset)
        }
        return out
    }
}
