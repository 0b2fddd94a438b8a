import Engagement
import EventLog

/// The log as one process sees it: every record read so far, the events they hold, and
/// the state commands are decided on. Keeps up with other writers through `catchUp()`.
package final class Session {
    package let store: any EventStore
    package let actor: String
    package let now: Timestamp

    package private(set) var records: [LogRecord] = []
    package private(set) var events: [RecordedEvent] = []
    package private(set) var directory = Directory()
    /// Damage found while reading: views show the valid prefix, writes are refused.
    package private(set) var damage: LogDamage?

    /// One-line messages for the user (stderr), produced while reading or writing.
    package var notices: [String] = []

    package init(store: any EventStore, actor: String, now: Timestamp) {
        self.store = store
        self.actor = actor
        self.now = now
    }

    /// Reads what was appended since the last call and folds it in; returns the new events.
    @discardableResult
    package func catchUp() throws(StoreError) -> [RecordedEvent] {
        let result = try store.poll()
        let fresh = absorb(result.records)
        if let found = result.damage, damage == nil {
            damage = found
            if found.meansNotALog { throw .damaged(path: store.location, found) }
            notices.append("warning: \(store.location) is damaged: \(found); showing the \(records.count) records before it (run 'engage verify')")
        }
        return fresh
    }

    /// Decides `command` on the current state and appends its events durably. When another
    /// process appended in between, catches up and decides again on the new state.
    package func record(_ command: ResolvedCommand) throws(ConsoleError) -> [RecordedEvent] {
        while true {
            do {
                try catchUp()
                let decided = try Decider.decide(command, given: directory)
                let result = try store.append(decided.map { $0.newEvent(actor: actor, at: now) }, expectingLast: records.last?.sequence ?? 0)
                if let quarantine = result.quarantine {
                    notices.append("the last line of \(store.location) was torn (\(quarantine.byteCount) bytes from an interrupted append); moved it to \(quarantine.sideFile)")
                }
                return absorb(result.records)
            } catch let error as StoreError {
                if case .conflict = error { continue }
                throw .store(error)
            } catch let error as CommandError {
                throw .command(error)
            } catch {
                throw .unexpected("\(error)")
            }
        }
    }

    /// Events recorded before `cutoff` (all of them without one).
    package func events(before cutoff: Timestamp?) -> ArraySlice<RecordedEvent> {
        guard let cutoff else { return events[...] }
        // Timestamps follow the log order but a clock can step back; filter, don't bisect.
        return events.filter { $0.timestamp < cutoff }[...]
    }

    private func absorb(_ fresh: [LogRecord]) -> [RecordedEvent] {
        var decoded: [RecordedEvent] = []
        decoded.reserveCapacity(fresh.count)
        for record in fresh {
            records.append(record)
            do {
                let event = try RecordedEvent(record)
                directory.apply(event)
                events.append(event)
                decoded.append(event)
            } catch {
                notices.append("warning: \(error); the record is kept but ignored")
            }
        }
        return decoded
    }
}

/// Everything that can stop a command in the console, before presentation.
package enum ConsoleError: Error, Equatable, Sendable {
    case usage(UsageError)
    case command(CommandError)
    case store(StoreError)
    case unexpected(String)
}

/// Turns any error into one line for stderr and an exit status (swift-argument-parser's
/// `MessageInfo` idea: one presenter, many error types).
package enum ErrorPresenter {
    package static func present(_ error: ConsoleError) -> (message: String, exitCode: Int32) {
        switch error {
        case .usage(let e): (e.description, 2)
        case .command(let e): (e.description, e.isUsage ? 2 : 1)
        case .store(let e): (e.description, 1)
        case .unexpected(let text): ("unexpected error: \(text)", 1)
        }
    }
}
