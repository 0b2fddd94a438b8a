import Foundation
import Testing
import TestSupport

/// An urgent report on the shared log, attacked with psql by the partner the case was
/// referred to: the database never hands it the row.
@Suite(.enabled(if: TestPostgres.available || TestPostgres.required, "needs the server scripts/with-postgres starts"))
struct UrgentSharedLogTests {
    typealias E = EngageProcess

    @Test func aPartnersLoginNeverReadsAnUrgentReportReferredToIt() throws {
        let folder = E.Folder()
        let database = try SharedLogTests.populated(folder)
        for line in ["urgent setup date=2026-11-01 mode=refer pathways=yes",
                     "urgent report date=2026-11-18 kind=life-saving to=wash service=psychosocial consent=yes"] {
            let outcome = try SharedLogTests.engage(["-c", line], on: database, as: "lena", in: folder)
            #expect(outcome.status == 0, "\(outcome.stderr)")
        }
        func read(_ sql: String) throws -> String { try TestPostgres.psql(sql, database: database, login: "chidi", password: "chidi") }
        let lines = try read("SELECT coalesce(convert_from(line, 'UTF8'), '') FROM engage.log ORDER BY seq")
        #expect(lines.contains("urgent.setup"))
        #expect(!lines.contains("urgent.reported") && !lines.contains("psychosocial"))
        // Its hash is there, so the chain still verifies for the partner.
        let hashes = try read("SELECT count(*) FROM engage.log WHERE hash IS NOT NULL")
        #expect(hashes == (try TestPostgres.psql("SELECT count(*) FROM engage.events", database: database)))
        let log = try SharedLogTests.engage(["log"], on: database, as: "chidi", in: folder)
        #expect(log.status == 0 && !log.stdout.contains("urgent report"), "\(log.stdout)")
    }
}
