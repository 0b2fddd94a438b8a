import Engagement

/// `help`, `help VERB` and `engage --help`.
package enum Help {
    package static let version = "0.1.0"

    package static let usage = """
        usage: engage [--log PATH] [--as ACTOR] [--as-of DATE] [--format text|json|csv|md|html]
                      [-c COMMAND | COMMAND WORDS… | --atomic < FILE | --check < FILE]

        With no command, engage reads commands from standard input (one per line, stopping
        at the first error and saying which lines were recorded, as which records) or, on a
        terminal, opens a prompt.

          --log PATH      the log file (default eventlog/events.jsonl; env ENGAGE_LOG)
          --as ACTOR      who is recording (default: ENGAGE_ACTOR, else your user name)
          --as-of DATE    views replay only events recorded up to the end of DATE (UTC)
          --format F      how views are rendered: text, json, csv (with HXL tags), md, html (a page)
          -c COMMAND      run one command, e.g. -c 'partner add id=wash …'
          --atomic        decide every piped line first, then record them all in one append,
                          or none (naming the line refused): a fixed script can be rerun
          --check         decide every piped line and record nothing: what would be recorded
          --version       print the version

        A shared log on PostgreSQL (--log postgresql://LOGIN@HOST:PORT/DB; password from
        PGPASSWORD or ~/.pgpass):
          engage db init URL                         create or upgrade its schema (database owner)
          engage db user add LOGIN role=… [partner=…] give a login its role (coordinator)
          engage export --log URL > FILE              every line, as a file log holds them
          engage import FILE --log URL                a file log into an empty shared log (owner)

        Moving a log (see 'engage help import'):
          engage import FILE --log NEW.jsonl          a file log, checked whole, into a new or
                                                     empty file log, with its contacts' keys

        Maintenance of a file log (coordinators):
          engage repair [--yes]                      move what follows the last sound record
                                                     (blank lines, garbage, a torn line) to a
                                                     dated file beside the log, after asking

        ENGAGE_NOW=2026-11-20T10:00:00Z fixes the clock and ENGAGE_SEED=N, with it, the random
        bytes (tests, building the sample; never on a real log); ENGAGE_LOCK_WAIT is how long
        a writer waits for another's lock on a file log (default 10 s); ENGAGE_PROGRESS=off
        keeps a long read from saying how far it has come (ENGAGE_PROGRESS=N: after N s, not 1);
        ENGAGE_PROMPT_WAIT=N is how long the prompt waits for a large checkpoint to be read
        before it comes up and the reading goes on behind it (default 0.15 s).
        Type 'engage help' for the commands.

        """

    package static func text(topic: String?) throws(ConsoleError) -> String {
        guard let topic else { return overview }
        if let text = topics[topic] { return text }
        guard let spec = CommandCatalog.spec(named: topic) else {
            let suggestions = Suggestions.nearest(to: topic, in: CommandCatalog.verbs.map(\.name) + topics.keys)
            throw .command(.unknownVerb(topic, suggestions: suggestions))
        }
        return detail(spec)
    }

    static var overview: String {
        let width = CommandCatalog.verbs.map(\.name.count).max() ?? 0
        var out = "Commands (fields are key=value; quote values with spaces):\n\n"
        for spec in CommandCatalog.verbs {
            out += "  " + spec.name.padding(to: width) + "  " + spec.summary + "\n"
        }
        out += "\n'help COMMAND' explains one, with examples. Also: " + topics.keys.sorted().map { "'help \($0)'" }.joined(separator: ", ") + ".\n"
        return out
    }

    /// What is not a command of the language but is asked about all the same.
    static let topics: [String: String] = [
        "undo": """
            undo — at the prompt: take back your own last event, after a confirmation.

              undo

            It records a retraction ('retract seq=N reason=undo'): the event stays in the log,
            marked, and every view is computed as if it had not happened. Only your own events:
            a partner member takes back its own feedback and use reports (also with
            'retract seq=N reason=…'); a coordinator can retract anyone's.

            """,
        "questions": """
            questions — ask in words, at the prompt, with -c or in a piped script. A question is
            translated into exactly one command, which is said first (→ …) and then answered:

              what's the plan?                      → plan
              which partners have no MoU?           → partner list mou=none
              who have we not met?                  → partner list met=no
              how many partners do we have?         → partner list (the count is its first line)
              show me feedback from wash            → feedback list partner=wash
              which feedback awaits a reply?        → feedback list status=awaiting
              who did we meet last month?           → meeting list since=… until=…
              what changed since monday?            → log since=…
              what are amina's overdue actions?     → action list owner=amina status=overdue
              what's overdue? / what should we drop? / who to notify? / any sharing problems?
                                                    → overdue / unused / schedule / sharing

            Periods: today, yesterday, this week, last week, this month, last month, this year,
            in october, since monday, since 2026-10-01, before/after/until a day, the last 30 days.
            Names: partner ids and names, action owners, dataset sectors and ids, feedback ids.

            Every word must be understood. A question that no one command answers exactly is
            refused (exit status 1) with two or three that can be; it is never answered with a
            broader view. A line is a question when it does not start with a command and ends
            with '?' or starts with who, what, which, how, any, show, list, is, are, do, did, …

            """,
        "agreeing": """
            agreeing — what 'dataset agree' needs before a question goes into the questionnaire
            (docs/process.md, steps 20–22):

              every minimum inclusion criterion met     dataset revise id=… criteria=…
              reply options, or a free answer           dataset revise id=… options=yes,no | options=open
              a mock-up                                  dataset revise id=… mockup="…"
              the mock-up verified for subject-matter   mockup verify dataset=… partner=… skills=subject-matter,context
                and context (several partners add up)
              a purpose, when purpose-documented is claimed; an owner other than none, when
                analysis-capacity is claimed

            A refusal names, in one line, everything still missing. A new question or mock-up
            needs verifying again. 'force=yes reason="…"' agrees it anyway and records what it
            went without. The dap view's "to agree" column shows what each proposed question lacks.

            """,
        "dates": """
            dates — every date field (date=, by=, due=), the lists' since= and until= (inclusive
            days: meeting list since=-30d) and --as-of take \(Day.forms).
            'today' is the day the command is recorded (read from the clock each time;
            ENGAGE_NOW fixes it for tests). --as-of DATE shows the log as it stood at the end of
            that day (UTC): engage --as-of -7d plan
            On a large log it starts from a checkpoint kept before that day (LOG.checkpoints/, at
            most 32, made by the first --as-of; removing them is always safe, only slower).

            """,
        "forgetting": """
            forgetting — contacts' names and e-mails are sealed under a key per contact, kept
            beside the log in LOG.keys (mode 0600; on a shared log, the table
            engage.contact_keys, which partners cannot read). 'contact forget partner=… name=…'
            (coordinators) destroys the key: the name and e-mail then open nowhere (log,
            checkpoint, exports, views show '(forgotten)'), and the chain still verifies.
            Back the key store up with the log: without it every contact shows '(unreadable)'.
            Contacts recorded in plain text by an older engage are hidden, but their old lines
            keep the bytes (see docs/events.md).

            """,
        "urgent": """
            urgent — the Process for Urgent Action. DTM never records an individual's case: the
            coordinator decides what enumerators do when they meet someone in need of
            life-saving help, and the log records that decision, who was trained, and the fact
            that a report or referral was made.

              urgent setup date=2026-09-01 mode=inform pathways=no     inform people of services only
              urgent setup date=2026-10-15 mode=refer pathways=yes     also refer, with informed consent
              training date=2026-09-20 topic=urgent-action partners=protection places=north
              urgent report date=today kind=life-saving to=unicef service=medical consent=yes
              urgent report date=today kind=organisational             risks to staff or to groups

            'urgent report' takes no text at all: no notes, names or places. Needs attention
            (the prompt's status line, plan, review): an urgent-action dataset agreed while no
            urgent setup applies that day; a life-saving report marked as a referral (to=) under mode
            inform, or under mode refer without consent=yes, or with no setup on its day (each
            judged by the setup in force on the report's own date: a violation); no
            urgent-action training dated on or before the day round 1 started. Urgent reports
            are read by coordinators and reviewers only, never by partners.

            """,
        "import": """
            import — load a file log, whole, into a new or empty log: a file log, or a shared
            log on PostgreSQL (as the database's owner). Run it from the shell, not the prompt.

              engage import backup.jsonl --log eventlog/events.jsonl
              engage import backup.jsonl --log postgresql://dba@db.example.org:5432/engage

            Every record is checked first, as 'verify' checks it (the hash chain, each payload
            read as its event type); a damaged file is refused, naming the first bad record,
            and nothing is written. A file log appears only once it is complete and synced (it
            is written beside its name, then renamed); a shared log takes it in one
            transaction. The contacts' keys beside the file (FILE.keys) go with it, to
            LOG.keys or the table engage.contact_keys. A log that already holds records, or a
            symbolic link where the log should be, is refused with one line.

            """,
        "formats": """
            formats — views render as text (the default), json (the shapes in docs/events.md),
            csv (with an HXL hashtag row; exports leave contacts' names and e-mails out), md,
            or html (a self-contained page): engage --format html plan > plan.html
            Any view also takes format=F, and out=FILE to write the file instead of printing
            it (whole or not at all; never through a symbolic link; without format= the
            file's extension picks it): plan format=json, feedback list out=feedback.csv

            """,
    ]

    static func detail(_ spec: VerbSpec) -> String {
        var out = "\(spec.name) — \(spec.summary)\n\n"
        let synopsis = spec.fields.map { $0.required ? "\($0.key)=…" : "[\($0.key)=…]" }
        out += "  " + ([spec.name] + synopsis).joined(separator: " ") + "\n\n"
        if !spec.fields.isEmpty {
            let width = spec.fields.map(\.key.count).max() ?? 0
            for field in spec.fields {
                var line = "  " + field.key.padding(to: width) + "  " + field.help
                if !field.required { line += " (optional)" }
                switch field.kind {
                case .choice(let values): line += "; one of: " + values.joined(separator: ", ")
                case .choices(let values): line += "; from: " + values.joined(separator: ", ")
                default: break
                }
                out += line + "\n"
            }
            out += "\n"
        }
        out += "Examples:\n" + spec.examples.map { "  \($0)\n" }.joined()
        return out
    }
}

extension String {
    func padding(to width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}
