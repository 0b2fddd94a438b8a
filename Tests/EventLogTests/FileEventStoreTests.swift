import Foundation
import Testing
@testable import EventLog

@Suite struct FileEventStoreTests {
    @Test func appendedRecordsReadBackInOrderFromAnotherInstance() throws {
        let log = TestLog()
        let written = try log.fill(5)
        let reader = log.store()
        let result = try reader.poll()
        #expect(result.damage == nil)
        #expect(result.records == written)
        #expect(result.records.map(\.sequence) == [1, 2, 3, 4, 5])
        #expect(try result.records[2].payload()["n"] == .int(3))
        #expect(try reader.verify() == VerifyReport(count: 5, lastHash: written.last!.hash, damage: nil))
    }

    /// A file is read a block at a time (`LineReader.blockSize`), and each record's payload is
    /// a slice of the block it was read in: a line across two blocks, or longer than one,
    /// reads back byte for byte.
    @Test func recordsAcrossAndLongerThanAReadBlockReadBackWhole() throws {
        let log = TestLog()
        let writer = log.store()
        _ = try writer.poll()
        func text(_ count: Int, _ seed: Int) -> String { String((0..<count).map { Character(UnicodeScalar(UInt8(97 + ($0 * 7 + seed) % 26))) }) }
        // Lines of about 300 KiB (one ends across the first block's end), one of 2.5 blocks,
        // then short ones.
        var events = (0..<5).map { n in
            NewEvent(timestamp: TestLog.noon, actor: "amina", type: "test.happened", version: 1,
                     payload: .object([JSONMember("n", .int(n)), JSONMember("text", .string(text(300 * 1024, n)))]))
        }
        events.append(NewEvent(timestamp: TestLog.noon, actor: "amina", type: "test.happened", version: 1,
                               payload: .object([JSONMember("n", .int(5)), JSONMember("text", .string(text(LineReader.blockSize * 5 / 2, 5)))])))
        events += (6..<10).map { TestLog.event($0) }
        let written = try writer.append(events, expectingLast: 0).records
        let read = try log.store().poll()
        #expect(read.damage == nil)
        #expect(read.records.count == 10)
        for (a, b) in zip(read.records, written) {
            #expect(Array(a.payloadBytes) == Array(b.payloadBytes), "record #\(b.sequence)")
            #expect(a.hash == b.hash)
        }
        #expect(try log.store().verify().damage == nil)
    }

    @Test func aFirstAppendStartsALogOnlyInAFolderThatExists() throws {
        let log = TestLog()
        let nested = log.folder.appendingPathComponent("a/b/events.jsonl").path
        let store = FileEventStore(path: nested, clock: { TestLog.noon })
        #expect(try store.poll().records.isEmpty)
        #expect(try !store.exists())
        #expect(throws: StoreError.backend(location: nested, BackendError(FileStoreError.noFolder(log.folder.path + "/a/b")))) {
            try store.append([TestLog.event(1)], expectingLast: 0)
        }
        #expect(!FileManager.default.fileExists(atPath: log.folder.path + "/a"))
        let started = try log.store().append([TestLog.event(1)], expectingLast: 0)
        #expect(started.startedNewLog)
        #expect(try !log.store().append([TestLog.event(2)], expectingLast: nil).startedNewLog)
    }

    @Test func eachRecordChainsToThePreviousHash() throws {
        let log = TestLog()
        let records = try log.fill(3)
        var previous = ChainHash.genesis
        for (record, line) in zip(records, log.lines) {
            let body = Array(line.utf8.dropLast(75))
            let expected = body.withUnsafeBytes { ChainHash.chaining($0, to: previous) }
            #expect(record.hash == expected)
            #expect(line.hasSuffix(#","hash":"\#(expected)"}"#))
            previous = expected
        }
    }

    @Test func anotherWritersAppendsAreNoticedAndStaleAppendsConflict() throws {
        let log = TestLog()
        let a = log.store()
        let b = log.store()
        _ = try a.poll()
        _ = try b.poll()
        _ = try a.append([TestLog.event(1), TestLog.event(2)], expectingLast: 0)
        #expect(throws: StoreError.conflict(expected: 0, actual: 2)) {
            try b.append([TestLog.event(3)], expectingLast: 0)
        }
        let noticed = try b.poll()
        #expect(noticed.records.map(\.sequence) == [1, 2])
        let appended = try b.append([TestLog.event(3)], expectingLast: 2)
        #expect(appended.records.map(\.sequence) == [3])
        #expect(try a.poll().records.map(\.sequence) == [3])
        #expect(try log.store().verify().damage == nil)
    }

    @Test func tornLastLineIsMovedAsideOnTheNextAppend() throws {
        let log = TestLog()
        try log.fill(3)
        let torn = #"{"seq":4,"ts":"2026-11-20T12:00:00Z","actor":"ami"#
        log.appendRaw(torn)

        // Readers see the three whole records and leave the tail alone.
        let reader = log.store()
        #expect(try reader.poll().records.count == 3)
        #expect(try reader.verify().damage == LogDamage(sequence: 4, line: 4, kind: .torn(byteCount: torn.utf8.count)))

        let writer = log.store()
        _ = try writer.poll()
        let result = try writer.append([TestLog.event(4)], expectingLast: 3)
        let quarantine = try #require(result.quarantine)
        #expect(quarantine.byteCount == torn.utf8.count)
        #expect(quarantine.sequence == 4)
        #expect(quarantine.sideFile.hasPrefix(log.path + ".torn-20261120T120000Z"))
        #expect(try String(contentsOfFile: quarantine.sideFile, encoding: .utf8) == torn)
        #expect(result.records.map(\.sequence) == [4])
        #expect(log.lines.count == 4)
        #expect(try log.store().verify() == VerifyReport(count: 4, lastHash: result.records[0].hash, damage: nil))
    }

    @Test func aTornTailMadeOfNulBytesIsQuarantinedToo() throws {
        let log = TestLog()
        try log.fill(2)
        log.appendRaw(String(repeating: "\0", count: 40))
        let writer = log.store()
        _ = try writer.poll()
        let result = try writer.append([TestLog.event(3)], expectingLast: 2)
        #expect(result.quarantine?.byteCount == 40)
        #expect(try log.store().verify().damage == nil)
    }

    @Test func aOneByteTornTailIsMovedAsideToo() throws {
        let log = TestLog()
        try log.fill(2)
        log.appendRaw("{")
        let writer = log.store()
        _ = try writer.poll()
        let result = try writer.append([TestLog.event(3)], expectingLast: 2)
        #expect(result.quarantine?.byteCount == 1)
        #expect(try log.store().verify().damage == nil)
    }

    @Test(arguments: [
        ("edited", 3, "hashMismatch"),
        ("removed", 3, "sequence"),
        ("reordered", 3, "sequence"),
        ("garbage", 3, "unreadable"),
        ("duplicated", 4, "sequence"),
    ])
    func verifyNamesTheFirstDamagedRecord(damage: String, sequence: Int, kind: String) throws {
        let log = TestLog()
        try log.fill(5)
        var lines = log.lines
        switch damage {
        case "edited": lines[2] = lines[2].replacingOccurrences(of: "event 3", with: "event 9")
        case "removed": lines.remove(at: 2)
        case "reordered": lines.swapAt(2, 3)
        case "garbage": lines[2] = "this is not JSON"
        case "duplicated": lines.insert(lines[2], at: 3)
        default: Issue.record("unknown damage")
        }
        log.writeLines(lines)

        let report = try log.store().verify()
        let found = try #require(report.damage)
        #expect(found.sequence == sequence)
        #expect(report.count == sequence - 1)
        switch (found.kind, kind) {
        case (.hashMismatch, "hashMismatch"), (.sequence, "sequence"), (.unreadable, "unreadable"): break
        default: Issue.record("expected \(kind), found \(found.kind)")
        }
        #expect(found.description.contains("#\(sequence)"))
    }

    @Test func damageStopsWritesButReadsKeepTheValidPrefix() throws {
        let log = TestLog()
        try log.fill(4)
        var lines = log.lines
        lines[1] = lines[1].replacingOccurrences(of: "event 2", with: "event X")
        log.writeLines(lines)
        let before = log.text

        let store = log.store()
        let result = try store.poll()
        #expect(result.records.map(\.sequence) == [1])
        #expect(result.damage?.sequence == 2)
        #expect(throws: StoreError.damaged(location: log.path, result.damage!)) {
            try store.append([TestLog.event(5)], expectingLast: nil)
        }
        #expect(log.text == before)
        #expect(log.sideFiles().isEmpty)
    }

    @Test func aRehashedEditIsCaughtAtTheNextRecord() throws {
        let log = TestLog()
        try log.fill(3)
        var lines = log.lines
        // Edit record 2 and give it a correct hash for its new content.
        let edited = String(lines[1].dropLast(75)).replacingOccurrences(of: "event 2", with: "event 7")
        let previous = ChainHash(hex: String(lines[0].suffix(66).prefix(64)))!
        let hash = Array(edited.utf8).withUnsafeBytes { ChainHash.chaining($0, to: previous) }
        lines[1] = edited + #","hash":"\#(hash)"}"#
        log.writeLines(lines)
        let damage = try #require(try log.store().verify().damage)
        #expect(damage.sequence == 3)
        #expect(damage.kind == .hashMismatch)
    }

    @Test func aLogMovedAwayWhileOpenIsNotWrittenBehindTheUsersBack() throws {
        let log = TestLog()
        let store = log.store()
        _ = try store.append([TestLog.event(1)], expectingLast: 0)
        try FileManager.default.moveItem(atPath: log.path, toPath: log.path + ".old")
        #expect(throws: StoreError.backend(location: log.path, BackendError(FileStoreError.replaced))) {
            try store.append([TestLog.event(2)], expectingLast: 1)
        }
        #expect(try String(contentsOfFile: log.path + ".old", encoding: .utf8).split(separator: "\n").count == 1)
    }

    @Test func aLogThatShrinksWhileOpenIsReportedNotReadPastItsEnd() throws {
        let log = TestLog()
        try log.fill(3)
        let store = log.store()
        _ = try store.poll()
        let size = Int64(log.text.utf8.count)
        log.writeLines(Array(log.lines.prefix(1)))
        let shrunk = StoreError.backend(location: log.path, BackendError(FileStoreError.shrunk(from: size, to: Int64(log.text.utf8.count))))
        #expect(throws: shrunk) { try store.poll() }
        #expect(throws: shrunk) { try store.append([TestLog.event(4)], expectingLast: 3) }
    }

    @Test func aLogCutByItsLastNewlineIsReportedAsShrunk() throws {
        let log = TestLog()
        try log.fill(3)
        let store = log.store()
        _ = try store.poll()
        let size = Int64(log.text.utf8.count)
        log.write(String(log.text.dropLast()))
        let shrunk = StoreError.backend(location: log.path, BackendError(FileStoreError.shrunk(from: size, to: size - 1)))
        #expect(throws: shrunk) { try store.poll() }
    }

    @Test func aDirectoryIsNotALog() throws {
        let log = TestLog()
        let store = FileEventStore(path: log.folder.path, clock: { TestLog.noon })
        let directory = StoreError.backend(location: log.folder.path, BackendError(FileStoreError.isDirectory))
        #expect(throws: directory) { try store.poll() }
        #expect(throws: directory) { try store.append([TestLog.event(1)], expectingLast: nil) }
    }

    @Test func aPathUnderAFileCannotBeCreated() throws {
        let log = TestLog()
        log.write("plain file\n")
        let store = FileEventStore(path: log.path + "/events.jsonl", clock: { TestLog.noon })
        #expect(throws: StoreError.self) { try store.append([TestLog.event(1)], expectingLast: nil) }
    }

    @Test func aFileThatIsNotALogIsDamagedAtItsFirstLine() throws {
        let log = TestLog()
        log.write("# Shopping list\n- eggs\n")
        let store = log.store()
        let result = try store.poll()
        #expect(result.records.isEmpty)
        #expect(result.damage?.sequence == 1)
        #expect(throws: StoreError.damaged(location: log.path, result.damage!)) { try store.append([TestLog.event(1)], expectingLast: nil) }
        #expect(log.text == "# Shopping list\n- eggs\n")
    }

    @Test func aLineLongerThanTheCapIsDamageNotAnEndlessRead() throws {
        let log = TestLog()
        try log.fill(2)
        log.appendRaw(String(repeating: "x", count: FileEventStore.maximumLineLength + 10) + "\n")
        let result = try log.store().poll()
        #expect(result.records.count == 2)
        #expect(result.damage?.sequence == 3)
        #expect(try log.store().verify().damage?.description.contains("longer than") == true)
    }

    @Test func aBatchIsOneWriteWithConsecutiveSequenceNumbers() throws {
        let log = TestLog()
        let store = log.store()
        _ = try store.poll()
        let result = try store.append((1...100).map { TestLog.event($0) }, expectingLast: 0)
        #expect(result.records.map(\.sequence) == Array(1...100))
        #expect(try log.store().verify() == VerifyReport(count: 100, lastHash: result.records.last!.hash, damage: nil))
    }

    @Test func aLineInAnotherKeyOrderIsStillReadWhenItsHashHolds() throws {
        // Written by hand or another tool: whitespace and other key order, hash last.
        let body = #"{"actor": "amina", "seq": 1, "type": "test.happened", "ts": "2026-11-20T12:00:00Z", "v": 1, "data": {"n": 1}"#
        let hash = Array(body.utf8).withUnsafeBytes { ChainHash.chaining($0, to: .genesis) }
        let log = TestLog()
        log.writeLines([body + #","hash":"\#(hash)"}"#])
        let result = try log.store().poll()
        #expect(result.damage == nil)
        #expect(result.records.first?.actor == "amina")
        #expect(try result.records.first?.payload() == .object([JSONMember("n", .int(1))]))
    }
}

/// A checkpoint's first bytes are read without holding the rest, and checked with the rest.
@Suite struct CheckpointPrefixTests {
    @Test func theFirstBytesOfACheckpointComeWithTheWholeFileChecked() throws {
        let log = TestLog()
        _ = try log.fill(2)
        let reader = log.store()
        _ = try reader.poll()
        let snapshots = FileSnapshotStore(beside: log.path)
        // Larger than the pieces the file is read in (4 MiB), and not a whole number of them.
        let state = (0..<9_000_001).map { UInt8(truncatingIfNeeded: $0 &* 131 &+ $0 >> 12) }
        #expect(snapshots.save(Snapshot(position: reader.position, stateVersion: 7, state: state)))
        let prefix = try #require(snapshots.load(statePrefix: 1_000))
        #expect(prefix.position == reader.position && prefix.stateVersion == 7 && prefix.state == Array(state.prefix(1_000)))
        // Mapped, its digest taken a piece at a time, each let go once taken: the same bytes.
        #expect(snapshots.withSnapshot { Array($0.state) } == state)

        // One byte changed far past the prefix: the digest of the whole no longer matches.
        let fd = open(snapshots.path, O_RDWR)
        #expect(fd >= 0)
        var byte: UInt8 = 0
        #expect(pread(fd, &byte, 1, 8_000_000) == 1)
        byte ^= 0x20
        #expect(pwrite(fd, &byte, 1, 8_000_000) == 1)
        close(fd)
        #expect(snapshots.load(statePrefix: 1_000) == nil)
        #expect(snapshots.load() == nil)
        #expect(snapshots.withSnapshot { _ in true } == nil)
    }
}
