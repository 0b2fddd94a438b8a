/// An append-only log of event records, shared by any number of writers.
///
/// Writers follow optimistic concurrency: a writer decides what to append from the
/// records it has seen, and appends only if nobody appended since (`expectingLast`);
/// otherwise it polls, decides again against the new state, and retries.
///
/// Nothing here knows where the records live: a backend (a file, memory, a database)
/// keeps them, and says where in `location`. Errors are values (`StoreError`); wording
/// them for a person is the caller's job.
package protocol EventStore: AnyObject {
    /// Where the log lives (a path, a database), to name it in messages.
    var location: String { get }

    /// The sequence number of the last record this instance knows of (0 for none).
    var lastSequence: Int { get }

    /// Hands each record appended since the previous poll to `visit` (the first poll hands
    /// out every record), in order, without keeping them. Damage stops reading: the valid
    /// prefix is handed out, and the damage returned.
    func poll(_ visit: (consuming LogRecord) -> Void) throws(StoreError) -> LogDamage?

    /// As `poll`, but stops after record `last`: a reader after a part of the log (a past
    /// day from an interval checkpoint) reads no further than it needs.
    func poll(through last: Int, _ visit: (consuming LogRecord) -> Void) throws(StoreError) -> LogDamage?

    /// Appends `events` in one durable write, as records `lastSequence + 1 …`.
    /// Throws `.conflict` if `expectingLast` is given and the log has moved past it.
    func append(_ events: [NewEvent], expectingLast: Int?) throws(StoreError) -> AppendResult

    /// Checks every record of the log, including payloads, from the first.
    func verify() throws(StoreError) -> VerifyReport

    /// Told how far each long read has come, to show the person waiting. A file log tells
    /// it of each block it reads and keeps it in `reopened()`; the other backends (a
    /// server's reads, memory) ignore it.
    var progress: (any ReadProgress)? { get set }

    /// Where reading stands: after the last record polled.
    var position: LogPosition { get }

    /// Starts reading after `position` instead of from the first record, if the log still
    /// holds, right there, the record with that sequence number and chain hash. Only before
    /// the first poll. Returns `false`, changing nothing, when the log does not match.
    func resume(at position: LogPosition) throws(StoreError) -> Bool

    /// Another instance on the same log, reading from the first record.
    func reopened() -> any EventStore

    /// Whether the backend itself keeps recorded history from being changed (a database
    /// that refuses edits), so that a reader resuming after a checkpoint need not check the
    /// records before it. A file does not: anyone who can write it can edit it.
    var guardsItsHistory: Bool { get }

    /// Whether there is a log there at all (an empty one counts), rather than nothing.
    func exists() throws(StoreError) -> Bool
}

/// A store that can say when someone appended, instead of being polled.
package protocol LiveEventStore: EventStore {
    /// Calls `appended` (on another thread) whenever a record is appended to the log, by
    /// anyone, from now on. Readers then `poll` in order: a late or merged notification
    /// never skips a record. Returns false, and watches nothing, where the log is read-only
    /// and cannot announce (a PostgreSQL standby): readers see others' appends at their next
    /// read instead.
    func watch(_ appended: @escaping @Sendable () -> Void) throws(StoreError) -> Bool
}

/// A place in a log: just after record `sequence`. A reader can resume there without
/// reading what comes before, once the backend has checked the record is still the one
/// it was.
package struct LogPosition: Equatable, Sendable {
    package var sequence: Int
    /// The chain hash of record `sequence`.
    package var hash: ChainHash
    /// What the backend needs to find the record again (a file's byte offsets, say).
    /// Opaque to everyone else: kept and handed back, never read.
    var marker: [UInt8]

    package init(sequence: Int, hash: ChainHash, marker: [UInt8]) {
        self.sequence = sequence
        self.hash = hash
        self.marker = marker
    }

    package static let start = LogPosition(sequence: 0, hash: .genesis, marker: [])
}

extension EventStore {
    /// None, and nothing kept: a backend that reads no file of its own has nothing to say.
    package var progress: (any ReadProgress)? {
        get { nil }
        set {}
    }

    /// Records appended since the previous poll, collected.
    package func poll() throws(StoreError) -> PollResult {
        var records: [LogRecord] = []
        let damage = try poll { records.append($0) }
        return PollResult(records: records, damage: damage)
    }
}

package struct PollResult: Sendable {
    package var records: [LogRecord]
    /// Set when reading stopped at a damaged record; `records` is the valid prefix.
    package var damage: LogDamage?

    package init(records: [LogRecord], damage: LogDamage?) {
        self.records = records
        self.damage = damage
    }
}

package struct AppendResult: Sendable {
    /// The records just written, with their sequence numbers and hashes.
    package var records: [LogRecord]
    /// Set when a torn last record was found and moved aside before writing.
    package var quarantine: Quarantine?
    /// Whether this append started the log (there was none before).
    package var startedNewLog = false

    package init(records: [LogRecord], quarantine: Quarantine? = nil) {
        self.records = records
        self.quarantine = quarantine
    }
}

/// Bytes of a torn last record, moved out of the log to a side place (a file beside it).
package struct Quarantine: Equatable, Sendable {
    /// Where the bytes went.
    package var sideFile: String
    package var byteCount: Int
    /// The sequence number the torn record would have had.
    package var sequence: Int
}

package struct VerifyReport: Equatable, Sendable {
    /// Records checked and found sound.
    package var count: Int
    package var lastHash: ChainHash
    /// The first problem, if any.
    package var damage: LogDamage?

    package init(count: Int, lastHash: ChainHash, damage: LogDamage?) {
        self.count = count
        self.lastHash = lastHash
        self.damage = damage
    }
}

/// What can go wrong in any store, apart from presentation.
package enum StoreError: Error, Equatable, Sendable {
    /// The log cannot be reached, read or written; `reason` is the system's or the server's.
    case unavailable(location: String, operation: String, reason: String)
    /// Someone else appended after `expected`; poll and decide again.
    case conflict(expected: Int, actual: Int)
    /// The log is damaged; nothing may be appended until a person has looked.
    case damaged(location: String, LogDamage)
    /// What only one backend can say (a file that is a directory, a server's own code).
    case backend(location: String, BackendError)
}

/// A backend's own error, carried through the neutral `StoreError`.
package struct BackendError: Equatable, Sendable, CustomStringConvertible {
    package let error: any Error & Sendable & CustomStringConvertible

    package init(_ error: any Error & Sendable & CustomStringConvertible) { self.error = error }

    package var description: String { error.description }

    /// Two backend errors are equal when they are of one type and say the same.
    package static func == (a: BackendError, b: BackendError) -> Bool {
        type(of: a.error) == type(of: b.error) && a.description == b.description
    }
}

/// A record of a log being imported: its line exactly as stored (without the newline), and
/// who besides coordinators and reviewers may read it.
package struct ImportedRecord {
    package var record: LogRecord
    /// Valid until the next record is asked for.
    package var line: UnsafeBufferPointer<UInt8>
    package var audience: Audience

    package init(record: LogRecord, line: UnsafeBufferPointer<UInt8>, audience: Audience) {
        self.record = record
        self.line = line
        self.audience = audience
    }
}

/// A store that loads a whole log at once into an empty log (`engage import`), faster than
/// appending it: a database's bulk copy.
package protocol BulkLoading: EventStore {
    /// Loads every record `next` hands out (`nil` after the last), then `keys` (contacts'
    /// keys, by id), all in one transaction, into an empty log. Records must already be checked against the chain: the store checks what its own
    /// rules need. When `next` throws, nothing is loaded and its error comes out as it is.
    func load(keys: [String: [UInt8]], _ next: () throws -> ImportedRecord?) throws
}
