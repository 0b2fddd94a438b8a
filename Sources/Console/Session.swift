import Engagement
import EventLog

/// The log as one process sees it: the events read so far and the model they fold into,
/// which commands are decided on. Keeps up with other writers through `catchUp()`.
package final class Session {
    package let store: any EventStore
    package let actor: String
    package let now: Timestamp

    /// Every event read, in log order: `events[n - 1]` is record `n`.
    package private(set) var events: [RecordedEvent] = []
    /// Each record's chain hash, for receipts and the JSON log view.
    package private(set) var hashes: [ChainHash] = []
    package private(set) var model = Model()
    /// Damage found while reading: views show the valid prefix, writes are refused.
    package private(set) var damage: LogDamage?

    /// One-line messages for the user (stderr), produced while reading or writing.
    package var notices: [String] = []

    package init(store: any EventStore, actor: String, now: Timestamp) {
        self.store = store
        self.actor = actor
        self.now = now
    }

    /// The day "today" is for commands (`date=today`, overdue checks).
    package var today: Day { Day(now) }

    /// Reads what was appended since the last call and folds it in; returns the new events.
    @discardableResult
    package func catchUp() throws(StoreError) -> ArraySlice<RecordedEvent> {
        let start = events.count
        let found: LogDamage?
        // Decoded into locals, not properties: a class property touched per record pays a
        // dynamic exclusivity check each time.
        var decoder = Decoder()
        if start == 0 {
            // The first read of a log can be large: read it on a second core while this one
            // decodes and folds.
            found = try readFirst()
        } else {
            // Later catch-ups are a few records.
            do {
                found = try store.poll { decoder.decode($0) }
            } catch {
                keep(decoder, from: start)
                throw error
            }
            keep(decoder, from: start)
        }
        let fresh = events[start...]
        if let found, damage == nil {
            damage = found
            if found.meansNotALog { throw .damaged(path: store.location, found) }
            notices.append("warning: \(store.location) is damaged: \(found); showing the \(events.count) records before it (run 'engage verify')")
        }
        return fresh
    }

    /// What recording a command did.
    package struct Recorded {
        package var events: [RecordedEvent]
        package var hashes: [ChainHash]
        /// Remarks on what now needs attention.
        package var notes: [String]
    }

    /// Decides `command` on the current state and appends its events durably. When another
    /// process appended in between, catches up and decides again on the new state.
    package func record(_ command: ResolvedCommand) throws(ConsoleError) -> Recorded {
        while true {
            do {
                try catchUp()
                let decision = try Decider.decide(command, by: actor, given: model, today: today)
                let result = try store.append(decision.events.map { $0.newEvent(actor: actor, at: now) },
                                              expectingLast: events.count)
                if let quarantine = result.quarantine {
                    notices.append("the last line of \(store.location) was torn (\(quarantine.byteCount) bytes from an interrupted append); moved it to \(quarantine.sideFile)")
                }
                return Recorded(events: Array(absorb(result.records)), hashes: result.records.map(\.hash), notes: decision.notes)
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

    /// The model as of `cutoff`: only what was recorded before it, retractions included.
    package func model(before cutoff: Timestamp?) -> Model {
        guard let cutoff else { return model }
        return Model.replay(events, before: cutoff)
    }

    /// Folds in records this process has just appended.
    private func absorb(_ fresh: [LogRecord]) -> ArraySlice<RecordedEvent> {
        let start = events.count
        var decoder = Decoder()
        for record in fresh { decoder.decode(record) }
        keep(decoder, from: start)
        return events[start...]
    }

    /// Reads the whole log into an empty session: the store reads and checks the chain on a
    /// second core; this one decodes each chunk and folds the one before it, once the
    /// retractions in this chunk are known. Only a retraction reaching back further than a
    /// chunk costs a second fold, at the end.
    private func readFirst() throws(StoreError) -> LogDamage? {
        var decoder = Decoder()
        var model = Model()
        var folded = 0
        var stale = false
        func foldPending(upTo end: Int) {
            for i in folded..<end where !model.apply(decoder.events[i]) { stale = true }
            folded = end
        }
        let found: LogDamage?
        do {
            found = try RecordPipeline.run(store) { chunk in
                let before = decoder.events.count
                for record in chunk { decoder.decode(record) }
                let targets = Model.retractedTargets(in: decoder.events[before...])
                // Targets not folded yet are skipped when they come; older ones need a refold.
                model.exclude(targets.filter { $0 > folded })
                foldPending(upTo: before)
            }
        } catch {
            foldPending(upTo: decoder.events.count)
            finishFirstRead(decoder, model, stale)
            throw error
        }
        foldPending(upTo: decoder.events.count)
        finishFirstRead(decoder, model, stale)
        return found
    }

    private func finishFirstRead(_ decoder: Decoder, _ model: Model, _ stale: Bool) {
        events = decoder.events
        hashes = decoder.hashes
        notices += decoder.warnings
        self.model = stale ? Model.replay(events) : model
    }

    /// Keeps what `decoder` decoded and folds it in.
    private func keep(_ decoder: Decoder, from start: Int) {
        events += decoder.events
        hashes += decoder.hashes
        notices += decoder.warnings
        fold(from: start)
    }

    /// Folds `events[start...]` into the model. Their retractions are known before folding,
    /// so only a retraction of an event folded earlier costs a replay from the start.
    private func fold(from start: Int) {
        guard start < events.count else { return }
        let batch = events[start...]
        let targets = Model.retractedTargets(in: batch)
        if targets.contains(where: { $0 <= start }) {
            model = Model.replay(events, excluding: Set(model.retracted.keys))
            return
        }
        var model = self.model
        self.model = Model()  // keep the state uniquely referenced while folding
        model.exclude(targets)
        model.fold(batch)
        self.model = model
    }

    /// Decodes records, keeping each; a payload this version cannot read is kept as an
    /// unrecognised event, with a warning, so that `events[n - 1]` stays record `n`.
    private struct Decoder {
        var events: [RecordedEvent] = []
        var hashes: [ChainHash] = []
        var warnings: [String] = []

        mutating func decode(_ record: LogRecord) {
            let event: RecordedEvent
            do {
                event = try RecordedEvent(record)
            } catch {
                warnings.append("warning: \(error); the record is kept but ignored")
                event = RecordedEvent(sequence: record.sequence, timestamp: record.timestamp, actor: record.actor,
                                      event: .unrecognised(type: record.type, version: record.version))
            }
            events.append(event)
            hashes.append(record.hash)
        }
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
