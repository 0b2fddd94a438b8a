import Testing
import EventLog
import PostgresLog
import TestSupport

/// A shared log's checkpoint across the upgrade to schema version 5, which keeps its state
/// in pieces (`engage.snapshot_pieces`) rather than in one value.
@Suite(.enabled(if: TestPostgres.available || TestPostgres.required, "needs the server scripts/with-postgres starts"))
struct PostgresSnapshotTests {
    @Test func aCheckpointSavedBeforeTheUpgradeIsStillReadAndMovesIntoPieces() throws {
        let database = try TestPostgres.freshLog()
        let store = TestPostgres.store(database)
        _ = try store.append(StoreConformanceTests.events(1...2), expectingLast: 0)
        // The database as schema version 4 left it: no pieces, the state in one value.
        try TestPostgres.psql("""
            DROP TABLE engage.snapshot_pieces;
            INSERT INTO engage.snapshots SELECT 1, seq, hash, 7, decode(repeat('ab', 20000), 'hex') FROM engage.events WHERE seq = 2;
            UPDATE engage.meta SET value = '4' WHERE key = 'schema_version';
            """, database: database)
        let state = [UInt8](repeating: 0xAB, count: 20_000)
        let before = try #require(PostgresSnapshotStore(TestPostgres.store(database)).load(), "an engage newer than the schema still reads it")
        #expect(before.position.sequence == 2 && before.stateVersion == 7 && before.state == state)

        var owner = TestPostgres.superuser
        owner.database = database
        let upgrade = try PostgresDatabase(owner, password: TestPostgres.password).initialise()
        #expect(upgrade.before == 4 && upgrade.after >= 5)
        #expect(PostgresSnapshotStore(TestPostgres.store(database)).load() == before)
        #expect(try TestPostgres.psql("SELECT count(*), sum(length(piece)) FROM engage.snapshot_pieces", database: database) == "3|20000\n")
        #expect(try TestPostgres.psql("SELECT length(state) FROM engage.snapshots", database: database) == "0\n")
    }

    @Test func aNewSchemaIsStampedWithTheLatestVersionAndInitialisingAgainChangesNothing() throws {
        let database = try TestPostgres.freshLog()
        var owner = TestPostgres.superuser
        owner.database = database
        let again = try PostgresDatabase(owner, password: TestPostgres.password).initialise()
        #expect(again.before == again.after)
        #expect(try TestPostgres.psql("SELECT value FROM engage.meta WHERE key = 'schema_version'", database: database) == "\(again.after)\n")
    }
}
