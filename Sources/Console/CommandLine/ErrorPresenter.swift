import Application
import Engagement
import EventLog

/// Everything that can stop a command in the console, before presentation.
package enum ConsoleError: Error, Equatable, Sendable {
    case usage(UsageError)
    case command(CommandError)
    case store(StoreError)
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
