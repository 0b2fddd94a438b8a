#if canImport(Glibc)
import Glibc
#endif
import Application
import Engagement
import EventLog

/// The conversation with the log on a terminal: one line, one command or question; a
/// command missing fields becomes a short dialogue; `undo` retracts your last event; what
/// others append meanwhile is announced before the next prompt.
struct Repl {
    let session: Session
    let runner: Runner
    let historyPath: String?
    let environment: [String: String]

    var style: Style { Style(enabled: Style.wanted(environment: environment)) }

    /// The session's first read, when the prompt comes up before it has ended (a large log's
    /// checkpoint): nothing here reads the session until it has (`begin()`).
    var starting: SessionStart?

    /// The last error shown, so that a log that stays unreadable is not reported again
    /// before every prompt.
    private final class LastError {
        var message: String?
    }
    private let lastError = LastError()

    /// Whether the session has started here (`begin()`), the exit status when it could not,
    /// and what wakes the line being typed (`wakeUp()`).
    private final class Start {
        var begun = false
        var failure: Int32?
        var wake: (@Sendable () -> Void)?
    }
    private let start = Start()

    private static let typeAway = "Type a command or a question ('help', 'what's overdue?'); Tab completes; Ctrl-D leaves."

    func run() -> Int32 {
        LineEditor.start(historyPath: historyPath)
        // Tab offers what the state holds: it waits for the state.
        LineEditor.completer = { line, word in waitForState() ? completer().candidates(line: line, word: word) : [] }
        let wake = wakeUp()
        // Nothing reads the session after the prompt ends until its first read has (Ctrl-D
        // says a failure; any other way out has begun, or failed and said so).
        defer { _ = waitForState() }
        if let starting, !starting.hasEnded {
            say("engage \(Help.version) — \(session.store.location): reading its state from the checkpoint…")
            say(Self.typeAway)
            starting.whenEnded { wake?() }
        } else {
            guard begin() else { return start.failure ?? 1 }
            say(Self.typeAway)
        }
        while true {
            if start.begun { announceOthers() }
            switch LineEditor.read(prompt: style.promptBold("\(session.actor)> ")) {
            case .end:
                Terminal.write("\n", to: 1)
                // Left before the state was read: a start that then failed is still said.
                return start.begun || startSucceeded() ? 0 : start.failure ?? 1
            case .stopped:
                return start.failure ?? 1
            case .interrupted:
                continue
            case .invalidUTF8:
                // Said once the state is read: a report says the session's notices too.
                guard begin() else { return start.failure ?? 1 }
                report(.command(.syntax("that line is not valid UTF-8; nothing was recorded")))
            case .line(let text):
                // Typed before the state was read: it runs once it is.
                guard begin() else { return start.failure ?? 1 }
                // Refused before anything reads it: no trimming, no question, no suggestion.
                do throws(CommandError) {
                    try ParsedLine.checkLength(text.utf8.count)
                } catch {
                    report(.command(error))
                    continue
                }
                let trimmed = text.trimmingWhitespace()
                if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
                if trimmed == "quit" || trimmed == "exit" { return 0 }
                if trimmed == "undo" {
                    undo()
                    continue
                }
                // Translating a question reads the log: what others appended is said first.
                if QuestionTranslator.isQuestion(trimmed) { announceOthers() }
                do throws(ConsoleError) {
                    guard let command = try runner.question(trimmed) else {
                        execute(trimmed)
                        continue
                    }
                    // The command a question stands for, so that people learn the language.
                    Terminal.write("→ \(command)\n", to: 2)
                    execute(command)
                } catch {
                    report(error)
                }
            }
        }
    }

    // MARK: Commands

    /// Runs a line; a recording command missing required fields asks for them.
    private func execute(_ text: String) {
        // What others appended meanwhile is said before the answer, not folded in silently.
        announceOthers()
        let parsed: ParsedLine
        do {
            parsed = try ParsedLine.parse(text)
        } catch {
            report(.command(error))
            return
        }
        // The width is read for each command: the terminal may have been resized since.
        var runner = runner
        runner.width = Terminal.width(of: 1)
        do throws(ConsoleError) {
            show(try runner.run(parsed))
        } catch {
            if case .command(.missingFields(let verb, let keys)) = error, let spec = CommandCatalog.spec(named: verb),
               spec.records, runner.asOf == nil {
                converse(spec, given: parsed, missing: keys)
            } else {
                report(error)
            }
        }
    }

    /// Asks for each missing field, then for a confirmation, then records.
    private func converse(_ spec: VerbSpec, given: ParsedLine, missing: [String]) {
        say("\(spec.name): \(missing.count == 1 ? "one field" : "\(missing.count) fields") to fill. Tab completes, Enter takes the [default], Ctrl-C abandons.")
        var fields = given.fields
        let words = given.words.count > spec.name.split(separator: " ").count ? Array(given.words.dropFirst(spec.name.split(separator: " ").count)) : []
        // Positional words fill their fields as on one line.
        for (key, word) in zip(spec.positional, words) where !fields.contains(where: { $0.key == key }) {
            fields.append(ParsedLine.Field(key: key, value: word))
        }
        var asking = missing.filter { key in !fields.contains(where: { $0.key == key }) }
        while true {
            while let key = asking.first {
                asking.removeFirst()
                guard let field = spec.field(key) else { continue }
                guard let answer = ask(field, of: spec, given: &fields) else {
                    say("Abandoned: nothing was recorded.")
                    return
                }
                fields.removeAll { $0.key == key }
                fields.append(ParsedLine.Field(key: key, value: answer))
            }
            // The whole command, decided without recording: a field it refuses is asked
            // again, with the reason, rather than failing after the confirmation.
            guard let (key, error) = refusal(of: spec, fields), spec.field(key) != nil else { break }
            report(.command(error))
            asking = [key]
        }
        let line = ([spec.name] + fields.map { "\($0.key)=\(ParsedLine.quote($0.value))" }).joined(separator: " ")
        say("  \(line)")
        switch LineEditor.read(prompt: "Record this? [Y/n] ", remember: false) {
        case .line(let yes) where ["", "y", "yes"].contains(yes.trimmingWhitespace().lowercased()):
            execute(line)
        default:
            say("Not recorded.")
        }
    }

    /// Retracts the actor's own last event, after a confirmation.
    private func undo() {
        do {
            try session.catchUp()
        } catch {
            report(.store(error))
            return
        }
        func mine() -> RecordedEvent? {
            let model = session.model
            return session.events.last { $0.actor == session.actor && model.counts($0.sequence) }
        }
        // After a checkpoint only recent events are at hand; look further back if need be.
        var found = mine()
        if found == nil, session.base > 0 {
            do {
                try session.loadAll()
            } catch {
                report(.store(error))
                return
            }
            found = mine()
        }
        guard let last = found else {
            say("Nothing of yours to undo.")
            return
        }
        switch LineEditor.read(prompt: "Undo #\(last.sequence) (\(last.event.summary()))? [y/N] ", remember: false) {
        case .line(let yes) where ["y", "yes"].contains(yes.trimmingWhitespace().lowercased()):
            execute("retract seq=\(last.sequence) reason=\"undone at the prompt\"")
        default:
            say("Kept.")
        }
    }

    /// Asks for one field until the answer passes the checks the decision itself makes on
    /// it (dates, values of a fixed set, ids that must exist…), saying why when it does not.
    /// `nil` when the person abandons the dialogue.
    private func ask(_ field: FieldSpec, of spec: VerbSpec, given fields: inout [ParsedLine.Field]) -> String? {
        let fallback: String? = if case .day = field.kind { "today" } else { nil }
        let offered = completer()
        let line = fields.map { "\($0.key)=\($0.value)" }
        LineEditor.completer = { _, word in offered.values(for: field, typed: word, verb: spec.name, line: line) }
        defer { LineEditor.completer = { line, word in completer().candidates(line: line, word: word) } }
        let choices = Self.choices(of: field, among: offered.options(for: field, verb: spec.name, line: line))
        let prompt = "  \(field.key) — \(field.help)\(choices)\(fallback.map { " [\($0)]" } ?? ""): "
        while true {
            switch LineEditor.read(prompt: prompt, field: field.key) {
            case .invalidUTF8:
                report(.command(.syntax("that answer is not valid UTF-8")))
            case .interrupted, .end, .stopped:
                return nil
            case .line(let text):
                guard let value = text.trimmingWhitespace().isEmpty ? fallback : text.trimmingWhitespace() else { continue }
                if let (key, error) = refusal(of: spec, fields.filter { $0.key != field.key } + [ParsedLine.Field(key: field.key, value: value)]),
                   key == field.key {
                    report(.command(error))
                    // Text that only looks like case details is kept as written once the person
                    // confirms it, as `checked=yes` would on one line.
                    if case .possibleCaseDetails = error, spec.field("checked") != nil,
                       case .line(let yes) = LineEditor.read(prompt: "  Keep it as written: it holds no individual's case details (checked=yes)? [y/N] ",
                                                             remember: false),
                       ["y", "yes"].contains(yes.trimmingWhitespace().lowercased()) {
                        fields.removeAll { $0.key == "checked" }
                        fields.append(ParsedLine.Field(key: "checked", value: "yes"))
                        return value
                    }
                    continue
                }
                return value
            }
        }
    }

    /// The values a question offers, when they are a fixed set or few enough to read.
    static func choices(of field: FieldSpec, among options: [String]) -> String {
        switch field.kind {
        case .choice(let values): return " (one of: \(values.joined(separator: ", ")))"
        case .choices(let values): return " (any of: \(values.joined(separator: ", ")); comma-separated)"
        case .partner, .partners, .dataset, .datasets, .milestone, .action, .disagreement, .feedback, .round, .member, .contact:
            guard !options.isEmpty else { return "" }
            return options.count <= 8 ? " (known: \(options.joined(separator: ", ")))" : " (\(options.count) known; Tab lists them)"
        case .text, .name, .user, .slug, .email, .day, .number, .sequence:
            return ""
        }
    }

    /// The decision's refusal of the command as answered so far, and the field it is about,
    /// when it names one: the same rules as recording, nothing recorded.
    private func refusal(of spec: VerbSpec, _ fields: [ParsedLine.Field]) -> (key: String, error: CommandError)? {
        var values = Dictionary(fields.map { ($0.key, $0.value) }, uniquingKeysWith: { first, _ in first })
        for (key, value) in Access.defaults(for: session.actor, in: session.model)[spec.name] ?? [:] where values[key] == nil {
            values[key] = value
        }
        do throws(CommandError) {
            _ = try Decider.decide(ResolvedCommand(verb: spec.name, values: values), by: session.actor, given: session.model, today: session.today)
            return nil
        } catch {
            return Self.field(of: error, in: values).map { ($0, error) }
        }
    }

    /// The field a refusal is about: the one it names, or the one holding the id it names.
    static func field(of error: CommandError, in values: [String: String]) -> String? {
        func holding(_ id: String) -> String? {
            values.sorted { $0.key < $1.key }.first { _, value in
                value.split(separator: ",").contains { $0.trimmingWhitespace() == id }
            }?.key
        }
        switch error {
        case .invalidValue(let key, _, _), .possibleCaseDetails(let key, _): return key
        case .unknownPartner(let id, _), .duplicatePartner(let id, _), .unknown(_, let id, _), .duplicate(_, let id): return holding(id)
        default: return nil
        }
    }

    // MARK: Output

    private func show(_ answer: Runner.Answer) {
        if answer.text.hasPrefix("Recorded #") {
            Terminal.write(style.green(answer.text), to: 1)
        } else {
            Pager.show(answer.text, environment: environment)
        }
        for note in answer.notes { say(style.yellow("  → \(note)")) }
        flushNotices()
    }

    private func report(_ error: ConsoleError) {
        flushNotices()
        let message = ErrorPresenter.present(error).message
        lastError.message = message
        Terminal.write(style.red("engage: \(message)") + "\n", to: 2)
    }

    private func say(_ line: String) { Terminal.write(line + "\n", to: 1) }

    private func flushNotices() {
        for notice in session.notices { Terminal.write("engage: \(ErrorPresenter.message(notice))\n", to: 2) }
        session.notices.removeAll()
    }

    /// Says in one line what others appended since the last prompt.
    private func announceOthers() {
        let fresh: ArraySlice<RecordedEvent>
        do {
            fresh = try session.catchUp()
        } catch {
            if ErrorPresenter.present(.store(error)).message != lastError.message { report(.store(error)) }
            return
        }
        lastError.message = nil
        flushNotices()
        // The reading rule of every view: a partner hears of what it may read, and of the
        // rest only that there is more.
        var shown = Array(fresh)
        if case .publicViews(let partner) = Access.reading(of: session.actor, in: session.model) {
            let view = session.model.publicView(for: partner, on: session.today)
            shown = fresh.filter { Access.isPublic($0.event, to: partner, in: view) }
        }
        let hidden = fresh.count - shown.count
        let more = hidden == 0 ? "" : " (and \(hidden) record\(hidden == 1 ? "" : "s") you may not read)"
        guard let last = shown.last else {
            if hidden > 0 { say("· \(hidden) new record\(hidden == 1 ? "" : "s") in the log that you may not read.") }
            return
        }
        let who = TerminalText.visible(last.actor)
        let what = TerminalText.visible(last.event.summary())
        if shown.count == 1 {
            say("· New in the log: #\(last.sequence) by \(who) — \(what)\(more).")
        } else {
            say("· \(shown.count) new events in the log from others, up to #\(last.sequence) by \(who) — \(what)\(more).")
        }
    }

    // MARK: Starting

    /// Waits for the session's first read, if it runs behind the prompt: whether it
    /// succeeded. A failure is said once, and its exit status kept (`start.failure`).
    private func startSucceeded() -> Bool {
        if start.failure != nil { return false }
        guard let starting else { return true }
        do throws(StoreError) {
            try starting.outcome()
        } catch {
            report(.store(error))
            start.failure = ErrorPresenter.present(.store(error)).exitCode
            return false
        }
        flushNotices()
        return true
    }

    /// Waits for the session's first read, if it runs behind the prompt; whether it
    /// succeeded. Says nothing (`startSucceeded()` does): Tab calls it mid-line.
    private func waitForState() -> Bool {
        guard let starting else { return true }
        do throws(StoreError) {
            try starting.outcome()
            return true
        } catch {
            return false
        }
    }

    /// Once the session's first read has ended (waiting for it), says what a person sees
    /// first: the log, what needs attention, the response, their role; then watches for
    /// what others append. `false`, the error said, when the session could not start.
    private func begin() -> Bool {
        if start.begun { return true }
        guard startSucceeded() else { return false }
        start.begun = true
        let count = session.lastSequence
        say("engage \(Help.version) — \(session.store.location), \(count) event\(count == 1 ? "" : "s"). \(status()).")
        if let response = session.model.response { say("Response: \(response.line).") }
        if let role = roleLine() { say(role) }
        watchOthers()
        // On the other core while the person types: damage behind the checkpoint is said
        // at once (`watchOthers` set the wake-up), and a write waits for the check to end.
        session.startHistoryCheck()
        return true
    }

    /// The wake-up of the line being typed (`LineEditor.wake`): once the session's first
    /// read has ended behind the prompt, what `begin()` says; after that, what others
    /// appended. Returns what wakes it, from any thread; `nil` where no pipe could be made.
    private func wakeUp() -> (@Sendable () -> Void)? {
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { return nil }
        _ = fcntl(fds[0], F_SETFL, O_NONBLOCK)
        _ = fcntl(fds[1], F_SETFL, O_NONBLOCK)
        let writeEnd = fds[1]
        LineEditor.wake = (fds[0], {
            guard start.begun else {
                // Woken by the end of the first read (nothing else wakes it before).
                return starting?.hasEnded == false || begin()
            }
            announceOthers()
            return true
        })
        let wake: @Sendable () -> Void = {
            var byte: UInt8 = 1
            _ = Glibc.write(writeEnd, &byte, 1)
        }
        start.wake = wake
        return wake
    }

    /// On a store that says when someone appended (PostgreSQL's LISTEN/NOTIFY), announce it
    /// at once, above the line being typed, instead of at the next prompt.
    /// Damage found behind the checkpoint is said at once too.
    private func watchOthers() {
        guard let wake = start.wake else { return }
        session.onHistoryDamage = wake
        guard let live = session.store as? any LiveEventStore else { return }
        do {
            if try !live.watch(wake) {
                say("This server is a read-only standby: what others record on the primary shows at your next command.")
            }
        } catch {
            report(.store(error))
        }
    }

    /// Tab's answers, as the actor may read the log now.
    private func completer() -> Completer {
        Completer(model: session.model, actor: session.actor, today: session.today)
    }

    /// What the actor may do here, unless they are a coordinator of the log.
    private func roleLine() -> String? {
        let actor = session.actor
        switch Access.standing(of: actor, in: session.model) {
        case .founder:
            return "The log is empty: what you record first makes you, \(actor), its coordinator."
        case .stranger:
            return "\(actor) is not a member of this log: you read public views and record nothing (a coordinator can add you with 'member add user=\(actor) role=…')."
        case .member(let member):
            switch member.role {
            case .coordinator: return nil
            case .reviewer: return "\(actor) is a reviewer: you read everything and record nothing."
            case .partner: return "\(actor) speaks for \(member.partner ?? "a partner"): you record 'feedback' and 'used' for it, take back your own with 'undo', and read public views."
            }
        }
    }

    /// "3 actions overdue, 1 milestone change not notified to 2 partners"
    private func status() -> String {
        let parts = session.model.attentionCounts(for: session.actor, today: session.today)
        return parts.isEmpty ? "Nothing needs attention" : parts.joined(separator: ", ")
    }
}
