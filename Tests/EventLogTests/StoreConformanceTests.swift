import Foundation
import Testing
@testable import EventLog
import PostgresLog
import TestSupport

/// One backend under test: how to open a fresh log on it, damage one of its records, tear
/// its tail (where a backend can be torn), and keep snapshots beside it.
///
/// Every test of `StoreConformanceTests` runs once per backend: a new backend joins the
/// list below and must pass the same tests.
struct Backend: CustomStringConvertible, Sendable {
    let description: String
    let open: @Sendable () -> Log

    /// A fresh log on the backend, and the means to reach it as an attacker would.
    struct Log {
        let store: any EventStore
        let snapshots: any SnapshotStore
        /// Replaces the line of record `sequence` with `line`, keeping everything else.
        let replace: (_ sequence: Int, _ line: String) -> Void
        /// Every stored line, as in a file.
        let lines: () -> [String]
        /// Appends bytes with no newline, as a writer that died mid-append leaves them;
        /// `nil` where the backend cannot be torn.
        let tear: ((String) -> Void)?
        /// Keeps the folder or the storage alive as long as the log is used.
        let owner: AnyObject
    }

    static let file = Backend(description: "file") {
        let log = TestLog()
        return Log(store: log.store(), snapshots: FileSnapshotStore(beside: log.path),
                   replace: { sequence, line in
                       var lines = log.lines
                       lines[sequence - 1] = line
                       log.writeLines(lines)
                   },
                   lines: { log.lines }, tear: { log.appendRaw($0) }, owner: log)
    }

    static let memory = Backend(description: "memory") {
        let storage = MemoryEventStore.Storage()
        return Log(store: MemoryEventStore(storage: storage), snapshots: MemorySnapshotStore(),
                   replace: { sequence, line in storage.overwrite(line: sequence - 1, with: Array(line.utf8)) },
                   lines: { storage.lineBytes.map { String(decoding: $0, as: UTF8.self) } }, tear: nil, owner: storage)
    }

    /// A database of its own on the test server, written by the login `amina` (the
    /// conformance events are hers); damage is done as the superuser, with the append-only
    /// trigger disabled, as only a database superuser could.
    static let postgres = Backend(description: "postgres") {
        let database = try! TestPostgres.freshLog()
        return Log(store: TestPostgres.store(database), snapshots: PostgresSnapshotStore(TestPostgres.store(database)),
                   replace: { sequence, line in
                       let hex = Array(line.utf8).map { String(format: "%02x", $0) }.joined()
                       try! TestPostgres.psql("""
                           ALTER TABLE engage.events DISABLE TRIGGER USER;
                           UPDATE engage.events SET line = '\\x\(hex)'::bytea WHERE seq = \(sequence);
                           ALTER TABLE engage.events ENABLE TRIGGER USER;
                           """, database: database)
                   },
                   lines: {
                       (try! TestPostgres.psql("SELECT convert_from(line, 'UTF8') FROM engage.events ORDER BY seq", database: database))
                           .split(separator: "\n").map(String.init)
                   },
                   tear: nil, owner: database as NSString)
    }

    static var all: [Backend] { [file, memory] + (TestPostgres.available ? [postgres] : []) }
}

@Suite struct StoreConformanceTests {
    static func events(_ range: ClosedRange<Int>, actor: String = "amina") -> [NewEvent] {
        range.map { TestLog.event($0, actor: actor) }
    }

    @Test(arguments: Backend.all)
    func appendsAreReadBackInOrderByAnotherInstance(backend: Backend) throws {
        let log = backend.open()
        let written = try log.store.append(Self.events(1...3), expectingLast: 0).records
        #expect(written.map(\.sequence) == [1, 2, 3])
        #expect(log.store.lastSequence == 3)
        let reader = log.store.reopened()
        let read = try reader.poll()
        #expect(read.damage == nil)
        #expect(read.records == written)
        #expect(try read.records[1].payload()["n"] == .int(2))
        #expect(try reader.poll().records.isEmpty, "a second poll hands out only what is new")
    }

    @Test(arguments: Backend.all)
    func anAppendExpectingAnOlderTailConflictsAndAppendsNothing(backend: Backend) throws {
        let log = backend.open()
        let other = log.store.reopened()
        _ = try other.poll()
        _ = try log.store.append(Self.events(1...2), expectingLast: 0)
        #expect(throws: StoreError.conflict(expected: 0, actual: 2)) {
            try other.append(Self.events(3...3), expectingLast: 0)
        }
        #expect(log.lines().count == 2)
        // Catching up hands out the other writer's records, then the append goes through.
        #expect(try other.poll().records.map(\.sequence) == [1, 2])
        #expect(try other.append(Self.events(3...3), expectingLast: 2).records.map(\.sequence) == [3])
        #expect(try log.store.poll().records.map(\.sequence) == [3])
    }

    /// What `--atomic` relies on: a script's events go to the log in one append, all of them
    /// or, when the log moved on, none.
    @Test(arguments: Backend.all)
    func aBatchIsAppendedWholeOrNotAtAll(backend: Backend) throws {
        let log = backend.open()
        let other = log.store.reopened()
        _ = try other.poll()
        _ = try log.store.append(Self.events(1...1), expectingLast: 0)
        #expect(throws: StoreError.conflict(expected: 0, actual: 1)) {
            try other.append(Self.events(2...51), expectingLast: 0)
        }
        #expect(log.lines().count == 1)
        _ = try other.poll()
        let batch = try other.append(Self.events(2...51), expectingLast: 1)
        #expect(batch.records.map(\.sequence) == Array(2...51))
        #expect(try log.store.reopened().verify() == VerifyReport(count: 51, lastHash: batch.records.last!.hash, damage: nil))
    }

    @Test(arguments: Backend.all)
    func anAppendWithoutExpectationContinuesFromTheTrueTail(backend: Backend) throws {
        let log = backend.open()
        let a = log.store
        let b = a.reopened()
        _ = try a.append(Self.events(1...2), expectingLast: nil)
        let appended = try b.append(Self.events(3...4), expectingLast: nil)
        #expect(appended.records.map(\.sequence) == [3, 4])
        #expect(try log.store.reopened().verify() == VerifyReport(count: 4, lastHash: appended.records.last!.hash, damage: nil))
    }

    @Test(arguments: Backend.all)
    func everyBackendWritesTheSameLinesAndChain(backend: Backend) throws {
        let log = backend.open()
        let reference = Backend.memory.open()
        _ = try log.store.append(Self.events(1...5), expectingLast: 0)
        _ = try reference.store.append(Self.events(1...5), expectingLast: 0)
        #expect(log.lines() == reference.lines())
    }

    @Test(arguments: Backend.all)
    func anEditedRecordIsDamageThatStopsWritesAndVerifyNamesIt(backend: Backend) throws {
        let log = backend.open()
        _ = try log.store.append(Self.events(1...4), expectingLast: 0)
        log.replace(2, log.lines()[1].replacingOccurrences(of: "event 2", with: "event X"))
        let reader = log.store.reopened()
        let read = try reader.poll()
        #expect(read.records.map(\.sequence) == [1])
        let damage = try #require(read.damage)
        #expect(damage.sequence == 2 && damage.kind == .hashMismatch)
        #expect(throws: StoreError.damaged(location: reader.location, damage)) {
            try reader.append(Self.events(5...5), expectingLast: nil)
        }
        let report = try reader.verify()
        #expect(report.count == 1 && report.damage == damage)
    }

    @Test(arguments: Backend.all)
    func aReaderResumesFromASnapshotAndReadsOnlyWhatCameAfter(backend: Backend) throws {
        let log = backend.open()
        _ = try log.store.append(Self.events(1...10), expectingLast: 0)
        let first = log.store.reopened()
        _ = try first.poll()
        #expect(log.snapshots.save(Snapshot(position: first.position, stateVersion: 7, state: [1, 2, 3])))
        _ = try log.store.append(Self.events(11...12), expectingLast: 10)

        let snapshot = try #require(log.snapshots.load())
        #expect(snapshot.position == first.position && snapshot.stateVersion == 7 && snapshot.state == [1, 2, 3])
        let resumed = log.store.reopened()
        #expect(try resumed.resume(at: snapshot.position))
        #expect(try resumed.poll().records.map(\.sequence) == [11, 12])
        #expect(try resumed.append(Self.events(13...13), expectingLast: 12).records.map(\.sequence) == [13])
        #expect(try log.store.reopened().verify().damage == nil)
    }

    @Test(arguments: Backend.all)
    func aLargeCheckpointComesBackByteForByteAndASmallerOneReplacesItWhole(backend: Backend) throws {
        let log = backend.open()
        _ = try log.store.append(Self.events(1...2), expectingLast: 0)
        let reader = log.store.reopened()
        _ = try reader.poll()
        // Larger than many of the pieces a shared log keeps it in, and not a whole number of them.
        let large = (0..<50_001).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 / 251) }
        #expect(log.snapshots.save(Snapshot(position: reader.position, stateVersion: 7, state: large)))
        #expect(log.snapshots.load()?.state == large)
        // The state's first bytes alone (a reader of its first part), of the same snapshot.
        for count in [0, 10, 50_001, 80_000] {
            let prefix = try #require(log.snapshots.load(statePrefix: count))
            #expect(prefix.position == reader.position && prefix.stateVersion == 7 && prefix.state == Array(large.prefix(count)))
        }
        // Where it lies, let go of as a reader goes (a file gives back its pages): read
        // again after, it is the same.
        let viewed = log.snapshots.withSnapshot { view -> (LogPosition, Int, [UInt8]) in
            view.letGo(UnsafeRawBufferPointer(rebasing: view.state[..<30_000]))
            view.letGo(view.state)
            return (view.position, view.stateVersion, Array(view.state))
        }
        #expect(viewed?.0 == reader.position && viewed?.1 == 7 && viewed?.2 == large)
        #expect(log.snapshots.save(Snapshot(position: reader.position, stateVersion: 7, state: [4, 5, 6])))
        #expect(log.snapshots.load()?.state == [4, 5, 6], "nothing of the larger one is left")
        #expect(log.snapshots.withSnapshot { Array($0.state) } == [4, 5, 6])
    }

    @Test(arguments: Backend.all)
    func aReaderToldToStopAfterARecordReadsNoFurther(backend: Backend) throws {
        let log = backend.open()
        _ = try log.store.append(Self.events(1...10), expectingLast: 0)
        let reader = log.store.reopened()
        var seen: [Int] = []
        #expect(try reader.poll(through: 4) { seen.append($0.sequence) } == nil)
        #expect(seen == [1, 2, 3, 4] && reader.position.sequence == 4)
        #expect(try reader.poll(through: 4) { seen.append($0.sequence) } == nil)
        #expect(seen == [1, 2, 3, 4])
        #expect(try reader.poll().records.map(\.sequence) == Array(5...10))
        // From a position, as a past day reads from an interval checkpoint.
        let positioned = log.store.reopened()
        _ = try positioned.poll(through: 6) { _ in }
        let resumed = log.store.reopened()
        #expect(try resumed.resume(at: positioned.position))
        seen = []
        _ = try resumed.poll(through: 8) { seen.append($0.sequence) }
        #expect(seen == [7, 8])
    }

    @Test(arguments: Backend.all)
    func intervalSnapshotsAreKeptListedLoadedAndRemoved(backend: Backend) throws {
        let log = backend.open()
        _ = try log.store.append(Self.events(1...10), expectingLast: 0)
        let reader = log.store.reopened()
        var positions: [Int: LogPosition] = [:]
        for point in [3, 7, 10] {
            _ = try reader.poll(through: point) { _ in }
            positions[point] = reader.position
        }
        #expect(log.snapshots.intervals().isEmpty)
        for point in [7, 3] {
            let snapshot = Snapshot(position: positions[point]!, stateVersion: 7, state: [UInt8(point), 1])
            #expect(log.snapshots.saveInterval(snapshot, recorded: Timestamp(secondsSinceEpoch: 1_000 + Int64(point))))
        }
        #expect(log.snapshots.save(Snapshot(position: positions[10]!, stateVersion: 7, state: [10])))
        #expect(log.snapshots.intervals() == [IntervalMark(sequence: 3, recorded: Timestamp(secondsSinceEpoch: 1_003)),
                                              IntervalMark(sequence: 7, recorded: Timestamp(secondsSinceEpoch: 1_007))])
        let third = try #require(log.snapshots.loadInterval(3))
        #expect(third.position == positions[3]! && third.stateVersion == 7 && third.state == [3, 1])
        #expect(try log.store.reopened().resume(at: third.position))
        // Saved again for the same record: replaced, not doubled.
        #expect(log.snapshots.saveInterval(Snapshot(position: positions[3]!, stateVersion: 7, state: [9]),
                                           recorded: Timestamp(secondsSinceEpoch: 1_003)))
        #expect(log.snapshots.intervals().map(\.sequence) == [3, 7] && log.snapshots.loadInterval(3)?.state == [9])
        log.snapshots.discardInterval(3)
        #expect(log.snapshots.intervals().map(\.sequence) == [7] && log.snapshots.loadInterval(3) == nil)
        #expect(log.snapshots.load()?.state == [10], "the log's checkpoint is apart from them")
    }

    @Test(arguments: Backend.all)
    func aSnapshotOfAnotherHistoryIsNotResumedFrom(backend: Backend) throws {
        let log = backend.open()
        _ = try log.store.append(Self.events(1...5), expectingLast: 0)
        let reader = log.store.reopened()
        _ = try reader.poll()
        let position = reader.position
        // The same record number with another content: an edit at the same place, of the same
        // length, rehashed so that the line itself is a valid record.
        let other = backend.open()
        _ = try other.store.append(Self.events(1...4) + [TestLog.event(6)], expectingLast: 0)
        log.replace(5, other.lines()[4])
        #expect(try log.store.reopened().resume(at: position) == false)
        // A position past the end of the log is not resumed from either.
        var beyond = position
        beyond.sequence = 99
        #expect(try log.store.reopened().resume(at: beyond) == false)
    }

    @Test(arguments: Backend.all.filter { $0.open().tear != nil })
    func aTornTailIsMovedAsideBeforeTheNextAppend(backend: Backend) throws {
        let log = backend.open()
        _ = try log.store.append(Self.events(1...2), expectingLast: 0)
        log.tear?(#"{"seq":3,"ts":"2026-11"#)
        let writer = log.store.reopened()
        #expect(try writer.poll().damage == nil, "a torn tail is not damage to readers")
        let result = try writer.append(Self.events(3...3), expectingLast: 2)
        #expect(result.quarantine?.sequence == 3)
        #expect(result.records.map(\.sequence) == [3])
        #expect(try log.store.reopened().verify().damage == nil)
    }
}
