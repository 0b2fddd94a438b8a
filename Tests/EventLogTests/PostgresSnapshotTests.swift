import Testing
import EventLog
import PostgresLog
import TestSupport

/// A shared log's schema across upgrades: version 5 keeps the checkpoint's state
/// in pieces (`engage.snapshot_pieces`) rather than in one value; version 6 drops the chunk import.
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

    /// The chunk-by-chunk import of versions 1 to 5 is gone from a new schema and from one
    /// upgraded from version 5: the only way into the table for a whole log is by `COPY`.
    @Test func theOldChunkImportIsGoneFromANewSchemaAndAfterTheUpgrade() throws {
        let database = try TestPostgres.freshLog()
        let gone = "SELECT to_regprocedure('engage.import(bigint, bytea[], text[])') IS NULL"
        #expect(try TestPostgres.psql(gone, database: database) == "t\n")
        // The database as version 5 left it.
        try TestPostgres.psql("""
            CREATE FUNCTION engage.import(expected bigint, lines bytea[], audiences text[]) RETURNS bigint
                LANGUAGE sql AS 'SELECT 0::bigint';
            UPDATE engage.meta SET value = '5' WHERE key = 'schema_version';
            """, database: database)
        #expect(try TestPostgres.psql(gone, database: database) == "f\n")
        var owner = TestPostgres.superuser
        owner.database = database
        let upgrade = try PostgresDatabase(owner, password: TestPostgres.password).initialise()
        #expect(upgrade.before == 5 && upgrade.after == 6)
        #expect(try TestPostgres.psql(gone, database: database) == "t\n")
    }
}
