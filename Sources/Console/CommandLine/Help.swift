import Engagement

/// `help`, `help VERB` and `engage --help`.
package enum Help {
    package static let version = "0.1.0"

    package static let usage = """
        usage: engage [--log PATH] [--as ACTOR] [--as-of DATE] [--format text|json|csv|md|html]
                      [-c COMMAND | COMMAND WORDS…]

        With no command, engage reads commands from standard input (one per line, stopping
        at the first error) or, on a terminal, opens a prompt.

          --log PATH      the log file (default eventlog/events.jsonl; env ENGAGE_LOG)
          --as ACTOR      who is recording (default: ENGAGE_ACTOR, else your user name)
          --as-of DATE    views replay only events recorded up to the end of DATE (UTC)
          --format F      how views are rendered: text, json, csv (with HXL tags), md, html (a page)
          -c COMMAND      run one command, e.g. -c 'partner add id=wash …'
          --version       print the version

        A shared log on PostgreSQL (--log postgresql://LOGIN@HOST:PORT/DB; password from
        PGPASSWORD or ~/.pgpass):
          engage db init URL                         create or upgrade its schema (database owner)
          engage db user add LOGIN role=… [partner=…] give a login its role (coordinator)
          engage export --log URL > FILE              every line, as a file log holds them
          engage import FILE --log URL                a file log into an empty shared log (owner)

        Maintenance of a file log (coordinators):
          engage repair [--yes]                      move what follows the last sound record
                                                     (blank lines, garbage, a torn line) to a
                                                     dated file beside the log, after asking

        ENGAGE_NOW=2026-11-20T10:00:00Z fixes the clock (tests, replays); ENGAGE_LOCK_WAIT
        is how long a writer waits for another's lock on a file log (default 10 s).
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
            marked, and every view is computed as if it had not happened. Only your own events;
            a coordinator can retract anyone's with 'retract seq=N reason=…'.

            """,
        "questions": """
            questions — at the prompt, ask in words; each question is answered by one view:

            \(Questions.rules.map { "  " + $0.words.map { "'\($0)'" }.joined(separator: ", ") + " → " + $0.command }.joined(separator: "\n"))

            A line that ends with '?' or starts with who, what, which, any, how, show or list is
            a question. The first rule whose words it holds picks the view.

            """,
        "dates": """
            dates — every date field (date=, by=, due=) and --as-of take \(Day.forms).
            'today' is the day the command is recorded (read from the clock each time;
            ENGAGE_NOW fixes it for tests). --as-of DATE shows the log as it stood at the end of
            that day (UTC): engage --as-of -7d plan

            """,
        "formats": """
            formats — views render as text (the default), json (the shapes in docs/events.md),
            csv (with an HXL hashtag row; exports leave contacts' names and e-mails out), md,
            or html (a self-contained page): engage --format html plan > plan.html

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
