import EventLog
import PostgresNIO

/// The database a shared log lives in, for what is not reading or appending records:
/// creating and upgrading the schema.
package struct PostgresDatabase {
    let store: PostgresEventStore

    package init(_ location: PostgresLocation, password: String?) {
        store = PostgresEventStore(location, password: password)
    }

    /// Creates the schema, or upgrades it, in one transaction; returns the versions before
    /// and after. Safe to run again: an up-to-date schema is left as it is.
    package func initialise() throws(StoreError) -> (before: Int, after: Int) {
        _ = try store.rows("BEGIN", "begin a transaction on")
        do throws(StoreError) {
            // One initialiser at a time.
            _ = try store.rows("SELECT pg_advisory_xact_lock(7243501)", "lock")
            let installed = try store.installedVersion()
            if installed > Schema.version {
                throw StoreError.backend(location: store.location,
                                         BackendError(PostgresStoreError.newerSchema(found: installed, supported: Schema.version)))
            }
            for statement in Schema.statements(upgradingFrom: installed) {
                _ = try store.rows(PostgresQuery(unsafeSQL: statement), "create the schema in")
            }
            if installed < Schema.version {
                _ = try store.rows("UPDATE engage.meta SET value = \(String(Schema.version)) WHERE key = 'schema_version'", "upgrade")
            }
            _ = try store.rows("COMMIT", "commit")
            return (installed, Schema.version)
        } catch {
            _ = try? store.rows("ROLLBACK", "roll back")
            throw error
        }
    }
}

/// The checkpoint of a shared log, in the database beside it (`engage.snapshots`).
/// Coordinators and reviewers read and write it; a snapshot is saved only if its record is
/// in the log with its hash.
///
/// It reads and writes on the log's own connection: a session loads the snapshot just before
/// it reads the log and saves one after, never while reading, and each is one statement of
/// its own, so a session starts with one connection rather than two.
package final class PostgresSnapshotStore: SnapshotStore {
    // Unchecked: the store is used from the session's thread only, as every store is.
    private nonisolated(unsafe) let store: PostgresEventStore

    package init(_ store: PostgresEventStore) {
        self.store = store
    }

    /// The checkpoint and its state's pieces, read in one statement, so they belong together
    /// even while another session saves a new one.
    package func load() -> Snapshot? {
        let rows: [PostgresRow]
        do {
            rows = try store.rows("""
                SELECT s.seq, s.hash, s.state_version, p.piece FROM engage.snapshots s, engage.snapshot_pieces p
                WHERE s.id = 1 ORDER BY p.n
                """, "read")
        } catch {
            // A schema older than version 5 (not upgraded yet) keeps the state in one value.
            guard let rows = try? store.rows("SELECT seq, hash, state_version, state FROM engage.snapshots WHERE id = 1", "read") else {
                return nil
            }
            return Self.snapshot(rows)
        }
        return Self.snapshot(rows)
    }

    /// The snapshot that rows of (seq, hash, state_version, state or a piece of it) hold.
    private static func snapshot(_ rows: [PostgresRow]) -> Snapshot? {
        guard let first = rows.first, let (seq, hash, version, _) = try? first.decode((Int64, ByteBuffer, Int32, ByteBuffer).self),
              let chainHash = ChainHash(exactly: Array(hash.readableBytesView)) else { return nil }
        var pieces: [ByteBuffer] = []
        pieces.reserveCapacity(rows.count)
        for row in rows {
            guard let (_, _, _, piece) = try? row.decode((Int64, ByteBuffer, Int32, ByteBuffer).self) else { return nil }
            pieces.append(piece)
        }
        // One allocation, each piece copied into place once.
        let state = [UInt8](unsafeUninitializedCapacity: pieces.reduce(0) { $0 + $1.readableBytes }) { buffer, count in
            for piece in pieces {
                piece.withUnsafeReadableBytes { bytes in
                    UnsafeMutableRawBufferPointer(rebasing: UnsafeMutableRawBufferPointer(buffer)[count...]).copyMemory(from: bytes)
                    count += bytes.count
                }
            }
        }
        return Snapshot(position: LogPosition(sequence: Int(seq), hash: chainHash, marker: []), stateVersion: Int(version), state: state)
    }

    /// Snapshots in the database are replaced by the next save; nothing to remove here.
    package func discard() {}

    package func intervals() -> [IntervalMark] {
        guard let rows = try? store.rows("SELECT seq, recorded FROM engage.interval_snapshots ORDER BY seq", "read") else { return [] }
        return rows.compactMap { row in
            guard let (seq, recorded) = try? row.decode((Int64, Int64).self) else { return nil }
            return IntervalMark(sequence: Int(seq), recorded: Timestamp(secondsSinceEpoch: recorded))
        }
    }

    package func loadInterval(_ sequence: Int) -> Snapshot? {
        guard let rows = try? store.rows("SELECT seq, hash, state_version, state FROM engage.interval_snapshots WHERE seq = \(Int64(sequence))", "read"),
              let row = rows.first,
              let (seq, hash, version, state) = try? row.decode((Int64, ByteBuffer, Int32, ByteBuffer).self),
              let chainHash = ChainHash(exactly: Array(hash.readableBytesView)) else { return nil }
        return Snapshot(position: LogPosition(sequence: Int(seq), hash: chainHash, marker: []), stateVersion: Int(version),
                        state: Array(state.readableBytesView))
    }

    package func saveInterval(_ snapshot: Snapshot, recorded: Timestamp) -> Bool {
        let hash = ByteBuffer(bytes: snapshot.position.hash.bytes)
        let state = ByteBuffer(bytes: snapshot.state)
        let query: PostgresQuery = """
            SELECT engage.save_interval_snapshot(\(Int64(snapshot.position.sequence)), \(hash), \(recorded.secondsSinceEpoch), \
            \(Int32(snapshot.stateVersion)), \(state))
            """
        return (try? store.rows(query, "save a checkpoint in")) != nil
    }

    package func discardInterval(_ sequence: Int) {
        _ = try? store.rows("SELECT engage.discard_interval_snapshot(\(Int64(sequence)))", "remove a checkpoint from")
    }

    package func save(_ snapshot: Snapshot) -> Bool {
        let hash = ByteBuffer(bytes: snapshot.position.hash.bytes)
        let state = ByteBuffer(bytes: snapshot.state)
        let query: PostgresQuery = """
            SELECT engage.save_snapshot(\(Int64(snapshot.position.sequence)), \(hash), \(Int32(snapshot.stateVersion)), \(state))
            """
        return (try? store.rows(query, "save a checkpoint in")) != nil
    }
}

/// Contacts' keys in the database beside a shared log (`engage.contact_keys`). The
/// database keeps them from partners: coordinators and reviewers read them, only
/// coordinators add and delete.
package final class PostgresKeyStore: KeyStore {
    // Unchecked: the store is used from the session's thread only, as every store is.
    private nonisolated(unsafe) let store: PostgresEventStore

    /// Its connection is opened at once, in the background: a session that opens contacts on
    /// start does not wait for a second authentication after the first.
    package init(_ store: PostgresEventStore) {
        self.store = store.reopenedForKeys()
        self.store.openInBackground()
    }

    package var location: String { "\(store.location) (engage.contact_keys)" }

    package func keys() throws(StoreError) -> [String: [UInt8]] {
        var keys: [String: [UInt8]] = [:]
        for row in try store.rows("SELECT id, key FROM engage.contact_keys", "read the contact keys of", retry: true) {
            guard let (id, key) = try? row.decode((String, ByteBuffer).self) else { continue }
            keys[id] = Array(key.readableBytesView)
        }
        return keys
    }

    package func add(_ key: [UInt8], id: String) throws(StoreError) {
        let bytes = ByteBuffer(bytes: key)
        _ = try store.rows("SELECT engage.keep_key(\(id), \(bytes))", "keep a contact's key in")
    }

    package func destroy(_ id: String) throws(StoreError) {
        _ = try store.rows("DELETE FROM engage.contact_keys WHERE id = \(id)", "destroy a contact's key in")
    }
}
