import Application
import Engagement
import EventLog
import PostgresLog

/// The `engage` program: wires the command line, the store and the runner together.
package enum Engage {
    /// Whether a one-shot command only shows a view that does not vouch for the record (any
    /// view but the review, which checks the whole chain): it has no use for the check of the
    /// history behind a checkpoint (`Session.checksHistoryAtOnce`).
    static func onlyShows(_ words: [String]) -> Bool {
        guard let view = CommandCatalog.command(for: words)?.type as? any ViewCommand.Type else { return false }
        return !(view is WriteReview.Type)
    }

    /// `ENGAGE_HISTORY`, else `$XDG_STATE_HOME/engage/history`, else
    /// `~/.local/state/engage/history`; none when no home is known.
    static func historyPath(_ environment: [String: String]) -> String? {
        if let path = environment["ENGAGE_HISTORY"], !path.isEmpty { return path }
        if let state = environment["XDG_STATE_HOME"], state.hasPrefix("/") { return state + "/engage/history" }
        if let home = environment["HOME"], home.hasPrefix("/") { return home + "/.local/state/engage/history" }
        return nil
    }

    /// How long the prompt waits for the session's first read from a checkpoint before it
    /// comes up ahead of it: `ENGAGE_PROMPT_WAIT` seconds, else 0.15.
    static func promptWait(_ environment: [String: String]) -> Double {
        environment["ENGAGE_PROMPT_WAIT"].flatMap(Double.init).flatMap { $0 >= 0 && $0 <= 60 ? $0 : nil } ?? 0.15
    }

    package static func main(arguments: [String], environment: [String: String]) -> Int32 {
        let stdout: Int32 = 1
        let stderr: Int32 = 2
        func fail(_ error: ConsoleError, prefix: String = "") -> Int32 {
            let (message, code) = ErrorPresenter.present(error)
            Terminal.write("engage: \(prefix)\(message)\n", to: stderr)
            return code
        }

        let invocation: Invocation
        do {
            invocation = try Invocation.parse(arguments, environment: environment, systemUser: Terminal.systemUserName(),
                                              clock: Terminal.currentTime)
        } catch {
            return fail(.usage(error))
        }
        if invocation.showVersion {
            Terminal.write("engage \(Help.version)\n", to: stdout)
            return 0
        }
        if invocation.showHelp {
            Terminal.write(Help.usage, to: stdout)
            return 0
        }

        // Creating a shared log's schema needs no log opened (the others come below).
        if case .words(let words) = invocation.source, words.prefix(2) == ["db", "init"] {
            do {
                Terminal.write(try SharedLogCommands.initialise(words, invocation: invocation, environment: environment), to: stdout)
                return 0
            } catch {
                return fail(error)
            }
        }

        let log: OpenedLog
        do {
            log = try OpenedLog.open(invocation, environment: environment)
        } catch {
            return fail(error)
        }
        let session = Session(store: log.store, actor: log.actor, clock: invocation.clock, snapshots: log.snapshots, keys: log.keys,
                              random: invocation.seed.map(Randomness.seeded) ?? Randomness.system)
        // The process exits right after `main`: freeing a large log's events one by one
        // would only delay the exit, so the session is deliberately never released.
        _ = Unmanaged.passRetained(session)
        var runner = Runner(session: session, format: invocation.format ?? .text, asOf: invocation.asOf,
                            width: Terminal.width(of: stdout), streamsTo: stdout)
        // A long read says how far it has come, on the terminal (a file log's; a shared log is
        // read by its server).
        let progress = ProgressLine.onStandardError(reading: log.store.location, environment: environment)
        log.store.progress = progress
        runner.progress = progress
        func flushNotices() {
            for notice in session.notices { Terminal.write("engage: \(ErrorPresenter.message(notice))\n", to: stderr) }
            session.notices.removeAll()
        }
        defer { flushNotices() }

        // The log is read by the commands that need it (recording, views), not up front:
        // `help` answers at once even beside a large or damaged log.
        /// Runs one line; prints its answer or its error. Returns the exit status.
        func execute(_ parsed: Result<ParsedLine, CommandError>, errorPrefix: String = "") -> Int32 {
            do throws(ConsoleError) {
                let answer = try runner.run(try parsed.mapError(ConsoleError.command).get())
                flushNotices()
                Terminal.write(answer.text, to: stdout)
                for note in answer.notes { Terminal.write("engage: note: \(note)\n", to: stderr) }
                return answer.exitCode
            } catch {
                flushNotices()
                return fail(error, prefix: errorPrefix)
            }
        }

        /// The command to run for a line: the line itself, or the command a question in words
        /// translates to, which is said on stderr (so people learn the language).
        func translated(_ text: String) -> Result<String, ConsoleError> {
            Result { () throws(ConsoleError) in
                guard let command = try runner.question(text) else { return text }
                Terminal.write("→ \(command)\n", to: stderr)
                return command
            }
        }

        /// Runs a line that may be a question in words.
        func execute(line text: String, errorPrefix: String = "") -> Int32 {
            switch translated(text) {
            case .success(let line):
                return execute(Result { () throws(CommandError) in try ParsedLine.parse(line) }, errorPrefix: errorPrefix)
            case .failure(let error):
                flushNotices()
                return fail(error, prefix: errorPrefix)
            }
        }

        if case .words(let words) = invocation.source {
            switch words.first {
            case "export":
                do throws(ConsoleError) {
                    guard words.count == 1 else { throw ConsoleError.usage(UsageError("usage: engage export --log postgresql://… > FILE")) }
                    return try SharedLogCommands.export(log.store)
                } catch {
                    return fail(error)
                }
            case "import":
                do {
                    Terminal.write(try SharedLogCommands.importLog(words, into: log.store, progress: progress), to: stdout)
                    return 0
                } catch {
                    return fail(error)
                }
            case "repair":
                do throws(ConsoleError) {
                    let ask: ((TailDamage) -> Bool)? = Terminal.isTerminal(0) ? { tail in
                        Terminal.write(ErrorPresenter.question(tail, location: log.store.location), to: stdout)
                        var input = LineInput(fd: 0)
                        guard case .text(let answer) = input.next() else { return false }
                        return ["y", "yes"].contains(answer.trimmingWhitespace().lowercased())
                    } : nil
                    let outcome = try Repair.run(words, store: log.store, session: session, assumeYes: invocation.assumeYes, confirm: ask)
                    flushNotices()
                    Terminal.write(ErrorPresenter.message(outcome), to: stdout)
                    return 0
                } catch {
                    flushNotices()
                    return fail(error)
                }
            case "db":
                // `db user add LOGIN role=… [partner=…]`: the member.added record `member add`
                // makes; appending it grants the login its database role.
                guard words.count >= 4, words[1] == "user", words[2] == "add", !words[3].contains("=") else {
                    return fail(.usage(UsageError("usage: engage db init URL | engage db user add LOGIN role=coordinator|partner|reviewer [partner=ID]")))
                }
                guard log.store is PostgresEventStore else {
                    return fail(.usage(UsageError("db user add gives a database login its role on a shared log; on a file log use 'member add'")))
                }
                return execute(Result { () throws(CommandError) in
                    try ParsedLine(arguments: ["member", "add", "user=\(words[3])"] + words.dropFirst(4))
                })
            default:
                break
            }
        }

        /// One command, then the process ends: `log` may list from the checkpoint alone, a past
        /// day's view come from an interval checkpoint without today's state, and a command
        /// that only shows a view (a question is answered with one) leaves the check of the
        /// history behind the checkpoint unstarted.
        func oneShot(_ text: String, words: [String]) {
            runner.answersOneCommand = true
            session.checksHistoryAtOnce = !(QuestionTranslator.isQuestion(text) || Self.onlyShows(words))
        }

        switch invocation.source {
        case .line(let text):
            oneShot(text, words: (try? ParsedLine.parse(text))?.words ?? [])
            return execute(line: text)
        case .words(let words):
            let text = words.joined(separator: " ")
            oneShot(text, words: words)
            if QuestionTranslator.isQuestion(text) { return execute(line: text) }
            return execute(Result { () throws(CommandError) in try ParsedLine(arguments: words) })
        case .standardInput:
            if Terminal.isTerminal(0) {
                guard invocation.script == .stepwise else {
                    return fail(.usage(UsageError("--atomic and --check read a script piped on standard input, not the terminal (engage --atomic < FILE)")))
                }
                // The check of the history behind a checkpoint starts once the state is read
                // and the prompt is up (`Repl.begin`): until then the start has both cores.
                session.checksHistoryAtOnce = false
                // The prompt waits a moment for the first read, which most logs end by then;
                // a large log's checkpoint is read on behind it while the person types.
                let starting = SessionStart(session)
                let read = starting.wait(seconds: Self.promptWait(environment))
                if read {
                    do {
                        try starting.outcome()
                    } catch {
                        return fail(.store(error))
                    }
                    flushNotices()
                }
                // The prompt's answers go through the pager, whole.
                var prompting = runner
                prompting.streamsTo = nil
                return Repl(session: session, runner: prompting, historyPath: Self.historyPath(environment),
                            environment: environment, starting: read ? nil : starting).run()
            }
            var input = LineInput(fd: 0)
            var number = 0
            var script: [Runner.ScriptLine] = []
            /// What earlier lines recorded, for the message when a later one fails.
            var progress = ErrorPresenter.ScriptProgress()
            /// Stops the script at line `number` with `error`, saying what was recorded before it.
            func stop(_ error: ConsoleError, mode: Invocation.ScriptMode) -> Int32 {
                flushNotices()
                let (message, code) = ErrorPresenter.scriptFailure(error, line: number, progress: progress, mode: mode)
                Terminal.write("engage: \(message)\n", to: stderr)
                return code == 0 ? 1 : code
            }
            while let next = input.next() {
                number += 1
                let text: String
                switch next {
                case .text(let line):
                    text = line
                // A line that cannot be read at all stops the script with status 1.
                case .invalidUTF8:
                    _ = stop(.command(.syntax("not valid UTF-8")), mode: invocation.script)
                    return 1
                case .tooLong(let bytes):
                    _ = stop(.command(ParsedLine.tooLong(bytes: bytes)), mode: invocation.script)
                    return 1
                }
                let trimmed = text.trimmingWhitespace()
                if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
                let line: String
                do throws(ConsoleError) {
                    line = try translated(text).get()
                } catch {
                    return stop(error, mode: invocation.script)
                }
                let parsed: ParsedLine
                do throws(CommandError) {
                    parsed = try ParsedLine.parse(line)
                } catch {
                    return stop(.command(error), mode: invocation.script)
                }
                if invocation.script != .stepwise {
                    script.append(Runner.ScriptLine(number: number, line: parsed))
                    continue
                }
                do throws(ConsoleError) {
                    let answer = try runner.run(parsed)
                    flushNotices()
                    Terminal.write(answer.text, to: stdout)
                    for note in answer.notes { Terminal.write("engage: note: \(note)\n", to: stderr) }
                    progress.add(line: number, sequences: answer.recorded)
                    if answer.exitCode != 0 { return 1 }
                } catch {
                    return stop(error, mode: .stepwise)
                }
            }
            guard invocation.script != .stepwise else { return 0 }
            do throws(Runner.ScriptFailure) {
                let answer = try runner.runAll(script, commit: invocation.script == .atomic)
                flushNotices()
                Terminal.write(answer.text, to: stdout)
                for note in answer.notes { Terminal.write("engage: note: \(note)\n", to: stderr) }
                return 0
            } catch {
                flushNotices()
                let (message, code) = ErrorPresenter.scriptFailure(error.error, line: error.line, progress: progress, mode: invocation.script)
                Terminal.write("engage: \(message)\n", to: stderr)
                return code
            }
        }
    }
}
