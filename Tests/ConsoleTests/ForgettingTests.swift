import Foundation
import Testing
@testable import Engagement
@testable import EventLog
import PostgresLog
import TestSupport

/// `contact forget`, end to end: afterwards the name and e-mail are in no file beside the
/// log, in no view and no format, on a file log and on PostgreSQL.
@Suite struct ForgettingTests {
    typealias E = EngageProcess

    static let name = "Amina Yusuf"
    static let email = "amina.yusuf@example.org"
    static let setup = [
        #"partner add id=wash name="WASH Cluster" category=cluster levels=operational"#,
        #"contact add partner=wash name="Amina Yusuf" email=amina.yusuf@example.org skills=im"#,
        #"contact add partner=wash name="Jo Smith" email=jo.smith@example.org"#,
    ]

    /// Every output a reader can ask for about contacts, in every format.
    static let views: [[String]] = ["text", "json", "csv", "md"].flatMap { format in
        [["--format", format, "log"], ["--format", format, "partner", "show", "id=wash"], ["--format", format, "plan"]]
    }

    /// Whether `text` holds the forgotten name or e-mail, in any case.
    static func leaks(_ text: String) -> Bool {
        let lower = text.lowercased()
        return lower.contains("amina") || lower.contains("yusuf") || lower.contains(email)
    }

    /// Every file in `folder`, as text (bytes that are not UTF-8 replaced).
    static func files(in folder: String) throws -> [String: String] {
        var out: [String: String] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: folder) {
            let data = try Data(contentsOf: URL(fileURLWithPath: folder + "/" + name))
            out[name] = String(decoding: data, as: UTF8.self)
        }
        return out
    }

    @Test func aForgottenContactIsInNoFileBesideTheLogAndInNoView() throws {
        let folder = E.Folder()
        try FileManager.default.createDirectory(atPath: folder.path("log"), withIntermediateDirectories: true)
        let log = ["--log", "log/events.jsonl"]
        for line in Self.setup { #expect(try E.run(log + ["-c", line], in: folder).status == 0) }
        #expect(!Self.leaks(folder.read("log/events.jsonl")))
        #expect(try E.run(log + ["partner", "show", "id=wash"], in: folder).stdout.contains("Amina Yusuf <amina.yusuf@example.org>"))

        // Enough records for a checkpoint, which then holds the contacts (sealed).
        let store = FileEventStore(path: folder.path("log/events.jsonl"), clock: { Timestamp(iso8601: "2026-11-20T10:00:00Z")! })
        let now = Timestamp(iso8601: "2026-11-20T10:00:00Z")!
        let filler = (0..<10_000).map { n in
            DomainEvent.decisionRecorded(DecisionRecorded(text: "decision \(n)", partners: [], about: nil)).newEvent(actor: "coordinator", at: now)
        }
        _ = try store.append(filler, expectingLast: 3)
        #expect(try E.run(log + ["plan"], in: folder).status == 0)
        #expect(FileManager.default.fileExists(atPath: folder.path("log/events.jsonl.checkpoint")))

        // A torn copy of Amina's record, as a crash mid-append leaves it: moved aside by the next write.
        let amina = folder.read("log/events.jsonl").split(separator: "\n")[1]
        let handle = FileHandle(forWritingAtPath: folder.path("log/events.jsonl"))!
        handle.seekToEndOfFile()
        handle.write(Data(amina.prefix(amina.count - 20).utf8))
        try handle.close()

        let forget = try E.run(log + ["-c", #"contact forget partner=wash name="Amina Yusuf""#], in: folder)
        #expect(forget.status == 0, "\(forget.stderr)")
        #expect(forget.stdout.contains("forgot a contact of wash"))
        #expect(try Self.files(in: folder.path("log")).keys.contains { $0.contains(".torn-") })

        for (name, text) in try Self.files(in: folder.path("log")) {
            #expect(!Self.leaks(text), "\(name) holds the forgotten contact")
        }
        for view in Self.views {
            let outcome = try E.run(log + view, in: folder)
            #expect(outcome.status == 0, "\(view): \(outcome.stderr)")
            #expect(!Self.leaks(outcome.stdout + outcome.stderr), "\(view) shows the forgotten contact")
        }
        let dossier = try E.run(log + ["partner", "show", "id=wash"], in: folder).stdout
        #expect(dossier.contains("(forgotten) (im)") && dossier.contains("Jo Smith <jo.smith@example.org>"))
        let verify = try E.run(log + ["verify"], in: folder)
        #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
    }

    @Test func losingTheKeyStoreLeavesContactsUnreadableAndNothingCrashes() throws {
        let folder = E.Folder()
        for line in Self.setup { #expect(try E.command(line, in: folder).status == 0) }
        try FileManager.default.removeItem(atPath: folder.path("events.jsonl.keys"))
        let dossier = try E.command("partner show id=wash", in: folder)
        #expect(dossier.status == 0)
        #expect(dossier.stdout.contains("(unreadable) (im); (unreadable)"))
        #expect(try E.command("log", in: folder).stdout.contains("added contact (unreadable) to wash"))
        #expect(try E.command("verify", in: folder).status == 0)
        #expect(try E.command(#"contact add partner=wash name="Dara Okafor""#, in: folder).status == 0)
        #expect(try E.command("partner show id=wash", in: folder).stdout.contains("Dara Okafor"))
    }

    @Test func aKeyStoreOthersMayReadIsRefusedWithOneLine() throws {
        let folder = E.Folder()
        for line in Self.setup { #expect(try E.command(line, in: folder).status == 0) }
        chmod(folder.path("events.jsonl.keys"), 0o644)
        let dossier = try E.command("partner show id=wash", in: folder)
        #expect(dossier.status == 0 && dossier.stdout.contains("(unreadable)") && !dossier.stdout.contains("Amina"))
        #expect(dossier.stderr.contains("events.jsonl.keys") && dossier.stderr.contains("0600"))
        let add = try E.command(#"contact add partner=wash name="Dara Okafor""#, in: folder)
        #expect(add.status == 1 && add.stderr.contains("cannot keep a key"), "\(add.stderr)")
    }

    @Test func onlyACoordinatorForgets() throws {
        let folder = E.Folder()
        for line in Self.setup + ["member add user=omar role=reviewer"] { #expect(try E.command(line, in: folder).status == 0) }
        let refused = try E.command(#"contact forget partner=wash name="Amina Yusuf""#, in: folder, environment: ["ENGAGE_ACTOR": "omar"])
        #expect(refused.status == 1)
        #expect(try E.command("partner show id=wash", in: folder).stdout.contains("Amina Yusuf"))
        let unknown = try E.command(#"contact forget partner=wash name="Amina Yusef""#, in: folder)
        #expect(unknown.status == 1 && unknown.stderr.contains("did you mean"))
    }
}

/// The same on a shared log: the tables hold nothing of a forgotten contact, and a partner's
/// login cannot read the keys.
@Suite(.enabled(if: TestPostgres.available || TestPostgres.required, "needs the server scripts/with-postgres starts"))
struct SharedForgettingTests {
    typealias E = EngageProcess

    @Test func aForgottenContactIsInNoTableAndNoExport() throws {
        let database = try TestPostgres.freshLog()
        let folder = E.Folder()
        for line in ForgettingTests.setup {
            #expect(try SharedLogTests.engage(["-c", line], on: database, as: "lena", in: folder).status == 0)
        }
        #expect(try SharedLogTests.engage(["db", "user", "add", "omar", "role=reviewer"], on: database, as: "lena", in: folder).status == 0)
        #expect(try SharedLogTests.engage(["partner", "show", "id=wash"], on: database, as: "omar", in: folder).stdout.contains("Amina Yusuf"))
        let forget = try SharedLogTests.engage(["-c", #"contact forget partner=wash name="Amina Yusuf""#], on: database, as: "lena", in: folder)
        #expect(forget.status == 0, "\(forget.stderr)")

        let dump = try TestPostgres.psql("""
            SELECT convert_from(line, 'UTF8') FROM engage.events UNION ALL SELECT encode(state, 'escape') FROM engage.snapshots
            UNION ALL SELECT encode(string_agg(piece, ''::bytea ORDER BY n), 'escape') FROM engage.snapshot_pieces
            UNION ALL SELECT id || ' ' || encode(key, 'base64') FROM engage.contact_keys UNION ALL SELECT login || role FROM engage.members
            """, database: database)
        #expect(!ForgettingTests.leaks(dump))
        #expect(try TestPostgres.psql("SELECT count(*) FROM engage.contact_keys", database: database) == "1\n")
        let export = try SharedLogTests.engage(["export"], on: database, as: "lena", in: folder)
        #expect(export.status == 0 && !ForgettingTests.leaks(export.stdout))
        for login in ["lena", "omar"] {
            for view in ForgettingTests.views {
                let outcome = try SharedLogTests.engage(view, on: database, as: login, in: folder)
                #expect(outcome.status == 0 && !ForgettingTests.leaks(outcome.stdout + outcome.stderr), "\(login) \(view)")
            }
        }
        let dossier = try SharedLogTests.engage(["partner", "show", "id=wash"], on: database, as: "omar", in: folder).stdout
        #expect(dossier.contains("(forgotten)") && dossier.contains("Jo Smith"))
        #expect(try SharedLogTests.engage(["verify"], on: database, as: "lena", in: folder).status == 0)
    }

    @Test func aPartnerLoginCannotReadTheKeysAndAReviewerCannotDeleteThem() throws {
        let database = try TestPostgres.freshLog()
        let folder = E.Folder()
        for line in ForgettingTests.setup {
            #expect(try SharedLogTests.engage(["-c", line], on: database, as: "lena", in: folder).status == 0)
        }
        #expect(try SharedLogTests.engage(["db", "user", "add", "chidi", "role=partner", "partner=wash"], on: database, as: "lena", in: folder).status == 0)
        #expect(try SharedLogTests.engage(["db", "user", "add", "omar", "role=reviewer"], on: database, as: "lena", in: folder).status == 0)
        #expect(throws: TestPostgres.Failure.self) {
            try TestPostgres.psql("SELECT key FROM engage.contact_keys", database: database, login: "chidi", password: "chidi")
        }
        #expect(throws: TestPostgres.Failure.self) {
            try TestPostgres.psql("DELETE FROM engage.contact_keys", database: database, login: "omar", password: "omar")
        }
        #expect(try TestPostgres.psql("SELECT count(*) FROM engage.contact_keys", database: database, login: "omar", password: "omar") == "2\n")
    }
}
