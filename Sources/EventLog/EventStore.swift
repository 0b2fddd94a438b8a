/// An append-only log of event records, shared by any number of writers.
///
/// Writers follow optimistic concurrency: a writer decides what to append from the
/// records it has seen, and appends only if nobody appended since (`expectingLast`);
/// otherwise it polls, decides again against the new state, and retries.
package protocol EventStore: AnyObject {
    /// A human-readable name of where the log lives (a path, a database).
    var location: String { get }

    /// The sequence number of the last record this instance knows of (0 for none).
    var lastSequence: Int { get }

    /// Hands each record appended since the previous poll to `visit` (the first poll hands
    /// out every record), in order, without keeping them. Damage stops reading: the valid
    /// prefix is handed out, and the damage returned.
    func poll(_ visit: (LogRecord) -> Void) throws(StoreError) -> LogDamage?

    /// Appends `events` in one durable write, as records `lastSequence + 1 …`.
    /// Throws `.conflict` if `expectingLast` is given and the log has moved past it.
    func append(_ events: [NewEvent], expectingLast: Int?) throws(StoreError) -> AppendResult

    /// Checks every record of the log, including payloads, from the first.
    func verify() throws(StoreError) -> VerifyReport

    /// Where reading stands: after the last record polled.
    var position: LogPosition { get }

    /// Starts reading after `position` instead of from the first record, if the log still
    /// holds, right there, the record with that sequence number and chain hash. Only before
    /// the first poll. Returns `false`, changing nothing, when the log does not match.
    func resume(at position: LogPosition) throws(StoreError) -> Bool

    /// Another instance on the same log, reading from the first record.
    func reopened() -> any EventStore
}

/// A place in a log: just after record `sequence`. A reader can resume there without
/// reading what comes before, once it has checked the record is still the one it was.
package struct LogPosition: Equatable, Sendable {
    package var sequence: Int
    /// The chain hash of record `sequence`, and of the one before it.
    package var hash: ChainHash
    package var previousHash: ChainHash
    /// Byte offsets in the file where record `sequence` starts and where the next begins.
    package var lineStart: Int64
    package var end: Int64

    package init(sequence: Int, hash: ChainHash, previousHash: ChainHash, lineStart: Int64, end: Int64) {
        self.sequence = sequence
        self.hash = hash
        self.previousHash = previousHash
        self.lineStart = lineStart
        self.end = end
    }

    package static let start = LogPosition(sequence: 0, hash: .genesis, previousHash: .genesis, lineStart: 0, end: 0)
}

extension EventStore {
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
    /// Set when a torn last line was found and moved aside before writing.
    package var quarantine: Quarantine?
}

/// Bytes of a torn last line, moved out of the log into a side file.
package struct Quarantine: Equatable, Sendable {
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
}

/// What can go wrong in a store, apart from presentation.
package enum StoreError: Error, Equatable, Sendable {
    /// The log cannot be opened, read, created or written (`reason` is the system's).
    case io(path: String, operation: String, reason: String)
    case isDirectory(path: String)
    /// Someone else appended after `expected`; poll and decide again.
    case conflict(expected: Int, actual: Int)
    /// The log is damaged; nothing may be appended until a person has looked.
    case damaged(path: String, LogDamage)
    /// The file has fewer bytes than were already read from it: it was truncated or replaced.
    case shrunk(path: String, from: Int64, to: Int64)
}

extension StoreError: CustomStringConvertible {
    package var description: String {
        switch self {
        case .io(let path, let operation, let reason):
            return "cannot \(operation) \(path): \(reason)"
        case .isDirectory(let path):
            return "\(path) is a directory, not a log file"
        case .conflict(let expected, let actual):
            return "the log moved on while deciding (expected #\(expected), found #\(actual))"
        case .damaged(let path, let damage):
            if damage.meansNotALog {
                return "\(path) is not an engage log (line 1 is not an event record); nothing was written"
            }
            return "\(path) is damaged: \(damage); refusing to write (run 'engage verify')"
        case .shrunk(let path, let from, let to):
            return "\(path) shrank from \(from) to \(to) bytes while open: it was truncated or replaced; refusing to write"
        }
    }
}
