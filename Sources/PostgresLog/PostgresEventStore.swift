import EventLog
import Logging
import NIOCore
import NIOPosix
import PostgresNIO
import Synchronization

/// The shared backend: the log as rows of `engage.events` on a PostgreSQL server, one row
/// a record, holding the record's exact line and hash, so the same bytes and the same chain
/// as the file backend.
///
/// * An append is one call of `engage.append` in its own transaction: the server takes a
///   table lock, continues from the true tail, checks the chain and that each record is by
///   the login calling it, and commits; the append is acknowledged only after `COMMIT`.
/// * A reader reads `engage.log` in order of `seq`, in batches; lines the login may not
///   read come as their number, time and hash only, and are handed out as `withheld`
///   records that keep the chain whole.
/// * The API is synchronous, like every `EventStore`: each call waits for the server.
package final class PostgresEventStore: LiveEventStore {
    package let site: PostgresLocation
    package var location: String { site.description }
    private let password: String?

    private var connection: PostgresConnection?
    /// The connection that listens for appends, apart from the one that reads and writes;
    /// opened in the background (`watch`), so set from the event loop's thread.
    private let listener = Listener()

    /// Holds the listening connection across threads.
    private final class Listener: Sendable {
        let connection = Mutex<PostgresConnection?>(nil)
    }
    private var scanner = LogScanner()
    private var damage: LogDamage?
    /// Records read while catching up inside `append`, not yet handed out by `poll`.
    private var unseen: [LogRecord] = []

    /// How many rows a read asks for at a time: memory stays bounded on a large log.
    static let batch = 5_000


    /// One event loop for every connection of the process; its thread is a daemon's.
    static let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)

    package init(_ location: PostgresLocation, password: String?) {
        self.site = location
        self.password = password
    }

    deinit {
        let opened = opening.flatMap { try? $0.wait() }
        for open in [connection, opened, listener.connection.withLock { $0 }].compactMap({ $0 }) {
            try? (open.close() as EventLoopFuture<Void>).wait()
        }
    }

    /// The channel `engage.append` notifies after every commit.
    static let channel = "engage_log"

    /// Listens on a connection of its own, opened in the background: the prompt waits for
    /// neither its authentication nor its LISTEN, and the connection that reads stays open for
    /// the next read. Once it listens, `appended` is called once, so that whatever was
    /// committed before is read at once. If it cannot listen, appends are read before each
    /// prompt, as on a file. A standby replays the primary's log: it can neither LISTEN nor
    /// hear the primary's NOTIFY, so it watches nothing and says so.
    package func watch(_ appended: @escaping @Sendable () -> Void) throws(StoreError) -> Bool {
        if try isReadOnlyStandby() { return false }
        let held = listener
        PostgresConnection.connect(on: Self.group.next(), configuration: configuration, id: Self.nextID(), logger: Self.logger)
            .flatMap { listening in
                held.connection.withLock { $0 = listening }
                listening.addListener(channel: Self.channel) { _, _ in appended() }
                return listening.query("LISTEN \(unescaped: Self.channel)", logger: Self.logger).map { _ in }
            }
            .whenComplete { result in
                switch result {
                case .success: appended()
                case .failure:
                    // Not listening: appends are read before each prompt; the connection goes.
                    held.connection.withLock { connection in
                        connection?.close().whenComplete { _ in }
                        connection = nil
                    }
                }
            }
        return true
    }

    /// Whether the server is a standby in recovery, which serves reads only.
    func isReadOnlyStandby() throws(StoreError) -> Bool {
        let found = try rows("SELECT pg_is_in_recovery()", "read", retry: true)
        return found.first.flatMap { try? $0.decode(Bool.self) } ?? false
    }

    // MARK: Connection

    static let logger: Logger = {
        var logger = Logger(label: "engage.postgres")
        logger.logLevel = .critical
        return logger
    }()

    private static let ids = Mutex(0)

    /// A new connection's number, for the driver's logs.
    private static func nextID() -> Int { ids.withLock { $0 += 1; return $0 } }

    /// How to reach the server: its Unix socket, or TCP without TLS.
    private var configuration: PostgresConnection.Configuration {
        if let folder = site.socketFolder {
            return .init(unixSocketPath: folder + "/.s.PGSQL.\(site.port)", username: site.user, password: password, database: site.database)
        }
        return .init(host: site.host, port: site.port, username: site.user, password: password, database: site.database, tls: .disable)
    }

    /// A connection being opened in the background, which the first `open` takes.
    private var opening: EventLoopFuture<PostgresConnection>?

    /// Starts opening the connection in the background, so that its authentication overlaps
    /// whatever the process does before it first needs it.
    func openInBackground() {
        guard connection == nil, opening == nil else { return }
        opening = PostgresConnection.connect(on: Self.group.next(), configuration: configuration, id: Self.nextID(), logger: Self.logger)
    }

    /// The open connection, opened on first use and again after it was lost.
    func open() throws(StoreError) -> PostgresConnection {
        if let connection, !connection.isClosed { return connection }
        dropConnection()
        if let opening {
            self.opening = nil
            if let opened = try? opening.wait(), !opened.isClosed {
                connection = opened
                return opened
            }
        }
        do {
            let opened = try PostgresConnection.connect(on: Self.group.next(), configuration: configuration, id: Self.nextID(),
                                                        logger: Self.logger).wait()
            connection = opened
            return opened
        } catch {
            throw failure(error, "connect to")
        }
    }

    /// Forgets the connection, closing it first (a connection must be closed before it goes).
    private func dropConnection() {
        if let connection { try? (connection.close() as EventLoopFuture<Void>).wait() }
        connection = nil
    }

    /// Runs `query` and collects its rows. A read on a connection that was lost (the server
    /// restarted, a network cut) is tried once more on a new one; anything that writes is
    /// never retried blindly: its commit may have happened.
    func rows(_ query: PostgresQuery, _ operation: String, retry: Bool = false) throws(StoreError) -> [PostgresRow] {
        let connection = try open()
        do {
            return Array(try connection.query(query, logger: Self.logger).wait().rows)
        } catch {
            let failed = failure(error, operation)
            if retry, case .unavailable = failed, self.connection == nil {
                return try rows(query, operation, retry: false)
            }
            throw failed
        }
    }

    /// A server's or the network's error, as a store error.
    func failure(_ error: any Error, _ operation: String) -> StoreError {
        if let error = error as? PSQLError {
            if let state = error.serverInfo?[.sqlState] {
                let message = error.serverInfo?[.message] ?? "\(error.code)"
                switch state {
                case Schema.Code.conflict:
                    let actual = Int(error.serverInfo?[.detail] ?? "") ?? -1
                    return .conflict(expected: lastSequence, actual: actual)
                case "25006":
                    // read_only_sql_transaction: a standby, or a server set to read-only.
                    return .backend(location: location, BackendError(PostgresStoreError.readOnly))
                case "3F000", "42P01", "42883":
                    return .backend(location: location, BackendError(PostgresStoreError.noSchema))
                case let state where state.hasPrefix("57") || state.hasPrefix("08"):
                    // The server ended the session (a restart, an administrator): connect again next time.
                    dropConnection()
                    return .unavailable(location: location, operation: operation, reason: message)
                default:
                    return .backend(location: location, BackendError(PostgresStoreError.server(state: state, message: message)))
                }
            }
            if error.code == .connectionError || error.code == .serverClosedConnection || error.code == .clientClosedConnection {
                dropConnection()
                let reason = error.underlying.map { "\($0)" } ?? "the connection was lost"
                return .unavailable(location: location, operation: operation, reason: reason)
            }
            return .unavailable(location: location, operation: operation, reason: "\(error.code)")
        }
        dropConnection()
        return .unavailable(location: location, operation: operation, reason: "\(error)")
    }

    // MARK: EventStore

    package var lastSequence: Int { scanner.lastSequence }

    package var position: LogPosition {
        LogPosition(sequence: scanner.lastSequence, hash: scanner.lastHash, marker: [])
    }

    package func resume(at position: LogPosition) throws(StoreError) -> Bool {
        precondition(scanner.lastSequence == 0 && unseen.isEmpty && damage == nil, "resume before the first read")
        guard position.sequence > 0 else { return true }
        // The record must still be there, and its line (where this login may read it) must
        // chain from the record before it to the same hash.
        let found = try rows("SELECT seq, hash, line FROM engage.log WHERE seq BETWEEN \(Int64(position.sequence - 1)) AND \(Int64(position.sequence)) ORDER BY seq", "read")
        guard let last = found.last, let (seq, hash, line) = try? last.decode((Int64, ByteBuffer, ByteBuffer?).self),
              Int(seq) == position.sequence, Array(hash.readableBytesView) == position.hash.bytes else { return false }
        if let line {
            var previous = ChainHash.genesis
            if position.sequence > 1 {
                guard found.count == 2, let (_, before, _) = try? found[0].decode((Int64, ByteBuffer, ByteBuffer?).self),
                      let hash = ChainHash(exactly: Array(before.readableBytesView)) else { return false }
                previous = hash
            }
            var check = LogScanner(after: position.sequence - 1, hash: previous)
            let record = try? Array(line.readableBytesView).withUnsafeBufferPointer { bytes throws(LogDamage) in try check.next(bytes) }
            guard record?.hash == position.hash else { return false }
        }
        scanner = LogScanner(after: position.sequence, hash: position.hash)
        schemaChecked = true
        return true
    }

    /// The server refuses UPDATE, DELETE and TRUNCATE to every login, and checks the chain of every append.
    package var guardsItsHistory: Bool { true }

    /// The database exists and holds the schema, or connecting and reading say why not.
    package func exists() throws(StoreError) -> Bool {
        try checkSchema()
        return true
    }

    package func reopened() -> any EventStore {
        PostgresEventStore(site, password: password)
    }

    package func poll(_ visit: (consuming LogRecord) -> Void) throws(StoreError) -> LogDamage? {
        try poll(through: .max, visit)
    }

    package func poll(through last: Int, _ visit: (consuming LogRecord) -> Void) throws(StoreError) -> LogDamage? {
        let pending = unseen.prefix { $0.sequence <= last }
        unseen.removeFirst(pending.count)
        for record in pending { visit(record) }
        if damage == nil, unseen.isEmpty, lastSequence < last { try readNewRows(through: last, visit) }
        return damage
    }

    package func append(_ events: [NewEvent], expectingLast: Int?) throws(StoreError) -> AppendResult {
        while true {
            // Without an expectation, continue from the true tail.
            if expectingLast == nil, damage == nil {
                var noticed: [LogRecord] = []
                try readNewRows { noticed.append($0) }
                unseen += noticed
            }
            if let damage { throw .damaged(location: location, damage) }
            if let expectingLast, expectingLast != lastSequence {
                throw .conflict(expected: expectingLast, actual: lastSequence)
            }
            guard !events.isEmpty else { return AppendResult(records: []) }

            var lines: [ByteBuffer] = []
            var records: [LogRecord] = []
            var previous = scanner.lastHash
            for (offset, event) in events.enumerated() {
                var bytes: [UInt8] = []
                let sequence = lastSequence + 1 + offset
                let (hash, payload) = LogLine.encode(event, sequence: sequence, previous: previous, into: &bytes)
                bytes.removeLast()
                lines.append(ByteBuffer(bytes: bytes))
                records.append(LogRecord(sequence: sequence, timestamp: event.timestamp, actor: event.actor, type: event.type,
                                         version: event.version, payloadBytes: payload[...], hash: hash))
                previous = hash
            }
            let audiences = events.map(\.audience.tag)
            do {
                _ = try rows("SELECT engage.append(\(Int64(lastSequence)), \(lines), \(audiences))", "append to")
            } catch {
                // Appending without an expectation: someone got there first; read and retry.
                if case .conflict = error, expectingLast == nil { continue }
                if case .conflict(_, let actual) = error { throw .conflict(expected: expectingLast ?? lastSequence, actual: actual) }
                throw error
            }
            var scanner = self.scanner
            for record in records { scanner.advance(over: record) }
            self.scanner = scanner
            return AppendResult(records: records)
        }
    }

    package func verify() throws(StoreError) -> VerifyReport {
        let reader = PostgresEventStore(site, password: password)
        var checked = 0
        var payloadDamage: LogDamage?
        let found = try reader.poll { record in
            guard payloadDamage == nil else { return }
            if record.type != LogRecord.withheldType {
                do {
                    _ = try record.payload()
                } catch {
                    payloadDamage = LogDamage(sequence: record.sequence, line: record.sequence, kind: .unreadable("payload: \(error)"))
                    return
                }
            }
            checked = record.sequence
        }
        let damage = payloadDamage ?? found
        return VerifyReport(count: damage.map { $0.sequence - 1 } ?? checked, lastHash: reader.scanner.lastHash, damage: damage)
    }

    /// Another connection on the same log, for contacts' keys: they are read while the log is
    /// read on another thread (a session's first read), and never share a transaction with
    /// appends.
    func reopenedForKeys() -> PostgresEventStore {
        PostgresEventStore(site, password: password)
    }

    /// The schema version installed (0: none).
    func installedVersion() throws(StoreError) -> Int {
        let found = try rows("SELECT to_regclass('engage.meta') IS NOT NULL", "read", retry: true)
        guard let row = found.first, (try? row.decode(Bool.self)) == true else { return 0 }
        let version = try rows("SELECT value FROM engage.meta WHERE key = 'schema_version'", "read")
        return version.first.flatMap { try? $0.decode(String.self) }.flatMap { Int($0) } ?? 0
    }

    /// Checks the schema is there and of a version this engage reads.
    func checkSchema() throws(StoreError) {
        let version = try installedVersion()
        if version == 0 { throw .backend(location: location, BackendError(PostgresStoreError.noSchema)) }
        if version > Schema.version {
            throw .backend(location: location, BackendError(PostgresStoreError.newerSchema(found: version, supported: Schema.version)))
        }
    }

    /// Every line of the log, in order, exactly as stored; refused if this login may not
    /// read them all.
    package func forEachLine(_ visit: ([UInt8]) -> Void) throws(StoreError) {
        try checkSchema()
        var after: Int64 = 0
        while true {
            var batch = try rows("SELECT seq, line FROM engage.log WHERE seq > \(after) AND seq <= \(after + Int64(Self.batch)) ORDER BY seq", "read")
            if batch.count < Self.batch {
                batch += try rows("SELECT seq, line FROM engage.log WHERE seq > \(after + Int64(batch.count)) ORDER BY seq LIMIT 1", "read")
            }
            for row in batch {
                guard let (seq, line) = try? row.decode((Int64, ByteBuffer?).self) else {
                    throw .backend(location: location, BackendError(PostgresStoreError.server(state: "", message: "a row could not be read")))
                }
                guard let line else {
                    throw .backend(location: location, BackendError(PostgresStoreError.server(
                        state: "", message: "record #\(seq) is not this login's to read: export as a coordinator")))
                }
                guard seq == after + 1 else {
                    throw .damaged(location: location, LogDamage(sequence: Int(after) + 1, line: Int(after) + 1, kind: .sequence(found: Int(seq))))
                }
                visit(Array(line.readableBytesView))
                after = seq
            }
            if batch.count < Self.batch { return }
        }
    }

    /// Reads the rows after the last one read, checking each line against the chain.
    private var schemaChecked = false

    /// Stops after record `last`.
    private func readNewRows(through last: Int = .max, _ visit: (consuming LogRecord) -> Void) throws(StoreError) {
        if !schemaChecked {
            try checkSchema()
            schemaChecked = true
        }
        while damage == nil, lastSequence < last {
            let after = Int64(lastSequence)
            let wanted = min(Self.batch, last - lastSequence)
            // A range of numbers, not a LIMIT: the server reads just those rows. Numbers have no
            // gaps; a short batch is checked for rows beyond it, so a gap is found as damage.
            var batch = try rows("""
                SELECT seq, hash, ts, line FROM engage.log WHERE seq > \(after) AND seq <= \(after + Int64(wanted)) ORDER BY seq
                """, "read", retry: true)
            if batch.count < wanted {
                let known = after + Int64(batch.count)
                batch += try rows("SELECT seq, hash, ts, line FROM engage.log WHERE seq > \(known) ORDER BY seq LIMIT 1", "read")
            }
            var scanner = self.scanner
            for row in batch {
                let (seq, hash, ts, line): (Int64, ByteBuffer, String, ByteBuffer?)
                do {
                    (seq, hash, ts, line) = try row.decode((Int64, ByteBuffer, String, ByteBuffer?).self)
                } catch {
                    damage = LogDamage(sequence: scanner.nextSequence, line: scanner.nextSequence, kind: .unreadable("row: \(error)"))
                    break
                }
                let stored = Array(hash.readableBytesView)
                if let line {
                    do throws(LogDamage) {
                        let record = try Array(line.readableBytesView).withUnsafeBufferPointer { bytes throws(LogDamage) in
                            try scanner.next(bytes)
                        }
                        guard record.hash.bytes == stored else {
                            damage = LogDamage(sequence: record.sequence, line: record.sequence, kind: .hashMismatch)
                            break
                        }
                        visit(record)
                    } catch {
                        damage = error
                        break
                    }
                } else {
                    // A line this login may not read: its number, time and hash keep the chain.
                    guard Int(seq) == scanner.nextSequence, let hash = ChainHash(exactly: stored),
                          let timestamp = Timestamp(iso8601: ts) else {
                        damage = LogDamage(sequence: scanner.nextSequence, line: scanner.nextSequence, kind: .sequence(found: Int(seq)))
                        break
                    }
                    let record = LogRecord(sequence: Int(seq), timestamp: timestamp, actor: "", type: LogRecord.withheldType, version: 1,
                                           payloadBytes: Array("{}".utf8)[...], hash: hash)
                    scanner.advance(over: record)
                    visit(record)
                }
            }
            self.scanner = scanner
            if batch.count < wanted { return }
        }
    }
}

extension PostgresEventStore: BulkLoading {
    /// Loads a checked log into an empty one by `COPY`, as the schema's owner (only the owner
    /// may write `engage.events` directly), in one transaction: `engage.begin_import` locks
    /// the table and finds it empty, the rows stream in while `next` reads, checks and folds
    /// the records after them, then `engage.finish_import` checks the rows in one pass, founds
    /// the log and applies its members, and the keys go in before `COMMIT`.
    package func load(keys: [String: [UInt8]], _ next: () throws -> ImportedRecord?) throws {
        try checkSchema()
        let connection = try open()
        _ = try rows("BEGIN", "begin a transaction on")
        do {
            _ = try rows("SELECT engage.begin_import()", "import into")
            // The driver quotes the table's name whole: the schema comes from the path.
            _ = try rows("SET LOCAL search_path TO engage", "import into")
            let last = try withoutActuallyEscaping(next) { next in
                let source = RecordSource(next)
                do {
                    try Self.waitFor {
                        // `next` must be let go before the wait ends, however the copy ends:
                        // the task may outlive the promise it completes.
                        defer { source.release() }
                        try await connection.copyFrom(table: "events", columns: CopyRows.columns, logger: Self.logger) { writer in
                            var rows = CopyRows(capacity: Self.copyBlock + (64 << 10))
                            while let record = try source.next() {
                                rows.append(record)
                                source.last = (record.record.sequence, record.record.hash)
                                if rows.count >= Self.copyBlock {
                                    try await writer.write(ByteBuffer(bytes: rows.bytes))
                                    rows.removeAll()
                                }
                            }
                            if rows.count > 0 { try await writer.write(ByteBuffer(bytes: rows.bytes)) }
                        }
                    }
                } catch let error as PSQLError {
                    throw failure(error, "import into")
                }
                return source.last
            }
            let (count, hash) = last
            _ = try rows("SELECT engage.finish_import(\(Int64(count)), \(ByteBuffer(bytes: hash.bytes)))", "import into")
            if !keys.isEmpty {
                let sorted = keys.sorted { $0.key < $1.key }
                let ids = sorted.map(\.key)
                let values = sorted.map { ByteBuffer(bytes: $0.value) }
                _ = try rows("INSERT INTO engage.contact_keys SELECT * FROM unnest(\(ids)::text[], \(values)::bytea[])", "import keys into")
            }
            _ = try rows("COMMIT", "commit")
        } catch {
            _ = try? rows("ROLLBACK", "roll back")
            throw error
        }
    }

    /// How many bytes of rows go to the server at a time.
    static let copyBlock = 1 << 20

    /// The records to load, handed to the task that copies them. Unchecked because the thread
    /// that made it waits, doing nothing, until that task is done: `next` runs on one
    /// thread at a time, never two at once.
    private final class RecordSource: @unchecked Sendable {
        private var read: (() throws -> ImportedRecord?)?
        var last: (Int, ChainHash) = (0, .genesis)
        init(_ next: @escaping () throws -> ImportedRecord?) { read = next }
        func next() throws -> ImportedRecord? { try read?() }
        /// Lets `next` go, so that nothing holds it once `withoutActuallyEscaping` returns.
        func release() { read = nil }
    }

    /// Runs `body` as a task and waits for it: the store's API is synchronous.
    private static func waitFor(_ body: @escaping @Sendable () async throws -> Void) throws {
        let promise = group.next().makePromise(of: Void.self)
        promise.completeWithTask(body)
        try promise.futureResult.wait()
    }
}

/// What only the PostgreSQL backend can go wrong with.
package enum PostgresStoreError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The database has no engage schema yet.
    case noSchema
    /// The schema was made by a newer engage.
    case newerSchema(found: Int, supported: Int)
    /// The server takes no writes: a standby in recovery, or one set to read-only.
    case readOnly
    /// The server refused, with its SQLSTATE and message.
    case server(state: String, message: String)

    package var description: String {
        switch self {
        case .noSchema: "has no engage log yet: a database owner creates it with 'engage db init URL'"
        case .newerSchema(let found, let supported):
            "holds a log of schema version \(found), newer than this engage reads (\(supported)): upgrade engage"
        case .readOnly:
            "is read-only, a standby: record on the primary (views, export and verify work here)"
        case .server(_, let message): "refused: \(message)"
        }
    }
}
