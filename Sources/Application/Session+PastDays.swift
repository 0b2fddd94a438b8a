import Engagement
import EventLog

/// Views of a past day (`--as-of`) without a full replay.
///
/// Beside its checkpoint, a large log keeps checkpoints at intervals of its records (interval
/// checkpoints, at most `CheckpointPolicy.intervalsKept`). A past day starts from the last
/// one whose record was recorded before the day ended, and folds only the records after it
/// up to the next one: on a log in time order, every record after the next one's was recorded
/// on or after the cut-off.
///
/// The rule of the checkpoint holds for each of them: one is used only once its record has
/// been found in the log with its sequence number and chain hash; one that does not match
/// is removed, and the next earlier one is tried. A log with a record out of time order (an
/// older or imported log), a retraction after the checkpoint reaching back before it, or
/// damage means the full replay, as before.
extension Session.CheckpointPolicy {
    /// At most this many interval checkpoints are kept.
    package static let intervalsKept = 32

    /// Records between two interval checkpoints of a log of `count` records: an even share,
    /// never fewer than `interval`.
    package static func spacing(for count: Int) -> Int {
        max(interval, (count + intervalsKept - 1) / intervalsKept)
    }

    /// Which of `kept` (the records interval checkpoints stand for, ascending) to remove so
    /// that at most `intervalsKept` remain, as evenly spaced as removing allows: each time,
    /// the one whose neighbours are closest goes; never the newest.
    package static func thinned(_ kept: [Int]) -> [Int] {
        var kept = kept
        var removed: [Int] = []
        while kept.count > intervalsKept {
            var chosen = 0
            var narrowest = Int.max
            for i in 0..<(kept.count - 1) {
                let gap = kept[i + 1] - (i == 0 ? 0 : kept[i - 1])
                if gap < narrowest {
                    narrowest = gap
                    chosen = i
                }
            }
            removed.append(kept.remove(at: chosen))
        }
        return removed
    }
}

extension Session {
    /// The records a session holds after record `base`: a past day reads them from there,
    /// not from the log.
    struct Held {
        var base: Int
        /// The chain hash of record `base`.
        var baseHash: ChainHash
        var events: [RecordedEvent]
        var hashes: [ChainHash]
        var lastSequence: Int { base + events.count }
    }

    /// What starting a past day from an interval checkpoint came to.
    enum PastStart {
        case model(Model)
        /// No interval checkpoint lies near enough before the day: building them is worth a pass.
        case uncovered
        /// The log does not allow it (out of time order, damaged, a retraction reaching back).
        case replayInstead
    }

    /// The model as of `cutoff` without a full replay, when the log allows it; builds the
    /// interval checkpoints first when none lies near enough.
    func pastModel(before cutoff: Timestamp) throws(StoreError) -> Model? {
        guard damage == nil, model.lastOutOfOrder == 0 else { return nil }
        // Every record came before the cut-off: that day's state is today's.
        guard let last = model.lastRecorded, !(last < cutoff) else { return model }
        let held = Held(base: base, baseHash: baseHash, events: events, hashes: hashes)
        switch try pastModelFromInterval(before: cutoff, holding: held) {
        case .model(let past): return past
        case .replayInstead: return nil
        case .uncovered:
            guard try keepIntervals(), case .model(let past) = try pastModelFromInterval(before: cutoff, holding: held) else { return nil }
            return past
        }
    }

    /// Starts from the last interval checkpoint before `cutoff` and folds the records after
    /// it that were recorded before `cutoff`: from the log up to `held`, from `held` after it.
    func pastModelFromInterval(before cutoff: Timestamp, holding held: Held) throws(StoreError) -> PastStart {
        guard let snapshots else { return .replayInstead }
        let base = held.base
        let lastSequence = held.lastSequence
        var marks = snapshots.intervals().filter { $0.sequence <= lastSequence }
        while true {
            let index = marks.lastIndex { $0.recorded < cutoff }
            let start = index.map { marks[$0].sequence } ?? 0
            // In time order, the next checkpoint's record is on or after the cut-off, and so is
            // every record after it.
            let next = index.map { $0 + 1 } ?? 0
            let end = next < marks.count ? marks[next].sequence : lastSequence
            // Records up to `base` come from the log; those after it are held already.
            let fromLog = min(end, base)
            guard fromLog - start <= 2 * CheckpointPolicy.spacing(for: lastSequence) else { return .uncovered }

            var past = Model()
            let reader = store.reopened()
            if let index {
                let mark = marks[index]
                guard let snapshot = snapshots.loadInterval(mark.sequence), snapshot.stateVersion == Model.checkpointVersion,
                      snapshot.position.sequence == mark.sequence,
                      let stored = snapshot.state.withUnsafeBytes({ Model(checkpoint: $0, bothAtOnce: Model.onTwoCores) }),
                      stored.lastSequence == mark.sequence, stored.lastOutOfOrder == 0,
                      let recorded = stored.lastRecorded, recorded < cutoff,
                      try found(snapshot.position, readingOn: reader, holding: held) else {
                    snapshots.discardInterval(mark.sequence)
                    marks.remove(at: index)
                    continue
                }
                past = stored
                vault.open(&past)
            }

            var later: [RecordedEvent] = []
            if start < fromLog {
                var decoder = Decoder()
                var read = 0
                let broken = try reader.poll(through: fromLog) { record in
                    read += 1
                    // The log is in time order: the records from the cut-off on are checked
                    // against the chain, but none of them counts, and none is decoded.
                    if record.timestamp < cutoff { decoder.decode(record) }
                }
                // The records read must be those this session holds after them.
                guard broken == nil, read == fromLog - start,
                      fromLog < base || reader.position.hash == held.baseHash else { return .replayInstead }
                later = decoder.events
                if vault.open(&later, from: 0) || !vault.forgotten.isEmpty { vault.markForgotten(&later) }
            }
            if end > base { later += held.events[(max(start, base) - base)..<(end - base)] }

            let counted = later.filter { $0.timestamp < cutoff }[...]
            let targets = Model.retractedTargets(in: counted)
            // A retraction of a record the checkpoint folded in already: only a replay undoes it.
            guard !targets.contains(where: { $0 <= start }) else { return .replayInstead }
            past.exclude(targets)
            past.fold(counted)
            return .model(past)
        }
    }

    /// Whether the log holds, as record `position.sequence`, the record with that chain hash.
    /// Before the records `held`, the store checks it, and `reader` reads on from there;
    /// after, the session has read that record already.
    private func found(_ position: LogPosition, readingOn reader: any EventStore, holding held: Held) throws(StoreError) -> Bool {
        let sequence = position.sequence
        if sequence < held.base { return try reader.resume(at: position) }
        if sequence == held.base { return position.hash == held.baseHash }
        return position.hash == held.hashes[sequence - held.base - 1]
    }

    /// Keeps an interval checkpoint of `snapshot`, the checkpoint just saved, when it lies far
    /// enough past the last one kept, and thins them out. A log that has none yet gets them all
    /// at once from its first past day (`keepIntervals`).
    func keepInterval(_ snapshot: Snapshot) {
        guard let snapshots, model.lastOutOfOrder == 0, let recorded = model.lastRecorded else { return }
        let kept = snapshots.intervals().map(\.sequence)
        guard let last = kept.last else { return }
        let sequence = snapshot.position.sequence
        guard sequence - last >= CheckpointPolicy.spacing(for: sequence),
              snapshots.saveInterval(snapshot, recorded: recorded) else { return }
        for thinned in CheckpointPolicy.thinned(kept + [sequence]) { snapshots.discardInterval(thinned) }
    }

    /// Reads the whole log once, keeping an interval checkpoint every `spacing` records.
    /// Returns whether it kept them all (it stops at damage or a record out of time order,
    /// and says false where none could be saved: a read-only standby, a folder it may not write).
    private func keepIntervals() throws(StoreError) -> Bool {
        guard let snapshots, lastSequence >= CheckpointPolicy.minimumEvents else { return false }
        let spacing = CheckpointPolicy.spacing(for: lastSequence)
        let reader = store.reopened()
        var decoder = Decoder()
        var past = Model()
        var kept = snapshots.intervals().map(\.sequence)
        var point = spacing
        var saved = 0
        while point <= lastSequence {
            let before = decoder.events.count
            let found = try reader.poll(through: point) { decoder.decode($0) }
            guard found == nil, decoder.events.count == point else { return false }
            if vault.open(&decoder.events, from: before) { vault.markForgotten(&decoder.events) }
            let targets = Model.retractedTargets(in: decoder.events[before...])
            if targets.contains(where: { $0 <= before }) {
                past = Model.replay(decoder.events)
            } else {
                past.exclude(targets)
                past.fold(decoder.events[before...])
            }
            guard past.lastOutOfOrder == 0, let recorded = past.lastRecorded else { return false }
            let snapshot = Snapshot(position: reader.position, stateVersion: Model.checkpointVersion, state: past.checkpointBytes())
            if snapshots.saveInterval(snapshot, recorded: recorded) {
                saved += 1
                if !kept.contains(point) { kept.append(point) }
            }
            point += spacing
        }
        for thinned in CheckpointPolicy.thinned(kept.sorted()) { snapshots.discardInterval(thinned) }
        return saved > 0
    }
}
