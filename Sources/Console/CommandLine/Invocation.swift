import Engagement
import EventLog

/// What the command line and the environment asked for.
package struct Invocation: Equatable, Sendable {
    package enum Source: Equatable, Sendable {
        /// `-c 'partner add …'`: one line of the command language.
        case line(String)
        /// `engage partner add id=wash …`: words already split by the shell.
        case words([String])
        /// Nothing given: the REPL on a terminal, else commands read from stdin.
        case standardInput
    }

    package var logPath: String
    package var actor: String
    /// Whether `--as` or `ENGAGE_ACTOR` named the actor (rather than the system's user name).
    package var actorNamed = false
    /// Views replay only events recorded before this instant (the end of the `--as-of` day).
    var asOf: Timestamp?
    package var format: OutputFormat?
    /// The time at start; commands read `clock`.
    package var now: Timestamp
    /// `ENGAGE_NOW`, which fixes the clock (tests, building the sample).
    package var fixedNow: Timestamp?
    /// `ENGAGE_SEED`, which fixes the random bytes (tests, building the sample): keys and
    /// salts made from it protect nothing.
    package var seed: UInt64?
    package var source: Source
    /// How a piped script is recorded.
    package var script = ScriptMode.stepwise
    var showVersion = false
    var showHelp = false
    /// `--yes`: answer yes to a confirmation (`engage repair` in a script).
    var assumeYes = false

    /// How lines piped on standard input are recorded.
    package enum ScriptMode: Equatable, Sendable {
        /// Each line as it comes; the first refusal stops the script (what came before stays).
        case stepwise
        /// `--atomic`: every line decided first, then all appended at once, or none.
        case atomic
        /// `--check`: every line decided, nothing appended.
        case check
    }

    static let defaultLogPath = "eventlog/events.jsonl"

    /// The clock commands read: `ENGAGE_NOW` where set, else the system's, anew each time.
    package var clock: @Sendable () -> Timestamp {
        if let fixedNow { return { fixedNow } }
        return { Terminal.currentTime() }
    }

    /// Parses `arguments` (without the program name). `systemUser` and `clock` stand in
    /// for the operating system, so tests can pin them.
    package static func parse(_ arguments: [String], environment: [String: String], systemUser: String?,
                              clock: () -> Timestamp) throws(UsageError) -> Invocation {
        var logPath = environment["ENGAGE_LOG"].flatMap { $0.isEmpty ? nil : $0 } ?? defaultLogPath
        let namedActor = environment["ENGAGE_ACTOR"].flatMap { $0.isEmpty ? nil : $0 }
        var actor = namedActor ?? systemUser ?? "unknown"
        var actorNamed = namedActor != nil
        var asOf: Timestamp?
        var asOfText: String?
        var format: OutputFormat?
        var source = Source.standardInput
        var showVersion = false
        var showHelp = false
        var script = ScriptMode.stepwise
        var assumeYes = false

        var rest = arguments[...]
        func value(for option: String, inline: String?) throws(UsageError) -> String {
            if let inline { return inline }
            guard let next = rest.popFirst() else { throw UsageError("\(option) needs a value") }
            return next
        }
        var words: [String] = []
        while let argument = rest.popFirst() {
            if argument == "--" {
                words += rest
                break
            }
            // Options may also follow the command's words (`engage export --log URL`).
            guard argument.hasPrefix("-"), argument.count > 1, words.isEmpty || argument.hasPrefix("--") else {
                words.append(argument)
                continue
            }
            let parts = argument.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let option = String(parts[0])
            let inline = parts.count == 2 ? String(parts[1]) : nil
            switch option {
            case "--log":
                logPath = try value(for: option, inline: inline)
                guard !logPath.isEmpty else { throw UsageError("--log needs a path") }
            case "--as":
                actor = try value(for: option, inline: inline)
                actorNamed = true
            case "--as-of":
                asOfText = try value(for: option, inline: inline)
            case "--format":
                let text = try value(for: option, inline: inline)
                guard let parsed = OutputFormat(rawValue: text) else {
                    throw UsageError("--format '\(text)' is not one of \(OutputFormat.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                format = parsed
            case "-c":
                source = .line(try value(for: option, inline: inline))
            case "--atomic", "--check":
                guard inline == nil else { throw UsageError("\(option) takes no value") }
                let mode = option == "--atomic" ? ScriptMode.atomic : .check
                guard script == .stepwise || script == mode else { throw UsageError("--atomic and --check exclude each other: --check already appends nothing") }
                script = mode
            case "--version":
                showVersion = true
            case "-h", "--help":
                showHelp = true
            case "--yes":
                assumeYes = true
            default:
                throw UsageError("unknown option '\(option)' (try 'engage --help')")
            }
        }

        if !words.isEmpty {
            if case .line = source { throw UsageError("-c takes one command; '\(words.joined(separator: " "))' is left over") }
            source = .words(words)
        }
        if script != .stepwise, source != .standardInput {
            throw UsageError("\(script == .atomic ? "--atomic" : "--check") reads a script from standard input (engage \(script == .atomic ? "--atomic" : "--check") < FILE); it takes no command")
        }
        actor = UserName.read(actor)
        if let problem = UserName.problem(actor) {
            throw UsageError("actor '\(actor)' is not a user name: \(problem)")
        }
        var now = clock()
        var fixedNow: Timestamp?
        if let fixed = environment["ENGAGE_NOW"], !fixed.isEmpty {
            guard let parsed = Timestamp(iso8601: fixed) else {
                throw UsageError("ENGAGE_NOW '\(fixed)' is not a UTC time like 2026-11-20T10:00:00Z")
            }
            now = parsed
            fixedNow = parsed
        }
        var seed: UInt64?
        if let text = environment["ENGAGE_SEED"], !text.isEmpty {
            guard let parsed = UInt64(text) else { throw UsageError("ENGAGE_SEED '\(text)' is not a whole number") }
            // Keys and salts drawn from a seed can be drawn again by anyone who reads the log:
            // only for building a log replayed byte for byte, which also fixes the clock.
            guard fixedNow != nil else {
                throw UsageError("ENGAGE_SEED fixes contacts' keys and the salts, which then protect nothing: it is only for tests and building the sample, with ENGAGE_NOW")
            }
            seed = parsed
        }
        if let text = asOfText {
            guard let day = Day.typed(text, today: Day(now)), let start = Timestamp(iso8601: day.description + "T00:00:00Z") else {
                throw UsageError("--as-of '\(text)' is not a date: use \(Day.forms)")
            }
            asOf = Timestamp(secondsSinceEpoch: start.secondsSinceEpoch + 86_400)
        }
        return Invocation(logPath: logPath, actor: actor, actorNamed: actorNamed, asOf: asOf, format: format, now: now,
                          fixedNow: fixedNow, seed: seed, source: source, script: script, showVersion: showVersion, showHelp: showHelp,
                          assumeYes: assumeYes)
    }

}

/// The command line was misused: exit status 2.
package struct UsageError: Error, Equatable, Sendable, CustomStringConvertible {
    package var description: String
    package init(_ description: String) { self.description = description }
}
