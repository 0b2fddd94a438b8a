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

    /// `load()` with no more than the first `count` bytes of the state, for a reader of its
    /// first part; a store that can (the file) holds no more than that while it checks the
    /// whole, whatever the state's size.
    func load(statePrefix count: Int) -> Snapshot?

    /// `load()`'s snapshot handed to `body` where its bytes lie, with a way to let go of the
    /// bytes it has read: a reader that decodes the state then does not hold it twice, once as
    /// bytes and once decoded. `nil` (and `body` not called) where `load()` gives `nil`.
    func withSnapshot<R>(_ body: (SnapshotView) -> R) -> R?

    /// Keeps `snapshot` in place of the one before, whole or not at all. Best effort:
    /// returns `false` when it could not, which only means the next start replays.
    @discardableResult
    func save(_ snapshot: Snapshot) -> Bool

    /// Removes the snapshot (one found not to match the log).
    func discard()

    /// The snapshots kept at intervals of the log (interval checkpoints, for views of a past
    /// day), in the order of their records; each says which record it stands for and the
    /// time of that record.
    func intervals() -> [IntervalMark]

    /// The interval snapshot standing for record `sequence`, or `nil` when there is none or
    /// it cannot be trusted as bytes.
    func loadInterval(_ sequence: Int) -> Snapshot?

    /// Keeps `snapshot` among the interval snapshots (replacing one for the same record);
    /// `recorded` is the time of its record. Best effort, as `save`.
    @discardableResult
    func saveInterval(_ snapshot: Snapshot, recorded: Timestamp) -> Bool

    /// Removes the interval snapshot standing for record `sequence` (one found not to match
    /// the log, or one thinned out).
    func discardInterval(_ sequence: Int)
}

extension SnapshotStore {
    package func withSnapshot<R>(_ body: (SnapshotView) -> R) -> R? {
        guard let snapshot = load() else { return nil }
        return snapshot.state.withUnsafeBytes { state in
            body(SnapshotView(position: snapshot.position, stateVersion: snapshot.stateVersion, state: state, letGo: { _ in }))
        }
    }

    package func load(statePrefix count: Int) -> Snapshot? {
        load().map { snapshot in
            var prefix = snapshot
            prefix.state = Array(snapshot.state.prefix(count))
            return prefix
        }
    }
}

/// An interval snapshot, as the list of them names it: enough to choose one for a past day
/// without reading any state.
package struct IntervalMark: Equatable, Sendable {
    /// The record it stands for.
    package var sequence: Int
    /// When that record was recorded.
    package var recorded: Timestamp

    package init(sequence: Int, recorded: Timestamp) {
        self.sequence = sequence
        self.recorded = recorded
    }
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

/// A snapshot as `SnapshotStore.withSnapshot` hands it to its reader, valid only there.
package struct SnapshotView {
    package var position: LogPosition
    package var stateVersion: Int
    package var state: UnsafeRawBufferPointer
    /// Says that these bytes of `state` will not be read again, so that a store that can
    /// gives back the memory they hold (read again, they are the same). Safe from any thread.
    package var letGo: @Sendable (UnsafeRawBufferPointer) -> Void
}

/// Snapshots in memory, beside a `MemoryEventStore`.
package final class MemorySnapshotStore: SnapshotStore {
    private let kept = Mutex<Snapshot?>(nil)
    private let interval = Mutex<[Int: (snapshot: Snapshot, recorded: Timestamp)]>([:])

    package init() {}

    package func load() -> Snapshot? { kept.withLock { $0 } }

    package func discard() { kept.withLock { $0 = nil } }

    package func save(_ snapshot: Snapshot) -> Bool {
        kept.withLock { $0 = snapshot }
        return true
    }

    package func intervals() -> [IntervalMark] {
        interval.withLock { kept in
            kept.map { IntervalMark(sequence: $0.key, recorded: $0.value.recorded) }.sorted { $0.sequence < $1.sequence }
        }
    }

    package func loadInterval(_ sequence: Int) -> Snapshot? { interval.withLock { $0[sequence]?.snapshot } }

    package func saveInterval(_ snapshot: Snapshot, recorded: Timestamp) -> Bool {
        interval.withLock { $0[snapshot.position.sequence] = (snapshot, recorded) }
        return true
    }

    package func discardInterval(_ sequence: Int) { _ = interval.withLock { $0.removeValue(forKey: sequence) } }
}

/// The snapshot in a file beside the log (`LOG.checkpoint`), carrying a checksum of its own
/// bytes, its format version and the position it stands for.
///
/// The checksum tells a damaged file from a whole one, nothing more: what makes a checkpoint
/// worth reading is who may write it (`isOwnedLikeTheLog`) and the record of the log it is
/// found to stand for; anyone who could write it could compute any digest again.
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

    /// The folder of interval checkpoints, beside the checkpoint (`LOG.checkpoints`): one
    /// file a checkpoint, named after its record and that record's time.
    package var intervalFolder: String { path + "s" }

    package func discard() { _ = unlink(path) }

    /// Whether the checkpoint may be trusted to save time: owned by the log's owner, and
    /// writable by no one (group, others) who may not write the log.
    func isOwnedLikeTheLog() -> Bool { isOwnedLikeTheLog(path, kind: S_IFREG) }

    /// Whether `file` (of kind `kind`, never a symbolic link) is owned like the log.
    private func isOwnedLikeTheLog(_ file: String, kind: mode_t) -> Bool {
        guard let logPath else { return true }
        var checkpoint = stat()
        var log = stat()
        guard lstat(file, &checkpoint) == 0, stat(logPath, &log) == 0 else { return false }
        guard checkpoint.st_mode & S_IFMT == kind, checkpoint.st_uid == log.st_uid else { return false }
        let writable = checkpoint.st_mode & 0o022
        return writable & ~(log.st_mode & 0o022) == 0
    }

    // MARK: Interval checkpoints

    /// `SEQUENCE-SECONDS.checkpoint`: the record it stands for and its time (seconds since
    /// the epoch), so that choosing one reads no file.
    package func intervalPath(_ mark: IntervalMark) -> String {
        intervalFolder + "/\(mark.sequence)-\(mark.recorded.secondsSinceEpoch).checkpoint"
    }

    package func intervals() -> [IntervalMark] {
        guard isOwnedLikeTheLog(intervalFolder, kind: S_IFDIR), let folder = opendir(intervalFolder) else { return [] }
        defer { closedir(folder) }
        var marks: [IntervalMark] = []
        while let entry = readdir(folder) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            guard name.hasSuffix(".checkpoint") else { continue }
            let parts = name.dropLast(".checkpoint".count).split(separator: "-")
            guard parts.count == 2, let sequence = Int(parts[0]), sequence > 0, let seconds = Int64(parts[1]) else { continue }
            marks.append(IntervalMark(sequence: sequence, recorded: Timestamp(secondsSinceEpoch: seconds)))
        }
        return marks.sorted { $0.sequence < $1.sequence }
    }

    package func loadInterval(_ sequence: Int) -> Snapshot? {
        guard let mark = intervals().first(where: { $0.sequence == sequence }) else { return nil }
        let file = intervalPath(mark)
        guard isOwnedLikeTheLog(file, kind: S_IFREG), let snapshot = Self.decode(Files.read(file)),
              snapshot.position.sequence == sequence else { return nil }
        return snapshot
    }

    package func saveInterval(_ snapshot: Snapshot, recorded: Timestamp) -> Bool {
        // The folder takes the log's permissions for the group and others (less any they
        // could not have, by the umask): whoever may write the log may keep checkpoints.
        if mkdir(intervalFolder, 0o777) != 0, errno != EEXIST { return false }
        guard isOwnedLikeTheLog(intervalFolder, kind: S_IFDIR) else { return false }
        discardInterval(snapshot.position.sequence)
        do {
            try Files.writeAtomically(Self.encode(snapshot), to: intervalPath(IntervalMark(sequence: snapshot.position.sequence, recorded: recorded)),
                                      sync: false)
            return true
        } catch {
            return false
        }
    }

    package func discardInterval(_ sequence: Int) {
        for mark in intervals() where mark.sequence == sequence { _ = unlink(intervalPath(mark)) }
    }

    static let magic = Array("engage checkpoint\n".utf8)
    /// 2: the position as a backend's opaque marker.
    /// 3: a 64-bit checksum (`Checksum`, 16 hex digits) in place of a SHA-256 (64): reading a
    ///    117 MiB checkpoint took 0.44 s with it, 0.59–0.70 s with the SHA-256.
    static let formatVersion = 3

    /// The checksum's hex digits, which end the file.
    static let trailer = 16

    package func load() -> Snapshot? {
        guard isOwnedLikeTheLog() else { return nil }
        return Self.decode(Files.read(path))
    }

    /// The snapshot in a checkpoint file's bytes, if they are whole and of this format.
    ///
    /// The state is what is left of the bytes read once the header and the checksum are cut
    /// off, in place: a large log's state is megabytes, and copying it out would cost the
    /// first prompt a new allocation's page faults.
    private static func decode(_ read: [UInt8]?) -> Snapshot? {
        guard var bytes = read, let header = bytes.withUnsafeBytes({ Self.checked($0, letGo: { _ in }) }) else { return nil }
        bytes.removeLast(Self.trailer)
        bytes.removeFirst(header.stateStart)
        return Snapshot(position: header.position, stateVersion: header.stateVersion, state: bytes)
    }

    /// The file mapped, not read: the state's pages are given back as the reader lets go of
    /// them, and the checksum's as it is taken, so that a session starting from a checkpoint of
    /// a large log holds its state once, decoded, and never the bytes whole beside it.
    ///
    /// Checkpoints are replaced whole, by a rename, never written in place: the bytes read
    /// again after their checksum was taken are the same. One cut short while it is mapped, or
    /// a disk that fails to read it, ends the process (`MappedFile`) where `load()` would
    /// have found nothing and replayed.
    package func withSnapshot<R>(_ body: (SnapshotView) -> R) -> R? {
        var info = stat()
        // As large as `load()` reads, and no larger.
        guard isOwnedLikeTheLog(), stat(path, &info) == 0, info.st_size < 1 << 32,
              let file = try? MappedFile(path: path) else { return nil }
        let bytes = UnsafeRawBufferPointer(file.bytes)
        guard let header = Self.checked(bytes, letGo: { file.release($0) }) else { return nil }
        let state = UnsafeRawBufferPointer(rebasing: bytes[header.stateStart..<(bytes.count - Self.trailer)])
        return body(SnapshotView(position: header.position, stateVersion: header.stateVersion, state: state, letGo: { file.release($0) }))
    }

    /// The header of a checkpoint file's bytes, if they are whole (their checksum holds) and
    /// of this format. The checksum is taken a few megabytes at a time, each let go once taken.
    private static func checked(_ bytes: UnsafeRawBufferPointer, letGo: (UnsafeRawBufferPointer) -> Void) -> Header? {
        guard bytes.count > Self.magic.count + Self.trailer, bytes.starts(with: Self.magic) else { return nil }
        let body = bytes.count - Self.trailer
        // The header is a few short lines.
        let head = Array(bytes[..<min(body, Self.magic.count + 1_024)])
        guard let header = header(head[Self.magic.count...], stateEnd: body) else { return nil }
        var checksum = Checksum()
        var offset = 0
        while offset < body {
            let piece = UnsafeRawBufferPointer(rebasing: bytes[offset..<min(body, offset + (4 << 20))])
            checksum.add(piece)
            letGo(piece)
            offset += piece.count
        }
        guard Checksum.hex(checksum.finish()).elementsEqual(bytes[body...]) else { return nil }
        return header
    }

    /// What a checkpoint file's header says: the snapshot's position and state version, and
    /// where its state starts in the file.
    private struct Header {
        var position: LogPosition
        var stateVersion: Int
        var stateStart: Int
    }

    /// The header at the start of `bytes` (the file's, after the magic), for a state that
    /// ends at `body`.
    private static func header(_ bytes: ArraySlice<UInt8>, stateEnd body: Int) -> Header? {
        var header = HeaderReader(bytes: bytes)
        guard header.int() == Self.formatVersion, let stateVersion = header.int(),
              let sequence = header.int(), let hash = header.hash(), let marker = header.line(),
              let length = header.int(), length == body - header.index else { return nil }
        return Header(position: LogPosition(sequence: sequence, hash: hash, marker: Array(marker.utf8)),
                      stateVersion: stateVersion, stateStart: header.index)
    }

    /// The checkpoint with only the first `count` bytes of its state, its checksum checked as
    /// the file is read a few megabytes at a time: `log` reads the state's first part of a
    /// checkpoint of any size holding no more than that.
    package func load(statePrefix count: Int) -> Snapshot? {
        guard isOwnedLikeTheLog() else { return nil }
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFREG, info.st_size > Self.magic.count + Self.trailer else { return nil }
        let body = Int(info.st_size) - Self.trailer
        // The header is a few short lines.
        let headLength = min(body, Self.magic.count + 1_024 + count)
        guard let head = FileDescriptor.read(fd, count: headLength, at: 0), head.starts(with: Self.magic),
              let header = Self.header(head[Self.magic.count...], stateEnd: body) else { return nil }
        var checksum = Checksum()
        head.withUnsafeBytes { checksum.add($0) }
        let piece = UnsafeMutableRawBufferPointer.allocate(byteCount: 4 << 20, alignment: 16)
        defer { piece.deallocate() }
        var offset = headLength
        while offset < body {
            let next = UnsafeMutableRawBufferPointer(rebasing: piece[..<min(piece.count, body - offset)])
            guard FileDescriptor.read(fd, into: next, at: Int64(offset)) else { return nil }
            checksum.add(UnsafeRawBufferPointer(next))
            offset += next.count
        }
        guard let trailer = FileDescriptor.read(fd, count: Self.trailer, at: Int64(body)),
              Checksum.hex(checksum.finish()).elementsEqual(trailer) else { return nil }
        return Snapshot(position: header.position, stateVersion: header.stateVersion,
                        state: Array(head[header.stateStart..<min(headLength, header.stateStart + count)]))
    }

    package func save(_ snapshot: Snapshot) -> Bool {
        // No fsync: a checkpoint lost in a crash only means the next start replays.
        do {
            try Files.writeAtomically(Self.encode(snapshot), to: path, sync: false)
            return true
        } catch {
            return false
        }
    }

    /// A checkpoint file's bytes: the header, the state, and a checksum of both.
    private static func encode(_ snapshot: Snapshot) -> [UInt8] {
        var out = Self.magic
        func line(_ text: String) { out += Array((text + "\n").utf8) }
        line("\(Self.formatVersion)")
        line("\(snapshot.stateVersion)")
        line("\(snapshot.position.sequence)")
        line(snapshot.position.hash.description)
        line(String(decoding: snapshot.position.marker, as: UTF8.self))
        line("\(snapshot.state.count)")
        out += snapshot.state
        out += Checksum.hex(out.withUnsafeBytes { Checksum.of($0) })
        return out
    }

    /// The header: one decimal number, hash or marker a line, then the state's bytes.
    private struct HeaderReader {
        let bytes: ArraySlice<UInt8>
        /// Where the next line starts, an index of the whole file's bytes.
        var index: Int

        init(bytes: ArraySlice<UInt8>) {
            self.bytes = bytes
            index = bytes.startIndex
        }

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
