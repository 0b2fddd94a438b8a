/// One field a verb takes.
package struct FieldSpec: Sendable {
    package enum Kind: Sendable {
        case text
        /// A user-chosen identifier (`Slug`).
        case slug
        case email
        /// One of a fixed set of values.
        case choice([String])
        /// A comma-separated list drawn from a fixed set.
        case choices([String])
        /// An existing partner id.
        case partner
        /// A comma-separated list of existing partner ids.
        case partners
        /// A date, `YYYY-MM-DD` (or `today`).
        case day
        /// A whole number.
        case number
        /// An existing dataset, milestone, action, disagreement, feedback id, round number or
        /// sequence number.
        case dataset, milestone, action, disagreement, feedback, round, sequence
        /// A current member's user name.
        case member
    }

    package var key: String
    package var required: Bool
    package var kind: Kind
    package var help: String

    package static func required(_ key: String, _ kind: Kind, _ help: String) -> FieldSpec {
        FieldSpec(key: key, required: true, kind: kind, help: help)
    }

    package static func optional(_ key: String, _ kind: Kind, _ help: String) -> FieldSpec {
        FieldSpec(key: key, required: false, kind: kind, help: help)
    }
}

/// One verb of the command language: what it takes, what it does, how it is used.
package struct VerbSpec: Sendable {
    package enum Role: Sendable {
        /// Appends events.
        case records
        /// Reads the log and shows something.
        case shows
    }

    package var name: String
    package var role: Role
    package var summary: String
    package var fields: [FieldSpec]
    /// Field keys that bare words fill, in order (`partner update wash name=…`).
    package var positional: [String] = []
    package var examples: [String]

    package func field(_ key: String) -> FieldSpec? { fields.first { $0.key == key } }

    /// Free-text fields, checked for an individual's case details before recording.
    package var freeTextKeys: [String] {
        fields.filter { if case .text = $0.kind { $0.key != "name" && $0.key != "topic" } else { false } }.map(\.key)
    }
}

/// The vocabulary. Names are a contract: logs, scripts and docs/events.md use them.
package enum CommandCatalog {
    static let categories = PartnerCategory.names
    static let levels = UseLevel.names
    /// Free text is checked for an individual's protection case before it is recorded;
    /// `checked=yes` records it anyway once a person has looked.
    static let checked = FieldSpec.optional("checked", .choice(["yes"]), "confirm the text holds no individual's case details")

    package static let verbs: [VerbSpec] = [
        // MARK: Partners and people
        VerbSpec(
            name: "partner add", role: .records,
            summary: "Map a potential data user: a cluster, agency, NGO, IOM programme, government body or coordination forum.",
            fields: [
                .required("id", .slug, "short lower-case id used in every other command (e.g. wash)"),
                .required("name", .text, "full name"),
                .required("category", .choice(categories), "kind of data user"),
                .required("levels", .choices(levels), "levels at which it uses DTM data, comma-separated"),
            ],
            positional: ["id"],
            examples: [
                #"partner add id=wash name="WASH Cluster" category=cluster levels=strategic,operational"#,
                #"partner add id=unhcr name=UNHCR category=un-agency levels=programmatic"#,
            ]),
        VerbSpec(
            name: "partner update", role: .records,
            summary: "Change a partner's name, category or levels of use.",
            fields: [
                .required("id", .partner, "the partner"),
                .optional("name", .text, "new full name"),
                .optional("category", .choice(categories), "new category"),
                .optional("levels", .choices(levels), "new levels of use (replace the old ones)"),
            ],
            positional: ["id"],
            examples: [#"partner update id=wash name="WASH Cluster (national)""#, "partner update id=wash levels=strategic"]),
        VerbSpec(
            name: "contact add", role: .records,
            summary: "Add someone to a partner's mailing list, with the skillsets they bring.",
            fields: [
                .required("partner", .partner, "the partner they work for"),
                .required("name", .text, "their name"),
                .optional("email", .email, "their e-mail address"),
                .optional("skills", .choices(Skill.names), "skillsets, comma-separated"),
            ],
            examples: [#"contact add partner=wash name="Amina Yusuf" email=amina@example.org skills=im,subject-matter"#]),
        VerbSpec(
            name: "contact left", role: .records,
            summary: "Record that someone left a partner, so mailing lists stay current.",
            fields: [
                .required("partner", .partner, "the partner"),
                .required("name", .text, "the contact who left"),
            ],
            examples: [#"contact left partner=wash name="Amina Yusuf""#]),

        // MARK: Engagement
        VerbSpec(
            name: "approach plan", role: .records,
            summary: "Plan how and by when to approach a partner.",
            fields: [
                .required("partner", .partner, "the partner"),
                .required("how", .text, "how: a bilateral meeting, the IMWG, a joint meeting…"),
                .required("by", .day, "by when (YYYY-MM-DD)"),
                checked,
            ],
            examples: [#"approach plan partner=wash how="bilateral with the cluster coordinator" by=2026-12-01"#]),
        VerbSpec(
            name: "meeting", role: .records,
            summary: "Record an engagement meeting and the outcomes (a)–(e) it reached.",
            fields: [
                .required("date", .day, "when it was held (YYYY-MM-DD or today)"),
                .required("kind", .choice(MeetingKind.names), "kind of meeting"),
                .required("partners", .partners, "partners present, comma-separated"),
                .optional("outcomes", .choices(Outcome.names), "outcomes reached: a DTM understood, b process, c steps and roles, d what DTM provides and needs, e timeline agreed"),
                .optional("notes", .text, "what was said (no personal details)"),
                checked,
            ],
            examples: [#"meeting date=2026-11-20 kind=imwg partners=wash,edu outcomes=a,b,c notes="timeline next week""#]),
        VerbSpec(
            name: "action add", role: .records,
            summary: "Assign a follow-up to someone, with a due date.",
            fields: [
                .required("id", .slug, "short id for the action (e.g. send-dap)"),
                .required("owner", .text, "who does it (a person, dtm, or a partner id)"),
                .required("text", .text, "what is to be done"),
                .required("due", .day, "due date"),
                checked,
            ],
            positional: ["id"],
            examples: [#"action add id=send-dap owner=dtm text="Share the draft DAP with clusters" due=2026-12-05"#]),
        VerbSpec(
            name: "action done", role: .records,
            summary: "Mark a follow-up as done.",
            fields: [.required("id", .action, "the action")],
            positional: ["id"],
            examples: ["action done id=send-dap"]),
        VerbSpec(
            name: "needs request", role: .records,
            summary: "Ask a partner for its information needs, to reply by a date.",
            fields: [
                .required("partner", .partner, "the partner asked"),
                .required("by", .day, "reply-by date"),
            ],
            examples: ["needs request partner=wash by=2026-12-10"]),
        VerbSpec(
            name: "needs submit", role: .records,
            summary: "Record the information a partner needs, how often, and for what.",
            fields: [
                .required("partner", .partner, "the partner"),
                .required("text", .text, "the information needed"),
                .required("frequency", .text, "how often (monthly, per round, …)"),
                .required("purpose", .text, "what it will be used for"),
                checked,
            ],
            examples: [#"needs submit partner=wash text="water source by site" frequency="per round" purpose="target trucking""#]),

        // MARK: Schedule
        VerbSpec(
            name: "milestone set", role: .records,
            summary: "Put a step of the agreed schedule on a date.",
            fields: [
                .required("id", .slug, "short id (e.g. dap-final)"),
                .required("title", .text, "what happens"),
                .required("date", .day, "planned date"),
            ],
            positional: ["id"],
            examples: [#"milestone set id=dap-final title="Data Analysis Plan final" date=2027-01-15"#]),
        VerbSpec(
            name: "milestone move", role: .records,
            summary: "Change a milestone's date, with the reason partners will be told.",
            fields: [
                .required("id", .milestone, "the milestone"),
                .required("date", .day, "the new date"),
                .required("reason", .text, "why it moved"),
                checked,
            ],
            positional: ["id"],
            examples: [#"milestone move id=dap-final date=2027-01-29 reason="cluster consultations ran late""#]),
        VerbSpec(
            name: "notify", role: .records,
            summary: "Record that partners were told of a milestone's change.",
            fields: [
                .required("milestone", .milestone, "the milestone that moved"),
                .required("partners", .partners, "partners told, comma-separated"),
            ],
            examples: ["notify milestone=dap-final partners=wash,edu"]),
        VerbSpec(
            name: "milestone done", role: .records,
            summary: "Mark a milestone as reached.",
            fields: [.required("id", .milestone, "the milestone")],
            positional: ["id"],
            examples: ["milestone done id=dap-final"]),

        // MARK: Decisions
        VerbSpec(
            name: "decision", role: .records,
            summary: "Record a decision taken with partners.",
            fields: [
                .required("text", .text, "what was decided"),
                .optional("partners", .partners, "partners involved"),
                .optional("about", .text, "what it concerns (a dataset, the schedule, …)"),
                checked,
            ],
            examples: [#"decision text="Drop the shelter damage question" partners=shelter about=shelter.damage"#]),
        VerbSpec(
            name: "disagreement raise", role: .records,
            summary: "Record a difference of opinion, to face it early.",
            fields: [
                .required("id", .slug, "short id"),
                .required("text", .text, "what it is about"),
                .required("partners", .partners, "partners involved"),
                checked,
            ],
            positional: ["id"],
            examples: [#"disagreement raise id=kobo text="Cluster wants its own tool" partners=health"#]),
        VerbSpec(
            name: "disagreement resolve", role: .records,
            summary: "Record how a disagreement was settled.",
            fields: [
                .required("id", .disagreement, "the disagreement"),
                .required("text", .text, "how it was resolved"),
                checked,
            ],
            positional: ["id"],
            examples: [#"disagreement resolve id=kobo text="Joint questionnaire agreed""#]),

        // MARK: Data Analysis Plan
        VerbSpec(
            name: "dataset propose", role: .records,
            summary: "Propose a question for the questionnaire, with its row of the Data Analysis Plan.",
            fields: [
                .required("id", .slug, "dataset id, e.g. wash.water-source"),
                .required("sector", .slug, "sector (wash, education, protection, …)"),
                .required("question", .text, "the question as asked"),
                .optional("options", .text, "reply options"),
                .optional("purpose", .text, "what partners will use it for"),
                .optional("requested-by", .partners, "partners who asked for it"),
                .optional("owner", .choice(AnalysisOwner.names), "who analyses it"),
                .required("dissemination", .choice(Dissemination.names), "how it is shared"),
                .optional("mockup", .text, "the mock-up descriptive analysis"),
                .optional("criteria", .choices(Criterion.names), "minimum inclusion criteria met"),
                checked,
            ],
            positional: ["id"],
            examples: [#"dataset propose id=wash.water sector=wash question="Main water source?" purpose="target trucking" requested-by=wash owner=partner dissemination=public criteria=no-other-source,purpose-documented,analysis-capacity,analysis-tools,method-adequate"#]),
        VerbSpec(
            name: "dataset revise", role: .records,
            summary: "Change fields of a proposed dataset; fields not given stay as they were.",
            fields: [
                .required("id", .dataset, "the dataset"),
                .optional("sector", .slug, "sector"),
                .optional("question", .text, "the question"),
                .optional("options", .text, "reply options"),
                .optional("purpose", .text, "purpose"),
                .optional("requested-by", .partners, "partners who asked for it"),
                .optional("owner", .choice(AnalysisOwner.names), "who analyses it"),
                .optional("dissemination", .choice(Dissemination.names), "how it is shared"),
                .optional("mockup", .text, "mock-up analysis"),
                .optional("criteria", .choices(Criterion.names), "criteria met (replaces the list)"),
                checked,
            ],
            positional: ["id"],
            examples: ["dataset revise id=wash.water owner=joint"]),
        VerbSpec(
            name: "dataset agree", role: .records,
            summary: "Agree a dataset into the questionnaire; refused while a minimum inclusion criterion is unmet unless force=yes reason=….",
            fields: [
                .required("id", .dataset, "the dataset"),
                .optional("force", .choice(["yes"]), "agree although criteria are unmet"),
                .optional("reason", .text, "why, when forcing"),
                checked,
            ],
            positional: ["id"],
            examples: ["dataset agree id=wash.water", #"dataset agree id=cp.uasc force=yes reason="ministry request, tools by March""#]),
        VerbSpec(
            name: "dataset keep", role: .records,
            summary: "Keep a dataset for comparability over time, although unused.",
            fields: [
                .required("id", .dataset, "the dataset"),
                .required("reason", .text, "why it is kept"),
                checked,
            ],
            positional: ["id"],
            examples: [#"dataset keep id=idp.count reason="trend since 2019""#]),
        VerbSpec(
            name: "dataset drop", role: .records,
            summary: "Stop collecting a dataset.",
            fields: [
                .required("id", .dataset, "the dataset"),
                .required("reason", .text, "why"),
                checked,
            ],
            positional: ["id"],
            examples: [#"dataset drop id=shelter.damage reason="not used in two rounds""#]),
        VerbSpec(
            name: "round start", role: .records,
            summary: "Start the next collection round.",
            fields: [
                .required("n", .number, "round number (the next one)"),
                .required("date", .day, "start date"),
            ],
            examples: ["round start n=1 date=2027-02-01"]),
        VerbSpec(
            name: "round close", role: .records,
            summary: "Close the open collection round.",
            fields: [
                .required("n", .round, "round number"),
                .required("date", .day, "end date"),
            ],
            examples: ["round close n=1 date=2027-02-28"]),
        VerbSpec(
            name: "analysed", role: .records,
            summary: "Record that a dataset's data from a round was analysed.",
            fields: [
                .required("dataset", .dataset, "the dataset"),
                .required("by", .text, "who analysed it (dtm or a partner id)"),
                .required("round", .round, "the round"),
            ],
            examples: ["analysed dataset=wash.water by=dtm round=1"]),
        VerbSpec(
            name: "used", role: .records,
            summary: "Record that a partner used a dataset from a round, and for what.",
            fields: [
                .required("dataset", .dataset, "the dataset"),
                .required("partner", .partner, "the partner"),
                .required("round", .round, "the round"),
                .required("for", .text, "what it was used for"),
                checked,
            ],
            examples: [#"used dataset=wash.water partner=wash round=1 for="trucking plan""#]),

        // MARK: Sharing
        VerbSpec(
            name: "mou sign", role: .records,
            summary: "Record a data-sharing agreement (MoU) with a partner.",
            fields: [
                .required("partner", .partner, "the partner"),
                .required("scope", .text, "what it covers"),
                .required("date", .day, "signed on"),
                .optional("expires", .day, "expiry date"),
            ],
            examples: [#"mou sign partner=unicef scope="confidential CP data" date=2026-12-01 expires=2027-12-01"#]),
        VerbSpec(
            name: "mou end", role: .records,
            summary: "Record that a partner's MoU ended.",
            fields: [
                .required("partner", .partner, "the partner"),
                .required("date", .day, "end date"),
            ],
            examples: ["mou end partner=unicef date=2027-06-30"]),
        VerbSpec(
            name: "share", role: .records,
            summary: "Record that a dataset was shared with a partner (never the case details).",
            fields: [
                .required("dataset", .dataset, "the dataset"),
                .required("partner", .partner, "who received it"),
                .optional("modality", .choice(Dissemination.names), "public, confidential or urgent-action (default: the dataset's category)"),
            ],
            examples: ["share dataset=cp.uasc partner=unicef modality=confidential"]),

        // MARK: Feedback and corrections
        VerbSpec(
            name: "feedback", role: .records,
            summary: "Submit a partner's feedback on a dataset, the methodology, resources, a report or the process.",
            fields: [
                .required("partner", .partner, "the partner giving it"),
                .required("topic", .choice(FeedbackTopic.names), "what it is about"),
                .required("text", .text, "the feedback"),
                .optional("dataset", .dataset, "the dataset it concerns"),
                .optional("rating", .number, "1 (poor) to 5 (very useful)"),
                checked,
            ],
            examples: [#"feedback partner=wash topic=dataset dataset=wash.water rating=4 text="Useful, but late""#]),
        VerbSpec(
            name: "feedback address", role: .records,
            summary: "Answer feedback: done, declined (say why) or planned (give a date).",
            fields: [
                .required("id", .feedback, "the feedback (f1, f2, …)"),
                .required("response", .choice(FeedbackResponse.names), "done, declined or planned"),
                .required("text", .text, "the reply: what was done, why declined, what is planned"),
                .optional("date", .day, "when, for planned"),
                checked,
            ],
            positional: ["id"],
            examples: [#"feedback address id=f1 response=planned date=2027-03-01 text="Earlier release from round 3""#]),
        VerbSpec(
            name: "retract", role: .records,
            summary: "Make an earlier event count as never recorded (the log keeps both).",
            fields: [
                .required("seq", .sequence, "the event's sequence number"),
                .required("reason", .text, "why"),
                checked,
            ],
            positional: ["seq"],
            examples: [#"retract seq=42 reason="recorded for the wrong partner""#]),

        // MARK: Members
        VerbSpec(
            name: "member add", role: .records,
            summary: "Give someone a role: coordinator (records anything), partner (records its own partner's feedback and usage) or reviewer (reads everything, records nothing).",
            fields: [
                .required("user", .text, "the user name they act as (--as, ENGAGE_ACTOR or their login)"),
                .required("role", .choice(Role.names), "coordinator, partner or reviewer"),
                .optional("partner", .partner, "the partner a partner member speaks for"),
            ],
            examples: ["member add user=amina role=partner partner=wash", "member add user=omar role=reviewer"]),
        VerbSpec(
            name: "member remove", role: .records,
            summary: "Withdraw someone's role: they no longer record, and read only public views.",
            fields: [.required("user", .member, "the member")],
            positional: ["user"],
            examples: ["member remove user=amina"]),

        // MARK: Views
        VerbSpec(
            name: "plan", role: .shows,
            summary: "The current state: phase, partners, milestones, open and overdue actions, disagreements, feedback.",
            fields: [], examples: ["plan", "engage --format json plan"]),
        VerbSpec(
            name: "unused", role: .shows,
            summary: "Datasets to drop, with reasons and evidence, judged on the last closed rounds.",
            fields: [.optional("rounds", .number, "how many closed rounds to judge on (default 2)")],
            examples: ["unused", "unused rounds=3"]),
        VerbSpec(
            name: "dap", role: .shows,
            summary: "The Data Analysis Plan: one row per dataset.",
            fields: [], examples: ["dap", "engage --format csv dap"]),
        VerbSpec(
            name: "partner show", role: .shows,
            summary: "One partner's dossier and timeline.",
            fields: [.required("id", .partner, "the partner")],
            positional: ["id"],
            examples: ["partner show wash"]),
        VerbSpec(
            name: "feedback list", role: .shows,
            summary: "Partners' feedback and DTM's replies.",
            fields: [.optional("partner", .partner, "only this partner's")],
            examples: ["feedback list", "feedback list partner=wash"]),
        VerbSpec(
            name: "sharing", role: .shows,
            summary: "Confidential and urgent-action datasets requested by, or shared with, partners without an MoU in force.",
            fields: [], examples: ["sharing"]),
        VerbSpec(
            name: "schedule", role: .shows,
            summary: "Milestones that moved, and the partners not yet told.",
            fields: [], examples: ["schedule"]),
        VerbSpec(
            name: "overdue", role: .shows,
            summary: "Action items past due, and information needs not submitted by their reply-by date.",
            fields: [], examples: ["overdue"]),
        VerbSpec(
            name: "log", role: .shows,
            summary: "List the events in the log, oldest first.",
            fields: [
                .optional("type", .text, "only events of this type, or of this family (type=partner)"),
                .optional("partner", .text, "only events about this partner"),
            ],
            examples: ["log", "log type=contact partner=wash", "engage --format json log"]),
        VerbSpec(
            name: "review", role: .shows,
            summary: "The periodic review: write a dated Markdown report, its JSON twin and an HTML page with charts into out=; exit status 3 when a policy is violated (sharing without an MoU, a change not notified, something overdue).",
            fields: [.optional("out", .text, "the directory for the three files (default: review)")],
            positional: ["out"],
            examples: ["review out=reports", "engage --as-of 2026-12-31 review out=reports"]),
        VerbSpec(
            name: "receipt", role: .shows,
            summary: "Check a receipt: that event #seq is in the log with a hash starting hash=, and the chain up to it is intact.",
            fields: [.required("seq", .sequence, "the sequence number on the receipt"),
                     .required("hash", .text, "the hash (or its first 12 characters) on the receipt")],
            positional: ["seq", "hash"],
            examples: ["receipt seq=142 hash=3f9a0c1d2e4b"]),
        VerbSpec(
            name: "member list", role: .shows,
            summary: "Who may record and read: each member's role, and the partner a partner member speaks for.",
            fields: [], examples: ["member list"]),
        VerbSpec(
            name: "verify", role: .shows,
            summary: "Check the whole hash chain; exit status 1 names the first damaged record.",
            fields: [], examples: ["verify"]),
        VerbSpec(
            name: "help", role: .shows,
            summary: "List the commands, or explain one.",
            fields: [.optional("topic", .text, "a command, e.g. 'partner add'")],
            positional: ["topic"],
            examples: ["help", "help partner add"]),
    ]

    private static let byName: [String: VerbSpec] = Dictionary(uniqueKeysWithValues: verbs.map { ($0.name, $0) })

    package static func spec(named name: String) -> VerbSpec? { byName[name] }
}

/// A command whose verb and fields have been checked against the catalog.
package struct ResolvedCommand: Equatable, Sendable {
    package var verb: String
    package var values: [String: String]

    package init(verb: String, values: [String: String]) {
        self.verb = verb
        self.values = values
    }

    package var spec: VerbSpec { CommandCatalog.spec(named: verb)! }

    /// Resolves a parsed line against the catalog. Missing required fields are reported
    /// last, after every other mistake, so that a dialogue can ask for exactly those.
    /// `defaults[verb][key]` fills a field the line leaves out (a partner member's `partner=`).
    package static func resolve(_ line: ParsedLine, defaults: [String: [String: String]] = [:]) throws(CommandError) -> ResolvedCommand {
        guard let first = line.words.first else {
            if let field = line.fields.first { throw .syntax("a command starts with a verb, not '\(field.key)=' (try 'help')") }
            throw .syntax("empty command")
        }
        let spec: VerbSpec
        var rest: ArraySlice<String>
        if line.words.count >= 2, let two = CommandCatalog.spec(named: "\(first) \(line.words[1])") {
            spec = two
            rest = line.words.dropFirst(2)
        } else if let one = CommandCatalog.spec(named: first) {
            spec = one
            rest = line.words.dropFirst()
        } else {
            let typed = line.words.prefix(2).joined(separator: " ")
            let names = CommandCatalog.verbs.map(\.name)
            var suggestions = Suggestions.nearest(to: typed, in: names)
            if suggestions.isEmpty { suggestions = names.filter { $0.hasPrefix(first + " ") } }
            if suggestions.isEmpty { suggestions = Suggestions.nearest(to: first, in: names.map { String($0.split(separator: " ")[0]) }) }
            throw .unknownVerb(line.words.count >= 2 && CommandCatalog.verbs.contains { $0.name.hasPrefix(first + " ") } ? typed : first,
                               suggestions: Array(Set(suggestions)).sorted())
        }

        var values: [String: String] = [:]
        for field in line.fields {
            guard spec.field(field.key) != nil else {
                throw .unknownField(verb: spec.name, key: field.key, suggestions: Suggestions.nearest(to: field.key, in: spec.fields.map(\.key)))
            }
            guard values[field.key] == nil else { throw .duplicateField(verb: spec.name, key: field.key) }
            values[field.key] = field.value
        }
        if spec.name == "help", !rest.isEmpty {
            // `help partner add`: every word is the topic.
            guard values["topic"] == nil else { throw .duplicateField(verb: spec.name, key: "topic") }
            values["topic"] = rest.joined(separator: " ")
            rest = []
        }
        for key in spec.positional where !rest.isEmpty {
            guard values[key] == nil else { break }
            values[key] = rest.removeFirst()
        }
        guard rest.isEmpty else { throw .unexpectedWords(verb: spec.name, words: Array(rest)) }
        for (key, value) in defaults[spec.name] ?? [:] where values[key] == nil { values[key] = value }

        let missing = spec.fields.filter { $0.required && (values[$0.key] ?? "").isEmpty }.map(\.key)
        guard missing.isEmpty else { throw .missingFields(verb: spec.name, keys: missing) }
        return ResolvedCommand(verb: spec.name, values: values)
    }
}
