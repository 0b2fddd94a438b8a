/// Data-sharing agreements, shares and partner feedback.

extension CommandCatalog {
    /// Sharing and feedback, in the order help lists them.
    static let sharingCommands: [any Command.Type] = [
        SignMoU.self, EndMoU.self, ShareDataset.self, SubmitFeedback.self, AddressFeedback.self,
    ]
}

/// `mou sign`: Record a data-sharing agreement (MoU) with a partner.
package struct SignMoU: RecordingCommand {
    package static let spec = VerbSpec(
        name: "mou sign",
        summary: "Record a data-sharing agreement (MoU) with a partner.",
        fields: [
            .required("partner", .partner, "the partner"),
            .required("scope", .text, "what it covers, in words"),
            .required("date", .day, "signed on"),
            .optional("expires", .day, "expiry date"),
            .optional("sectors", .text, "the sectors it covers, comma-separated (protection,cp), or all (the default)"),
            FieldSpec.checked,
        ],
        examples: [#"mou sign partner=unicef scope="confidential CP data" sectors=protection,cp date=2026-12-01 expires=2027-12-01"#,
                   #"mou sign partner=ocha scope="all DTM data" sectors=all date=2026-12-01"#])
    package static let recordedBy: Recorders = .coordinators

    package let context: DecisionContext
    package init(context: DecisionContext) { self.context = context }

    package func decide() throws(CommandError) -> Decision {
        let partner = try partner("partner")
        let date = try command.day("date", today: today)
        let expires = try command.optionalDay("expires", today: today)
        if let expires, expires <= date {
            throw .invalidValue(key: "expires", value: expires.description, reason: "an MoU must expire after it is signed (\(date))")
        }
        if let mou = partner.mou, mou.ended == nil, mou.expires.map({ $0 >= date }) ?? true {
            throw .refused("'\(partner.id)' already has an MoU in force (signed \(mou.signed)); record 'mou end partner=\(partner.id) date=…' first")
        }
        let sectors = try sectors()
        var decision = Decision(events: [.mouSigned(MoUSigned(partner: partner.id, scope: try command.text("scope"), date: date,
                                                              expires: expires, sectors: sectors))])
        let known = Set(model.datasets.values.map(\.sector))
        for sector in sectors ?? [] where !known.contains(sector) {
            decision.notes.append("no dataset is in sector \(sector) yet")
        }
        return decision
    }

    /// The sectors named by `sectors=`; `nil` (every sector) when absent or `all`.
    private func sectors() throws(CommandError) -> [String]? {
        guard command.has("sectors") else { return nil }
        let sectors = command.list("sectors")
        let raw = command.values["sectors"] ?? ""
        if sectors == ["all"] { return nil }
        if sectors.isEmpty || sectors.contains("all") {
            throw .invalidValue(key: "sectors", value: raw, reason: "give sectors separated by commas (protection,cp), or all alone")
        }
        for sector in sectors where !Slug.isValid(sector) {
            throw .invalidValue(key: "sectors", value: sector,
                                reason: "a sector is 1–64 lower-case letters, digits, '-', '_' or '.', as in 'dataset propose sector='")
        }
        return sectors
    }
}

/// `mou end`: Record that a partner's MoU ended.
package struct EndMoU: RecordingCommand {
    package static let spec = VerbSpec(
        name: "mou end",
        summary: "Record that a partner's MoU ended.",
        fields: [
            .required("partner", .partner, "the partner"),
            .required("date", .day, "end date"),
        ],
        examples: ["mou end partner=unicef date=2027-06-30"])
    package static let recordedBy: Recorders = .coordinators

    package let context: DecisionContext
    package init(context: DecisionContext) { self.context = context }

    package func decide() throws(CommandError) -> Decision {
        let partner = try partner("partner")
        guard let mou = partner.mou, mou.ended == nil else { throw .refused("'\(partner.id)' has no MoU to end") }
        let date = try command.day("date", today: today)
        if date < mou.signed { throw .invalidValue(key: "date", value: date.description, reason: "the MoU was signed on \(mou.signed)") }
        return Decision(events: [.mouEnded(MoUEnded(partner: partner.id, date: date))])
    }
}

/// `share`: Record that a dataset was shared with a partner (never the case details).
package struct ShareDataset: RecordingCommand {
    package static let spec = VerbSpec(
        name: "share",
        summary: "Record that a dataset was shared with a partner (never the case details).",
        fields: [
            .required("dataset", .dataset, "the dataset"),
            .required("partner", .partner, "who received it"),
            .optional("modality", .choice(Dissemination.names), "public, confidential or urgent-action (default: the dataset's category)"),
        ],
        examples: ["share dataset=cp.uasc partner=unicef modality=confidential"])
    package static let recordedBy: Recorders = .coordinators

    package let context: DecisionContext
    package init(context: DecisionContext) { self.context = context }

    package func decide() throws(CommandError) -> Decision {
        let dataset = try dataset("dataset")
        let partner = try partner("partner")
        let modality: Dissemination = try command.optionalIdentifier("modality") ?? dataset.dissemination
        var decision = Decision(events: [.dataShared(DataShared(dataset: dataset.id, partner: partner.id, modality: modality))])
        if modality.needsMoU || dataset.dissemination.needsMoU {
            if !model.hasMoU(partner.id, on: today) {
                decision.notes.append("no MoU in force with \(partner.id): this share shows as a violation in 'sharing'")
            } else if !model.hasMoU(partner.id, on: today, covering: dataset.sector) {
                decision.notes.append("\(partner.id)'s MoU does not cover sector \(dataset.sector): this share shows as a violation in 'sharing'")
            }
        }
        if dataset.dissemination.needsMoU, modality == .public {
            decision.notes.append("\(dataset.id) is \(dataset.dissemination.rawValue) but was shared publicly")
        }
        return decision
    }
}

/// `feedback`: Submit a partner's feedback on a dataset, the methodology, resources, a report or the process.
package struct SubmitFeedback: RecordingCommand {
    package static let spec = VerbSpec(
        name: "feedback",
        summary: "Submit a partner's feedback on a dataset, the methodology, resources, a report or the process.",
        fields: [
            .required("partner", .partner, "the partner giving it"),
            .required("topic", .choice(FeedbackTopic.names), "what it is about"),
            .required("text", .text, "the feedback"),
            .optional("dataset", .dataset, "the dataset it concerns"),
            .optional("rating", .number, "1 (poor) to 5 (very useful)"),
            .optional("source", .choice(FeedbackSource.names), "who raised it: the partner (default), or the community, relayed by the partner"),
            FieldSpec.checked,
        ],
        examples: [#"feedback partner=wash topic=dataset dataset=wash.water rating=4 text="Useful, but late""#,
                   #"feedback partner=wash topic=process source=community text="Sites ask why the results are never shared back""#])
    package static let recordedBy: Recorders = .coordinatorsAndOwnPartner

    package let context: DecisionContext
    package init(context: DecisionContext) { self.context = context }

    package func decide() throws(CommandError) -> Decision {
        let partner = try partner("partner")
        let dataset = command.has("dataset") ? try self.dataset("dataset").id : nil
        let topic: FeedbackTopic = try command.identifier("topic")
        let event = FeedbackSubmitted(
            id: "f\(model.feedbackCount + 1)", partner: partner.id, topic: topic, text: try command.text("text"),
            dataset: dataset, rating: try command.optionalNumber("rating", in: 1...5), source: try command.optionalIdentifier("source"))
        var decision = Decision(events: [.feedbackSubmitted(event)])
        let open = model.awaitingReplyCount + 1
        decision.notes.append("\(open) piece\(open == 1 ? "" : "s") of feedback await\(open == 1 ? "s" : "") a reply ('feedback address id=\(event.id) …')")
        return decision
    }
}

/// `feedback address`: Answer feedback: done, declined (say why) or planned (give a date).
package struct AddressFeedback: RecordingCommand {
    package static let spec = VerbSpec(
        name: "feedback address",
        summary: "Answer feedback: done, declined (say why) or planned (give a date).",
        fields: [
            .required("id", .feedback, "the feedback (f1, f2, …)"),
            .required("response", .choice(FeedbackResponse.names), "done, declined or planned"),
            .required("text", .text, "the reply: what was done, why declined, what is planned"),
            .optional("date", .day, "when, for planned; past it with no later answer, the reply needs attention"),
            FieldSpec.checked,
        ],
        positional: ["id"],
        examples: [#"feedback address id=f1 response=planned date=2027-03-01 text="Earlier release from round 3""#])
    package static let recordedBy: Recorders = .coordinators

    package let context: DecisionContext
    package init(context: DecisionContext) { self.context = context }

    package func decide() throws(CommandError) -> Decision {
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
    }
}
