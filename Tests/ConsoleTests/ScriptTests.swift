import Foundation
import Testing
@testable import Engagement
import TestSupport

/// Piped scripts that can be rerun: `--atomic` records every line or none, `--check`
/// records nothing, and a plain script that stops says what it recorded before.
@Suite struct ScriptTests {
    typealias E = EngageProcess

    /// A mapping day whose later lines build on the earlier ones (the contact needs the
    /// partner of line 2), with a bad e-mail on line 4.
    static let broken = """
        # mapping day
        partner add id=wash name="WASH Cluster" category=cluster levels=operational
        contact add partner=wash name="Sam Okello" email=sam.okello@example.org
        partner add id=edu name="Education Cluster" category=cluster levels=operational
        contact add partner=edu name="Ana" email=broken

        """
    static var fixed: String { broken.replacingOccurrences(of: "email=broken", with: "email=ana@example.org") }

    @Test func anAtomicScriptThatFailsRecordsNothingAndNamesTheLine() throws {
        let folder = E.Folder()
        let failed = try E.run(["--log", "events.jsonl", "--atomic"], in: folder, input: Self.broken)
        #expect(failed.status == 1)
        #expect(failed.stderr == "engage: line 5: email=broken: not an e-mail address; --atomic: nothing from the script was recorded\n")
        #expect(failed.stdout.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: folder.path("events.jsonl")))
    }

    /// A contact's key is made when the script is appended: forgetting or leaving a contact
    /// the same script adds would seal nothing and destroy nothing, so the script is refused.
    @Test func anAtomicScriptThatForgetsAContactItAddsIsRefusedWhole() throws {
        for last in [#"contact left partner=wash name="Zara Quill""#, #"contact forget partner=wash name="Zara Quill""#] {
            let folder = E.Folder()
            let script = """
                partner add id=wash name="WASH Cluster" category=cluster levels=operational
                contact add partner=wash name="Zara Quill" email=zq@example.org
                \(last)

                """
            let outcome = try E.run(["--log", "events.jsonl", "--atomic"], in: folder, input: script,
                                    environment: ["ENGAGE_NOW": "2026-11-20T10:00:00Z"])
            #expect(outcome.status == 1)
            #expect(outcome.stderr.hasPrefix("engage: line 3: this line names a contact added earlier in the same script"), "\(outcome.stderr)")
            #expect(!FileManager.default.fileExists(atPath: folder.path("events.jsonl")))
        }
    }

    @Test func aSeedForTheRandomBytesIsRefusedWithoutAFixedClock() throws {
        let folder = E.Folder()
        let outcome = try E.run(["--log", "events.jsonl", "plan"], in: folder, environment: ["ENGAGE_SEED": "7", "ENGAGE_NOW": ""])
        #expect(outcome.status == 2)
        #expect(outcome.stderr.contains("ENGAGE_SEED fixes contacts' keys"), "\(outcome.stderr)")
    }

    @Test func theFixedScriptRerunsWholeAndInOneAppend() throws {
        let folder = E.Folder()
        #expect(try E.run(["--log", "events.jsonl", "--atomic"], in: folder, input: Self.broken).status == 1)
        let rerun = try E.run(["--log", "events.jsonl", "--atomic"], in: folder, input: Self.fixed)
        #expect(rerun.status == 0, "\(rerun.stderr)")
        #expect(rerun.stdout.split(separator: "\n").map { String($0.prefix(11)) } == ["Recorded #1", "Recorded #2", "Recorded #3", "Recorded #4"])
        #expect(try E.loggedIDs(in: folder).sequences == [1, 2, 3, 4])
        // Every record carries the one moment of the one append.
        let stamps = Set(folder.read("events.jsonl").split(separator: "\n").map { $0.split(separator: ",")[1] })
        #expect(stamps.count == 1)
        #expect(try E.run(["--log", "events.jsonl", "verify"], in: folder).status == 0)
        // Run again, the same script is refused at its first line, and adds nothing.
        let again = try E.run(["--log", "events.jsonl", "--atomic"], in: folder, input: Self.fixed)
        #expect(again.status == 1)
        #expect(again.stderr.hasPrefix("engage: line 2: partner 'wash' is already mapped"), "\(again.stderr)")
        #expect(try E.loggedIDs(in: folder).sequences == [1, 2, 3, 4])
    }

    @Test func aCheckDecidesEveryLineAndAppendsNothing() throws {
        let folder = E.Folder()
        let good = try E.run(["--log", "events.jsonl", "--check"], in: folder, input: Self.fixed)
        #expect(good.status == 0, "\(good.stderr)")
        #expect(good.stdout.split(separator: "\n").map(String.init) == [
            "Would record #1: mapped partner wash — WASH Cluster (cluster; operational).",
            "Would record #2: added contact Sam Okello <sam.okello@example.org> to wash.",
            "Would record #3: mapped partner edu — Education Cluster (cluster; operational).",
            "Would record #4: added contact Ana <ana@example.org> to edu.",
            "Checked 4 lines: 4 events would be recorded; nothing was appended.",
        ])
        let bad = try E.run(["--log", "events.jsonl", "--check"], in: folder, input: Self.broken)
        #expect(bad.status == 1)
        #expect(bad.stderr == "engage: line 5: email=broken: not an e-mail address; --check: nothing was appended\n")
        #expect(!FileManager.default.fileExists(atPath: folder.path("events.jsonl")))
    }

    @Test func aPlainScriptThatStopsSaysWhichLinesWereRecordedAndAs() throws {
        let folder = E.Folder()
        #expect(try E.command(#"partner add id=unicef name=UNICEF category=un-agency levels=programmatic"#, in: folder).status == 0)
        let stopped = try E.run(["--log", "events.jsonl"], in: folder, input: Self.broken)
        #expect(stopped.status == 1)
        #expect(stopped.stderr == "engage: line 5: email=broken: not an e-mail address; lines 2–4 were recorded as #2–#4\n")
        let first = try E.run(["--log", "events.jsonl"], in: folder, input: "partner add id=x name=X category=donor levels=operational\n")
        #expect(first.stderr.hasPrefix("engage: line 1: category=donor"))
        #expect(first.stderr.hasSuffix("; nothing from the script was recorded\n"), "\(first.stderr)")
    }

    @Test func anAtomicScriptTakesOnlyCommandsThatRecordAndOnlyFromAPipe() throws {
        let folder = E.Folder()
        let view = try E.run(["--log", "events.jsonl", "--atomic"], in: folder, input: Self.fixed + "plan\n")
        #expect(view.status == 1)
        #expect(view.stderr == "engage: line 6: 'plan' is a view; --atomic and --check take only commands that record; --atomic: nothing from the script was recorded\n")
        let withCommand = try E.run(["--log", "events.jsonl", "--atomic", "-c", "plan"], in: folder)
        #expect(withCommand.status == 2)
        #expect(withCommand.stderr.contains("--atomic reads a script from standard input"))
        let both = try E.run(["--log", "events.jsonl", "--atomic", "--check"], in: folder)
        #expect(both.status == 2)
    }

    @Test func anAtomicRetractionOfALineAboveTakesEffectWithinTheScript() throws {
        let folder = E.Folder()
        let script = Self.fixed + """
            retract seq=3 reason="mapped twice"
            partner add id=edu name="Education Cluster" category=cluster levels=strategic

            """
        let outcome = try E.run(["--log", "events.jsonl", "--atomic"], in: folder, input: script)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(try E.loggedIDs(in: folder).sequences == [1, 2, 3, 4, 5, 6])
    }
}

/// The same scripts on the shared log: one transaction, all or nothing.
@Suite(.enabled(if: TestPostgres.available || TestPostgres.required, "needs the server scripts/with-postgres starts"))
struct SharedLogScriptTests {
    typealias E = EngageProcess

    @Test func anAtomicScriptOnTheSharedLogIsOneTransactionOrNothing() throws {
        let database = try TestPostgres.freshLog()
        let folder = E.Folder()
        let failed = try SharedLogTests.engage(["--atomic"], on: database, as: "lena", in: folder, input: ScriptTests.broken)
        #expect(failed.status == 1)
        #expect(failed.stderr == "engage: line 5: email=broken: not an e-mail address; --atomic: nothing from the script was recorded\n")
        #expect(try TestPostgres.psql("SELECT count(*) FROM engage.events", database: database) == "0\n")

        let checked = try SharedLogTests.engage(["--check"], on: database, as: "lena", in: folder, input: ScriptTests.fixed)
        #expect(checked.status == 0 && checked.stdout.hasSuffix("nothing was appended.\n"), "\(checked.stderr)")
        #expect(try TestPostgres.psql("SELECT count(*) FROM engage.events", database: database) == "0\n")

        let rerun = try SharedLogTests.engage(["--atomic"], on: database, as: "lena", in: folder, input: ScriptTests.fixed)
        #expect(rerun.status == 0, "\(rerun.stderr)")
        // One transaction: every row was written by the same statement, at one moment.
        #expect(try TestPostgres.psql("SELECT count(*) || ' ' || count(DISTINCT xmin::text) FROM engage.events", database: database) == "4 1\n")
    }

    @Test func aPlainScriptOnTheSharedLogSaysWhatItRecordedBeforeStopping() throws {
        let database = try TestPostgres.freshLog()
        let folder = E.Folder()
        let stopped = try SharedLogTests.engage([], on: database, as: "lena", in: folder, input: ScriptTests.broken)
        #expect(stopped.status == 1)
        #expect(stopped.stderr.hasSuffix("engage: line 5: email=broken: not an e-mail address; lines 2–4 were recorded as #1–#3\n"), "\(stopped.stderr)")
        #expect(try TestPostgres.psql("SELECT count(*) FROM engage.events", database: database) == "3\n")
    }

    @Test func aPartnerLoginRetractsItsOwnFeedbackAndTheDatabaseRefusesItAnyOther() throws {
        let database = try TestPostgres.freshLog()
        let folder = E.Folder()
        for line in SharedLogTests.mapping { #expect(try SharedLogTests.engage(["-c", line], on: database, as: "lena", in: folder).status == 0) }
        #expect(try SharedLogTests.engage(["db", "user", "add", "chidi", "role=partner", "partner=wash"], on: database, as: "lena", in: folder).status == 0)
        let feedback = try SharedLogTests.engage(["-c", #"feedback topic=report text="Wrong report""#], on: database, as: "chidi", in: folder)
        #expect(feedback.status == 0, "\(feedback.stderr)")
        let own = try SharedLogTests.engage(["-c", "retract seq=5 reason=mistake"], on: database, as: "chidi", in: folder)
        #expect(own.status == 0 && own.stdout.hasPrefix("Recorded #6: retracted #5"), "\(own.stderr)")
        // engage refuses another's record; so does the database, to psql as the partner.
        let other = try SharedLogTests.engage(["-c", "retract seq=1 reason=mine"], on: database, as: "chidi", in: folder)
        #expect(other.status == 1 && other.stderr.contains("may retract only events it recorded itself"), "\(other.stderr)")
        let forged = try SharedLogTests.forgedLine(.eventRetracted(EventRetracted(sequence: 1, reason: "mine")), actor: "chidi", database: database)
        let refusal = #expect(throws: (any Error).self) {
            try TestPostgres.psql("SELECT engage.append(NULL, ARRAY[\(forged)], ARRAY['everyone'])", database: database, login: "chidi", password: "chidi")
        }
        #expect(refusal.map { "\($0)".contains("chidi retracts only the records it wrote itself") } == true, "\(String(describing: refusal))")
        #expect(try TestPostgres.psql("SELECT count(*) FROM engage.events", database: database) == "6\n")
    }
}
