/// The lists, each with its filters, and the show views for one thing with every field.
/// A filter value that is not allowed is refused naming the allowed values; `since=` and
/// `until=` are inclusive days in any typed form (`Day.forms`).

/// `partner list`: Partners mapped, with their category, levels of use, status and MoU.
package enum ListPartners: ViewCommand {
    package static let spec = VerbSpec(
        name: "partner list",
        summary: "Partners mapped, with category, levels of use, status, meetings and MoU; filter by category, level, MoU or whether met.",
        fields: [
            .optional("category", .choice(PartnerCategory.names), "only partners of this category"),
            .optional("level", .choice(UseLevel.names), "only partners using DTM data at this level"),
            .optional("mou", .choice(MoUState.names), "only partners whose MoU is in this state today"),
            .optional("met", .choice(YesNo.names), "only partners met (yes) or not yet met (no)"),
        ],
        examples: ["partner list", "partner list mou=none", "partner list category=cluster met=no"])
    package static let readers: Readers = .everyone
    package static let readsLog = true

    package static func request(_ command: ResolvedCommand, today: Day) throws(CommandError) -> ViewRequest {
        .partners(PartnerFilter(category: try command.optionalIdentifier("category"), level: try command.optionalIdentifier("level"),
                                mou: try command.optionalIdentifier("mou"),
                                met: try command.optionalIdentifier("met", as: YesNo.self).map { $0 == .yes }))
    }
}

/// `contact list`: The partners' current contacts, with their e-mails and skills.
package enum ListContacts: ViewCommand {
    package static let spec = VerbSpec(
        name: "contact list",
        summary: "The partners' current contacts, with e-mails and skills (coordinators and reviewers).",
        fields: [.optional("partner", .partner, "only this partner's contacts")],
        examples: ["contact list", "contact list partner=wash"])
    package static let readers: Readers = .coordinatorsAndReviewers
    package static let readsLog = true

    package static func request(_ command: ResolvedCommand, today: Day) throws(CommandError) -> ViewRequest {
        .contacts(partner: try command.optionalFilterText("partner"))
    }
}

/// `meeting list`: Engagement meetings held, with partners, outcomes and notes.
package enum ListMeetings: ViewCommand {
    package static let spec = VerbSpec(
        name: "meeting list",
        summary: "Engagement meetings held, with partners, outcomes reached and notes; filter by partner, kind and dates.",
        fields: [
            .optional("partner", .partner, "only meetings this partner attended"),
            .optional("kind", .choice(MeetingKind.names), "only meetings of this kind"),
            .optional("since", .day, "only meetings held on or after this day"),
            .optional("until", .day, "only meetings held on or before this day"),
        ],
        examples: ["meeting list", "meeting list partner=wash", "meeting list since=2026-10-01 until=2026-10-31"])
    package static let readers: Readers = .everyone
    package static let readsLog = true

    package static func request(_ command: ResolvedCommand, today: Day) throws(CommandError) -> ViewRequest {
        .meetings(MeetingFilter(partner: try command.optionalFilterText("partner"), kind: try command.optionalIdentifier("kind"),
                                days: try command.dayRange(today: today)))
    }
}

/// `meeting show`: One meeting with every field, its notes in full.
package enum ShowMeeting: ViewCommand {
    package static let spec = VerbSpec(
        name: "meeting show",
        summary: "One meeting with every field, its notes in full.",
        fields: [.required("seq", .sequence, "the meeting's sequence number in the log (see 'meeting list')")],
        positional: ["seq"],
        examples: ["meeting show 12", "meeting show seq=12"])
    package static let readers: Readers = .everyone
    package static let readsLog = true

    package static func request(_ command: ResolvedCommand, today: Day) throws(CommandError) -> ViewRequest {
        let raw = (command.values["seq"] ?? "").trimmingWhitespace()
        guard let seq = Int(raw.hasPrefix("#") ? String(raw.dropFirst()) : raw), seq >= 1 else {
            throw .invalidValue(key: "seq", value: raw, reason: "give the meeting's sequence number (see 'meeting list')")
        }
        return .meeting(sequence: seq)
    }
}

/// `action list`: Action items, with owner, due date and status.
package enum ListActions: ViewCommand {
    package static let spec = VerbSpec(
        name: "action list",
        summary: "Action items with owner, due date and status; status=open takes every action not done, overdue ones too.",
        fields: [
            .optional("owner", .text, "only this owner's actions"),
            .optional("status", .choice(ActionState.names), "only actions open (not done), overdue or done"),
        ],
        examples: ["action list", "action list status=overdue", "action list owner=amina status=open"])
    package static let readers: Readers = .everyone
    package static let readsLog = true

    package static func request(_ command: ResolvedCommand, today: Day) throws(CommandError) -> ViewRequest {
        .actions(ActionFilter(owner: try command.optionalFilterText("owner"), status: try command.optionalIdentifier("status")))
    }
}

/// `decision list`: Decisions recorded, with the partners concerned.
package enum ListDecisions: ViewCommand {
    package static let spec = VerbSpec(
        name: "decision list",
        summary: "Decisions recorded, with the partners concerned; filter by partner and the days they were recorded.",
        fields: [
            .optional("partner", .partner, "only decisions concerning this partner"),
            .optional("since", .day, "only decisions recorded on or after this day"),
            .optional("until", .day, "only decisions recorded on or before this day"),
        ],
        examples: ["decision list", "decision list partner=wash since=-30d"])
    package static let readers: Readers = .everyone
    package static let readsLog = true

    package static func request(_ command: ResolvedCommand, today: Day) throws(CommandError) -> ViewRequest {
        .decisions(DecisionFilter(partner: try command.optionalFilterText("partner"), days: try command.dayRange(today: today)))
    }
}

/// `dataset list`: Datasets of the Data Analysis Plan, filtered by sector, status or dissemination.
package enum ListDatasets: ViewCommand {
    package static let spec = VerbSpec(
        name: "dataset list",
        summary: "Datasets of the Data Analysis Plan; filter by sector, status or dissemination category.",
        fields: [
            .optional("sector", .text, "only datasets of this sector"),
            .optional("status", .choice(Model.DatasetStatus.names), "only datasets proposed, agreed, kept or dropped"),
            .optional("dissemination", .choice(Dissemination.names), "only datasets of this dissemination category"),
        ],
        examples: ["dataset list", "dataset list status=agreed", "dataset list sector=wash dissemination=confidential"])
    package static let readers: Readers = .everyone
    package static let readsLog = true

    package static func request(_ command: ResolvedCommand, today: Day) throws(CommandError) -> ViewRequest {
        .datasets(DatasetFilter(sector: try command.optionalFilterText("sector"), status: try command.optionalIdentifier("status"),
                                dissemination: try command.optionalIdentifier("dissemination")))
    }
}

/// `dataset show`: One dataset with every field.
package enum ShowDataset: ViewCommand {
    package static let spec = VerbSpec(
        name: "dataset show",
        summary: "One dataset with every field: question, options, purpose, criteria, status, rounds, shares.",
        fields: [.required("id", .dataset, "the dataset")],
        positional: ["id"],
        examples: ["dataset show wash.water", "dataset show id=wash.water"])
    package static let readers: Readers = .everyone
    package static let readsLog = true

    package static func request(_ command: ResolvedCommand, today: Day) throws(CommandError) -> ViewRequest {
        .dataset(id: (command.values["id"] ?? "").trimmingWhitespace())
    }
}

/// `feedback list`: Partners' feedback and DTM's replies.
package enum ListFeedback: ViewCommand {
    package static let spec = VerbSpec(
        name: "feedback list",
        summary: "Partners' feedback and DTM's replies; filter by partner, topic, or whether it awaits a reply.",
        fields: [
            .optional("partner", .partner, "only this partner's"),
            .optional("topic", .choice(FeedbackTopic.names), "only feedback on this topic"),
            .optional("status", .choice(FeedbackState.names), "only feedback awaiting a reply, or answered"),
        ],
        examples: ["feedback list", "feedback list partner=wash", "feedback list status=awaiting topic=report"])
    package static let readers: Readers = .everyone
    package static let readsLog = true

    package static func request(_ command: ResolvedCommand, today: Day) throws(CommandError) -> ViewRequest {
        .feedback(FeedbackFilter(partner: try command.optionalFilterText("partner"), topic: try command.optionalIdentifier("topic"),
                                 status: try command.optionalIdentifier("status")))
    }
}

/// `feedback show`: One piece of feedback with every field, and DTM's reply.
package enum ShowFeedback: ViewCommand {
    package static let spec = VerbSpec(
        name: "feedback show",
        summary: "One piece of feedback with every field, and DTM's reply in full.",
        fields: [.required("id", .feedback, "the feedback id (f1, f2, …)")],
        positional: ["id"],
        examples: ["feedback show f2", "feedback show id=f2"])
    package static let readers: Readers = .everyone
    package static let readsLog = true

    package static func request(_ command: ResolvedCommand, today: Day) throws(CommandError) -> ViewRequest {
        .feedbackItem(id: (command.values["id"] ?? "").trimmingWhitespace())
    }
}

extension ResolvedCommand {
    /// A filter's text: absent, or trimmed and not empty.
    package func optionalFilterText(_ key: String) throws(CommandError) -> String? {
        guard let raw = values[key] else { return nil }
        let trimmed = raw.trimmingWhitespace()
        guard !trimmed.isEmpty else { throw .invalidValue(key: key, value: raw, reason: "give a value, or leave \(key)= out") }
        return trimmed
    }

    /// `since=` and `until=`, inclusive, in any typed form; `since` may not be after `until`.
    package func dayRange(today: Day) throws(CommandError) -> DayRange {
        let range = DayRange(since: try optionalDay("since", today: today), until: try optionalDay("until", today: today))
        if let since = range.since, let until = range.until, until < since {
            throw .invalidValue(key: "until", value: values["until"] ?? "", reason: "is before since=\(since); nothing would match")
        }
        return range
    }
}
