#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// Where the folded state of a log is kept between sessions, so that a session on a large
/// log reads only what was recorded since (a checkpoint).
///
/// A snapshot is a cache, never a source of truth: the caller uses one only after the
/// event store has found its very record at its very position (`EventStore.resume`), and
/// anything that does not match is ignored and replaced after a full replay.
package protocol SnapshotStore: Sendable {
    /// The snapshot kept, or `nil` when there is none or it cannot be trusted as bytes
    /// (damaged, of another format).
    func load() -> Snapshot?

    /// Keeps `snapshot` in place of the one before, whole or not at all. Best effort:
    /// returns `false` when it could not, which only means the next start replays.
    @discardableResult
    func save(_ snapshot: Snapshot) -> Bool

    /// Removes the snapshot (one found not to match the log).
    func discard()
}

/// The state of a log after some record, as bytes the application encoded.
package struct Snapshot: Equatable, Sendable {
    package var position: LogPosition
    /// The version of the state's encoding and meaning: a snapshot of another version is
    /// rebuilt, never read.
    package var stateVersion: Int
    package var state: [UInt8]

    package init(position: LogPosition, stateVersion: Int, state: [UInt8]) {
        self.position = position
        self.stateVersion = stateVersion
        self.state = state
    }
}

/// Snapshots in memory, beside a `MemoryEventStore`.
package final class MemorySnapshotStore: SnapshotStore {
    private let kept = Mutex<Snapshot?>(nil)

    package init() {}

    package func load() -> Snapshot? { kept.withLock { $0 } }

    package func discard() { kept.withLock { $0 = nil } }

    package func save(_ snapshot: Snapshot) -> Bool {
        kept.withLock { $0 = snapshot }
        return true
    }
}

/// The snapshot in a file beside the log (`LOG.checkpoint`), carrying a digest of its own
/// bytes, its format version and the position it stands for.
package struct FileSnapshotStore: SnapshotStore {
    package let path: String


    /// The log it stands beside, when known: a checkpoint is refused unless it belongs to
    /// whoever owns the log, and no one can write it who cannot write the log.
    package let logPath: String?

    package init(path: String) {
        self.path = path
        logPath = nil
    }

    /// The checkpoint beside the log at `logPath`.
    package init(beside logPath: String) {
        path = logPath + ".checkpoint"
        self.logPath = logPath
    }

    package func discard() { _ = unlink(path) }

    /// Whether the checkpoint may be trusted to save time: owned by the log's owner, and
    /// writable by no one (group, others) who may not write the log.
    func isOwnedLikeTheLog() -> Bool {
        guard let logPath else { return true }
        var checkpoint = stat()
        var log = stat()
        guard lstat(path, &checkpoint) == 0, stat(logPath, &log) == 0 else { return false }
        guard checkpoint.st_mode & S_IFMT == S_IFREG, checkpoint.st_uid == log.st_uid else { return false }
        let writable = checkpoint.st_mode & 0o022
        return writable & ~(log.st_mode & 0o022) == 0
    }

    static let magic = Array("engage checkpoint\n".utf8)
    /// 2: the position as a backend's opaque marker.
    static let formatVersion = 2

    package func load() -> Snapshot? {
        guard isOwnedLikeTheLog(), let bytes = Files.read(path), bytes.count > Self.magic.count + 64,
              bytes.starts(with: Self.magic) else { return nil }
        let body = bytes.count - 64
        let digest = bytes.withUnsafeBytes { all in
            ChainHash.chaining(UnsafeRawBufferPointer(rebasing: all[..<body]), to: .genesis)
        }
        guard digest.description.utf8.elementsEqual(bytes[body...]) else { return nil }
        var header = HeaderReader(bytes: Array(bytes[Self.magic.count..<body]))
        guard header.int() == Self.formatVersion, let stateVersion = header.int(),
              let sequence = header.int(), let hash = header.hash(), let marker = header.line(),
              let length = header.int(), length == header.remaining else { return nil }
        return Snapshot(position: LogPosition(sequence: sequence, hash: hash, marker: Array(marker.utf8)),
                        stateVersion: stateVersion, state: header.rest)
    }

    package func save(_ snapshot: Snapshot) -> Bool {
        var out = Self.magic
        func line(_ text: String) { out += Array((text + "\n").utf8) }
        line("\(Self.formatVersion)")
        line("\(snapshot.stateVersion)")
        line("\(snapshot.position.sequence)")
        line(snapshot.position.hash.description)
        line(String(decoding: snapshot.position.marker, as: UTF8.self))
        line("\(snapshot.state.count)")
        out += snapshot.state
        let digest = out.withUnsafeBytes { ChainHash.chaining($0, to: .genesis) }
        out += Array(digest.description.utf8)
        // No fsync: a checkpoint lost in a crash only means the next start replays.
        do {
            try Files.writeAtomically(out, to: path, sync: false)
            return true
        } catch {
            return false
        }
    }

    /// The header: one decimal number, hash or marker a line, then the state's bytes.
    private struct HeaderReader {
        let bytes: [UInt8]
        var index = 0

        var remaining: Int { bytes.count - index }
        var rest: [UInt8] { Array(bytes[index...]) }

        mutating func line() -> String? {
            guard let newline = bytes[index...].firstIndex(of: 0x0A), newline - index <= 256 else { return nil }
            let text = String(decoding: bytes[index..<newline], as: UTF8.self)
            index = newline + 1
            return text
        }
        mutating func int() -> Int? { line().flatMap { Int($0) } }
        mutating func hash() -> ChainHash? { line().flatMap { ChainHash(hex: $0) } }
    }
}
