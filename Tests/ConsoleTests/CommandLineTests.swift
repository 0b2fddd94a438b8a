import Foundation
import Testing

/// The command line as users and scripts meet it: answers, errors, exit statuses.
@Suite struct CommandLineTests {
    typealias E = EngageProcess

    static let wash = "partner add id=wash name=\"WASH Cluster\" category=cluster levels=strategic,operational"

    @Test func aCommandIsRecordedWithAReceiptAndFirstWriteStartsTheDefaultLogAndSaysSo() throws {
        let folder = E.Folder()
        // No folder for the default log: refused, naming it, nothing created.
        let nowhere = try E.run(["-c", Self.wash], in: folder)
        #expect(nowhere.status == 1 && nowhere.stderr.contains("the folder eventlog does not exist"), "\(nowhere.stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder.path("eventlog")))
        try FileManager.default.createDirectory(atPath: folder.path("eventlog"), withIntermediateDirectories: false)
        let outcome = try E.run(["-c", Self.wash], in: folder)
        #expect(outcome.status == 0)
        #expect(outcome.stderr == "engage: Started a new log at eventlog/events.jsonl.\n")
        #expect(outcome.stdout.hasPrefix("Recorded #1: mapped partner wash — WASH Cluster (cluster; strategic, operational). [hash "))
        let line = folder.read("eventlog/events.jsonl")
        #expect(line.hasPrefix(#"{"seq":1,"ts":"2026-11-20T10:00:00Z","actor":"coordinator","type":"partner.mapped","v":2,"data":{"id":"wash""#))
    }

    @Test func commandWordsFromTheShellWorkLikeDashC() throws {
        let folder = E.Folder()
        let outcome = try E.run(["--log", "events.jsonl", "partner", "add", "id=wash", "name=WASH Cluster", "category=cluster", "levels=strategic"], in: folder)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdout.contains("WASH Cluster (cluster; strategic)"))
    }

    @Test func theActorComesFromAsThenTheEnvironment() throws {
        let folder = E.Folder()
        try E.run(["--log", "events.jsonl", "--as", "amina", "-c", Self.wash], in: folder)
        try E.run(["--log", "events.jsonl", "--as", "amina", "-c", "member add user=jo role=coordinator"], in: folder)
        try E.command("contact add partner=wash name=Jo", in: folder, environment: ["ENGAGE_ACTOR": "jo"])
        let log = try E.run(["--log", "events.jsonl", "--as", "amina", "--format", "csv", "log"], in: folder)
        let rows = log.stdout.split(separator: "\r\n").dropFirst(2).map { $0.split(separator: ",")[2] }
        #expect(rows == ["amina", "amina", "jo"])
    }

    @Test func refusedCommandsAppendNothingAndSayWhyInOneLine() throws {
        let folder = E.Folder()
        try E.command(Self.wash, in: folder)
        let before = folder.read("events.jsonl")
        let cases: [(String, Int32, String)] = [
            ("partner add id=x name=X category=donor levels=operational", 1, "not a category"),
            ("partner add id=x name=X category=ngo levels=tactical", 1, "not a level of use"),
            ("partner add id=wash name=Other category=ngo levels=operational", 1, "already mapped"),
            ("partner add id=x name=X", 1, "needs category=, levels="),
            ("contact add partner=wahs name=Jo", 1, "did you mean 'wash'"),
            ("contact add partner=wash name=Jo email=nope", 1, "not an e-mail address"),
            ("partner ad id=x", 2, "did you mean 'partner add'"),
            ("partner add id=x nme=X", 2, "did you mean 'name'"),
            ("partner add id=\"x", 2, "not closed"),
        ]
        for (line, status, message) in cases {
            let outcome = try E.command(line, in: folder)
            #expect(outcome.status == status, "\(line): \(outcome.stderr)")
            #expect(outcome.stderr.contains(message), "\(line): \(outcome.stderr)")
            #expect(outcome.stderr.split(separator: "\n").count == 1, "\(line): \(outcome.stderr)")
            #expect(outcome.stdout.isEmpty)
        }
        #expect(folder.read("events.jsonl") == before)
    }

    @Test func badOptionsAreUsageErrors() throws {
        let folder = E.Folder()
        for arguments in [["--format", "xml", "log"], ["--bogus"], ["--log"], ["--as-of", "2026-02-30", "log"], ["--as", "two words", "log"]] {
            let outcome = try E.run(arguments, in: folder)
            #expect(outcome.status == 2, "\(arguments): \(outcome.stderr)")
            #expect(outcome.stderr.hasPrefix("engage: "))
        }
        let clock = try E.run(["log"], in: folder, environment: ["ENGAGE_NOW": "yesterday"])
        #expect(clock.status == 2)
        #expect(clock.stderr.contains("ENGAGE_NOW"))
    }

    @Test func unusableLogPathsAreClearErrors() throws {
        let folder = E.Folder()
        folder.write("notes.txt", "# Meeting notes\nnot an event\n")
        try FileManager.default.createDirectory(atPath: folder.path("adir"), withIntermediateDirectories: true)

        let notALog = try E.run(["--log", "notes.txt", "-c", Self.wash], in: folder)
        #expect(notALog.status == 1)
        #expect(notALog.stderr.contains("notes.txt is not an engage log"))
        #expect(folder.read("notes.txt") == "# Meeting notes\nnot an event\n")
        let notALogRead = try E.run(["--log", "notes.txt", "log"], in: folder)
        #expect(notALogRead.status == 1)

        let directory = try E.run(["--log", "adir", "-c", Self.wash], in: folder)
        #expect(directory.status == 1)
        #expect(directory.stderr.contains("adir is a directory"))

        let underAFile = try E.run(["--log", "notes.txt/events.jsonl", "-c", Self.wash], in: folder)
        #expect(underAFile.status == 1)
        #expect(underAFile.stderr.contains("cannot"), "\(underAFile.stderr)")
        for outcome in [notALog, directory, underAFile] {
            #expect(outcome.stderr.split(separator: "\n").count == 1, "\(outcome.stderr)")
        }
    }

    @Test func aPipedScriptStopsAtTheFirstErrorWithItsLineNumber() throws {
        let folder = E.Folder()
        let script = """
            # mapping day
            \(Self.wash)

            partner add id=edu name="Education Cluster" category=cluster levels=operational
            contact add partner=edu name="Sam" email=broken
            partner add id=health name="Health Cluster" category=cluster levels=operational

            """
        let outcome = try E.run(["--log", "events.jsonl"], in: folder, input: script)
        #expect(outcome.status == 1)
        #expect(outcome.stderr == "engage: Started a new log at events.jsonl.\nengage: line 5: email=broken: not an e-mail address; lines 2 and 4 were recorded as #1–#2\n")
        #expect(outcome.stdout.split(separator: "\n").count == 2)
        #expect(try E.loggedIDs(in: folder).ids == ["wash", "edu"])
    }

    @Test func invalidUTF8InAScriptIsRefusedNotRepaired() throws {
        let folder = E.Folder()
        let script = Array("\(Self.wash)\npartner add id=bad name=\"".utf8) + [0xFF, 0xFE] + Array("\" category=ngo levels=operational\n".utf8)
        try Data(script).write(to: URL(fileURLWithPath: folder.path("script.bin")))
        let (process, stdout, stderr) = try E.prepare(["--log", "events.jsonl"], in: folder)
        process.standardInput = FileHandle(forReadingAtPath: folder.path("script.bin"))
        try process.run()
        process.waitUntilExit()
        let outcome = E.outcome(process, stdout, stderr)
        #expect(outcome.status == 1)
        #expect(outcome.stderr == "engage: Started a new log at events.jsonl.\nengage: line 2: not valid UTF-8; line 1 was recorded as #1\n")
        #expect(try E.loggedIDs(in: folder).ids == ["wash"])
    }

    @Test func verifyNamesTheFirstBadRecordOfAnEditedRemovedOrReorderedLog() throws {
        for damage in ["edited", "removed", "reordered"] {
            let folder = E.Folder()
            let script = (1...5).map { "partner add id=p\($0) name=\"Partner \($0)\" category=ngo levels=operational\n" }.joined()
            #expect(try E.run(["--log", "events.jsonl"], in: folder, input: script).status == 0)
            var lines = folder.read("events.jsonl").split(separator: "\n").map(String.init)
            switch damage {
            case "edited": lines[2] = lines[2].replacingOccurrences(of: "Partner 3", with: "Partner Z")
            case "removed": lines.remove(at: 2)
            default: lines.swapAt(2, 3)
            }
            folder.write("events.jsonl", lines.map { $0 + "\n" }.joined())

            let verify = try E.run(["--log", "events.jsonl", "verify"], in: folder)
            #expect(verify.status == 1, "\(damage)")
            #expect(verify.stdout.contains("record #3"), "\(damage): \(verify.stdout)")
            let json = try E.run(["--log", "events.jsonl", "--format", "json", "verify"], in: folder)
            let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
            #expect((object?["damage"] as? [String: Any])?["sequence"] as? Int == 3)
            #expect(object?["ok"] as? Bool == false)

            // Views read the valid prefix with a warning; writes are refused.
            let log = try E.run(["--log", "events.jsonl", "log"], in: folder)
            #expect(log.status == 0)
            #expect(log.stderr.contains("damaged"))
            #expect(log.stdout.contains("p2") && !log.stdout.contains("p4"))
            let write = try E.command("partner add id=late name=Late category=ngo levels=operational", in: folder)
            #expect(write.status == 1)
            #expect(write.stderr.contains("refusing to write"))
        }
    }

    @Test func logFiltersByTypeAndPartnerAndReplaysAsOfADay() throws {
        let folder = E.Folder()
        try E.command(Self.wash, in: folder, environment: ["ENGAGE_NOW": "2026-11-18T09:00:00Z"])
        try E.command("contact add partner=wash name=\"Amina Yusuf\" email=amina@example.org", in: folder,
                      environment: ["ENGAGE_NOW": "2026-11-19T23:59:59Z"])
        try E.command("partner add id=edu name=Education category=cluster levels=operational", in: folder,
                      environment: ["ENGAGE_NOW": "2026-11-20T00:00:00Z"])

        let contacts = try E.run(["--log", "events.jsonl", "log", "type=contact"], in: folder)
        #expect(contacts.stdout.contains("Amina Yusuf") && !contacts.stdout.contains("mapped partner"))
        let edu = try E.run(["--log", "events.jsonl", "log", "partner=edu"], in: folder)
        #expect(edu.stdout.contains("Education") && !edu.stdout.contains("WASH"))
        let asOf = try E.run(["--log", "events.jsonl", "--as-of", "2026-11-19", "--format", "json", "log"], in: folder)
        #expect(asOf.stdout.contains("\"seq\":2") && !asOf.stdout.contains("\"seq\":3"))
        let refused = try E.run(["--log", "events.jsonl", "--as-of", "2026-11-19", "-c", "contact left partner=wash name=Amina"], in: folder)
        #expect(refused.status == 1)
    }

    @Test func exportsLeaveContactsOutAndCarryHXLTags() throws {
        let folder = E.Folder()
        try E.command(Self.wash, in: folder)
        try E.command("contact add partner=wash name=\"Amina Yusuf\" email=amina@example.org skills=im", in: folder)
        let csv = try E.run(["--log", "events.jsonl", "--format", "csv", "log"], in: folder)
        let rows = csv.stdout.components(separatedBy: "\r\n")
        #expect(rows[0] == "seq,recorded,actor,type,partner,what")
        #expect(rows[1] == "#meta +seq,#date +recorded,#meta +actor,#meta +type,#org +id,#description")
        let md = try E.run(["--log", "events.jsonl", "--format", "md", "log"], in: folder)
        #expect(md.stdout.hasPrefix("| seq | recorded |"))
        for export in [csv.stdout, md.stdout] {
            #expect(!export.contains("Amina") && !export.contains("amina@"))
            #expect(export.contains("added a contact to wash (im)"))
        }
    }

    @Test func helpAndVersionAnswerWithoutALog() throws {
        let folder = E.Folder()
        let help = try E.run(["help"], in: folder)
        #expect(help.status == 0)
        for verb in ["partner add", "partner update", "contact add", "contact left", "log", "verify", "help"] {
            #expect(help.stdout.contains(verb))
        }
        let detail = try E.run(["help", "partner", "add"], in: folder)
        #expect(detail.stdout.contains("Examples:") && detail.stdout.contains("un-agency"))
        #expect(try E.run(["--version"], in: folder).stdout == "engage 0.1.0\n")
        #expect(try E.run(["--help"], in: folder).stdout.contains("usage: engage"))
        #expect(!FileManager.default.fileExists(atPath: folder.path("eventlog")))
    }

    @Test func aRecordCannotBeBackdatedBeforeTheLogsLastRecord() throws {
        let folder = E.Folder()
        #expect(try E.command("partner add id=wash name=WASH category=cluster levels=strategic", in: folder,
                              environment: ["ENGAGE_NOW": "2026-11-20T10:00:00Z"]).status == 0)
        let before = folder.read("events.jsonl")
        let backdated = try E.command("partner add id=edu name=Edu category=cluster levels=strategic", in: folder,
                                      environment: ["ENGAGE_NOW": "2026-11-19T10:00:00Z"])
        #expect(backdated.status == 1)
        #expect(backdated.stderr.contains("cannot be backdated") && backdated.stderr.split(separator: "\n").count == 1)
        #expect(folder.read("events.jsonl") == before)
        // The same second is not earlier.
        #expect(try E.command("partner add id=edu name=Edu category=cluster levels=strategic", in: folder,
                              environment: ["ENGAGE_NOW": "2026-11-20T10:00:00Z"]).status == 0)
    }

    @Test func aViewOrCheckOfALogThatDoesNotExistIsOneLineNamingThePath() throws {
        let folder = E.Folder()
        for arguments in [["plan"], ["verify"], ["--format", "json", "log"]] {
            let outcome = try E.run(["--log", "evnts.jsonl"] + arguments, in: folder)
            #expect(outcome.status == 1, "\(arguments)")
            #expect(outcome.stdout.isEmpty)
            #expect(outcome.stderr == "engage: evnts.jsonl holds no log: check --log or ENGAGE_LOG (a first write starts a log in an existing folder)\n")
        }
        #expect(!FileManager.default.fileExists(atPath: folder.path("evnts.jsonl")))
    }
}
