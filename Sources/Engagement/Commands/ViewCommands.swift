/// The views: what a reader may ask to see.

extension CommandCatalog {
    /// The views (with the lists, in ListCommands.swift), in the order help lists them.
    static let viewCommands: [any Command.Type] = [
        ShowPlan.self, ShowUnused.self, ShowDAP.self, ShowPartner.self, ListPartners.self, ListContacts.self,
        ListMeetings.self, ShowMeeting.self, ListActions.self, ListDecisions.self, ListDatasets.self,
        ShowDataset.self, ListFeedback.self, ShowFeedback.self, ShowSharing.self, ShowSchedule.self,
        ShowOverdue.self, ShowLog.self, WriteReview.self, CheckReceipt.self, ListMembers.self, VerifyLog.self,
        ShowHelp.self,
    ]
}

/// `plan`: The current state: phase, partners, milestones, open and overdue actions, disagreements, feedback.
package enum ShowPlan: ViewCommand {
    package static let spec = VerbSpec(
        name: "plan",
        summary: "The current state: phase, partners, milestones, open and overdue actions, disagreements, feedback, reports and joint interpretations.",
        fields: [], examples: ["plan", "engage --format json plan"])
    package static let readers: Readers = .everyone
    package static let readsLog = true

    package static func request(_ _: ResolvedCommand, today _: Day) throws(CommandError) -> ViewRequest {
        .plan
    }
}

/// `unused`: Datasets to drop, with reasons and evidence, judged on the last closed rounds.
package enum ShowUnused: ViewCommand {
    package static let spec = VerbSpec(
        name: "unused",
        summary: "Datasets to drop, with reasons and evidence, judged on the last closed rounds.",
        fields: [.optional("rounds", .number, "how many closed rounds to judge on (default 2)")],
        examples: ["unused", "unused rounds=3"])
    package static let readers: Readers = .everyone
    package static let readsLog = true

    package static func request(_ command: ResolvedCommand, today: Day) throws(CommandError) -> ViewRequest {
        return .unused(rounds: try command.optionalNumber("rounds", in: 1...1000) ?? 2)
    }
}

/// `dap`: The Data Analysis Plan: one row per dataset.
package enum ShowDAP: ViewCommand {
    package static let spec = VerbSpec(
        name: "dap",
        summary: "The Data Analysis Plan: one row per dataset.",
        fields: [], examples: ["dap", "engage --format csv dap"])
    package static let readers: Readers = .everyone
    package static let readsLog = true

    package static func request(_ _: ResolvedCommand, today _: Day) throws(CommandError) -> ViewRequest {
        .dap
    }
}

/// `partner show`: One partner's dossier and timeline.
package enum ShowPartner: ViewCommand {
    package static let spec = VerbSpec(
        name: "partner show",
        summary: "One partner's dossier and timeline.",
        fields: [.required("id", .partner, "the partner")],
        positional: ["id"],
        examples: ["partner show wash"])
    package static let readers: Readers = .everyone
    package static let readsLog = true

    package static func request(_ command: ResolvedCommand, today: Day) throws(CommandError) -> ViewRequest {
        return .partner(id: command.values["id"] ?? "")
    }
}

/// `sharing`: Every share of confidential or urgent-action data without an MoU covering it on the day of the share.
package enum ShowSharing: ViewCommand {
    package static let spec = VerbSpec(
        name: "sharing",
        summary: "Every share of confidential or urgent-action data without an MoU covering it on the day of the share, and every such dataset in a public or HDX report.",
        fields: [], examples: ["sharing"])
    package static let readers: Readers = .everyone
    package static let readsLog = true

    package static func request(_ _: ResolvedCommand, today _: Day) throws(CommandError) -> ViewRequest {
        .sharing
    }
}

/// `schedule`: Milestones that moved, and the partners not yet told.
package enum ShowSchedule: ViewCommand {
    package static let spec = VerbSpec(
        name: "schedule",
        summary: "Milestones that moved, and the partners not yet told.",
        fields: [], examples: ["schedule"])
    package static let readers: Readers = .everyone
    package static let readsLog = true

    package static func request(_ _: ResolvedCommand, today _: Day) throws(CommandError) -> ViewRequest {
        .schedule
    }
}

/// `overdue`: Action items past due, and information needs not submitted by their reply-by date.
package enum ShowOverdue: ViewCommand {
    package static let spec = VerbSpec(
        name: "overdue",
        summary: "What went stale, each with its days late: actions, information needs, approach plans, planned replies, public datasets not on HDX; MoUs lapsing within 30 days.",
        fields: [], examples: ["overdue"])
    package static let readers: Readers = .everyone
    package static let readsLog = true

    package static func request(_ _: ResolvedCommand, today _: Day) throws(CommandError) -> ViewRequest {
        .overdue
    }
}

/// `log`: List the events in the log, oldest first.
package enum ShowLog: ViewCommand {
    package static let spec = VerbSpec(
        name: "log",
        summary: "List the events in the log, oldest first.",
        fields: [
            .optional("type", .text, "only events of this type, or of this family (type=partner)"),
            .optional("partner", .partner, "only events about this partner"),
            .optional("actor", .text, "only events recorded by this user"),
            .optional("since", .day, "only events recorded on or after this day"),
            .optional("until", .day, "only events recorded on or before this day"),
            .optional("text", .text, "only events whose summary holds these words (any case)"),
        ],
        examples: ["log", "log type=contact partner=wash", "log since=-7d", "log actor=amina text=\"late\"", "engage --format json log"])
    package static let readers: Readers = .everyone
    package static let readsLog = true

    package static func request(_ command: ResolvedCommand, today: Day) throws(CommandError) -> ViewRequest {
        return .log(LogFilter(type: try command.optionalFilterText("type"), partner: try command.optionalFilterText("partner"),
                              actor: try command.optionalFilterText("actor"), days: try command.dayRange(today: today),
                              text: try command.optionalFilterText("text")))
    }
}

/// `review`: The periodic review: write a dated Markdown report, its JSON twin and an HTML page with charts into out=; exit status 3 when a policy is violated (sharing without an MoU, a change not notified, something overdue).
package enum WriteReview: ViewCommand {
    package static let spec = VerbSpec(
        name: "review",
        summary: "The periodic review: write a dated Markdown report, its JSON twin and an HTML page with charts into out=, and print a summary (text, or format=json); exit status 3 when a policy is violated (sharing without an MoU, a change not notified, something overdue).",
        fields: [.optional("out", .text, "the directory for the three files (default: review)")],
        positional: ["out"],
        examples: ["review out=reports", "engage --as-of 2026-12-31 review out=reports"])
    package static let readers: Readers = .coordinatorsAndReviewers
    package static let readsLog = true

    package static func request(_ command: ResolvedCommand, today: Day) throws(CommandError) -> ViewRequest {
        let out = command.values["out"] ?? "review"
        guard !out.isEmpty else { throw .invalidValue(key: "out", value: "", reason: "give a directory") }
        return .review(directory: out)
    }
}

/// `receipt`: Check a receipt: that event #seq is in the log with a hash starting hash=, and the chain up to it is intact.
package enum CheckReceipt: ViewCommand {
    package static let spec = VerbSpec(
        name: "receipt",
        summary: "Check a receipt: that event #seq is in the log with a hash starting hash=, and the chain up to it is intact.",
        fields: [.required("seq", .sequence, "the sequence number on the receipt"),
                 .required("hash", .text, "the hash (or its first 12 characters) on the receipt")],
        positional: ["seq", "hash"],
        examples: ["receipt seq=142 hash=3f9a0c1d2e4b"])
    package static let readers: Readers = .everyone
    package static let readsLog = true

    package static func request(_ command: ResolvedCommand, today: Day) throws(CommandError) -> ViewRequest {
        let rawSeq = (command.values["seq"] ?? "").trimmingWhitespace()
        guard let seq = Int(rawSeq.hasPrefix("#") ? String(rawSeq.dropFirst()) : rawSeq), seq >= 1 else {
            throw .invalidValue(key: "seq", value: rawSeq, reason: "give the sequence number on the receipt")
        }
        let prefix = (command.values["hash"] ?? "").trimmingWhitespace().lowercased()
        guard prefix.count >= 8, prefix.allSatisfy(\.isHexDigit) else {
            throw .invalidValue(key: "hash", value: prefix, reason: "give at least the first 8 hexadecimal characters of the hash")
        }
        return .receipt(sequence: seq, hashPrefix: prefix)
    }
}

/// `member list`: Who may record and read: each member's role, and the partner a partner member speaks for.
package enum ListMembers: ViewCommand {
    package static let spec = VerbSpec(
        name: "member list",
        summary: "Who may record and read: each member's role, and the partner a partner member speaks for.",
        fields: [], examples: ["member list"])
    package static let readers: Readers = .coordinatorsAndReviewers
    package static let readsLog = true

    package static func request(_ _: ResolvedCommand, today _: Day) throws(CommandError) -> ViewRequest {
        .members
    }
}

/// `verify`: Check the whole hash chain; exit status 1 names the first damaged record.
package enum VerifyLog: ViewCommand {
    package static let spec = VerbSpec(
        name: "verify",
        summary: "Check the whole hash chain; exit status 1 names the first damaged record.",
        fields: [], examples: ["verify"])
    package static let readers: Readers = .everyone
    package static let readsLog = false

    package static func request(_ _: ResolvedCommand, today _: Day) throws(CommandError) -> ViewRequest {
        .verify
    }
}

/// `help`: List the commands, or explain one.
package enum ShowHelp: ViewCommand {
    package static let spec = VerbSpec(
        name: "help",
        summary: "List the commands, or explain one.",
        fields: [.optional("topic", .text, "a command, e.g. 'partner add'")],
        positional: ["topic"],
        joinsWords: true,
        examples: ["help", "help partner add"])
    package static let readers: Readers = .everyone
    package static let readsLog = false

    package static func request(_ command: ResolvedCommand, today: Day) throws(CommandError) -> ViewRequest {
        return .help(topic: command.values["topic"])
    }
}
