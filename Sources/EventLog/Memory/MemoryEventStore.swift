import Synchronization

/// A log held in memory, for tests and for trying things out: the same records, bytes and
/// chain as the file backend, with nothing to clean up.
///
/// Instances made by `reopened()` share the log, as processes share a file, so the
/// concurrency rules (`expectingLast`, catching up) behave as on any other backend.
package final class MemoryEventStore: EventStore {
    /// The stored lines, shared by every instance on this log.
    package final class Storage: Sendable {
        let lines = Mutex<[[UInt8]]>([])

        package init() {}

        /// Each stored line as it would stand in a file (without its newline).
        var lineBytes: [[UInt8]] { lines.withLock { $0 } }

        /// Replaces line `index` (0-based): a test's way of damaging the log.
        func overwrite(line index: Int, with bytes: [UInt8]) {
            lines.withLock { $0[index] = bytes }
        }
    }

    let storage: Storage
    package let location: String
    private var scanner = LogScanner()
    /// How many stored lines this instance has read.
    private var consumed = 0
    private var damage: LogDamage?
    /// Records read while catching up inside `append`, not yet handed out by `poll`.
    private var unseen: [LogRecord] = []

    package init(storage: Storage = Storage(), location: String = "memory") {
        self.storage = storage
        self.location = location
    }

    package var lastSequence: Int { scanner.lastSequence }

    package var position: LogPosition {
        LogPosition(sequence: scanner.lastSequence, hash: scanner.lastHash, marker: [])
    }

    package func resume(at position: LogPosition) throws(StoreError) -> Bool {
        precondition(consumed == 0 && unseen.isEmpty && damage == nil, "resume before the first read")
        guard position.sequence > 0 else { return true }
        let lines = storage.lineBytes
        guard position.sequence <= lines.count else { return false }
        // The record must still be there, chained to the same hash; the lines before it
        // give the hash it chains from.
        var scanner = LogScanner()
        for line in lines.prefix(position.sequence) {
            guard let record = try? line.withUnsafeBufferPointer({ bytes throws(LogDamage) in try scanner.next(bytes) }) else { return false }
            if record.sequence == position.sequence, record.hash != position.hash { return false }
        }
        self.scanner = scanner
        consumed = position.sequence
        return true
    }

    /// Tests edit it on purpose.
    package var guardsItsHistory: Bool { false }

    package func exists() throws(StoreError) -> Bool { true }

    package func reopened() -> any EventStore {
        MemoryEventStore(storage: storage, location: location)
    }

    package func poll(_ visit: (consuming LogRecord) -> Void) throws(StoreError) -> LogDamage? {
        try poll(through: .max, visit)
    }

    package func poll(through last: Int, _ visit: (consuming LogRecord) -> Void) throws(StoreError) -> LogDamage? {
        let pending = unseen.prefix { $0.sequence <= last }
        unseen.removeFirst(pending.count)
        for record in pending { visit(record) }
        if damage == nil, unseen.isEmpty { readNewLines(storage.lineBytes, through: last, visit) }
        return damage
    }

    package func append(_ events: [NewEvent], expectingLast: Int?) throws(StoreError) -> AppendResult {
        try storage.lines.withLock { lines throws(StoreError) -> AppendResult in
            if damage == nil, lines.count > consumed {
                var noticed: [LogRecord] = []
                readNewLines(lines) { noticed.append($0) }
                unseen += noticed
            }
            if let damage { throw .damaged(location: location, damage) }
            if let expectingLast, expectingLast != lastSequence {
                throw .conflict(expected: expectingLast, actual: lastSequence)
            }
            var records: [LogRecord] = []
            var previous = scanner.lastHash
            for event in events {
                var line: [UInt8] = []
                let sequence = lastSequence + 1
                let (hash, payload) = LogLine.encode(event, sequence: sequence, previous: previous, into: &line)
                line.removeLast()  // the newline: lines are stored without it
                let record = LogRecord(sequence: sequence, timestamp: event.timestamp, actor: event.actor, type: event.type,
                                       version: event.version, payloadBytes: payload[...], hash: hash)
                lines.append(line)
                scanner.advance(over: record)
                records.append(record)
                previous = hash
            }
            consumed = lines.count
            return AppendResult(records: records)
        }
    }

    package func verify() throws(StoreError) -> VerifyReport {
        var scanner = LogScanner()
        for line in storage.lineBytes {
            do throws(LogDamage) {
                let record = try line.withUnsafeBufferPointer { bytes throws(LogDamage) in try scanner.next(bytes) }
                do {
                    _ = try record.payload()
                } catch {
                    let damage = LogDamage(sequence: record.sequence, line: record.sequence, kind: .unreadable("payload: \(error)"))
                    return VerifyReport(count: record.sequence - 1, lastHash: scanner.lastHash, damage: damage)
                }
            } catch {
                return VerifyReport(count: scanner.lastSequence, lastHash: scanner.lastHash, damage: error)
            }
        }
        return VerifyReport(count: scanner.lastSequence, lastHash: scanner.lastHash, damage: nil)
    }

    private func readNewLines(_ lines: [[UInt8]], through last: Int = .max, _ visit: (consuming LogRecord) -> Void) {
        while consumed < lines.count, scanner.lastSequence < last {
            do throws(LogDamage) {
                let record = try lines[consumed].withUnsafeBufferPointer { bytes throws(LogDamage) in try scanner.next(bytes) }
                consumed += 1
                visit(record)
            } catch {
                damage = error
                return
            }
        }
    }
}
