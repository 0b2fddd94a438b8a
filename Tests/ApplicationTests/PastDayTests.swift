import Foundation
import Testing
@testable import Application
@testable import Engagement
@testable import EventLog

/// A past day (`--as-of`) from interval checkpoints is the past day a full replay gives,
/// whichever checkpoint it starts from, and a checkpoint that does not match its record is
/// never used.
@Suite struct PastDayTests {
    static let sample = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../eventlog/sample.jsonl").standardized.path

    /// A copy of the sample log (and its keys) in `folder`.
    static func sampleLog(in folder: TemporaryFolder) throws -> String {
        let path = folder.path("events.jsonl")
        try FileManager.default.copyItem(atPath: sample, toPath: path)
        try FileManager.default.copyItem(atPath: sample + ".keys", toPath: path + ".keys")
        return path
    }

    static func store(_ path: String) -> FileEventStore {
        FileEventStore(path: path, clock: { Timestamp(year: 2027, month: 1, day: 1)! })
    }

    static func session(_ path: String, snapshots: (any SnapshotStore)?) -> Session {
        Session(store: store(path), actor: "lena", clock: { Timestamp(year: 2027, month: 1, day: 1)! }, snapshots: snapshots,
                keys: FileKeyStore(beside: path))
    }

    /// Keeps a checkpoint after each record of `points` among the interval ones, and one after
    /// the last record as the log's checkpoint, as sessions write them.
    static func keepCheckpoints(of path: String, at points: [Int], in snapshots: any SnapshotStore) throws {
        let reader = store(path)
        var records: [RecordedEvent] = []
        for point in points {
            _ = try reader.poll(through: point) { records.append(try! RecordedEvent($0)) }
            let model = Model.replay(records)
            let snapshot = Snapshot(position: reader.position, stateVersion: Model.checkpointVersion, state: model.checkpointBytes())
            #expect(snapshots.saveInterval(snapshot, recorded: try #require(model.lastRecorded)))
        }
        _ = try reader.poll { records.append(try! RecordedEvent($0)) }
        let model = Model.replay(records)
        #expect(snapshots.save(Snapshot(position: reader.position, stateVersion: Model.checkpointVersion, state: model.checkpointBytes())))
    }

    /// The end of every fourth day the sample log has a record on, of its last, and of the day
    /// before its first.
    static func cutoffs(of path: String) throws -> [Timestamp] {
        var days: [Day] = []
        _ = try store(path).poll { record in
            let day = Day(record.timestamp)
            if days.last != day { days.append(day) }
        }
        let chosen = stride(from: 0, to: days.count, by: 4).map { days[$0] } + [days[days.count - 1]]
        return ([days[0].adding(days: -1)] + chosen).map(\.end)
    }

    @Test func everyPastDayOfTheSampleLogIsTheSameWithAndWithoutIntervalCheckpoints() throws {
        let folder = TemporaryFolder()
        let path = try Self.sampleLog(in: folder)
        let snapshots = FileSnapshotStore(beside: path)
        try Self.keepCheckpoints(of: path, at: [60, 150, 151, 300, 420, 500], in: snapshots)
        #expect(snapshots.intervals().map(\.sequence) == [60, 150, 151, 300, 420, 500])
        var recorded = 0
        _ = try Self.store(path).poll { recorded = $0.sequence }
        for cutoff in try Self.cutoffs(of: path) {
            let fast = Self.session(path, snapshots: snapshots)
            try fast.catchUp()
            #expect(fast.base == recorded, "started from the log's checkpoint")
            let past = try fast.model(before: cutoff)
            #expect(fast.base == recorded, "answered without reading the whole log (\(cutoff))")
            let full = Self.session(path, snapshots: nil)
            try full.catchUp()
            #expect(past == (try full.model(before: cutoff)), "the day ending \(cutoff)")
        }
        #expect(snapshots.intervals().count == 6, "every interval checkpoint matched its record")
    }

    @Test func aSessionHoldingEveryRecordAnswersPastDaysFromIntervalCheckpointsToo() throws {
        let folder = TemporaryFolder()
        let path = try Self.sampleLog(in: folder)
        let snapshots = MemorySnapshotStore()
        try Self.keepCheckpoints(of: path, at: [100, 250, 400], in: snapshots)
        snapshots.discard()  // no log checkpoint: the session reads every record
        let fast = Self.session(path, snapshots: snapshots)
        try fast.catchUp()
        let full = Self.session(path, snapshots: nil)
        try full.catchUp()
        for cutoff in try Self.cutoffs(of: path) {
            #expect(try fast.model(before: cutoff) == (try full.model(before: cutoff)), "the day ending \(cutoff)")
        }
    }

    /// A one-shot past day starts from the checkpoint's listing and an interval checkpoint,
    /// without today's state: the same state as of each day as a full replay, the contacts'
    /// names opened (or forgotten) as there.
    @Test func aPastDayStartedWithoutTodaysStateIsThePastDayAFullReplayGives() throws {
        let folder = TemporaryFolder()
        let path = try Self.sampleLog(in: folder)
        let snapshots = FileSnapshotStore(beside: path)
        try Self.keepCheckpoints(of: path, at: [60, 150, 300, 420], in: snapshots)
        var last = 0
        var lastRecorded: Timestamp?
        _ = try Self.store(path).poll { record in
            last = record.sequence
            lastRecorded = record.timestamp
        }
        let full = Self.session(path, snapshots: nil)
        try full.catchUp()
        var started = 0
        for cutoff in try Self.cutoffs(of: path) {
            let session = Self.session(path, snapshots: snapshots)
            guard let (listing, past) = try session.startPastDay(before: cutoff, if: { _ in true }) else {
                // Only a day that ends after the last record, today's state, starts in full.
                #expect(try #require(lastRecorded) < cutoff, "the day ending \(cutoff) started in full")
                try session.catchUp()
                continue
            }
            started += 1
            #expect(listing.lastSequence == last && session.lastSequence == last)
            #expect(past == (try full.model(before: cutoff)), "the day ending \(cutoff)")
        }
        #expect(started == (try Self.cutoffs(of: path)).count - 1)
        #expect(snapshots.intervals().count == 4, "every interval checkpoint matched its record")
    }

    /// A contact forgotten today is forgotten on every past day, from the listing's forgotten
    /// contacts: in the interval checkpoint's state and in the records read after it.
    @Test func aContactForgottenTodayIsForgottenOnAPastDayStartedWithoutTodaysState() throws {
        let folder = TemporaryFolder()
        let path = try Self.sampleLog(in: folder)
        // Readable by its owner only, or the key store refuses it and every contact stays sealed.
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path + ".keys")
        let writer = Self.session(path, snapshots: nil)
        try writer.catchUp()
        let partner = try #require(writer.model.partnersInOrder.first { $0.contacts.contains { $0.personal == .open } })
        let name = try #require(partner.contacts.first { $0.personal == .open }?.name)
        _ = try writer.record(try ResolvedCommand.resolve(try ParsedLine.parse("contact forget partner=\(partner.id) name=\"\(name)\"")))
        let snapshots = FileSnapshotStore(beside: path)
        try Self.keepCheckpoints(of: path, at: [30, 150, 300], in: snapshots)
        let full = Self.session(path, snapshots: nil)
        try full.catchUp()
        var daysWithTheContact = 0
        for cutoff in try Self.cutoffs(of: path).dropLast() {
            let session = Self.session(path, snapshots: snapshots)
            let (_, past) = try #require(try session.startPastDay(before: cutoff, if: { _ in true }))
            #expect(past == (try full.model(before: cutoff)), "the day ending \(cutoff)")
            let shown = past.partners[partner.id]?.contacts.map(\.shownName) ?? []
            #expect(!shown.contains(name))
            if shown.contains("(forgotten)") { daysWithTheContact += 1 }
        }
        #expect(daysWithTheContact > 0, "some past days had the contact")
    }

    /// Where a past day needs more than the listing, the session is left as it was, and starts
    /// in full: a member added after the checkpoint (who reads what may have changed), a
    /// record out of time order after it (the interval checkpoints do not serve such a log),
    /// a reader the caller refuses.
    @Test func aPastDayThatNeedsTodaysStateLeavesTheSessionToStartInFull() throws {
        let folder = TemporaryFolder()
        let path = try Self.sampleLog(in: folder)
        let snapshots = FileSnapshotStore(beside: path)
        try Self.keepCheckpoints(of: path, at: [150, 300], in: snapshots)
        let cutoff = try Self.cutoffs(of: path)[3]
        func startsWithoutTodaysState(accepting accept: Bool = true) throws -> Bool {
            let session = Self.session(path, snapshots: snapshots)
            let started = try session.startPastDay(before: cutoff, if: { _ in accept }) != nil
            if !started {
                try session.catchUp()
                let full = Self.session(path, snapshots: nil)
                try full.catchUp()
                #expect(try session.model(before: cutoff) == (try full.model(before: cutoff)))
            }
            return started
        }
        #expect(try startsWithoutTodaysState())
        #expect(try !startsWithoutTodaysState(accepting: false))

        let store = Self.store(path)
        var last = 0
        var lastRecorded = Timestamp(secondsSinceEpoch: 0)
        _ = try store.poll { record in
            last = record.sequence
            lastRecorded = record.timestamp
        }
        let later = Timestamp(secondsSinceEpoch: lastRecorded.secondsSinceEpoch + 60)
        _ = try store.append([DomainEvent.decisionRecorded(DecisionRecorded(text: "after the checkpoint", partners: [], about: nil))
            .newEvent(actor: "lena", at: later)], expectingLast: last)
        #expect(try startsWithoutTodaysState(), "a record after the checkpoint that changes no listing")
        _ = try store.append([DomainEvent.memberAdded(MemberAdded(user: "rita", role: .reviewer, partner: nil))
            .newEvent(actor: "lena", at: later)], expectingLast: last + 1)
        #expect(try !startsWithoutTodaysState(), "a member added after the checkpoint")

        let other = TemporaryFolder()
        let outOfOrder = try Self.sampleLog(in: other)
        let otherSnapshots = FileSnapshotStore(beside: outOfOrder)
        try Self.keepCheckpoints(of: outOfOrder, at: [150, 300], in: otherSnapshots)
        _ = try Self.store(outOfOrder).append([DomainEvent.decisionRecorded(DecisionRecorded(text: "clock stepped back", partners: [], about: nil))
            .newEvent(actor: "lena", at: Timestamp(secondsSinceEpoch: lastRecorded.secondsSinceEpoch - 86_400))], expectingLast: last)
        let session = Self.session(outOfOrder, snapshots: otherSnapshots)
        #expect(try session.startPastDay(before: cutoff, if: { _ in true }) == nil, "a record out of time order after the checkpoint")
        try session.catchUp()
    }

    @Test func anIntervalCheckpointThatDoesNotMatchItsRecordIsIgnoredAndRemoved() throws {
        let folder = TemporaryFolder()
        let path = try Self.sampleLog(in: folder)
        let snapshots = FileSnapshotStore(beside: path)
        try Self.keepCheckpoints(of: path, at: [200, 400], in: snapshots)
        // A checkpoint for record 400 of another history: the same state, another chain hash.
        let kept = try #require(snapshots.loadInterval(400))
        var stale = kept
        stale.position.hash = ChainHash.genesis
        let recorded = try #require(snapshots.intervals().last?.recorded)
        #expect(snapshots.saveInterval(stale, recorded: recorded))
        // A state that is not what the log says at record 200 (one of record 100), under
        // record 200's position: the state is checked against its record too.
        var wrongState = try #require(snapshots.loadInterval(200))
        let reader = Self.store(path)
        var records: [RecordedEvent] = []
        _ = try reader.poll(through: 100) { records.append(try! RecordedEvent($0)) }
        wrongState.state = Model.replay(records).checkpointBytes()
        #expect(snapshots.saveInterval(wrongState, recorded: try #require(snapshots.intervals().first?.recorded)))

        let cutoffs = try Self.cutoffs(of: path)
        for cutoff in cutoffs {
            let fast = Self.session(path, snapshots: snapshots)
            try fast.catchUp()
            let full = Self.session(path, snapshots: nil)
            try full.catchUp()
            #expect(try fast.model(before: cutoff) == (try full.model(before: cutoff)), "the day ending \(cutoff)")
        }
        #expect(snapshots.intervals().isEmpty, "both were found not to match and removed")
    }

    @Test func aLargeLogKeepsIntervalCheckpointsFromTheFirstPastDayAfterItsCheckpointAndUsesThemNext() throws {
        let folder = TemporaryFolder()
        let path = folder.path("events.jsonl")
        let store = FileEventStore(path: path, clock: { Timestamp(year: 2027, month: 1, day: 1)! })
        let start = Timestamp(year: 2026, month: 1, day: 1, hour: 8)!
        // 21,000 events, one a minute over about 15 days, with retractions near and far.
        var events: [NewEvent] = [
            DomainEvent.partnerMapped(PartnerMapped(id: "wash", name: "WASH", category: .cluster, levels: [.operational])),
            .datasetProposed(DatasetProposed(id: "d", sector: "wash", question: "q", options: nil, purpose: "p", requestedBy: ["wash"],
                                             owner: .dtm, dissemination: .public, mockup: nil, criteria: Criterion.allCases)),
            .datasetAgreed(DatasetAgreed(id: "d")),
            .roundStarted(RoundStarted(number: 1, date: Day("2026-01-01")!)),
        ].enumerated().map { $0.element.newEvent(actor: "a", at: Timestamp(secondsSinceEpoch: start.secondsSinceEpoch + Int64($0.offset) * 60)) }
        while events.count < 21_000 {
            let seq = events.count + 1
            let event: DomainEvent = seq % 997 == 0 ? .eventRetracted(EventRetracted(sequence: seq - (seq % 2 == 0 || seq < 5_000 ? 3 : 4_000), reason: "x"))
                : .datasetUsed(DatasetUsed(dataset: "d", partner: "p\(seq)", round: 1, purpose: "use \(seq)"))
            events.append(event.newEvent(actor: "a", at: Timestamp(secondsSinceEpoch: start.secondsSinceEpoch + Int64(seq - 1) * 60)))
        }
        _ = try store.append(events, expectingLast: 0)
        let snapshots = MemorySnapshotStore()
        let first = Session(store: FileEventStore(path: path, clock: { start }), actor: "a", clock: { start }, snapshots: snapshots)
        try first.catchUp()
        #expect(snapshots.load()?.position.sequence == 21_000 && snapshots.intervals().isEmpty)
        let day = Timestamp(year: 2026, month: 1, day: 10)!
        let full = Session(store: FileEventStore(path: path, clock: { start }), actor: "a", clock: { start })
        try full.catchUp()
        // The session that read every record answers from them.
        #expect(try first.model(before: day) == (try full.model(before: day)))
        #expect(snapshots.intervals().isEmpty)

        for dayOfMonth in [1, 3, 6, 8, 9, 12, 15, 16] {
            let cutoff = Timestamp(year: 2026, month: 1, day: dayOfMonth)!
            let next = Session(store: FileEventStore(path: path, clock: { start }), actor: "a", clock: { start }, snapshots: snapshots)
            try next.catchUp()
            #expect(try next.model(before: cutoff) == (try full.model(before: cutoff)), "the day before \(cutoff)")
            // Until record 10,967 retracts one before the checkpoint of record 10,000, which
            // only a full replay undoes.
            if dayOfMonth <= 8 { #expect(next.base == 21_000, "no full replay before \(cutoff)") }
            // The first session from the checkpoint wrote them.
            let spacing = Session.CheckpointPolicy.spacing(for: 21_000)
            #expect(snapshots.intervals().map(\.sequence) == [spacing, 2 * spacing])
        }
    }

    @Test func aCheckpointsFolderThatIsASymbolicLinkIsNotUsed() throws {
        let folder = TemporaryFolder()
        let path = try Self.sampleLog(in: folder)
        // Someone who cannot write the log plants checkpoints elsewhere and links to them.
        let elsewhere = TemporaryFolder()
        let planted = FileSnapshotStore(path: elsewhere.path("x.checkpoint"))
        try Self.keepCheckpoints(of: path, at: [300], in: planted)
        #expect(planted.intervals().map(\.sequence) == [300])
        try FileManager.default.createSymbolicLink(atPath: path + ".checkpoints", withDestinationPath: planted.intervalFolder)
        let snapshots = FileSnapshotStore(beside: path)
        #expect(snapshots.intervals().isEmpty && snapshots.loadInterval(300) == nil)
        #expect(!snapshots.saveInterval(try #require(planted.loadInterval(300)), recorded: Timestamp(secondsSinceEpoch: 0)))
    }

    @Test func intervalCheckpointsAreThinnedEvenlyKeepingTheNewest() {
        let kept = Array(stride(from: 10_000, through: 400_000, by: 10_000))
        let removed = Session.CheckpointPolicy.thinned(kept)
        let left = kept.filter { !removed.contains($0) }
        #expect(left.count == Session.CheckpointPolicy.intervalsKept && left.last == 400_000)
        let gaps = zip([0] + left, left).map { $1 - $0 }
        #expect(gaps.max()! <= 2 * gaps.min()!)
        #expect(Session.CheckpointPolicy.thinned(Array(kept.prefix(5))).isEmpty)
    }
}
