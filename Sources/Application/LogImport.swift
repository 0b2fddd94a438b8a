#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Dispatch
import Engagement
import EventLog
import Synchronization

/// `engage import FILE`: a file log, checked whole, loaded into an empty log elsewhere (a
/// file log, or a shared log in a database), with its contacts' keys.
///
/// The file is read once (mapped). Every record is checked as `verify` and a replay check
/// it: against the hash chain, and its payload decoded as its event type (parsed, for a type
/// this engage does not know). Nothing becomes visible before every record has passed:
/// a file log appears by a rename once the whole file is checked and synced; a database
/// commits one transaction.
package enum LogImport {
    /// What was imported.
    package struct Summary: Equatable, Sendable {
        package var records: Int
        package var keys: Int
    }

    /// How many threads check a file on its way into a file log. The chain can be checked in
    /// pieces (`LogPiece`); the writing thread mostly waits for the disk.
    package static let checkingThreads = 2

    /// Loads the file log at `source` into the file log at `target`, which must be new or
    /// empty. The bytes are written to a file beside the target while other threads check
    /// them; the target appears, whole, only once every record has passed.
    /// `progress` is told how far the check has come.
    package static func intoFile(from source: String, to target: String, progress: (any ReadProgress)? = nil) throws(StoreError) -> Summary {
        let keys = try sourceKeys(source)
        let targetKeys = FileKeyStore(beside: target)
        let file = try MappedFile(path: source)
        let output = try NewLogFile(at: target)

        let written = WriteOutcome()
        let writing = DispatchGroup()
        DispatchQueue.global().async(group: writing) {
            do throws(StoreError) {
                try output.write(file.bytes)
                try output.sync()
            } catch {
                written.failure.withLock { $0 = error }
            }
        }
        let count: Int
        do throws(StoreError) {
            count = try check(file, threads: checkingThreads, progress: progress)
        } catch {
            writing.wait()
            output.discard()
            throw error
        }
        writing.wait()
        if let failure = written.failure.withLock({ $0 }) {
            output.discard()
            throw failure
        }
        // The keys first: a log must never be there without the keys its contacts need. A
        // key store there already keeps its keys, and refuses one that differs.
        let added: [String: [UInt8]]
        do throws(StoreError) {
            added = try targetKeys.addAll(keys)
        } catch {
            output.discard()
            throw error
        }
        do throws(StoreError) {
            try output.commit()
        } catch {
            output.discard()
            // Only the keys this import added go; any that another process keeps there stay.
            try? targetKeys.takeBack(added)
            throw error
        }
        return Summary(records: count, keys: keys.count)
    }

    /// What the writing thread ran into.
    private final class WriteOutcome: Sendable {
        let failure = Mutex<StoreError?>(nil)
    }

    /// Loads the file log at `source` into `store`, an empty log that loads in bulk. Each
    /// record's audience is decided on the state before it, as it was when it was recorded;
    /// reading, checking and folding run while the store loads what came before.
    /// `progress` is told how far reading the file has come.
    package static func into(_ store: any BulkLoading, from source: String, progress: (any ReadProgress)? = nil) throws(StoreError) -> Summary {
        let keys = try sourceKeys(source)
        let file = try MappedFile(path: source)
        var reader = Reader(file)
        progress?.began(total: Int64(file.bytes.count))
        defer { progress?.ended() }
        var told = 0
        do {
            try store.load(keys: keys) { () throws(StoreError) in
                let next = try reader.next()
                if let progress, reader.offset - told >= MappedFile.progressStep || next == nil {
                    progress.advanced(by: Int64(reader.offset - told))
                    told = reader.offset
                }
                return next
            }
        } catch let error as StoreError {
            throw error
        } catch {
            throw .unavailable(location: store.location, operation: "import into", reason: "\(error)")
        }
        return Summary(records: reader.count, keys: keys.count)
    }

    /// The contacts' keys beside `source`: they go with the records, or the imported
    /// contacts could not be read. A key store that cannot be read, or holds a key that is
    /// not 32 bytes, stops the import before anything is written.
    static func sourceKeys(_ source: String) throws(StoreError) -> [String: [UInt8]] {
        let store = FileKeyStore(beside: source)
        let keys = try store.keys()
        if let (id, _) = keys.first(where: { $0.value.count != 32 }) {
            throw .unavailable(location: store.path, operation: "import", reason: "the key of contact \(id) is not 32 bytes: the key store is damaged")
        }
        return keys
    }

    /// Decodes a record as a replay does; a payload of a type this engage does not know is
    /// parsed, as `verify` parses every payload.
    static func decode(_ record: LogRecord) throws(PayloadError) -> RecordedEvent {
        let event = try RecordedEvent(record)
        if case .unrecognised = event.event {
            do {
                _ = try record.payload()
            } catch {
                throw PayloadError("record #\(record.sequence) (\(record.type) v\(record.version)): payload: \(error)")
            }
        }
        return event
    }

    /// Checks every record of `file` on `threads` threads, each a piece of the file; returns
    /// how many records it holds.
    static func check(_ file: MappedFile, threads: Int, progress: (any ReadProgress)? = nil) throws(StoreError) -> Int {
        guard let pieces = file.logPieces(threads) else { return try explainFailure(file) }
        let outcomes = PieceOutcomes(count: pieces.count)
        progress?.began(total: Int64(file.bytes.count))
        defer { progress?.ended() }
        DispatchQueue.concurrentPerform(iterations: pieces.count) { k in
            let outcome = file.forEachRecord(in: pieces[k], progress: progress) { record, _ in (try? decode(record)) != nil }
            outcomes.found.withLock { $0[k] = outcome }
        }
        let results = outcomes.found.withLock { $0 }.map { $0! }
        for (k, outcome) in results.enumerated() {
            let joined = k + 1 == pieces.count
                || (outcome.lastSequence + 1 == pieces[k + 1].firstSequence && outcome.lastHash == pieces[k + 1].previousHash)
            guard !outcome.stopped, joined else { return try explainFailure(file) }
        }
        guard let last = results.last, last.lastSequence > 0 else {
            throw .unavailable(location: file.path, operation: "import", reason: "no records")
        }
        return last.lastSequence
    }

    /// Each piece's outcome, from the thread that checked it.
    private final class PieceOutcomes: Sendable {
        let found: Mutex<[PieceOutcome?]>
        init(count: Int) { found = Mutex(Array(repeating: nil, count: count)) }
    }

    /// Names what is wrong with a file the pieces did not pass, as `verify` names damage, or
    /// the first record that does not decode.
    private static func explainFailure(_ file: MappedFile) throws(StoreError) -> Int {
        try throwDamage(file)
        var reader = Reader(file, folding: false)
        while try reader.next() != nil {}
        guard reader.count > 0 else { throw .unavailable(location: file.path, operation: "import", reason: "no records") }
        return reader.count
    }

    /// The records of a mapped log in order, each checked against the chain, decoded, and
    /// folded into the state the next one's audience is decided on.
    package struct Reader {
        let file: MappedFile
        let folding: Bool
        private var scanner = LogScanner()
        /// Where the next record's line starts.
        package private(set) var offset = 0
        private var model = Model()
        package private(set) var count = 0

        package init(_ file: MappedFile, folding: Bool = true) {
            self.file = file
            self.folding = folding
        }

        /// The next record, or `nil` after the last; throws the damage or the record that
        /// does not decode, naming it as `verify` does.
        package mutating func next() throws(StoreError) -> ImportedRecord? {
            let bytes = file.bytes
            guard offset < bytes.count, let base = bytes.baseAddress else {
                guard count > 0 else { throw .unavailable(location: file.path, operation: "import", reason: "no records") }
                return nil
            }
            guard let newline = memchr(base + offset, 0x0A, bytes.count - offset) else { return try damaged() }
            let end = base.distance(to: newline.assumingMemoryBound(to: UInt8.self))
            let line = UnsafeBufferPointer(start: base + offset, count: end - offset)
            guard line.count <= FileEventStore.maximumLineLength, let record = try? scanner.next(line) else { return try damaged() }
            let event: RecordedEvent
            do {
                event = try LogImport.decode(record)
            } catch {
                // The file's damage, if it has any, comes first, as `verify` would find it.
                try LogImport.throwDamage(file)
                throw .unavailable(location: file.path, operation: "import", reason: error.description)
            }
            var audience = Audience.coordinators
            if folding {
                audience = Access.audience(of: event.event, in: model)
                _ = model.apply(event)
            }
            offset = end + 1
            count += 1
            return ImportedRecord(record: record, line: line, audience: audience)
        }

        /// Throws the file's damage, named as `verify` names it.
        private func damaged() throws(StoreError) -> ImportedRecord? {
            try LogImport.throwDamage(file)
            throw .unavailable(location: file.path, operation: "import", reason: "the file changed while it was read")
        }
    }

    /// Throws the damage `verify` finds in `file`, if it finds any. Reading a file to name
    /// its damage runs only once something failed.
    fileprivate static func throwDamage(_ file: MappedFile) throws(StoreError) {
        let report = try FileEventStore(path: file.path, clock: { Timestamp(secondsSinceEpoch: 0) }).verify()
        if let damage = report.damage { throw .damaged(location: file.path, damage) }
    }
}
