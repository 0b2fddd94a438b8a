import Application
import Engagement
import EventLog

/// Everything that can stop a command in the console, before presentation.
package enum ConsoleError: Error, Equatable, Sendable {
    case usage(UsageError)
    case command(CommandError)
    case store(StoreError)
    /// `engage repair` moved nothing.
    case repair(Repair.Refusal)
    case unexpected(String)
    /// A question in words that no one command answers exactly, and ones that do.
    case unansweredQuestion(String, suggestions: [String])

    init(_ error: SessionError) {
        switch error {
        case .command(let e): self = .command(e)
        case .store(let e): self = .store(e)
        }
    }
}

/// Words every error and notice for a person: one line for stderr, and an exit status
/// (swift-argument-parser's `MessageInfo` idea: one presenter, many error types). The
/// layers below return values; only this file speaks the command line's language.
package enum ErrorPresenter {
    package static func present(_ error: ConsoleError) -> (message: String, exitCode: Int32) {
        let (message, code) = words(error)
        return (TerminalText.visible(message), code)
    }

    private static func words(_ error: ConsoleError) -> (message: String, exitCode: Int32) {
        switch error {
        case .usage(let e): (e.description, 2)
        case .command(let e): (e.description, e.isUsage ? 2 : 1)
        case .store(let e): (message(e), 1)
        case .repair(let refusal): (message(refusal), refusal == .usage ? 2 : 1)
        case .unexpected(let text): ("unexpected error: \(text)", 1)
        case .unansweredQuestion(let question, let suggestions):
            ("cannot answer \"\(question)\" exactly with one command; try "
                + suggestions.map { "'\($0)'" }.joined(separator: ", ") + " ('help questions' says what can be asked)", 1)
        }
    }

    package static func message(_ error: StoreError) -> String {
        switch error {
        case .unavailable(let location, let operation, let reason):
            return "cannot \(operation) \(location): \(reason)"
        case .conflict(let expected, let actual):
            return "the log moved on while deciding (expected #\(expected), found #\(actual))"
        case .damaged(let location, let damage):
            if damage.meansNotALog {
                return "\(location) is not an engage log (line 1 is not an event record); nothing was written"
            }
            return "\(location) is damaged: \(damage); refusing to write (run 'engage verify')"
        case .backend(let location, let error):
            return "\(location) \(error)"
        }
    }

    /// What the lines of a script read one by one recorded before one failed.
    package struct ScriptProgress: Equatable, Sendable {
        /// The lines that recorded, in order.
        var lines: [Int] = []
        var sequences: [Int] = []

        package init() {}

        mutating func add(line: Int, sequences recorded: [Int]) {
            guard !recorded.isEmpty else { return }
            lines.append(line)
            sequences += recorded
        }
    }

    /// A piped script stopped at `line` (`nil`: the store failed appending the whole
    /// script): the error, and what was recorded before it — by the lines read one by one,
    /// or nothing at all with `--atomic` and `--check`.
    package static func scriptFailure(_ error: ConsoleError, line: Int?, progress: ScriptProgress,
                                      mode: Invocation.ScriptMode) -> (message: String, exitCode: Int32) {
        let (message, code) = present(error)
        let at = line.map { "line \($0): " } ?? ""
        let outcome: String
        switch mode {
        case .atomic: outcome = "--atomic: nothing from the script was recorded"
        case .check: outcome = "--check: nothing was appended"
        case .stepwise:
            if let first = progress.sequences.first, let last = progress.sequences.last {
                let lines = progress.lines.count == 1 ? "line \(progress.lines[0]) was" : "lines \(ranges(progress.lines)) were"
                let records = first == last ? "#\(first)" : "#\(first)–#\(last)"
                outcome = "\(lines) recorded as \(records)"
            } else {
                outcome = "nothing from the script was recorded"
            }
        }
        return ("\(at)\(message); \(outcome)", code)
    }

    /// `1–3 and 5`: numbers in order, runs joined by a dash.
    private static func ranges(_ numbers: [Int]) -> String {
        var parts: [String] = []
        var start = numbers[0]
        var end = start
        for n in numbers.dropFirst() {
            if n == end + 1 { end = n; continue }
            parts.append(start == end ? "\(start)" : "\(start)–\(end)")
            start = n
            end = n
        }
        parts.append(start == end ? "\(start)" : "\(start)–\(end)")
        guard parts.count > 1 else { return parts[0] }
        return parts.dropLast().joined(separator: ", ") + " and " + parts[parts.count - 1]
    }

    static func message(_ refusal: Repair.Refusal) -> String {
        switch refusal {
        case .usage:
            return "usage: engage repair [--yes]"
        case .notCoordinator(let actor):
            return "not permitted: '\(actor)' may not repair the log: only a coordinator changes its bytes. Nothing was moved"
        case .notAtTail(let location, let damage):
            return "\(location) is damaged before its end: \(damage), and records follow it. "
                + "Moving them aside would lose them, so nothing was moved: restore the log from a backup"
        case .notALog(let location):
            return "\(location) holds not one sound record (line 1 is not an event record): it is not a log to repair. Nothing was moved"
        case .needsConfirmation:
            return "repair moves bytes out of the log: confirm on a terminal, or pass --yes. Nothing was moved"
        case .declined:
            return "nothing was moved"
        }
    }

    /// The question `engage repair` asks before moving anything.
    static func question(_ tail: TailDamage, location: String) -> String {
        TerminalText.visible("\(location): \(tail.damage). Move the \(bytes(tail.byteCount)) (\(lines(tail.lineCount))) after record "
            + "#\(tail.soundRecords) to a dated file beside the log? [y/N] ")
    }

    /// What `engage repair` did, as one line for stdout.
    static func message(_ outcome: Repair.Outcome) -> String {
        switch outcome {
        case .sharedLog(let location):
            return TerminalText.visible("nothing to repair: \(location) is a shared log, and the database keeps whole rows ('engage verify' checks them)") + "\n"
        case .sound(let location, let records):
            return TerminalText.visible("nothing to repair: \(location) holds \(records) sound records and nothing after them") + "\n"
        case .moved(let location, let tail, let sideFile):
            return TerminalText.visible("repaired \(location): moved \(bytes(tail.byteCount)) (\(lines(tail.lineCount))) after record "
                + "#\(tail.soundRecords) to \(sideFile); the log ends at record #\(tail.soundRecords) and takes writes again") + "\n"
        }
    }

    private static func bytes(_ n: Int64) -> String { n == 1 ? "1 byte" : "\(n) bytes" }
    private static func lines(_ n: Int) -> String { n == 1 ? "1 line" : "\(n) lines" }

    /// A session's notice as one line for stderr.
    package static func message(_ notice: SessionNotice) -> String {
        TerminalText.visible(words(notice))
    }

    private static func words(_ notice: SessionNotice) -> String {
        switch notice {
        case .damaged(let location, let damage, let readable):
            return "warning: \(location) is damaged: \(damage); showing the \(readable) records before it (run 'engage verify')"
        case .tornRecordMovedAside(let location, let quarantine):
            return "the last line of \(location) was torn (\(quarantine.byteCount) bytes from an interrupted append); moved it to \(quarantine.sideFile)"
        case .unreadableRecord(let error):
            return "warning: \(error); the record is kept but ignored"
        case .startedNewLog(let location):
            return "Started a new log at \(location)."
        case .keysUnreadable(let error):
            return "warning: \(message(error)); contacts' names and e-mails show as (unreadable)"
        case .keyNotDestroyed(let error):
            return "warning: the contact is recorded as forgotten, but their key is still kept: \(message(error)); engage destroys it the next time it reads the log with a key store it may write"
        case .notRebuilt(let error):
            return "warning: the record was appended, but the view of the log could not be rebuilt: \(message(error)); restart engage"
        }
    }
}
