import Dispatch
import Engagement
import EventLog
import Synchronization

/// The log as one process sees it: the events read so far and the model they fold into,
/// which commands are decided on. Keeps up with other writers through `catchUp()`.
package final class Session {
    package let store: any EventStore
    package let actor: String
    /// The clock, read for every command: what is recorded carries the moment it is recorded.
    private let clock: @Sendable () -> Timestamp

    /// The events read, in log order: `events[n - base - 1]` is record `n`. A session that
    /// started from a checkpoint holds only the records after it (`base` > 0) until a
    /// view of the whole log asks for the rest (`loadAll()`).
    package private(set) var events: [RecordedEvent] = []
    /// Each held record's chain hash, for receipts and the JSON log view.
    package private(set) var hashes: [ChainHash] = []
    /// How many records precede `events` (those a checkpoint stands for).
    package private(set) var base = 0
    /// Where the model is kept between sessions (checkpoints), if anywhere.
    package let snapshots: (any SnapshotStore)?
    /// Whether the first read has happened.
    private var started = false
    package private(set) var model = Model()
    /// Damage found while reading: views show the valid prefix, writes are refused.
    package private(set) var damage: LogDamage?

    /// What the person should be told, produced while reading or writing; the caller
    /// words them and empties the list.
    package var notices: [SessionNotice] = []

    /// The check of the records a checkpoint stands for, when the session started from one
    /// on a store that does not guard its own history.
    private var historyCheck: HistoryCheck?
    /// That check, ready to start, while `checksHistoryAtOnce` is off and nothing has
    /// needed it yet.
    private var deferredHistoryCheck: (() -> HistoryCheck)?
    /// Whether the check of the records behind a checkpoint starts with the session (on the
    /// other core, while the session goes on), or only when something waits for it (a write,
    /// the review, `checkWholeChain`) or `startHistoryCheck()` asks. A one-shot view ends
    /// long before the check would on a large log, and never waits for it: started at once,
    /// it would only take the second core from the view.
    package var checksHistoryAtOnce = true
    /// How many records, from the first, this process has not checked the chain of: those a
    /// checkpoint stood for, until the history check (or a read of them) has found them sound.
    private var uncheckedHistory = 0
    /// Called from another thread when that check finds damage, so that a prompt can say so
    /// at once rather than at the next command. May be set after the check has started.
    package var onHistoryDamage: (@Sendable () -> Void)? {
        get { historyDamageCallback.value.withLock { $0 } }
        set { historyDamageCallback.value.withLock { $0 = newValue } }
    }
    private let historyDamageCallback = CallbackBox()

    /// Set once the first read goes on from a checkpoint (as its state is decoded), cleared
    /// should the log turn out not to match it: for another thread to see (`SessionStart`).
    let resumingFlag = ResumingFlag()

    /// A callback that another thread reads when it fires.
    private final class CallbackBox: Sendable {
        let value = Mutex<(@Sendable () -> Void)?>(nil)
    }

    /// Seals contacts' names and e-mails before they are appended, and opens them when read.
    var vault: ContactVault
    /// Random bytes: contacts' keys, nonces, salts.
    private let random: Entropy

    /// `keys` keeps contacts' keys (the default, in memory, suits tests on a memory log);
    /// `random` gives the keys, nonces and salts.
    package init(store: any EventStore, actor: String, clock: @escaping @Sendable () -> Timestamp, snapshots: (any SnapshotStore)? = nil,
                 keys: any KeyStore = MemoryKeyStore(), random: @escaping Entropy = Randomness.system) {
        self.store = store
        self.actor = actor
        self.clock = clock
        self.snapshots = snapshots
        self.random = random
        vault = ContactVault(keys: keys)
    }

    /// When a checkpoint is worth its bytes.
    package enum CheckpointPolicy {
        /// Logs smaller than this replay in a blink: no checkpoint.
        static let minimumEvents = 10_000
        /// A new checkpoint is written once this many events were read past the last one.
        static let interval = 10_000
    }

    /// The sequence number of the last record read.
    package var lastSequence: Int { base + events.count }

    /// Now, by the session's clock.
    package var now: Timestamp { clock() }

    /// The day "today" is for commands (`date=today`, overdue checks), read anew each time.
    package var today: Day { Day(now) }

    /// Reads what was appended since the last call and folds it in; returns the new events.
    @discardableResult
    package func catchUp() throws(StoreError) -> ArraySlice<RecordedEvent> {
        precondition(holdsState, "a session started only to list the log holds no state to catch up")
        // Counted by sequence number: reading may also load the records a checkpoint stood
        // for (a retraction reaching back), which shifts the indices of `events`.
        let before = lastSequence
        let found: LogDamage?
        if !started {
            started = true
            if try resumeFromCheckpoint() {
                // Only the records since the checkpoint are left to read: a few, usually.
                found = try readMore()
            } else {
                // The first read of a log can be large: read it on a second core while this
                // one decodes and folds.
                found = try readFirst()
            }
            if found == nil { saveCheckpointIfDue() }
        } else {
            // Later catch-ups are a few records.
            found = try readMore()
        }
        absorbHistoryCheck(waiting: false)
        let fresh = events.suffix(lastSequence - before)
        if let found, damage == nil {
            damage = found
            if found.meansNotALog { throw .damaged(location: store.location, found) }
            notices.append(.damaged(location: store.location, found, readable: lastSequence))
        }
        return fresh
    }

    /// Polls the store and folds what it hands out.
    private func readMore() throws(StoreError) -> LogDamage? {
        let start = events.count
        // Decoded into a local, not a property: a class property touched per record pays a
        // dynamic exclusivity check each time.
        var decoder = Decoder()
        let found: LogDamage?
        do {
            found = try store.poll { decoder.decode($0) }
        } catch {
            try keep(decoder, from: start)
            throw error
        }
        try keep(decoder, from: start)
        return found
    }

    /// Starts from the checkpoint, if there is one the log still matches.
    private func resumeFromCheckpoint() throws(StoreError) -> Bool {
        // A prompt may come up while the checkpoint is decoded (`SessionStart`), never while
        // the log is replayed instead.
        var resumed = false
        defer { if !resumed { resumingFlag.set(false) } }
        // Its bytes are let go as they are decoded: the state is held once, not twice.
        guard let (position, read) = snapshots?.withSnapshot({ snapshot -> (LogPosition, Model?) in
                  guard snapshot.stateVersion == Model.checkpointVersion else { return (snapshot.position, nil) }
                  // Only once the log is known to hold the checkpoint's record (a file log may
                  // have been cut, repaired or replaced since; one that guards its history
                  // cannot have), so that a log it no longer matches is replayed before the
                  // prompt. Read on a store of its own: this one resumes once the state is read.
                  if store.guardsItsHistory || (try? store.reopened().resume(at: snapshot.position)) == true {
                      resumingFlag.set(true)
                  }
                  return (snapshot.position, Model(checkpoint: snapshot.state, bothAtOnce: Model.onTwoCores, letGo: snapshot.letGo))
              }),
              let model = read, model.lastSequence == position.sequence else { return false }
        guard try store.resume(at: position) else { return false }
        self.model = model
        vault.open(&self.model)
        noteKeyStoreRefusal()
        base = position.sequence
        baseHash = position.hash
        checkpointBase = position.sequence
        uncheckedHistory = position.sequence
        if !store.guardsItsHistory {
            let callback = historyDamageCallback
            let reader = store.reopened()
            // It reads behind the prompt: nothing of it goes on the terminal.
            reader.progress = nil
            deferredHistoryCheck = {
                HistoryCheck(reading: reader, upTo: position.sequence, hash: position.hash) { callback.value.withLock { $0 }?() }
            }
            if checksHistoryAtOnce { startHistoryCheck() }
        }
        resumed = true
        return true
    }

    /// Starts the check of the records behind the checkpoint, if it is waiting to start (the
    /// prompt asks once it is up, so that damage there is said at once).
    package func startHistoryCheck() {
        guard let start = deferredHistoryCheck else { return }
        deferredHistoryCheck = nil
        historyCheck = start()
    }

    /// Starts a session that only lists the log (`log` as a one-shot command): from the
    /// checkpoint's `Model.Listing` alone, neither decoding the rest of the state nor folding
    /// the records after it, so that the first line comes at once and the state is never held.
    /// The records after the checkpoint are read first (a few, usually); listing then reads
    /// every record again from the first (`forEachEvent`), checking the whole chain.
    ///
    /// `nil`, with the session untouched, where a full start is needed: it has started
    /// already, there is no checkpoint this build reads, `accept` refuses the listing (a reader
    /// who sees only public views needs the state), or the records after the checkpoint would
    /// change the listing (`DomainEvent.changesListing`), are damaged or cannot be read.
    /// A session started so holds no state: it lists the log, and nothing else.
    package func startListing(if accept: (Model.Listing) -> Bool) throws(StoreError) -> Model.Listing? {
        guard let (snapshot, listing) = checkpointListing(), accept(listing),
              let after = try recordsAfter(snapshot) else { return nil }
        started = true
        holdsState = false
        // Every record is read again when the log is listed.
        base = listing.lastSequence + after.events.count
        baseHash = after.hashes.last ?? snapshot.position.hash
        vault.learnForgotten(listing.forgottenContacts)
        return listing
    }

    /// The checkpoint's listing, read without the rest of the state: a few kilobytes (or the
    /// whole checkpoint, when a log with a great many retractions makes the listing larger).
    /// `nil` once the session has started, or where there is no checkpoint this build reads.
    private func checkpointListing() -> (Snapshot, Model.Listing)? {
        guard !started, let snapshots else { return nil }
        let prefix = 1 << 20
        func read(_ snapshot: Snapshot?) -> (Snapshot, Model.Listing)? {
            guard let snapshot, snapshot.stateVersion == Model.checkpointVersion,
                  let listing = snapshot.state.withUnsafeBytes({ Model.Listing(checkpoint: $0) }) else { return nil }
            return (snapshot, listing)
        }
        let start = snapshots.load(statePrefix: prefix)
        guard let (snapshot, listing) = read(start) ?? (start?.state.count == prefix ? read(snapshots.load()) : nil),
              listing.lastSequence == snapshot.position.sequence else { return nil }
        return (snapshot, listing)
    }

    /// The records after `snapshot`, decoded, read on a store instance of their own (so that
    /// a full start can still resume the session's); `nil` where they would change the
    /// listing (`DomainEvent.changesListing`), are damaged or cannot be read.
    private func recordsAfter(_ snapshot: Snapshot) throws(StoreError) -> Decoder? {
        let reader = store.reopened()
        guard try reader.resume(at: snapshot.position) else { return nil }
        var after = Decoder()
        let found = try reader.poll { after.decode($0) }
        guard found == nil, after.warnings.isEmpty, !after.events.contains(where: { $0.event.changesListing }) else { return nil }
        return after
    }

    /// Starts a session for one view of a past day (`--as-of` as the one command of a
    /// one-shot process) without today's state: from the checkpoint's `Model.Listing` (who
    /// reads what today), the records after the checkpoint and the last interval checkpoint
    /// before `cutoff` (`Session+PastDays.swift`). Returns the listing and the state as of
    /// `cutoff`.
    ///
    /// `nil`, with the session untouched, where a full start is needed: what `startListing`
    /// refuses; a record out of time order; a cut-off after the last record (that day's state
    /// is today's); no interval checkpoint near enough before the day. A session started so
    /// holds no state, and answers nothing else.
    package func startPastDay(before cutoff: Timestamp, if accept: (Model.Listing) -> Bool) throws(StoreError) -> (Model.Listing, Model)? {
        guard let (snapshot, listing) = checkpointListing(), listing.lastOutOfOrder == 0, var last = listing.lastRecorded,
              accept(listing), var after = try recordsAfter(snapshot) else { return nil }
        for record in after.events {
            guard !(record.timestamp < last) else { return nil }
            last = record.timestamp
        }
        guard !(last < cutoff) else { return nil }
        // What a full start would learn from the state and the records after it (the same,
        // should it come to that).
        vault.learnForgotten(listing.forgottenContacts)
        if vault.open(&after.events, from: 0) || !vault.forgotten.isEmpty { vault.markForgotten(&after.events) }
        let held = Held(base: snapshot.position.sequence, baseHash: snapshot.position.hash, events: after.events, hashes: after.hashes)
        guard case .model(let past) = try pastModelFromInterval(before: cutoff, holding: held) else { return nil }
        noteKeyStoreRefusal()
        started = true
        holdsState = false
        base = held.lastSequence
        baseHash = after.hashes.last ?? snapshot.position.hash
        return (listing, past)
    }

    /// False in a session started by `startListing` or `startPastDay`, which has no state to
    /// fold into.
    private var holdsState = true

    /// Takes in the outcome of the history check, once it has ended (or waits for it):
    /// damage there is damage of the log, said once, and writes are refused from then on.
    private func absorbHistoryCheck(waiting: Bool) {
        if waiting { startHistoryCheck() }
        guard let check = historyCheck else { return }
        guard let outcome = waiting ? check.wait() : check.finished else { return }
        historyCheck = nil
        switch outcome {
        case .sound:
            uncheckedHistory = 0
        case .damaged(let found):
            guard damage == nil else { break }
            damage = found
            notices.append(.damaged(location: store.location, found, readable: found.sequence - 1))
        case .unreadable:
            break
        }
    }

    /// The first damage in the chain of every record this session has read, checked from the
    /// first record in this process: what it read itself was checked as it was read; the
    /// records behind a checkpoint are checked by hash on another core since the session
    /// started (waited for here), or, where no such check ran (a store that guards its own
    /// history, a check that could not read), by the store's `verify`. The review vouches
    /// for the record with it.
    package func checkWholeChain() throws(StoreError) -> LogDamage? {
        absorbHistoryCheck(waiting: true)
        // A record whose payload could not be read is a warning to a session, but may be
        // damage to `verify` (a payload that is not JSON): the store decides.
        if damage == nil, uncheckedHistory > 0 || readUnreadableRecord {
            if let found = try store.verify().damage { return found }
            uncheckedHistory = 0
        }
        return damage
    }

    /// Whether this session read a record whose payload it could not read.
    private var readUnreadableRecord = false

    /// The chain hash of record `base`.
    private(set) var baseHash = ChainHash.genesis

    /// The sequence number the checkpoint on disk stands for, as far as this session knows.
    private var checkpointBase = 0

    /// Writes a new checkpoint when the log is large and this session read many records past
    /// the last one.
    private func saveCheckpointIfDue() {
        guard let snapshots, damage == nil, lastSequence >= CheckpointPolicy.minimumEvents,
              lastSequence - checkpointBase >= CheckpointPolicy.interval else { return }
        let position = store.position
        guard position.sequence == model.lastSequence else { return }
        let snapshot = Snapshot(position: position, stateVersion: Model.checkpointVersion, state: model.checkpointBytes())
        if snapshots.save(snapshot) { checkpointBase = position.sequence }
        keepInterval(snapshot)
    }

    /// Reads the records a checkpoint stood for, so that views of the whole log (`log`,
    /// `--as-of`, a partner's timeline) and replays have every event.
    package func loadAll() throws(StoreError) {
        guard base > 0 else { return }
        let reader = store.reopened()
        var decoder = Decoder()
        let limit = base
        // Read no further than the checkpoint's record: the records after it are the
        // session's already, their warnings said once.
        let found = try RecordPipeline<Decoder>.run(reader, through: limit, readerShare: Self.readerShare,
                                                    decode: Decoder.decoding) { decoded in
            decoder.append(decoded)
        }
        guard decoder.events.count == base, decoder.hashes.last == baseHash else {
            throw .damaged(location: store.location, found ?? LogDamage(sequence: decoder.events.count + 1, line: decoder.events.count + 1,
                                                                    kind: .unreadable("the log no longer holds the records its checkpoint stood for")))
        }
        let learned = vault.open(&decoder.events, from: 0)
        events = decoder.events + events
        hashes = decoder.hashes + hashes
        if learned || !vault.forgotten.isEmpty { vault.markForgotten(&events) }
        noteKeyStoreRefusal()
        notices += decoder.warnings.map(SessionNotice.unreadableRecord)
        if !decoder.warnings.isEmpty { readUnreadableRecord = true }
        base = 0
        // Read again from the first record, each checked against the chain, up to the
        // checkpoint's record with its hash: a check not started yet has nothing left to do.
        uncheckedHistory = 0
        deferredHistoryCheck = nil
    }

    /// What the checkpoint says, held against the log it stands beside.
    package enum CheckpointCheck: Equatable, Sendable {
        /// No checkpoint (or one of another version, which is never read).
        case none
        /// It is the state a replay of the log up to its record gives.
        case matches(sequence: Int)
        /// It is not: it was removed.
        case differs(sequence: Int)
        /// It stands for a record the log no longer holds: records after `logEnds` were cut.
        case beyondLog(sequence: Int, logEnds: Int)
    }

    /// Holds the checkpoint against the log (`verify`): rebuilds the state up to the
    /// checkpoint's record and compares; a checkpoint that differs is removed. `report` is the
    /// store's verification of the whole log, which must have found no damage.
    ///
    /// Compared as bytes, holding one state: the checkpoint is kept as its digest and its
    /// listing (the retractions it knew); the state is rebuilt from the records alone, neither
    /// the checkpoint's nor the session's decoded, and written as a checkpoint is written, one
    /// piece at a time, which must give the same digest. The rebuilt state knows only the
    /// forgettings among those records, never the checkpoint's word for them nor a later one
    /// the session read: a checkpoint that hides a contact differs.
    package func checkCheckpoint(against report: VerifyReport) throws(StoreError) -> CheckpointCheck {
        guard let snapshots, let checkpoint = Self.digest(of: snapshots) else { return .none }
        let sequence = checkpoint.position.sequence
        guard sequence <= report.count else { return .beyondLog(sequence: sequence, logEnds: report.count) }
        // It must stand for a record the log holds, with that record's hash, and be readable.
        guard sequence >= 1, let listing = checkpoint.listing, try store.reopened().resume(at: checkpoint.position) else {
            snapshots.discard()
            return .differs(sequence: sequence)
        }
        // Read again, holding only the state: the retractions the checkpoint knows are
        // skipped, and one it does not know means it differs.
        let rebuilt = try replayFromStore(upTo: sequence, excluding: Set(listing.retracted.keys),
                                          knownForgotten: [], endingAt: checkpoint.position.hash)
        var digest = ChainHash.Chaining(to: .genesis)
        rebuilt.model.forEachCheckpointPiece(block: 1 << 16) { piece in piece.withUnsafeBytes { digest.add($0) } }
        guard rebuilt.complete, digest.finish() == checkpoint.digest else {
            snapshots.discard()
            return .differs(sequence: sequence)
        }
        return .matches(sequence: sequence)
    }

    /// The checkpoint of this build's version as `checkCheckpoint` holds it: where it stands,
    /// the digest of its state's bytes and its listing (`nil` if unreadable). The bytes are
    /// let go on return.
    private static func digest(of snapshots: any SnapshotStore) -> (position: LogPosition, digest: ChainHash, listing: Model.Listing?)? {
        guard let snapshot = snapshots.load(), snapshot.stateVersion == Model.checkpointVersion else { return nil }
        return snapshot.state.withUnsafeBytes { state in
            (snapshot.position, ChainHash.chaining(state, to: .genesis), Model.Listing(checkpoint: state))
        }
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
    package func record(_ command: ResolvedCommand) throws(SessionError) -> Recorded {
        do {
            let line = try recordAll([command], commit: true) { command, _ in command }[0]
            return Recorded(events: line.events, hashes: line.hashes, notes: line.notes)
        } catch {
            switch error {
            case .line(_, let error): throw .command(error)
            case .store(let error): throw .store(error)
            }
        }
    }

    /// What one command of a batch recorded (or, in a dry run, would record).
    package struct BatchLine {
        /// The events, numbered as they were (or would be) appended.
        package var events: [RecordedEvent]
        /// Their chain hashes; empty in a dry run.
        package var hashes: [ChainHash]
        /// Remarks on what now needs attention.
        package var notes: [String]
    }

    /// Why a batch recorded nothing.
    package enum BatchError: Error, Equatable, Sendable {
        /// The command at this index of the batch was refused.
        case line(Int, CommandError)
        case store(StoreError)
    }

    /// Decides `lines` in order, each on the state the ones before it leave (in memory), then
    /// appends every event in one durable append, or nothing when any line is refused. With
    /// `commit: false` it only decides (a dry run). `resolve` turns a line into a command on
    /// the state it will be decided on. When another process appended in between, catches up
    /// and decides the whole batch again on the new state.
    package func recordAll<Line>(_ lines: [Line], commit: Bool,
                                 resolve: (Line, Model) throws(CommandError) -> ResolvedCommand) throws(BatchError) -> [BatchLine] {
        while true {
            do {
                try catchUp()
                // Nothing is written on a history that is not known to be sound: wait for the
                // check of the records behind the checkpoint (about half a second on a
                // million-event log), and refuse if it found damage.
                absorbHistoryCheck(waiting: true)
                if let damage { throw StoreError.damaged(location: store.location, damage) }
                // A record never carries a time before the log's last: a view of a past day must
                // not change after the fact.
                let time = now
                if let last = model.lastRecorded, time < last {
                    throw BatchError.line(0, .refused("the clock says \(time), before the log's last record (\(last)): a record cannot be backdated. Nothing was recorded"))
                }
                var working = model
                var pending: [RecordedEvent] = []
                var appending: [(event: DomainEvent, audience: Audience, checked: Bool)] = []
                var decided: [BatchLine] = []
                for (index, line) in lines.enumerated() {
                    let command: ResolvedCommand
                    do throws(CommandError) {
                        command = try resolve(line, working)
                    } catch {
                        throw BatchError.line(index, error)
                    }
                    // A retraction can reach back past a checkpoint: the model is then rebuilt
                    // from every event, so have them all before recording it.
                    if (command.type as? any RecordingCommand.Type)?.needsEveryEvent == true { try loadAll() }
                    let decision: Decision
                    do throws(CommandError) {
                        decision = try Decider.decide(command, by: actor, given: working, today: Day(time))
                    } catch {
                        throw BatchError.line(index, error)
                    }
                    // A contact's key is made when the batch is appended: one added earlier in
                    // the same batch has none yet, so leaving or forgetting it here could seal
                    // nothing and destroy nothing.
                    for event in decision.events where Self.namesContact(addedIn: pending, event, after: lastSequence) {
                        throw BatchError.line(index, .refused("this line names a contact added earlier in the same script, whose "
                            + "personal data is sealed only when the script is recorded: record the script first, then this line"))
                    }
                    let audiences = decision.events.map { Access.audience(of: $0, in: working) }
                    var events: [RecordedEvent] = []
                    for (event, audience) in zip(decision.events, audiences) {
                        appending.append((event, audience, decision.checked))
                        let recorded = RecordedEvent(sequence: lastSequence + pending.count + 1, timestamp: time, actor: actor, event: event)
                        pending.append(recorded)
                        events.append(recorded)
                        // A retraction of an event folded already: rebuild from every event.
                        if !working.apply(recorded) { working = Model.replay(self.events + pending) }
                    }
                    decided.append(BatchLine(events: events, hashes: [], notes: decision.notes))
                }
                guard commit, !appending.isEmpty else { return decided }
                // Contacts are sealed, and records some readers may not see salted, only now:
                // a dry run keeps no key.
                let after = hashes.last ?? baseHash
                let draw = { [random] (count: Int) in random(count, after) }
                let sealed = try vault.seal(appending.map(\.event), random: draw)
                let result = try store.append(zip(sealed, appending).map { event, decided in
                    event.newEvent(actor: actor, at: time, audience: decided.audience, checked: decided.checked,
                                   salt: event.mayBeHidden ? Base64.encode(draw(16)) : nil)
                }, expectingLast: lastSequence)
                for case .contactForgotten(let forgotten) in appending.map(\.event) {
                    do {
                        try vault.destroy(forgotten)
                    } catch {
                        notices.append(.keyNotDestroyed(error))
                    }
                }
                if result.startedNewLog { notices.append(.startedNewLog(location: store.location)) }
                if let quarantine = result.quarantine {
                    notices.append(.tornRecordMovedAside(location: store.location, quarantine))
                }
                let absorbed = Array(absorb(result.records))
                var next = 0
                for i in decided.indices {
                    let count = decided[i].events.count
                    decided[i].events = Array(absorbed[next..<next + count])
                    decided[i].hashes = result.records[next..<next + count].map(\.hash)
                    next += count
                }
                return decided
            } catch let error as StoreError {
                if case .conflict = error { continue }
                throw .store(error)
            } catch let error as BatchError {
                throw error
            } catch {
                preconditionFailure("only store and batch errors are thrown: \(error)")
            }
        }
    }

    /// Whether `event` leaves or forgets a contact added by one of `batch`, the events of a
    /// batch recorded after `sequence`.
    static func namesContact(addedIn batch: [RecordedEvent], _ event: DomainEvent, after sequence: Int) -> Bool {
        switch event {
        case .contactLeft(let left):
            guard left.contact == nil else { return false }
            return batch.contains {
                guard case .contactAdded(let added) = $0.event else { return false }
                return added.partner == left.partner && added.name.equalsIgnoringCase(left.name)
            }
        case .contactForgotten(let forgotten):
            guard forgotten.contact.hasPrefix("#"), let added = Int(forgotten.contact.dropFirst()) else { return false }
            return added > sequence
        default:
            return false
        }
    }

    /// Events recorded before `cutoff` (all of them without one).
    package func events(before cutoff: Timestamp?) throws(StoreError) -> ArraySlice<RecordedEvent> {
        try loadAll()
        guard let cutoff else { return events[...] }
        // Timestamps follow the log order but a clock can step back; filter, don't bisect.
        return events.filter { $0.timestamp < cutoff }[...]
    }

    /// The model as of `cutoff`: only what was recorded before it, retractions included.
    /// On a log in time order it starts from the last interval checkpoint before `cutoff`
    /// and reads only the records after it (`Session+PastDays.swift`); otherwise it replays
    /// every record.
    package func model(before cutoff: Timestamp?) throws(StoreError) -> Model {
        guard let cutoff else { return model }
        if let past = try pastModel(before: cutoff) { return past }
        try loadAll()
        return Model.replay(events, before: cutoff)
    }

    /// The chain hash of record `sequence`, if it has been read.
    package func hash(of sequence: Int) throws(StoreError) -> ChainHash? {
        guard sequence >= 1, sequence <= lastSequence else { return nil }
        if sequence <= base { try loadAll() }
        return hashes[sequence - base - 1]
    }

    /// Record `sequence`, if it has been read.
    package func event(_ sequence: Int) throws(StoreError) -> RecordedEvent? {
        guard sequence >= 1, sequence <= lastSequence else { return nil }
        if sequence <= base { try loadAll() }
        return events[sequence - base - 1]
    }

    /// Folds in records this process has just appended.
    private func absorb(_ fresh: [LogRecord]) -> ArraySlice<RecordedEvent> {
        let start = events.count
        let before = lastSequence
        var decoder = Decoder()
        for record in fresh { decoder.decode(record) }
        do {
            try keep(decoder, from: start)
        } catch {
            // Only a retraction reaching past a checkpoint needs the log read again, and
            // `record` reads it before recording one; a failure here is a failing disk.
            notices.append(.notRebuilt(error))
        }
        return events.suffix(lastSequence - before)
    }

    /// Reads the whole log into an empty session: the store reads and checks the chain on a
    /// second core; this one decodes each chunk and folds the one before it, once the
    /// retractions in this chunk are known. Only a retraction reaching back further than a
    /// chunk costs a second fold, at the end.
    /// The reading thread decodes one chunk in this many: it balances the two cores, whose
    /// other work is reading and checking the chain there, decoding and folding here. Two
    /// since reading and checking got cheaper: on two cores, in two rounds of
    /// `EngageBench --first-read-only` with two, three, four and six, two took 950 and
    /// 1,161 ms, three 1,023 and 1,246, four 1,095 and 1,308, six 1,226 and 1,453.
    static let readerShare = 2

    private func readFirst() throws(StoreError) -> LogDamage? {
        // The events not folded yet, and, while the log is small, every event read.
        var decoder = Decoder()
        var model = Model()
        // `decoder.events[..<folded]` are folded; `dropped` events were folded and let go.
        var folded = 0
        var dropped = 0
        var droppedHash = ChainHash.genesis
        var holding = true
        var stale = false
        func foldPending(upTo end: Int) {
            if !model.fold(decoder.events[folded..<end]) { stale = true }
            folded = end
        }
        /// Past `heldEventsLimit`, folded events are let go, whole, on another thread: the
        /// model is what stays. Called with every event held folded.
        func release() {
            if holding, dropped + decoder.events.count > heldEventsLimit { holding = false }
            guard !holding, folded > 0 else { return }
            assert(folded == decoder.events.count, "only folded events are let go")
            droppedHash = decoder.hashes[folded - 1]
            var gone: [RecordedEvent] = []
            swap(&gone, &decoder.events)
            // Moved, not copied: no reference is left here to be the last.
            LetGo.onAnotherThread(consume gone)
            decoder.hashes.removeAll(keepingCapacity: true)
            dropped += folded
            folded = 0
        }
        let found: LogDamage?
        do {
            found = try RecordPipeline<Decoder>.run(store, onTwoCores: readsOnTwoCores, readerShare: Self.readerShare,
                                                    decode: Decoder.decoding) { (incoming: consuming Decoder) in
                // The chunk is decoded apart, so that the events before it are folded and let
                // go whole before it joins them, never copied out of a larger array.
                if vault.open(&incoming.events, from: 0) {
                    var names = ContactVault.PlainNames()
                    vault.markForgotten(&decoder.events, plainNames: &names)
                    vault.markForgotten(&incoming.events, plainNames: &names)
                }
                let targets = Model.retractedTargets(in: incoming.events[...])
                // Targets not folded yet are skipped when they come; older ones need a refold.
                model.exclude(targets.filter { $0 > dropped + folded })
                foldPending(upTo: decoder.events.count)
                release()
                decoder.take(incoming)
            }
        } catch {
            foldPending(upTo: decoder.events.count)
            release()
            try finishFirstRead(decoder, model, stale, dropped: dropped, droppedHash: droppedHash)
            throw error
        }
        foldPending(upTo: decoder.events.count)
        release()
        try finishFirstRead(decoder, model, stale, dropped: dropped, droppedHash: droppedHash)
        return found
    }

    private func finishFirstRead(_ decoder: Decoder, _ model: Model, _ stale: Bool, dropped: Int, droppedHash: ChainHash) throws(StoreError) {
        noteKeyStoreRefusal()
        events = decoder.events
        hashes = decoder.hashes
        base = dropped
        baseHash = droppedHash
        notices += decoder.warnings.map(SessionNotice.unreadableRecord)
        if !decoder.warnings.isEmpty { readUnreadableRecord = true }
        guard stale else {
            self.model = model
            return
        }
        // A retraction reached back past a chunk: fold again, knowing them all.
        if dropped == 0 {
            self.model = Model.replay(events, excluding: Set(model.retracted.keys))
        } else {
            self.model = try replayFromStore(upTo: lastSequence, excluding: Set(model.retracted.keys),
                                             knownForgotten: vault.forgotten.union(model.forgottenContacts), endingAt: baseHash).model
        }
    }

    /// Whether the first read of a whole log reads on a second core while this one decodes
    /// and folds (`RecordPipeline`), or all on this one.
    package var readsOnTwoCores = true

    /// How many events a session holds after its first read. Beyond it, only the model stays
    /// in memory (like after a checkpoint); views of every event read the log again. A full
    /// replay of 1,000,000 events then holds about 130 MiB instead of 370, in the same time:
    /// each chunk is let go whole, on another thread (`readFirst`).
    package var heldEventsLimit = 100_000

    /// Reads the log again from its first record up to record `limit`, which must have the
    /// chain hash `hash` (`reread`), and folds it into a model that skips `excluded`, holding
    /// no event: the state a replay gives, at the memory of the state alone. Also returns
    /// whether a retraction reached an event folded already (outside `excluded`).
    private func replayFromStore(upTo limit: Int, excluding excluded: Set<Int>, knownForgotten: Set<String>,
                                 endingAt hash: ChainHash) throws(StoreError) -> (model: Model, complete: Bool) {
        var model = Model(excluding: excluded)
        var complete = true
        try reread(upTo: limit, knownForgotten: knownForgotten, endingAt: hash) { events, _ in
            if !model.fold(events) { complete = false }
        }
        return (model, complete)
    }

    /// Hands the events up to record `limit`, read again from the store with their contacts
    /// opened, to `visit` chunk by chunk, with their chain hashes; keeps none of them.
    /// `knownForgotten` are the contacts known to be forgotten before the records are read
    /// (by forgettings that may come after their records), and the only ones; record `limit`
    /// must have the chain hash `hash`. Throws `.damaged` when the log no longer holds them all.
    private func reread(upTo limit: Int, knownForgotten: Set<String>, endingAt hash: ChainHash,
                        _ visit: (ArraySlice<RecordedEvent>, ArraySlice<ChainHash>) -> Void) throws(StoreError) {
        guard limit > 0 else { return }
        let reader = store.reopened()
        // Forgettings read after a contact's records are known already: mark them at once.
        var vault = self.vault.knowingOnly(knownForgotten)
        var plainNames = ContactVault.PlainNames()
        var decoder = Decoder()
        var seen = 0
        var lastHash = ChainHash.genesis
        func flush() {
            guard !decoder.events.isEmpty else { return }
            // Marked before opening, while plain-text contacts' names can still be matched.
            if !vault.forgotten.isEmpty { vault.markForgotten(&decoder.events, plainNames: &plainNames) }
            if vault.open(&decoder.events, from: 0) { vault.markForgotten(&decoder.events, plainNames: &plainNames) }
            visit(decoder.events[...], decoder.hashes[...])
            decoder.events.removeAll(keepingCapacity: true)
            decoder.hashes.removeAll(keepingCapacity: true)
        }
        let found = try reader.poll(through: limit) { record in
            decoder.decode(record)
            seen = record.sequence
            lastHash = record.hash
            if decoder.events.count == Self.rereadChunk { flush() }
        }
        flush()
        // Up to the record the session had read, and to the same record.
        guard seen == limit, lastHash == hash else {
            throw .damaged(location: store.location, found ?? LogDamage(sequence: seen + 1, line: seen + 1,
                                                                    kind: .unreadable("the log no longer holds the records it held when it was read")))
        }
    }

    /// Records decoded between two hand-overs when reading the log again.
    private static let rereadChunk = 4096

    /// Hands every event read so far to `visit`, oldest first, with its chain hash: from
    /// memory when the session holds them all, else read again from the store, holding
    /// none (the `log` view of a large log streams this way).
    package func forEachEvent(_ visit: (RecordedEvent, ChainHash) -> Void) throws(StoreError) {
        guard base > 0 else {
            for i in events.indices { visit(events[i], hashes[i]) }
            return
        }
        let held = base
        try reread(upTo: held, knownForgotten: vault.forgotten.union(model.forgottenContacts), endingAt: baseHash) { events, hashes in
            for i in events.indices { visit(events[i], hashes[i]) }
        }
        for i in events.indices { visit(events[i], hashes[i]) }
    }

    /// Keeps what `decoder` decoded and folds it in.
    private func keep(_ decoder: Decoder, from start: Int) throws(StoreError) {
        var decoder = decoder
        let learned = vault.open(&decoder.events, from: 0)
        events += decoder.events
        if learned { vault.markForgotten(&events) }
        noteKeyStoreRefusal()
        hashes += decoder.hashes
        notices += decoder.warnings.map(SessionNotice.unreadableRecord)
        if !decoder.warnings.isEmpty { readUnreadableRecord = true }
        try fold(from: start)
    }

    /// Says once that the key store could not be read.
    private func noteKeyStoreRefusal() {
        guard let refusal = vault.refusal, !keyStoreRefusalNoted else { return }
        keyStoreRefusalNoted = true
        notices.append(.keysUnreadable(refusal))
    }
    private var keyStoreRefusalNoted = false

    /// Folds `events[start...]` into the model. Their retractions are known before folding,
    /// so only a retraction of an event folded earlier costs a replay from the start.
    private func fold(from start: Int) throws(StoreError) {
        guard start < events.count else { return }
        let targets = Model.retractedTargets(in: events[start...])
        if targets.contains(where: { $0 <= base + start }) {
            let retracted = Set(model.retracted.keys)
            try loadAll()
            model = Model.replay(events, excluding: retracted)
            return
        }
        var model = self.model
        self.model = Model()  // keep the state uniquely referenced while folding
        model.exclude(targets)
        model.fold(events[start...])
        self.model = model
    }

    /// Decodes records, keeping each; a payload this version cannot read is kept as an
    /// unrecognised event, with a warning, so that `events[n - 1]` stays record `n`.
    struct Decoder: Sendable {
        var events: [RecordedEvent] = []
        var hashes: [ChainHash] = []
        var warnings: [PayloadError] = []
        /// The text its events read, shared among them (`SharedTexts`).
        private var texts = SharedTexts()

        /// A chunk decoded on its own (on the reading thread, or apart from the events held),
        /// each record taken out of the batch whole.
        @Sendable static func decoding(_ records: RecordBatch) -> Decoder {
            var decoder = Decoder()
            decoder.events.reserveCapacity(records.count)
            decoder.hashes.reserveCapacity(records.count)
            records.takeEach { decoder.decode($0) }
            return decoder
        }

        /// Takes over what another decoder decoded: its arrays themselves when this one
        /// holds none, else a copy of their elements.
        mutating func take(_ other: Decoder) {
            guard events.isEmpty else { return append(other) }
            events = other.events
            hashes = other.hashes
            warnings += other.warnings
        }

        /// Takes over what another decoder decoded, up to record `limit`.
        mutating func append(_ other: Decoder, upTo limit: Int = .max) {
            let count = other.events.prefix { $0.sequence <= limit }.count
            events += other.events.prefix(count)
            hashes += other.hashes.prefix(count)
            warnings += other.warnings
        }

        mutating func decode(_ record: consuming LogRecord) {
            // Appended where it is made: an event held in a local first is copied in.
            do {
                events.append(try RecordedEvent(record, sharing: &texts))
            } catch {
                warnings.append(error)
                events.append(RecordedEvent(sequence: record.sequence, timestamp: record.timestamp, actor: record.actor,
                                            event: .unrecognised(type: record.type, version: record.version)))
            }
            hashes.append(record.hash)
        }
    }

}

/// Why recording a command failed.
package enum SessionError: Error, Equatable, Sendable {
    /// The command was refused: nothing was recorded.
    case command(CommandError)
    case store(StoreError)
}

/// What a session has to tell the person, apart from wording.
package enum SessionNotice: Equatable, Sendable {
    /// Reading stopped at damage; views show the `readable` records before it.
    case damaged(location: String, LogDamage, readable: Int)
    /// A torn last record, left by an interrupted append, was moved aside before writing.
    case tornRecordMovedAside(location: String, Quarantine)
    /// A record this version cannot decode: kept, shown in the log, ignored by views.
    case unreadableRecord(PayloadError)
    /// The records were appended, but the session could not rebuild its state after them.
    case notRebuilt(StoreError)
    /// The first write started a new, empty log.
    case startedNewLog(location: String)
    /// The key store could not be read: contacts' names and e-mails read as unreadable.
    case keysUnreadable(StoreError)
    /// A contact was recorded as forgotten, but their key could not be destroyed.
    case keyNotDestroyed(StoreError)
}

/// Lets go of a value on another thread: the last reference to it is dropped there, and the
/// memory it holds freed there. A million events take a core a quarter of a replay's time to
/// free; a session's first read lets go of each chunk it folded this way.
enum LetGo {
    private final class Box<Value>: @unchecked Sendable {
        var value: Value?
        init(_ value: consuming Value) { self.value = value }
    }

    private static let queue = DispatchQueue(label: "engage.let-go", qos: .utility)

    static func onAnotherThread<Value>(_ value: consuming Value) {
        let box = Box(value)
        queue.async { box.value = nil }
    }
}
