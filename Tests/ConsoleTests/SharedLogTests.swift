import Foundation
import Synchronization
import Testing
@testable import Engagement
@testable import EventLog
import PostgresLog
import TestSupport

/// The shared log on a real PostgreSQL server: offices and a partner on their own logins,
/// the database enforcing who writes what, attacked with psql.
@Suite(.enabled(if: TestPostgres.available || TestPostgres.required, "needs the server scripts/with-postgres starts"))
struct SharedLogTests {
    typealias E = EngageProcess

    /// `engage ARGS` on `database` as `login` (its password is its name).
    @discardableResult
    static func engage(_ arguments: [String], on database: String, as login: String, in folder: E.Folder,
                       now: String = "2026-11-20T10:00:00Z", seed: String = "", input: String? = nil) throws -> E.Outcome {
        try E.run(["--log", TestPostgres.url(database, as: login)] + arguments, in: folder, input: input,
                  environment: ["PGPASSWORD": login, "ENGAGE_NOW": now, "ENGAGE_ACTOR": "", "ENGAGE_SEED": seed])
    }

    static let mapping = [
        #"partner add id=wash name="WASH Cluster" category=cluster levels=operational"#,
        #"partner add id=edu name="Education Cluster" category=cluster levels=strategic"#,
        #"contact add partner=wash name="Amina Yusuf" email=amina.yusuf@example.org"#,
    ]

    @Test func aSharedLogHasNothingToRepair() throws {
        let database = try TestPostgres.freshLog()
        let folder = E.Folder()
        #expect(try Self.engage(["-c", Self.mapping[0]], on: database, as: "lena", in: folder).status == 0)
        let repair = try Self.engage(["repair"], on: database, as: "lena", in: folder)
        #expect(repair.status == 0, "\(repair.stderr)")
        #expect(repair.stdout.contains("nothing to repair") && repair.stdout.contains("the database keeps whole rows"), "\(repair.stdout)")
    }

    @Test func twoOfficesAndAPartnerWorkOnOneLogEachOnItsOwnLogin() throws {
        let database = try TestPostgres.freshLog()
        let folder = E.Folder()
        for line in Self.mapping { #expect(try Self.engage(["-c", line], on: database, as: "lena", in: folder).status == 0) }
        #expect(try Self.engage(["db", "user", "add", "omar", "role=coordinator"], on: database, as: "lena", in: folder).status == 0)
        #expect(try Self.engage(["db", "user", "add", "chidi", "role=partner", "partner=wash"], on: database, as: "lena", in: folder).status == 0)
        #expect(try Self.engage(["db", "user", "add", "dara", "role=partner", "partner=edu"], on: database, as: "lena", in: folder).status == 0)

        // The second office records; the partners submit for themselves.
        let meeting = try Self.engage(["-c", "meeting date=2026-11-19 kind=bilateral partners=wash outcomes=a,b"], on: database, as: "omar", in: folder)
        #expect(meeting.status == 0, "\(meeting.stderr)")
        let feedback = try Self.engage(["-c", #"feedback topic=report text="The report came late""#], on: database, as: "chidi", in: folder)
        #expect(feedback.status == 0, "\(feedback.stderr)")
        #expect(try Self.engage(["-c", #"feedback topic=dataset text="Edu numbers differ""#], on: database, as: "dara", in: folder).status == 0)

        // The database says who wrote each record.
        let writers = try TestPostgres.psql("SELECT seq || ' ' || actor || ' ' || written_by FROM engage.events ORDER BY seq", database: database)
        #expect(writers.split(separator: "\n").map(String.init) == [
            "1 lena lena", "2 lena lena", "3 lena lena", "4 lena lena", "5 lena lena", "6 lena lena",
            "7 omar omar", "8 chidi chidi", "9 dara dara",
        ])

        // A partner's login reads its own feedback and the public record, not the contact's
        // name nor the other partner's feedback; the chain still verifies for it.
        let partnerLog = try Self.engage(["log"], on: database, as: "chidi", in: folder)
        #expect(partnerLog.stdout.contains("The report came late"))
        #expect(!partnerLog.stdout.contains("Edu numbers differ"))
        #expect(!partnerLog.stdout.contains("Amina Yusuf") && !partnerLog.stdout.contains("amina.yusuf@example.org"))
        #expect(partnerLog.stdout.contains("bilateral meeting with wash"))
        let partnerVerify = try Self.engage(["verify"], on: database, as: "chidi", in: folder)
        #expect(partnerVerify.status == 0 && partnerVerify.stdout.contains("9 records"))
        // The coordinator reads everything.
        let full = try Self.engage(["log"], on: database, as: "omar", in: folder)
        #expect(full.stdout.contains("Amina Yusuf") && full.stdout.contains("Edu numbers differ"))
    }

    @Test func theActorIsTheLoginAndAnotherNameIsRefused() throws {
        let database = try TestPostgres.freshLog()
        let folder = E.Folder()
        let forged = try E.run(["--log", TestPostgres.url(database, as: "chidi"), "--as", "lena", "-c", Self.mapping[0]], in: folder,
                               environment: ["PGPASSWORD": "chidi"])
        #expect(forged.status == 2)
        #expect(forged.stderr.contains("you act as your login 'chidi'") && forged.stderr.split(separator: "\n").count == 1)
        #expect(try TestPostgres.psql("SELECT count(*) FROM engage.events", database: database) == "0\n")
    }

    @Test func theExportIsByteForByteTheFileLogOfTheSameCommands() throws {
        let database = try TestPostgres.freshLog()
        let folder = E.Folder()
        let steps: [(String, String, String)] = [
            ("lena", "2026-11-01T09:00:00Z", Self.mapping[0]),
            ("lena", "2026-11-01T09:05:00Z", Self.mapping[1]),
            ("lena", "2026-11-01T09:06:00Z", Self.mapping[2]),
            ("lena", "2026-11-02T10:00:00Z", "member add user=chidi role=partner partner=wash"),
            ("chidi", "2026-11-03T11:00:00Z", #"feedback topic=report text="Late""#),
            ("lena", "2026-11-04T12:00:00Z", "dataset propose id=wash.water sector=wash question=\"Water source?\" dissemination=public owner=dtm purpose=p requested-by=wash criteria=no-other-source"),
        ]
        for (login, now, line) in steps {
            // The same random bytes on both (salts, contacts' keys): the same lines.
            let shared = try Self.engage(["-c", line], on: database, as: login, in: folder, now: now, seed: "7")
            #expect(shared.status == 0, "\(line): \(shared.stderr)")
            let file = try E.run(["--log", "events.jsonl", "--as", login, "-c", line], in: folder,
                                 environment: ["ENGAGE_NOW": now, "ENGAGE_SEED": "7"])
            #expect(file.status == 0, "\(line): \(file.stderr)")
        }
        let exported = try Self.engage(["export"], on: database, as: "lena", in: folder)
        #expect(exported.status == 0, "\(exported.stderr)")
        #expect(exported.stdout == folder.read("events.jsonl"))
        #expect(exported.stdout.split(separator: "\n").count == steps.count)
        // A partner's login cannot export what it may not read.
        #expect(try Self.engage(["export"], on: database, as: "chidi", in: folder).status == 1)
    }

    @Test func importLoadsAVerifiedFileIntoAnEmptyLogOnly() throws {
        let database = try TestPostgres.freshLog()
        let folder = E.Folder()
        // The sample with its key store, which a checkout leaves readable by others.
        let sample = folder.path("sample.jsonl")
        try FileManager.default.copyItem(atPath: SampleLogTests.sample, toPath: sample)
        try FileManager.default.copyItem(atPath: SampleLogTests.sample + ".keys", toPath: sample + ".keys")
        chmod(sample + ".keys", 0o600)
        let environment = ["PGPASSWORD": TestPostgres.password ?? "", "ENGAGE_ACTOR": ""]
        let owner = TestPostgres.url(database, as: "postgres")
        let imported = try E.run(["import", sample, "--log", owner], in: folder, environment: environment)
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stdout.contains("contacts' keys"))
        // The contacts read on the database as on the file: their keys came along.
        let dossier = try E.run(["partner", "show", "id=wash", "--log", TestPostgres.url(database, as: "lena")], in: folder,
                                environment: ["PGPASSWORD": "lena", "ENGAGE_ACTOR": ""])
        #expect(dossier.stdout.contains("Rania Saleh <rania@wash.example.org>"), "\(dossier.stdout)\(dossier.stderr)")
        let verify = try E.run(["verify", "--log", owner], in: folder, environment: environment)
        #expect(verify.status == 0 && verify.stdout.contains("verify: OK"))
        let exported = try E.run(["export", "--log", owner], in: folder, environment: environment)
        #expect(exported.stdout == (try String(contentsOfFile: sample, encoding: .utf8)))
        // And back into a file log: the same bytes again.
        folder.write("exported.jsonl", exported.stdout)
        let back = try E.run(["import", "exported.jsonl", "--log", "back.jsonl"], in: folder)
        #expect(back.status == 0, "\(back.stderr)")
        #expect(FileManager.default.contents(atPath: folder.path("back.jsonl")) == FileManager.default.contents(atPath: sample))
        // Into a log that is not empty: refused, nothing added.
        let again = try E.run(["import", sample, "--log", owner], in: folder, environment: environment)
        #expect(again.status == 1 && again.stderr.contains("not empty"))
        // A damaged file is refused before anything is loaded.
        var lines = try String(contentsOfFile: sample, encoding: .utf8).split(separator: "\n").map(String.init)
        lines[10] = lines[10].replacingOccurrences(of: "\"v\":", with: "\"v\" :")
        folder.write("damaged.jsonl", lines.joined(separator: "\n") + "\n")
        let other = try TestPostgres.freshLog()
        let damaged = try E.run(["import", "damaged.jsonl", "--log", TestPostgres.url(other, as: "postgres")], in: folder, environment: environment)
        #expect(damaged.status == 1)
        #expect(try TestPostgres.psql("SELECT count(*) FROM engage.events", database: other) == "0\n")
    }

    @Test func anImportByCopyGivesEveryLoginWhatTheAppendsGaveIt() throws {
        let folder = E.Folder()
        let original = try Self.populated(folder)
        try Self.engage(["-c", #"feedback topic=report text="Wash reports came late""#], on: original, as: "chidi", in: folder)
        try Self.engage(["-c", "dataset propose id=wash.cases sector=wash question=\"Cases?\" dissemination=confidential owner=dtm criteria=no-other-source"],
                        on: original, as: "lena", in: folder)
        try Self.engage(["-c", "share dataset=wash.cases partner=wash"], on: original, as: "lena", in: folder)
        let exported = try Self.engage(["export"], on: original, as: "lena", in: folder)
        #expect(exported.status == 0, "\(exported.stderr)")
        folder.write("shared.jsonl", exported.stdout)

        let copy = try TestPostgres.freshLog()
        let environment = ["PGPASSWORD": TestPostgres.password ?? "", "ENGAGE_ACTOR": ""]
        let imported = try E.run(["import", "shared.jsonl", "--log", TestPostgres.url(copy, as: "postgres")], in: folder, environment: environment)
        #expect(imported.status == 0, "\(imported.stderr)")

        // The rows, their audiences and the members are the ones the appends made.
        let rows = "SELECT seq || ' ' || encode(hash, 'hex') || ' ' || ts || ' ' || actor || ' ' || type || ' ' || audience || ' ' || md5(line) FROM engage.events ORDER BY seq"
        #expect(try TestPostgres.psql(rows, database: copy) == (try TestPostgres.psql(rows, database: original)))
        let members = "SELECT login || ' ' || role || ' ' || coalesce(partner, '-') FROM engage.members ORDER BY login"
        #expect(try TestPostgres.psql(members, database: copy) == (try TestPostgres.psql(members, database: original)))
        // Each partner's login reads through psql exactly what it read before: its own
        // feedback, not the other's, not the contact, not the confidential dataset.
        let reads = "SELECT seq || ' ' || coalesce(md5(line), 'withheld') FROM engage.log ORDER BY seq"
        for login in ["chidi", "dara"] {
            let before = try TestPostgres.psql(reads, database: original, login: login, password: login)
            #expect(try TestPostgres.psql(reads, database: copy, login: login, password: login) == before)
            #expect(before.contains("withheld"))
        }
        let chidi = try Self.engage(["log"], on: copy, as: "chidi", in: folder)
        #expect(chidi.stdout.contains("Wash reports came late") && !chidi.stdout.contains("Edu numbers differ"), "\(chidi.stdout)")
        // The log goes on from the import: appends chain on, the partner records again.
        let more = try Self.engage(["-c", #"feedback topic=process text="After the move""#], on: copy, as: "chidi", in: folder)
        #expect(more.status == 0, "\(more.stderr)")
        #expect(try Self.engage(["verify"], on: copy, as: "lena", in: folder).stdout.contains("verify: OK"))
        // Rows cannot be changed after the import either.
        #expect(throws: (any Error).self) { try TestPostgres.psql("UPDATE engage.events SET audience = 'everyone'", database: copy) }
        // Only the owner imports: a coordinator's or a partner's login cannot COPY past engage.append.
        let other = try TestPostgres.freshLog()
        let byCoordinator = try Self.engage(["import", "shared.jsonl"], on: other, as: "lena", in: folder)
        #expect(byCoordinator.status == 1 && byCoordinator.stderr.contains("permission denied"), "\(byCoordinator.stderr)")
        for login in ["lena", "chidi"] {
            #expect(throws: (any Error).self) {
                try TestPostgres.psql("COPY engage.events (seq, line, hash, ts, actor, type, audience) FROM STDIN", database: other,
                                      login: login, password: login)
            }
            #expect(throws: (any Error).self) {
                try TestPostgres.psql("SELECT engage.finish_import(0, '\\x00')", database: other, login: login, password: login)
            }
        }
        #expect(try TestPostgres.psql("SELECT count(*) FROM engage.events", database: other) == "0\n")
    }

    // MARK: Attacks, with psql

    /// A log with a coordinator (lena), a contact, and two partner members.
    static func populated(_ folder: E.Folder) throws -> String {
        let database = try TestPostgres.freshLog()
        for line in mapping { try engage(["-c", line], on: database, as: "lena", in: folder) }
        try engage(["db", "user", "add", "chidi", "role=partner", "partner=wash"], on: database, as: "lena", in: folder)
        try engage(["db", "user", "add", "dara", "role=partner", "partner=edu"], on: database, as: "lena", in: folder)
        try engage(["-c", #"feedback topic=dataset text="Edu numbers differ""#], on: database, as: "dara", in: folder)
        return database
    }

    /// A line that continues the log correctly, by `actor`, with `event`'s payload.
    static func forgedLine(_ event: DomainEvent, actor: String, database: String) throws -> String {
        let tail = try TestPostgres.psql("SELECT seq || ' ' || encode(hash, 'hex') FROM engage.log ORDER BY seq DESC LIMIT 1", database: database)
        let parts = tail.split(separator: " ")
        let previous = try #require(ChainHash(hex: String(parts[1]).trimmingCharacters(in: .whitespacesAndNewlines)))
        var bytes: [UInt8] = []
        _ = LogLine.encode(event.newEvent(actor: actor, at: Timestamp(year: 2026, month: 11, day: 20, hour: 12)!),
                           sequence: Int(parts[0])! + 1, previous: previous, into: &bytes)
        bytes.removeLast()
        return "'\\x" + bytes.map { String(format: "%02x", $0) }.joined() + "'::bytea"
    }

    @Test func aPartnersLoginWritesOnlyItsOwnFeedbackAndUsageWhateverItSends() throws {
        let folder = E.Folder()
        let database = try Self.populated(folder)
        let before = try TestPostgres.psql("SELECT count(*) FROM engage.events", database: database)
        func attempt(_ sql: String) -> String? {
            do {
                try TestPostgres.psql(sql, database: database, login: "chidi", password: "chidi")
                return nil
            } catch {
                return "\(error)"
            }
        }
        // Straight into the table.
        #expect(attempt("INSERT INTO engage.events (seq, line, hash, ts, actor, type, audience) VALUES (99, 'x', '\\x00', 't', 'chidi', 't', 'everyone')")?
            .contains("permission denied") == true)
        // Through the function, a well-chained line for another partner, and one mapping a partner.
        let otherPartner = try Self.forgedLine(.feedbackSubmitted(FeedbackSubmitted(id: "f9", partner: "edu", topic: .report, text: "x", dataset: nil, rating: nil)),
                                               actor: "chidi", database: database)
        #expect(attempt("SELECT engage.append(NULL, ARRAY[\(otherPartner)], ARRAY['everyone'])")?.contains("speaks for partner wash") == true)
        let mapping = try Self.forgedLine(.partnerMapped(PartnerMapped(id: "x", name: "X", category: .cluster, levels: [.operational])),
                                          actor: "chidi", database: database)
        #expect(attempt("SELECT engage.append(NULL, ARRAY[\(mapping)], ARRAY['everyone'])")?.contains("speaks for partner wash") == true)
        // In someone else's name.
        let asLena = try Self.forgedLine(.partnerMapped(PartnerMapped(id: "x", name: "X", category: .cluster, levels: [.operational])),
                                         actor: "lena", database: database)
        #expect(attempt("SELECT engage.append(NULL, ARRAY[\(asLena)], ARRAY['everyone'])")?.contains("this login is chidi") == true)
        // Its own feedback, but claiming everyone may read it: stored as its own only.
        let own = try Self.forgedLine(.feedbackSubmitted(FeedbackSubmitted(id: "f9", partner: "wash", topic: .report, text: "ok", dataset: nil, rating: nil)),
                                      actor: "chidi", database: database)
        #expect(attempt("SELECT engage.append(NULL, ARRAY[\(own)], ARRAY['everyone'])") == nil)
        #expect(try TestPostgres.psql("SELECT audience FROM engage.events ORDER BY seq DESC LIMIT 1", database: database) == "partner:wash\n")
        #expect(try TestPostgres.psql("SELECT count(*) FROM engage.events", database: database) == "\(Int(before.trimmingCharacters(in: .whitespacesAndNewlines))! + 1)\n")
    }

    @Test func aPartnersLoginReadsNoContactsNoOtherFeedbackButEveryHash() throws {
        let folder = E.Folder()
        let database = try Self.populated(folder)
        func read(_ sql: String) throws -> String { try TestPostgres.psql(sql, database: database, login: "chidi", password: "chidi") }
        #expect(throws: TestPostgres.Failure.self) { try read("SELECT * FROM engage.events") }
        #expect(throws: TestPostgres.Failure.self) { try read("SELECT * FROM engage.members") }
        let lines = try read("SELECT coalesce(convert_from(line, 'UTF8'), '') FROM engage.log ORDER BY seq")
        #expect(!lines.contains("Amina Yusuf") && !lines.contains("amina.yusuf@example.org"))
        #expect(!lines.contains("Edu numbers differ"))
        #expect(lines.contains("WASH Cluster"))
        let hashes = try read("SELECT count(*) FROM engage.log WHERE hash IS NOT NULL")
        #expect(hashes == (try TestPostgres.psql("SELECT count(*) FROM engage.events", database: database)))
    }

    @Test func noLoginRewritesHistoryNotEvenTheCoordinatorsNorTheDatabaseOwner() throws {
        let folder = E.Folder()
        let database = try Self.populated(folder)
        let before = try TestPostgres.psql("SELECT string_agg(encode(hash, 'hex'), ',' ORDER BY seq) FROM engage.events", database: database)
        for sql in ["UPDATE engage.events SET actor = 'x'", "DELETE FROM engage.events WHERE seq = 3", "TRUNCATE engage.events"] {
            #expect(throws: TestPostgres.Failure.self, "coordinator: \(sql)") {
                try TestPostgres.psql(sql, database: database, login: "lena", password: "lena")
            }
            let owner = #expect(throws: TestPostgres.Failure.self, "owner: \(sql)") { try TestPostgres.psql(sql, database: database) }
            #expect(owner?.message.contains("append-only") == true, "\(sql): \(owner?.message ?? "")")
        }
        #expect(try TestPostgres.psql("SELECT string_agg(encode(hash, 'hex'), ',' ORDER BY seq) FROM engage.events", database: database) == before)
    }

    @Test func eightWritersOnSeparateConnectionsGiveOneUnbrokenChain() throws {
        let database = try TestPostgres.freshLog()
        let founder = TestPostgres.store(database, as: "lena")
        let now = Timestamp(year: 2026, month: 11, day: 20, hour: 12)!
        let writers = (1...8).map { "writer\($0)" }
        _ = try founder.append(writers.map {
            DomainEvent.memberAdded(MemberAdded(user: $0, role: .coordinator, partner: nil)).newEvent(actor: "lena", at: now)
        }, expectingLast: 0)
        let failures = Mutex<[String]>([])
        DispatchQueue.concurrentPerform(iterations: writers.count) { index in
            let store = TestPostgres.store(database, as: writers[index])
            for n in 1...300 {
                let event = DomainEvent.decisionRecorded(DecisionRecorded(text: "decision \(n) of \(writers[index])", partners: [], about: nil))
                do {
                    _ = try store.append([event.newEvent(actor: writers[index], at: now)], expectingLast: nil)
                } catch {
                    failures.withLock { $0.append("\(writers[index]) #\(n): \(error)") }
                }
            }
        }
        #expect(failures.withLock { $0 }.isEmpty, "\(failures.withLock { $0 }.prefix(3))")
        let count = try TestPostgres.psql("SELECT count(*) || ' ' || min(seq) || ' ' || max(seq) FROM engage.events", database: database)
        #expect(count == "2408 1 2408\n")
        let report = try TestPostgres.store(database, as: "lena").verify()
        #expect(report.damage == nil && report.count == 2408)
    }

    // MARK: Faults

    @Test func aWrongPasswordAnUnknownDatabaseOrAMissingOrNewerSchemaIsOneClearLine() throws {
        let folder = E.Folder()
        let database = try TestPostgres.freshLog()
        func plan(_ url: String, password: String) throws -> E.Outcome {
            try E.run(["--log", url, "plan"], in: folder, environment: ["PGPASSWORD": password, "ENGAGE_ACTOR": ""])
        }
        let wrong = try plan(TestPostgres.url(database, as: "lena"), password: "not-lenas")
        #expect(wrong.status == 1 && wrong.stderr.contains("password authentication failed"))
        let unknown = try plan(TestPostgres.url("no_such_database", as: "lena"), password: "lena")
        #expect(unknown.status == 1 && unknown.stderr.contains("does not exist"))
        let bare = "engage_bare_" + UUID().uuidString.prefix(8).lowercased()
        try TestPostgres.psql("CREATE DATABASE \(bare)")
        let missing = try plan(TestPostgres.url(bare, as: "lena"), password: "lena")
        #expect(missing.status == 1 && missing.stderr.contains("engage db init"))
        try TestPostgres.psql("UPDATE engage.meta SET value = '99' WHERE key = 'schema_version'", database: database)
        let newer = try plan(TestPostgres.url(database, as: "lena"), password: "lena")
        #expect(newer.status == 1 && newer.stderr.contains("schema version 99"))
        for outcome in [wrong, unknown, missing, newer] { #expect(outcome.stderr.split(separator: "\n").count == 1, "\(outcome.stderr)") }
        let withPassword = try E.run(["--log", "postgresql://lena:secret@127.0.0.1:5432/x", "plan"], in: folder)
        #expect(withPassword.status == 2 && withPassword.stderr.contains("PGPASSWORD or ~/.pgpass"))
    }
}
