import Application
import Engagement
import EventLog
import PostgresLog

/// `engage repair [--yes]`: a file log whose tail is damaged (blank lines, garbage, a torn
/// last line) refuses writes until the bytes after its last sound record are moved aside.
/// Coordinators only, as every change to the log's bytes is theirs; after a confirmation.
package enum Repair {
    /// Why a repair moved nothing.
    package enum Refusal: Error, Equatable, Sendable {
        case usage
        case notCoordinator(actor: String)
        case notAtTail(location: String, LogDamage)
        case notALog(location: String)
        /// No terminal to ask on, and no `--yes`.
        case needsConfirmation
        case declined
    }

    /// What a repair did, or why it had nothing to do.
    package enum Outcome: Equatable, Sendable {
        case sharedLog(location: String)
        case sound(location: String, records: Int)
        case moved(location: String, TailDamage, sideFile: String)
    }

    /// Runs the repair; `confirm` asks the person (nil when there is no one to ask).
    static func run(_ words: [String], store: any EventStore, session: Session, assumeYes: Bool,
                    confirm: ((TailDamage) -> Bool)?) throws(ConsoleError) -> Outcome {
        guard words == ["repair"] else { throw .repair(.usage) }
        if store is PostgresEventStore { return .sharedLog(location: store.location) }
        guard let file = store as? FileEventStore else { throw .unexpected("no repair for this kind of log") }
        do {
            try session.catchUp()
        } catch {
            throw .store(error)
        }
        // The damage is what is being repaired: no warning about it before the answer.
        session.notices.removeAll { if case .damaged = $0 { true } else { false } }
        switch Access.standing(of: session.actor, in: session.model) {
        case .member(let member) where member.role == .coordinator: break
        case .founder: break
        default: throw .repair(.notCoordinator(actor: session.actor))
        }
        let inspection: TailInspection
        do {
            inspection = try file.inspectTail()
        } catch {
            throw .store(error)
        }
        switch inspection {
        case .sound(let records):
            return .sound(location: file.location, records: records)
        case .notAtTail(let damage):
            throw .repair(.notAtTail(location: file.location, damage))
        case .notALog:
            throw .repair(.notALog(location: file.location))
        case .repairable(let tail):
            if !assumeYes {
                guard let confirm else { throw .repair(.needsConfirmation) }
                guard confirm(tail) else { throw .repair(.declined) }
            }
            do {
                return .moved(location: file.location, tail, sideFile: try file.repairTail(tail))
            } catch {
                throw .store(error)
            }
        }
    }
}
