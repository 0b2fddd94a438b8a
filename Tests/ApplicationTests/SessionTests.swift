import Foundation
import Testing
@testable import Application
@testable import Engagement
@testable import EventLog
import Synchronization
import TestSupport

/// A session's model is the replay of its log, however the log reached it: read whole at
/// start (chunked, on two cores), or caught up with what others appended.
@Suite struct SessionTests {
    static let noon = Timestamp(year: 2026, month: 11, day: 20, hour: 12)!

    /// A log of `count` usage reports over one dataset, with retractions reaching back
    /// `reach` events.
    static func log(in folder: TemporaryFolder, count: Int, retractions: [(at: Int, reach: Int)]) throws -> FileEventStore {
        let store = FileEventStore(path: folder.path("events.jsonl"), clock: { noon })
        var events: [DomainEvent] = [
            .partnerMapped(PartnerMapped(id: "wash", name: "WASH", category: .cluster, levels: [.operational])),
            .datasetProposed(DatasetProposed(id: "d", sector: "wash", question: "q", options: nil, purpose: "p", requestedBy: ["wash"],
                                             owner: .dtm, dissemination: .public, mockup: nil, criteria: Criterion.allCases)),
            .datasetAgreed(DatasetAgreed(id: "d")),
            .roundStarted(RoundStarted(number: 1, date: Day("2026-11-01")!)),
        ]
        while events.count < count {
            let seq = events.count + 1
            if let r = retractions.first(where: { $0.at == seq }) {
                events.append(.eventRetracted(EventRetracted(sequence: seq - r.reach, reason: "mistake")))
            } else {
                // Each use by another partner: an identical one would count once.
                events.append(.datasetUsed(DatasetUsed(dataset: "d", partner: "p\(seq)", round: 1, purpose: "use \(seq)")))
            }
        }
        for batch in stride(from: 0, to: events.count, by: 5000) {
            let slice = events[batch..<min(batch + 5000, events.count)]
            _ = try store.append(slice.map { $0.newEvent(actor: "a", at: noon) }, expectingLast: batch)
        }
        return store
    }

    @Test func aFirstReadFoldsRetractionsNearAndFarAsAReplayDoes() throws {
        let folder = TemporaryFolder()
        // One retraction within a chunk, one reaching back across several chunks.
        _ = try Self.log(in: folder, count: 30_000, retractions: [(at: 100, reach: 3), (at: 25_000, reach: 20_000)])
        let session = Session(store: FileEventStore(path: folder.path("events.jsonl"), clock: { Self.noon }), actor: "a", clock: { Self.noon })
        try session.catchUp()
        #expect(session.events.count == 30_000)
        #expect(session.model == Model.replay(session.events))
        #expect(session.model.retracted.keys.sorted() == [97, 5_000])
        #expect(session.model.datasets["d"]?.uses[1] == 30_000 - 4 - 2 - 2)
    }

    @Test func aCatchUpWithARetractionOfAnEarlierEventRefolds() throws {
        let folder = TemporaryFolder()
        let store = try Self.log(in: folder, count: 50, retractions: [])
        let session = Session(store: FileEventStore(path: folder.path("events.jsonl"), clock: { Self.noon }), actor: "a", clock: { Self.noon })
        try session.catchUp()
        _ = try store.append([DomainEvent.eventRetracted(EventRetracted(sequence: 10, reason: "x")).newEvent(actor: "b", at: Self.noon)],
                             expectingLast: 50)
        let fresh = try session.catchUp()
        #expect(fresh.map(\.sequence) == [51])
        #expect(session.model == Model.replay(session.events))
        #expect(session.model.datasets["d"]?.uses[1] == 50 - 4 - 1)
    }

    // MARK: Checkpoints

    func session(_ folder: TemporaryFolder, checkpoint: Bool = true) -> Session {
        Session(store: FileEventStore(path: folder.path("events.jsonl"), clock: { Self.noon }), actor: "a", clock: { Self.noon },
                snapshots: checkpoint ? FileSnapshotStore(beside: folder.path("events.jsonl")) : nil)
    }

    @Test func aLargeLogGetsACheckpointAndTheNextSessionReadsOnlyWhatCameAfter() throws {
        let folder = TemporaryFolder()
        let store = try Self.log(in: folder, count: 12_000, retractions: [(at: 500, reach: 3)])
        try session(folder).catchUp()
        let saved = try #require(FileSnapshotStore(beside: folder.path("events.jsonl")).load())
        #expect(saved.position.sequence == 12_000)
        // Others append; the next session starts from the checkpoint and reads the tail only.
        _ = try store.append((0..<30).map { i in DomainEvent.datasetUsed(DatasetUsed(dataset: "d", partner: "late\(i)", round: 1, purpose: "x"))
            .newEvent(actor: "b", at: Self.noon) }, expectingLast: 12_000)
        let resumed = session(folder)
        try resumed.catchUp()
        #expect(resumed.base == 12_000 && resumed.events.count == 30 && resumed.lastSequence == 12_030)
        let full = session(folder, checkpoint: false)
        try full.catchUp()
        #expect(resumed.model == full.model)
        // A view of the whole log reads the rest, and then holds every event.
        #expect(try resumed.events(before: nil).count == 12_030)
        #expect(resumed.base == 0 && resumed.events == full.events && resumed.hashes == full.hashes)
    }

    @Test func aRecordAfterTheCheckpointThatDoesNotDecodeIsSaidOnceWhenTheWholeLogIsRead() throws {
        let folder = TemporaryFolder()
        let store = try Self.log(in: folder, count: 12_000, retractions: [])
        try session(folder).catchUp()
        // Written by a newer engage, say: a known type whose payload this one cannot read.
        _ = try store.append([NewEvent(timestamp: Self.noon, actor: "b", type: DatasetUsed.type, version: DatasetUsed.version,
                                       payload: .object([]))], expectingLast: 12_000)
        let resumed = session(folder)
        try resumed.catchUp()
        #expect(resumed.base == 12_000)
        func unreadable() -> Int { resumed.notices.filter { if case .unreadableRecord = $0 { true } else { false } }.count }
        #expect(unreadable() == 1)
        // A view of the whole log reads the records behind the checkpoint, and no further.
        #expect(try resumed.events(before: nil).count == 12_001)
        #expect(unreadable() == 1)
    }

    @Test func aCheckpointThatNoLongerMatchesTheLogIsIgnoredAndRebuilt() throws {
        let folder = TemporaryFolder()
        _ = try Self.log(in: folder, count: 12_000, retractions: [])
        try session(folder).catchUp()
        let checkpoint = FileSnapshotStore(beside: folder.path("events.jsonl"))
        let good = try #require(checkpoint.load())
        // The log replaced by another one of the same length: the checkpoint's record is gone.
        let other = TemporaryFolder()
        _ = try Self.log(in: other, count: 12_000, retractions: [(at: 11_000, reach: 1)])
        try Data(contentsOf: URL(fileURLWithPath: other.path("events.jsonl"))).write(to: URL(fileURLWithPath: folder.path("events.jsonl")))
        let replaced = session(folder)
        try replaced.catchUp()
        #expect(replaced.base == 0 && replaced.model.retracted.keys.sorted() == [10_999])
        // …and a new checkpoint stands for the new log.
        #expect(try #require(checkpoint.load()).position.hash != good.position.hash)

        // A damaged checkpoint file is ignored too.
        var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: checkpoint.path)))
        bytes[bytes.count / 2] ^= 0x40
        try Data(bytes).write(to: URL(fileURLWithPath: checkpoint.path))
        #expect(checkpoint.load() == nil)
        let fresh = session(folder)
        try fresh.catchUp()
        #expect(fresh.base == 0 && fresh.model == replaced.model)
    }

    @Test func aRetractionReachingPastTheCheckpointRebuildsFromEveryEvent() throws {
        let folder = TemporaryFolder()
        let store = try Self.log(in: folder, count: 12_000, retractions: [])
        try session(folder).catchUp()
        _ = try store.append([DomainEvent.eventRetracted(EventRetracted(sequence: 10, reason: "x")).newEvent(actor: "b", at: Self.noon)],
                             expectingLast: 12_000)
        let resumed = session(folder)
        let fresh = try resumed.catchUp()
        #expect(fresh.count == 12_001, "the first read returns every event")
        #expect(resumed.base == 0 && resumed.events.count == 12_001)
        #expect(resumed.model == Model.replay(resumed.events))
        #expect(resumed.model.datasets["d"]?.uses[1] == 12_000 - 4 - 1)

    }

    @Test func aCatchUpThatReadsPastTheCheckpointStillReturnsOnlyTheNewEvents() throws {
        let folder = TemporaryFolder()
        let store = try Self.log(in: folder, count: 12_000, retractions: [])
        try session(folder).catchUp()
        let open = session(folder)
        try open.catchUp()
        #expect(open.base == 12_000 && open.events.isEmpty)
        // Another process retracts an event the checkpoint stands for.
        _ = try store.append([DomainEvent.eventRetracted(EventRetracted(sequence: 20, reason: "y")).newEvent(actor: "b", at: Self.noon)],
                             expectingLast: 12_000)
        let fresh = try open.catchUp()
        #expect(fresh.map(\.sequence) == [12_001])
        #expect(open.base == 0 && open.model == Model.replay(open.events))
    }

    // MARK: Any store

    static func command(_ line: String) throws -> ResolvedCommand {
        try ResolvedCommand.resolve(try ParsedLine.parse(line))
    }

    @Test func aWriterThatFindsTheLogMovedOnDecidesAgainOnTheNewState() throws {
        let storage = MemoryEventStore.Storage()
        let a = Session(store: MemoryEventStore(storage: storage), actor: "amina", clock: { Self.noon })
        let b = Session(store: MemoryEventStore(storage: storage), actor: "amina", clock: { Self.noon })
        _ = try a.record(Self.command("partner add id=wash name=WASH category=cluster levels=operational"))
        try b.catchUp()
        _ = try a.record(Self.command("partner add id=health name=Health category=cluster levels=operational"))
        // b has not seen `health`: its append conflicts, it catches up and decides again,
        // and the decision on the new state is a refusal, with nothing recorded.
        #expect(throws: SessionError.command(.duplicatePartner(id: "health", name: "Health"))) {
            try b.record(Self.command("partner add id=health name=Other category=ngo levels=operational"))
        }
        let recorded = try b.record(Self.command("partner add id=shelter name=Shelter category=cluster levels=operational"))
        #expect(recorded.events.map(\.sequence) == [3])
        #expect(storage.lineBytes.count == 3)
        #expect(a.lastSequence == 2)
        try a.catchUp()
        #expect(a.model == b.model)
    }

    @Test func aSessionOnTheMemoryStoreResumesFromItsSnapshot() throws {
        let storage = MemoryEventStore.Storage()
        let folder = TemporaryFolder()
        let file = try Self.log(in: folder, count: Session.CheckpointPolicy.minimumEvents + 5, retractions: [])
        _ = try MemoryEventStore(storage: storage).append(try file.reopened().poll().records.map {
            NewEvent(timestamp: $0.timestamp, actor: $0.actor, type: $0.type, version: $0.version, payload: try $0.payload())
        }, expectingLast: 0)
        let snapshots = MemorySnapshotStore()
        let first = Session(store: MemoryEventStore(storage: storage), actor: "a", clock: { Self.noon }, snapshots: snapshots)
        try first.catchUp()
        #expect(snapshots.load()?.position.sequence == first.lastSequence)
        let second = Session(store: MemoryEventStore(storage: storage), actor: "a", clock: { Self.noon }, snapshots: snapshots)
        try second.catchUp()
        #expect(second.base == first.lastSequence && second.events.isEmpty)
        #expect(second.model == first.model)
    }

    // MARK: History behind a checkpoint

    /// Edits record `sequence` of the log in `folder` in place, keeping its length.
    static func editInPlace(_ folder: TemporaryFolder, record sequence: Int) throws {
        let path = folder.path("events.jsonl")
        var lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let before = lines[sequence - 1]
        lines[sequence - 1] = before.replacingOccurrences(of: "use \(sequence)", with: "use \(sequence + 1)")
        #expect(lines[sequence - 1].utf8.count == before.utf8.count && lines[sequence - 1] != before)
        try lines.joined(separator: "\n").write(toFile: path, atomically: false, encoding: .utf8)
    }

    @Test func anEditBeforeTheCheckpointOfTheSameLengthIsFoundAndWritesAreRefused() throws {
        let folder = TemporaryFolder()
        _ = try Self.log(in: folder, count: 12_000, retractions: [])
        try session(folder).catchUp()
        #expect(FileSnapshotStore(beside: folder.path("events.jsonl")).load()?.position.sequence == 12_000)
        try Self.editInPlace(folder, record: 5_000)

        let resumed = session(folder)
        try resumed.catchUp()
        #expect(resumed.base == 12_000, "started from the checkpoint: the edit is behind it")
        let command = try ResolvedCommand.resolve(try ParsedLine.parse("partner add id=edu name=Edu category=cluster levels=strategic"))
        let refusal: SessionError?
        do {
            _ = try resumed.record(command)
            refusal = nil
        } catch {
            refusal = error
        }
        guard case .store(.damaged(_, let damage))? = refusal else {
            Issue.record("a write on the edited history was not refused as damage: \(String(describing: refusal))")
            return
        }
        #expect(damage.sequence == 5_000 && damage.kind == .hashMismatch)
        #expect(resumed.notices.contains { if case .damaged(_, let found, _) = $0 { found.sequence == 5_000 } else { false } })
        #expect(try String(contentsOfFile: folder.path("events.jsonl"), encoding: .utf8).split(separator: "\n").count == 12_000)
    }

    /// A one-shot view has no use for the check of the history behind the checkpoint: with
    /// `checksHistoryAtOnce` off, it starts when asked (the prompt, once up) or when a write
    /// must wait for it, and an edit there is still found before anything is written.
    @Test func aCheckOfTheHistoryLeftForLaterStillStopsAWriteOnAnEditedOne() throws {
        let folder = TemporaryFolder()
        _ = try Self.log(in: folder, count: 12_000, retractions: [])
        try session(folder).catchUp()
        try Self.editInPlace(folder, record: 5_000)

        final class Calls: @unchecked Sendable {
            let count = Mutex(0)
        }
        let calls = Calls()
        let viewing = session(folder)
        viewing.checksHistoryAtOnce = false
        viewing.onHistoryDamage = { calls.count.withLock { $0 += 1 } }
        try viewing.catchUp()
        #expect(viewing.base == 12_000)
        // Long enough for a started check of 12,000 records to end (it takes milliseconds).
        Thread.sleep(forTimeInterval: 0.5)
        #expect(calls.count.withLock { $0 } == 0, "no check ran")
        viewing.startHistoryCheck()
        for _ in 0..<100 where calls.count.withLock({ $0 }) == 0 { Thread.sleep(forTimeInterval: 0.05) }
        #expect(calls.count.withLock { $0 } == 1, "the check, once started, found the edit")

        let writing = session(folder)
        writing.checksHistoryAtOnce = false
        #expect(throws: SessionError.self) {
            _ = try writing.record(try ResolvedCommand.resolve(try ParsedLine.parse("partner add id=edu name=Edu category=cluster levels=strategic")))
        }
        #expect(writing.damage?.sequence == 5_000)
        #expect(try String(contentsOfFile: folder.path("events.jsonl"), encoding: .utf8).split(separator: "\n").count == 12_000)
    }

    /// A read the person waits for says how far it has come, every byte of it; the check of
    /// the history behind a checkpoint, which runs behind the prompt, says nothing.
    @Test func aReadThePersonWaitsForSaysHowFarItCameAndTheCheckBehindThePromptNothing() throws {
        let folder = TemporaryFolder()
        _ = try Self.log(in: folder, count: 12_000, retractions: [])
        let size = try #require(try FileManager.default.attributesOfItem(atPath: folder.path("events.jsonl"))[.size] as? Int)
        let first = session(folder)
        let firstProgress = ToldProgress()
        first.store.progress = firstProgress
        try first.catchUp()
        #expect(first.base == 0 && first.lastSequence == 12_000, "read whole")
        #expect(firstProgress.value.began == 1 && firstProgress.value.ended == 1)
        #expect(firstProgress.value.bytes == Int64(size))

        let resumed = session(folder)
        let progress = ToldProgress()
        resumed.store.progress = progress
        try resumed.catchUp()
        #expect(resumed.base == 12_000, "started from the checkpoint, its history check started at once")
        // Waits for the check to end: sound, so the store is not read again to verify.
        #expect(try resumed.checkWholeChain() == nil)
        #expect(progress.value.bytes == 0, "only what follows the checkpoint was read where the person waits")
    }

    @Test func aSoundHistoryBehindTheCheckpointLetsWritesThrough() throws {
        let folder = TemporaryFolder()
        _ = try Self.log(in: folder, count: 12_000, retractions: [])
        try session(folder).catchUp()
        let resumed = session(folder)
        try resumed.catchUp()
        #expect(resumed.base == 12_000)
        let recorded = try resumed.record(try ResolvedCommand.resolve(try ParsedLine.parse("partner add id=edu name=Edu category=cluster levels=strategic")))
        #expect(recorded.events.map(\.sequence) == [12_001])
        #expect(resumed.damage == nil)
    }
}

/// Past its limit of held events, a session keeps the folded state only: a full read of a
/// large log holds the model, and views of every event read the log again.
@Suite struct LeanSessionTests {
    static let noon = SessionTests.noon

    func session(_ folder: TemporaryFolder, limit: Int, checkpoint: Bool = false) -> Session {
        let session = Session(store: FileEventStore(path: folder.path("events.jsonl"), clock: { Self.noon }), actor: "a", clock: { Self.noon },
                              snapshots: checkpoint ? FileSnapshotStore(beside: folder.path("events.jsonl")) : nil)
        session.heldEventsLimit = limit
        return session
    }

    @Test(arguments: [true, false])
    func aLargeFirstReadHoldsTheStateNotTheEvents(twoCores: Bool) throws {
        let folder = TemporaryFolder()
        // One retraction within a chunk, one reaching back across several chunks.
        _ = try SessionTests.log(in: folder, count: 30_000, retractions: [(at: 100, reach: 3), (at: 25_000, reach: 20_000)])
        let full = session(folder, limit: .max)
        try full.catchUp()
        let lean = session(folder, limit: 1_000)
        lean.readsOnTwoCores = twoCores
        try lean.catchUp()
        #expect(lean.events.isEmpty && lean.base == 30_000 && lean.lastSequence == 30_000)
        #expect(lean.model == full.model)
        #expect(lean.model.retracted.keys.sorted() == [97, 5_000])
        // Every event is still there to be read, in order, with its hash.
        var events: [RecordedEvent] = []
        var hashes: [ChainHash] = []
        try lean.forEachEvent { events.append($0); hashes.append($1) }
        #expect(events == full.events && hashes == full.hashes)
    }

    @Test func aFirstReadMarksTheRecordsOfAContactForgottenInTheNextChunkAsReadingAgainDoes() throws {
        let folder = TemporaryFolder()
        let store = FileEventStore(path: folder.path("events.jsonl"), clock: { Self.noon })
        // A contact in plain text added and gone near the end of the first chunk read, and
        // forgotten at the start of the next, before the first is folded.
        var events: [DomainEvent] = [.partnerMapped(PartnerMapped(id: "wash", name: "WASH", category: .cluster, levels: [.operational]))]
        func decisions(upTo count: Int) {
            while events.count < count { events.append(.decisionRecorded(DecisionRecorded(text: "d\(events.count)", partners: [], about: nil))) }
        }
        decisions(upTo: 7_999)
        events.append(.contactAdded(ContactAdded(partner: "wash", name: "Amina Yusuf", email: "amina@example.org", skills: [])))
        decisions(upTo: 8_099)
        events.append(.contactLeft(ContactLeft(partner: "wash", name: "Amina Yusuf", contact: nil)))
        decisions(upTo: 8_299)
        events.append(.contactForgotten(ContactForgotten(partner: "wash", contact: "#8000")))
        decisions(upTo: 20_000)
        _ = try store.append(events.map { $0.newEvent(actor: "a", at: Self.noon) }, expectingLast: 0)

        let lean = session(folder, limit: 1_000)
        try lean.catchUp()
        #expect(lean.events.isEmpty && lean.base == 20_000)
        // The events read again, marked chunk by chunk on their own path, give the same state.
        var reread: [RecordedEvent] = []
        try lean.forEachEvent { event, _ in reread.append(event) }
        #expect(!reread.contains { "\($0.event)".contains("Amina") })
        #expect(lean.model == Model.replay(reread))
        #expect(lean.model.partners["wash"]?.formerContacts.map(\.personal) == [.forgotten])
        // A session that holds its events holds them marked, the chunk before the forgetting
        // too.
        let full = session(folder, limit: .max)
        try full.catchUp()
        #expect(full.events == reread && full.model == lean.model)
    }

    @Test func aLeanSessionCatchesUpAndRefoldsARetractionReachingBack() throws {
        let folder = TemporaryFolder()
        let store = try SessionTests.log(in: folder, count: 5_000, retractions: [])
        let lean = session(folder, limit: 100)
        try lean.catchUp()
        _ = try store.append([DomainEvent.eventRetracted(EventRetracted(sequence: 10, reason: "x")).newEvent(actor: "b", at: Self.noon)],
                             expectingLast: 5_000)
        let fresh = try lean.catchUp()
        #expect(fresh.map(\.sequence) == [5_001])
        #expect(lean.model == Model.replay(try lean.events(before: nil)))
        #expect(lean.model.datasets["d"]?.uses[1] == 5_000 - 4 - 1)
    }

    @Test func verifyHoldsTheCheckpointAgainstTheLogWithoutHoldingTheEvents() throws {
        let folder = TemporaryFolder()
        let store = try SessionTests.log(in: folder, count: 12_000, retractions: [(at: 600, reach: 500), (at: 11_000, reach: 10_000)])
        try session(folder, limit: 1_000, checkpoint: true).catchUp()
        let checking = session(folder, limit: 1_000, checkpoint: true)
        #expect(try checking.checkCheckpoint(against: store.verify()) == .matches(sequence: 12_000))
        // Neither the events nor the session's state: the session did not start.
        #expect(checking.base == 0 && checking.events.isEmpty)

    }
}
