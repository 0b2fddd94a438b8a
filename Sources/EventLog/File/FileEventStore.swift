#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The embedded backend: one JSON Lines file, appended under an exclusive `flock`.
///
/// * An append is acknowledged only after `write` and `fsync` (and, when it created the
///   file, an `fsync` of the folder), all under the lock, so concurrent writers from any
///   number of processes continue the chain from the true tail, one after another.
/// * Bytes after the last newline, found under the lock, can only be a writer that died
///   mid-append: they are copied to a side file next to the log, then cut off, and the
///   caller is told. Nothing else is ever changed in place.
/// * Any other damage stops writes for good and stops reads at the valid prefix.
package final class FileEventStore: EventStore {
    package let path: String
    package var location: String { path }

    private let clock: () -> Timestamp
    private var scanner = LogScanner()
    /// Bytes of complete, checked lines: where the next read starts.
    private var consumed: Int64 = 0
    private var damage: LogDamage?
    /// Whether this instance created the file (its first append started the log).
    private var started = false
    /// Records read while catching up inside `append`, not yet handed out by `poll`.
    private var unseen: [LogRecord] = []
    private var writeDescriptor: Int32 = -1
    /// Where the last record read or written starts, and the hash of the one before it.
    private var lastLineStart: Int64 = 0
    private var previousHash = ChainHash.genesis

    /// A line longer than this is not a record; without a cap a file with no newlines
    /// would be read into memory whole.
    package static let maximumLineLength = 16 << 20

    /// How long a writer waits for another process's lock before it gives up, in seconds.
    package let lockWait: Double

    /// Told how far each read of the file has come, block by block (none by default).
    package var progress: (any ReadProgress)?

    /// `lockWait`: how long to wait for another process's lock (`ENGAGE_LOCK_WAIT`).
    package init(path: String, clock: @escaping () -> Timestamp, lockWait: Double = 10) {
        self.path = path
        self.clock = clock
        self.lockWait = lockWait
    }

    deinit {
        if writeDescriptor >= 0 { close(writeDescriptor) }
    }

    package var lastSequence: Int { scanner.lastSequence }

    package var position: LogPosition {
        LogPosition(sequence: scanner.lastSequence, hash: scanner.lastHash,
                    marker: Marker(previousHash: previousHash, lineStart: lastLineStart, end: consumed).bytes)
    }

    /// What a position holds for this backend: the hash before the record, and the byte
    /// offsets where the record's line starts and where the next begins.
    struct Marker: Equatable {
        var previousHash: ChainHash
        var lineStart: Int64
        var end: Int64

        /// `HASH START END`, in ASCII.
        var bytes: [UInt8] { Array("\(previousHash) \(lineStart) \(end)".utf8) }

        init(previousHash: ChainHash, lineStart: Int64, end: Int64) {
            self.previousHash = previousHash
            self.lineStart = lineStart
            self.end = end
        }

        init?(_ bytes: [UInt8]) {
            let parts = String(decoding: bytes, as: UTF8.self).split(separator: " ")
            guard parts.count == 3, let hash = ChainHash(hex: String(parts[0])),
                  let start = Int64(parts[1]), let end = Int64(parts[2]), start >= 0, end > start else { return nil }
            self.init(previousHash: hash, lineStart: start, end: end)
        }
    }

    package func resume(at position: LogPosition) throws(StoreError) -> Bool {
        precondition(consumed == 0 && unseen.isEmpty && damage == nil, "resume before the first read")
        guard position.sequence > 0 else { return true }
        guard let marker = Marker(position.marker) else { return false }
        let length = marker.end - marker.lineStart
        guard length > 1, length <= Int64(Self.maximumLineLength) else { return false }
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        if fd < 0 {
            if errno == ENOENT { return false }
            throw failure("read", errno)
        }
        defer { close(fd) }
        try checkRegularFile(fd)
        guard let line = FileDescriptor.read(fd, count: Int(length), at: marker.lineStart), line.last == 0x0A else { return false }
        // The record must decode there, chained from the hash before it, to the same hash.
        var scanner = LogScanner(after: position.sequence - 1, hash: marker.previousHash)
        let matches = line.withUnsafeBufferPointer { bytes in
            let record = try? scanner.next(UnsafeBufferPointer(rebasing: bytes.dropLast()))
            return record?.hash == position.hash
        }
        guard matches else { return false }
        // The byte before the line ends the record before it (or the line is the first).
        if marker.lineStart > 0 {
            var before: UInt8 = 0
            guard pread(fd, &before, 1, off_t(marker.lineStart - 1)) == 1, before == 0x0A else { return false }
        }
        self.scanner = scanner
        consumed = marker.end
        lastLineStart = marker.lineStart
        previousHash = marker.previousHash
        return true
    }

    /// Anyone who can write the file can edit it.
    package var guardsItsHistory: Bool { false }

    package func exists() throws(StoreError) -> Bool {
        var info = stat()
        if stat(path, &info) == 0 { return true }
        if errno == ENOENT { return false }
        throw failure("inspect", errno)
    }

    package func reopened() -> any EventStore {
        let store = FileEventStore(path: path, clock: clock, lockWait: lockWait)
        store.progress = progress
        return store
    }

    package func poll(_ visit: (consuming LogRecord) -> Void) throws(StoreError) -> LogDamage? {
        try poll(through: .max, visit)
    }

    package func poll(through last: Int, _ visit: (consuming LogRecord) -> Void) throws(StoreError) -> LogDamage? {
        let pending = unseen.prefix { $0.sequence <= last }
        unseen.removeFirst(pending.count)
        for record in pending { visit(record) }
        if damage == nil, unseen.isEmpty, scanner.lastSequence < last {
            let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
            if fd < 0 {
                if errno == ENOENT { return nil }
                throw failure("read", errno)
            }
            defer { close(fd) }
            try checkRegularFile(fd)
            let size = try fileSize(fd)
            if size < consumed { throw fileError(.shrunk(from: consumed, to: size)) }
            _ = try readNewLines(fd, through: last, visit)
        }
        return damage
    }

    package func append(_ events: [NewEvent], expectingLast: Int?) throws(StoreError) -> AppendResult {
        let fd = try openForWriting()
        try lock(fd, LOCK_EX)
        defer { _ = flock(fd, LOCK_UN) }
        try checkStillAtPath(fd)

        var quarantine: Quarantine?
        if damage == nil {
            let size = try fileSize(fd)
            if size < consumed { throw fileError(.shrunk(from: consumed, to: size)) }
            if size > consumed {
                var noticed: [LogRecord] = []
                let torn = try readNewLines(fd) { noticed.append($0) }
                unseen += noticed
                if damage == nil, torn > 0 { quarantine = try moveAside(fd, byteCount: torn) }
            }
        }
        if let damage { throw .damaged(location: path, damage) }
        if let expectingLast, expectingLast != lastSequence {
            throw .conflict(expected: expectingLast, actual: lastSequence)
        }
        guard !events.isEmpty else { return AppendResult(records: [], quarantine: quarantine) }

        var bytes: [UInt8] = []
        bytes.reserveCapacity(events.count * 320)
        var records: [LogRecord] = []
        records.reserveCapacity(events.count)
        // Locals, not properties, in the loops: a class property touched per event pays a
        // dynamic exclusivity check each time.
        var previous = scanner.lastHash
        var lastStart = 0
        var beforeLast = previous
        let first = lastSequence + 1
        for (offset, event) in events.enumerated() {
            let sequence = first + offset
            lastStart = bytes.count
            beforeLast = previous
            let (hash, payload) = LogLine.encode(event, sequence: sequence, previous: previous, into: &bytes)
            records.append(LogRecord(sequence: sequence, timestamp: event.timestamp, actor: event.actor, type: event.type,
                                     version: event.version, payloadBytes: payload[...], hash: hash))
            previous = hash
        }
        do {
            try writeAll(fd, bytes)
        } catch {
            // Our own unacknowledged partial write, under our lock: take it back so the
            // next writer does not mistake it for a crash.
            _ = ftruncate(fd, off_t(consumed))
            throw error
        }
        if fsync(fd) != 0 { throw failure("sync", errno) }
        lastLineStart = consumed + Int64(lastStart)
        previousHash = beforeLast
        consumed += Int64(bytes.count)
        var scanner = self.scanner
        for record in records { scanner.advance(over: record) }
        self.scanner = scanner
        var result = AppendResult(records: records, quarantine: quarantine)
        result.startedNewLog = started
        started = false
        return result
    }

    package func verify() throws(StoreError) -> VerifyReport {
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        if fd < 0 {
            if errno == ENOENT { return VerifyReport(count: 0, lastHash: .genesis, damage: nil) }
            throw failure("read", errno)
        }
        defer { close(fd) }
        try checkRegularFile(fd)
        // Shared: no writer is mid-append, so an unterminated last line is really torn.
        try lock(fd, LOCK_SH)
        defer { _ = flock(fd, LOCK_UN) }
        var (scanner, damage, outcome) = try walkSoundRecords(fd)
        if damage == nil { damage = outcome.overlongDamage(after: scanner) }
        if damage == nil, outcome.trailingBytes > 0 {
            damage = LogDamage(sequence: scanner.nextSequence, line: scanner.lineNumber + 1,
                               kind: .torn(byteCount: outcome.trailingBytes))
        }
        // A record whose envelope chained but whose payload did not parse is not sound.
        let sound = min(scanner.lastSequence, (damage?.sequence ?? .max) - 1)
        return VerifyReport(count: sound, lastHash: scanner.lastHash, damage: damage)
    }

    // MARK: - Reading

    /// Reads complete lines from `consumed` on, checking each against the chain; returns
    /// how many bytes follow the last newline.
    /// Stops before the record after `last`.
    private func readNewLines(_ fd: Int32, through last: Int = .max, _ visit: (consuming LogRecord) -> Void) throws(StoreError) -> Int {
        let reader = LineReader(fd: fd, path: path, maximumLineLength: Self.maximumLineLength, progress: progress)
        var found: LogDamage?
        var scanner = self.scanner
        var lineStart = lastLineStart
        var previous = previousHash
        var offset = consumed
        let outcome = try reader.forEachLine(from: consumed) { line, block, start in
            guard scanner.lastSequence < last else { return false }
            do throws(LogDamage) {
                let before = scanner.lastHash
                let record = try scanner.next(line, in: block, at: start)
                previous = before
                lineStart = offset
                offset += Int64(line.count + 1)
                visit(record)
                return true
            } catch {
                found = error
                return false
            }
        }
        self.scanner = scanner
        lastLineStart = lineStart
        previousHash = previous
        consumed += outcome.consumedBytes
        if let found {
            damage = found
        } else {
            damage = outcome.overlongDamage(after: scanner)
        }
        return outcome.trailingBytes
    }

    // MARK: - Writing

    private func openForWriting() throws(StoreError) -> Int32 {
        if writeDescriptor >= 0 { return writeDescriptor }
        var fd = open(path, O_RDWR | O_APPEND | O_CLOEXEC)
        if fd < 0, errno == ENOENT, consumed > 0 {
            // Records were read from it: a log that is gone now was moved or deleted, and a
            // new empty one in its place would start another history.
            throw fileError(.vanished)
        }
        if fd < 0, errno == ENOENT {
            // A new log only in a folder that exists: a mistyped path must not quietly start
            // another history somewhere else.
            var folder = stat()
            guard stat(Self.parent(of: path), &folder) == 0, folder.st_mode & S_IFMT == S_IFDIR else {
                throw fileError(.noFolder(Self.parent(of: path)))
            }
            fd = open(path, O_RDWR | O_APPEND | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
            if fd >= 0 {
                // The new directory entry must survive a crash as much as the records do.
                Files.syncFolder(of: path)
                started = true
            } else if errno == EEXIST {
                fd = open(path, O_RDWR | O_APPEND | O_CLOEXEC)
            }
        }
        if fd < 0 {
            throw failure("open for writing", errno)
        }
        do {
            try checkRegularFile(fd)
        } catch {
            close(fd)
            throw error
        }
        writeDescriptor = fd
        return fd
    }

    /// Copies the `byteCount` bytes after `consumed` to a side file, makes that durable,
    /// then cuts them off the log.
    private func moveAside(_ fd: Int32, byteCount: Int) throws(StoreError) -> Quarantine {
        guard let bytes = FileDescriptor.read(fd, count: byteCount, at: consumed) else { throw failure("read", errno) }

        let stamp = Self.compactStamp(clock())
        var sidePath = "\(path).torn-\(stamp)"
        var side = open(sidePath, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        var attempt = 1
        while side < 0, errno == EEXIST, attempt < 1000 {
            attempt += 1
            sidePath = "\(path).torn-\(stamp)-\(attempt)"
            side = open(sidePath, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        }
        guard side >= 0 else { throw failure("create side file for", errno) }
        do {
            try writeAll(side, bytes)
        } catch {
            close(side)
            throw error
        }
        let synced = fsync(side) == 0
        close(side)
        guard synced else { throw failure("sync side file for", errno) }
        Files.syncFolder(of: path)

        guard ftruncate(fd, off_t(consumed)) == 0, fsync(fd) == 0 else { throw failure("cut the torn line from", errno) }
        return Quarantine(sideFile: sidePath, byteCount: byteCount, sequence: scanner.nextSequence)
    }

    private func writeAll(_ fd: Int32, _ bytes: [UInt8]) throws(StoreError) {
        if let code = FileDescriptor.writeAll(fd, bytes) { throw failure("write", code) }
    }

    // MARK: - Helpers

    /// For `repairTail`: the exclusive lock, the folder's sync, the clock, the file's kind.
    fileprivate func lockForRepair(_ fd: Int32) throws(StoreError) { try lock(fd, LOCK_EX) }
    fileprivate func syncFolder() { Files.syncFolder(of: path) }
    fileprivate func clockNow() -> Timestamp { clock() }
    fileprivate func checkTailFile(_ fd: Int32) throws(StoreError) { try checkRegularFile(fd) }

    /// Takes the lock, waiting at most `lockWait` seconds for another process to let go: a
    /// reader or writer that hangs must not block everyone else forever, silently.
    private func lock(_ fd: Int32, _ operation: Int32) throws(StoreError) {
        var start = timespec()
        clock_gettime(CLOCK_MONOTONIC, &start)
        var pause: UInt32 = 1_000
        while flock(fd, operation | LOCK_NB) != 0 {
            if errno == EINTR { continue }
            guard errno == EWOULDBLOCK else { throw failure("lock", errno) }
            var now = timespec()
            clock_gettime(CLOCK_MONOTONIC, &now)
            let waited = Double(now.tv_sec - start.tv_sec) + Double(now.tv_nsec - start.tv_nsec) / 1e9
            if waited >= lockWait { throw fileError(.locked(seconds: lockWait)) }
            usleep(pause)
            pause = min(pause * 2, 50_000)
        }
    }

    private func fileSize(_ fd: Int32) throws(StoreError) -> Int64 {
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw failure("inspect", errno) }
        return Int64(info.st_size)
    }

    private func checkRegularFile(_ fd: Int32) throws(StoreError) {
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw failure("inspect", errno) }
        if info.st_mode & S_IFMT == S_IFDIR { throw fileError(.isDirectory) }
        if info.st_mode & S_IFMT != S_IFREG { throw fileError(.notRegularFile) }
    }

    /// A descriptor kept open across appends must still be the file at `path`: appending to
    /// a file that was moved or deleted meanwhile would acknowledge records nobody can see.
    private func checkStillAtPath(_ fd: Int32) throws(StoreError) {
        var open = stat()
        var named = stat()
        guard fstat(fd, &open) == 0 else { throw failure("inspect", errno) }
        guard stat(path, &named) == 0, named.st_ino == open.st_ino, named.st_dev == open.st_dev else {
            throw fileError(.replaced)
        }
    }

    private func failure(_ operation: String, _ code: Int32) -> StoreError {
        FileStoreError.failure(path: path, operation, code)
    }

    private func fileError(_ error: FileStoreError) -> StoreError {
        .backend(location: path, BackendError(error))
    }

    static func parent(of path: String) -> String { Files.parent(of: path) }

    /// `20261120T101500Z`, for side-file names.
    static func compactStamp(_ time: Timestamp) -> String {
        String(time.description.filter { $0 != "-" && $0 != ":" })
    }
}

/// What follows the last sound record of a log file, when something does.
package struct TailDamage: Equatable, Sendable {
    /// The sound records before it.
    package var soundRecords: Int
    /// Where the bytes to move start (just after the last sound record's newline).
    package var offset: Int64
    package var byteCount: Int64
    /// Lines among those bytes (a last line without its newline counts).
    package var lineCount: Int
    /// The first problem, as `verify` names it.
    package var damage: LogDamage
}

/// What `FileEventStore.inspectTail` found.
package enum TailInspection: Equatable, Sendable {
    /// Every byte belongs to a sound record: nothing to repair.
    case sound(records: Int)
    /// Only the bytes after the last sound record are wrong: they can be moved aside.
    case repairable(TailDamage)
    /// A bad line with records after it: the damage is not at the tail, and moving the
    /// records after it would lose them.
    case notAtTail(LogDamage)
    /// Not one sound record: the file is not a log, or its start is gone.
    case notALog(LogDamage)
}

extension FileEventStore {
    /// Looks for damage after the last sound record: blank lines, garbage, a torn last line,
    /// a bad last record.
    package func inspectTail() throws(StoreError) -> TailInspection {
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        if fd < 0 {
            if errno == ENOENT { throw .backend(location: path, BackendError(FileStoreError.missing)) }
            throw FileStoreError.failure(path: path, "read", errno)
        }
        defer { close(fd) }
        try checkTailFile(fd)
        return try inspectTail(fd)
    }

    /// Moves the bytes `expected` describes to a side file beside the log, dated by the
    /// store's clock, then cuts them off; both the side file and the log are synced, and the
    /// folder too. Under the exclusive lock, the tail is inspected again first: if it is no
    /// longer what `expected` says (another process wrote meanwhile), nothing is moved.
    /// Returns the side file's path.
    package func repairTail(_ expected: TailDamage) throws(StoreError) -> String {
        let fd = open(path, O_RDWR | O_CLOEXEC | O_NOFOLLOW)
        if fd < 0 { throw FileStoreError.failure(path: path, "open for writing", errno) }
        defer { close(fd) }
        try checkTailFile(fd)
        try lockForRepair(fd)
        defer { _ = flock(fd, LOCK_UN) }
        guard case .repairable(let found) = try inspectTail(fd), found == expected else {
            throw .backend(location: path, BackendError(FileStoreError.changedDuringRepair))
        }
        let stamp = Self.compactStamp(clockNow())
        var sidePath = "\(path).repair-\(stamp)"
        var side = open(sidePath, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        var attempt = 1
        while side < 0, errno == EEXIST, attempt < 1000 {
            attempt += 1
            sidePath = "\(path).repair-\(stamp)-\(attempt)"
            side = open(sidePath, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        }
        guard side >= 0 else { throw FileStoreError.failure(path: path, "create side file for", errno) }
        // Copied in pieces: the tail may be large garbage.
        var copied: Int64 = 0
        while copied < found.byteCount {
            let count = Int(min(found.byteCount - copied, 1 << 20))
            guard let piece = FileDescriptor.read(fd, count: count, at: found.offset + copied), piece.count == count else {
                close(side)
                throw FileStoreError.failure(path: path, "read", errno)
            }
            if let code = FileDescriptor.writeAll(side, piece) {
                close(side)
                throw FileStoreError.failure(path: sidePath, "write", code)
            }
            copied += Int64(count)
        }
        let synced = fsync(side) == 0
        close(side)
        guard synced else { throw FileStoreError.failure(path: sidePath, "sync", errno) }
        syncFolder()
        guard ftruncate(fd, off_t(found.offset)) == 0, fsync(fd) == 0 else {
            throw FileStoreError.failure(path: path, "cut the damaged tail from", errno)
        }
        syncFolder()
        return sidePath
    }

    /// Walks the records from the start, each checked against the chain and its payload
    /// read, up to the first that fails: what `verify` and `repair` both judge the file by.
    private func walkSoundRecords(_ fd: Int32) throws(StoreError) -> (scanner: LogScanner, damage: LogDamage?, outcome: LineReader.Outcome) {
        var scanner = LogScanner()
        var damage: LogDamage?
        let reader = LineReader(fd: fd, path: path, maximumLineLength: Self.maximumLineLength, progress: progress)
        let outcome = try reader.forEachLine(from: 0) { line, block, start in
            do throws(LogDamage) {
                let record = try scanner.next(line, in: block, at: start)
                do {
                    _ = try record.payload()
                } catch {
                    damage = LogDamage(sequence: record.sequence, line: scanner.lineNumber, kind: .unreadable("payload: \(error)"))
                    return false
                }
                return true
            } catch {
                damage = error
                return false
            }
        }
        return (scanner, damage, outcome)
    }

    private func inspectTail(_ fd: Int32) throws(StoreError) -> TailInspection {
        var (scanner, damage, outcome) = try walkSoundRecords(fd)
        let reader = LineReader(fd: fd, path: path, maximumLineLength: Self.maximumLineLength, progress: progress)
        let sound = outcome.consumedBytes
        let records = damage.map { $0.sequence - 1 } ?? scanner.lastSequence
        if damage == nil, let overlong = outcome.overlongDamage(after: scanner) { damage = overlong }
        if damage == nil, outcome.trailingBytes > 0 {
            damage = LogDamage(sequence: scanner.nextSequence, line: scanner.lineNumber + 1, kind: .torn(byteCount: outcome.trailingBytes))
        }
        guard let damage else { return .sound(records: records) }
        if records == 0 { return .notALog(damage) }
        // Everything after the last sound record: is any of it a record?
        var lines = 0
        var recordAfter = false
        let rest = try reader.forEachLine(from: sound) { line, _, _ in
            lines += 1
            if lines > 1, Self.looksLikeRecord(line) {
                recordAfter = true
                return false
            }
            return true
        }
        if recordAfter || rest.overlongLine != nil { return .notAtTail(damage) }
        if rest.trailingBytes > 0 { lines += 1 }
        return .repairable(TailDamage(soundRecords: records, offset: sound,
                                      byteCount: rest.consumedBytes + Int64(rest.trailingBytes), lineCount: lines, damage: damage))
    }

    /// A line with a record's shape (`{"seq":…,"hash":"…"}`), whether or not it chains.
    private static func looksLikeRecord(_ line: UnsafeBufferPointer<UInt8>) -> Bool {
        let start = Array(#"{"seq":"#.utf8)
        let marker = Array(#","hash":""#.utf8)
        let n = line.count
        guard n > LogLine.hashSuffixLength + start.count, line.starts(with: start), line[n - 1] == UInt8(ascii: "}") else { return false }
        let hashStart = n - LogLine.hashSuffixLength
        return marker.indices.allSatisfy { line[hashStart + $0] == marker[$0] }
    }
}

/// What only the file backend can go wrong with.
package enum FileStoreError: Error, Equatable, Sendable, CustomStringConvertible {
    case isDirectory
    case notRegularFile
    /// The file has fewer bytes than were already read from it.
    case shrunk(from: Int64, to: Int64)
    /// Records were read from the file, and now it is gone.
    case vanished
    /// The file open for appending is no longer the one at the path.
    case replaced
    /// Another process held the lock longer than the writer would wait.
    case locked(seconds: Double)
    /// There is no log at the path (a view or check of a log that does not exist).
    case missing
    /// The tail changed between the inspection a person confirmed and the repair.
    case changedDuringRepair
    /// A new log was to be started in a folder that does not exist.
    case noFolder(String)
    /// A file to write is a symbolic link, which is never followed.
    case symbolicLink
    /// A log to import into already holds something.
    case notEmpty

    /// Said of the file: follows its path in a sentence.
    package var description: String {
        switch self {
        case .isDirectory: "is a directory, not a log file"
        case .notRegularFile: "is not a regular file"
        case .shrunk(let from, let to): "shrank from \(from) to \(to) bytes while open: it was truncated or replaced; refusing to write"
        case .vanished: "was moved or deleted while engage had it open"
        case .replaced: "was moved, replaced or deleted while engage had it open"
        case .symbolicLink: "is a symbolic link; engage does not write through one: name the file itself. Nothing was written"
        case .notEmpty: "is not empty: a log is imported only into a new or empty one. Nothing was written"
        case .changedDuringRepair: "changed while the repair waited for confirmation; nothing was moved"
        case .missing: "holds no log: check --log or ENGAGE_LOG (a first write starts a log in an existing folder)"
        case .noFolder(let folder): "cannot be started: the folder \(folder) does not exist (check --log or ENGAGE_LOG). Nothing was recorded"
        case .locked(let seconds):
            "is locked by another process, still after \(seconds == seconds.rounded() ? String(Int(seconds)) : String(seconds)) s (ENGAGE_LOCK_WAIT): nothing was written; try again, or find the process holding it"
        }
    }

    /// A system call's failure on `path`, as a store error.
    static func failure(path: String, _ operation: String, _ code: Int32) -> StoreError {
        if code == EISDIR { return .backend(location: path, BackendError(FileStoreError.isDirectory)) }
        return .unavailable(location: path, operation: operation, reason: String(cString: strerror(code)))
    }
}

/// Splits a file into lines with `pread` and `memchr`, a block of its own for each read.
struct LineReader {
    let fd: Int32
    let path: String
    let maximumLineLength: Int
    /// Told of each block read, from `offset` to the end of the file.
    var progress: (any ReadProgress)?

    struct Outcome {
        /// Bytes of complete lines visited (each with its newline).
        var consumedBytes: Int64 = 0
        /// Bytes after the last newline (when reading ran to the end).
        var trailingBytes = 0
        /// Set when a line exceeded the maximum length.
        var overlongLine: Int?

        /// The damage an overlong line means, at the record after those `scanner` accepted.
        func overlongDamage(after scanner: LogScanner) -> LogDamage? {
            overlongLine.map { LogDamage(sequence: scanner.nextSequence, line: scanner.lineNumber + 1,
                                         kind: .unreadable("line longer than \($0) bytes")) }
        }
    }

    /// Bytes read at a time, unless a line is longer.
    static let blockSize = 1 << 20

    /// Calls `visit` with each complete line (without its newline) from `offset` on, until
    /// the end of the file or until `visit` returns false; with the line, the block it lies
    /// in and where in the block it starts.
    ///
    /// Each read fills a block of its own, never written again once read: a record keeps
    /// its payload as a slice of it (`LogLine.decode`) instead of a copy, and the block goes
    /// once no record holds it.
    func forEachLine(from offset: Int64, _ visit: (UnsafeBufferPointer<UInt8>, [UInt8], Int) -> Bool) throws(StoreError) -> Outcome {
        if let progress {
            var info = stat()
            progress.began(total: fstat(fd, &info) == 0 ? max(0, Int64(info.st_size) - offset) : 0)
        }
        defer { progress?.ended() }
        var outcome = Outcome()
        var capacity = Self.blockSize
        var block: [UInt8] = []
        /// Bytes at the end of `block` after its last newline: the start of the next line.
        var carried = 0
        while true {
            if carried == capacity {
                guard capacity < maximumLineLength else {
                    outcome.overlongLine = maximumLineLength
                    return outcome
                }
                capacity *= 2
            }
            let previous = block
            var failure: Int32 = 0
            let position = off_t(offset + outcome.consumedBytes + Int64(carried))
            // No larger than what the file holds past here, and a page when it holds nothing
            // more: a poll that finds no new record does not take a megabyte to find it.
            var info = stat()
            let left = fstat(fd, &info) == 0 ? Int(max(0, Int64(info.st_size) - Int64(position))) : capacity
            let size = min(capacity, carried + max(left, 4096))
            block = [UInt8](unsafeUninitializedCapacity: size) { buffer, initialized in
                previous.withUnsafeBufferPointer { before in
                    if carried > 0 { buffer.baseAddress!.initialize(from: before.baseAddress! + (before.count - carried), count: carried) }
                }
                var n: Int
                repeat {
                    n = pread(fd, buffer.baseAddress! + carried, size - carried, position)
                } while n < 0 && errno == EINTR
                if n < 0 { failure = errno }
                initialized = carried + max(n, 0)
            }
            if failure != 0 { throw FileStoreError.failure(path: path, "read", failure) }
            let n = block.count - carried
            if n == 0 {
                outcome.trailingBytes = carried
                return outcome
            }
            progress?.advanced(by: Int64(n))
            let stopped = block.withUnsafeBufferPointer { buffer -> Bool in
                let base = buffer.baseAddress!
                var start = 0
                while start < buffer.count, let found = memchr(base + start, 0x0A, buffer.count - start) {
                    let end = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
                    guard visit(UnsafeBufferPointer(start: base + start, count: end - start), block, start) else { return true }
                    outcome.consumedBytes += Int64(end - start + 1)
                    start = end + 1
                }
                carried = buffer.count - start
                return false
            }
            if stopped { return outcome }
        }
    }
}
