import Testing
import PostgresLog

@Suite struct PostgresLocationTests {
    @Test func aURLNamesLoginHostPortAndDatabaseAndNeverAPassword() throws {
        let location = try PostgresLocation(url: "postgresql://amina@db.example.org:6543/engage")
        #expect(location == PostgresLocation(user: "amina", host: "db.example.org", port: 6543, database: "engage"))
        #expect(try PostgresLocation(url: "postgres://lena@localhost/engage?host=/run/pg").socketFolder == "/run/pg")
        #expect(try PostgresLocation(url: "postgres://lena@localhost/engage").port == 5432)
        #expect(throws: PostgresLocation.Invalid.self) { try PostgresLocation(url: "postgresql://amina:secret@db/engage") }
        #expect(throws: PostgresLocation.Invalid.self) { try PostgresLocation(url: "postgresql://db:5432/engage") }
        #expect(throws: PostgresLocation.Invalid.self) { try PostgresLocation(url: "postgresql://amina@db:port/engage") }
        #expect(throws: PostgresLocation.Invalid.self) { try PostgresLocation(url: "postgresql://amina@db:5432") }
    }

    @Test func thePasswordComesFromPGPASSWORDElseTheFirstMatchingPgpassLine() throws {
        let location = try PostgresLocation(url: "postgresql://amina@db.example.org:5432/engage")
        let pgpass = """
            # comment
            other.example.org:5432:engage:amina:wrong
            db.example.org:5432:*:amina:pa\\:ss
            *:*:*:*:fallback
            """
        #expect(PostgresPassword.match(pgpass, location: location) == "pa:ss")
        #expect(PostgresPassword.match("*:*:*:*:fallback", location: location) == "fallback")
        #expect(PostgresPassword.match("db.example.org:5433:engage:amina:x", location: location) == nil)
        let found = PostgresPassword.lookup(for: location, environment: ["HOME": "/home/amina"]) { path in
            path == "/home/amina/.pgpass" ? pgpass : nil
        }
        #expect(found == "pa:ss")
        #expect(PostgresPassword.lookup(for: location, environment: ["PGPASSWORD": "env", "HOME": "/h"]) { _ in pgpass } == "env")
    }
}
