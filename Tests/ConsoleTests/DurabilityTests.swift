import Foundation
import Testing

/// The log under real concurrent processes and real crashes.
@Suite struct DurabilityTests {
    static func partnerLines(prefix: String, count: Int) -> String {
        (1...count).map { "partner add id=\(prefix)-\($0) name=\"Partner \(prefix) \($0)\" category=ngo levels=operational\n" }.joined()
    }

    @Test func fourProcessesAppendingAtOnceLeaveAGaplessVerifiedChain() throws {
        let folder = EngageProcess.Folder()
        let writers = (1...4).map { "w\($0)" }
        let processes = try writers.map { w in
            try EngageProcess.prepare(["--log", "events.jsonl"], in: folder, input: Self.partnerLines(prefix: w, count: 500))
        }
        for (process, _, _) in processes { try process.run() }
        for (process, stdout, stderr) in processes {
            process.waitUntilExit()
            let outcome = EngageProcess.outcome(process, stdout, stderr)
            #expect(outcome.status == 0, "\(outcome.stderr)")
            #expect(outcome.stdout.split(separator: "\n").count == 500)
        }
        let (sequences, ids) = try EngageProcess.loggedIDs(in: folder)
        #expect(sequences == Array(1...2000))
        #expect(Set(ids).count == 2000)
        #expect(Set(ids) == Set(writers.flatMap { w in (1...500).map { "\(w)-\($0)" } }))
        let verify = try EngageProcess.run(["--log", "events.jsonl", "verify"], in: folder)
        #expect(verify.status == 0, "\(verify.stdout)")
    }

    @Test func aWriterKilledAtRandomMomentsLosesNoAcknowledgedAppend() throws {
        let folder = EngageProcess.Folder()
        var generator = SystemRandomNumberGenerator()
        var acknowledged: [Int: String] = [:]
        for round in 1...15 {
            folder.write("script-\(round).txt", Self.partnerLines(prefix: "r\(round)", count: 5000))
            let process = Process()
            process.executableURL = URL(fileURLWithPath: EngageProcess.binary)
            process.arguments = ["--log", "events.jsonl"]
            process.currentDirectoryURL = folder.url
            process.environment = EngageProcess.baseEnvironment
            process.standardInput = FileHandle(forReadingAtPath: folder.path("script-\(round).txt"))
            let stdout = Pipe()
            process.standardOutput = stdout
            process.standardError = FileHandle.nullDevice
            try process.run()
            usleep(UInt32.random(in: 20_000...150_000, using: &generator))
            kill(process.processIdentifier, SIGKILL)
            let printed = String(decoding: stdout.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            #expect(process.terminationReason == .uncaughtSignal)

            // "Recorded #12: mapped partner r3-7 — …": an append that was acknowledged.
            for line in printed.split(separator: "\n") where line.hasPrefix("Recorded #") {
                let sequence = Int(line.dropFirst("Recorded #".count).prefix { $0.isNumber })!
                let id = line.split(separator: " ")[4]
                #expect(acknowledged[sequence] == nil, "#\(sequence) acknowledged twice")
                acknowledged[sequence] = String(id)
            }

            // The log opens for writing (recovering a torn tail if there is one) and verifies.
            let next = try EngageProcess.command("partner add id=after-\(round) name=After category=ngo levels=operational", in: folder)
            #expect(next.status == 0, "\(next.stderr)")
            let verify = try EngageProcess.run(["--log", "events.jsonl", "verify"], in: folder)
            #expect(verify.status == 0, "\(verify.stdout)")
        }
        let (sequences, ids) = try EngageProcess.loggedIDs(in: folder)
        #expect(sequences == Array(1...sequences.count))
        let logged = Dictionary(uniqueKeysWithValues: zip(sequences, ids))
        #expect(acknowledged.count > 15, "the writer was killed before it acknowledged anything")
        for (sequence, id) in acknowledged {
            #expect(logged[sequence] == id, "acknowledged #\(sequence) (\(id)) is not in the log")
        }
    }

    @Test func aTornLastLineIsMovedAsideAndTheUserIsTold() throws {
        let folder = EngageProcess.Folder()
        try EngageProcess.command("partner add id=wash name=WASH category=cluster levels=strategic", in: folder)
        let torn = #"{"seq":2,"ts":"2026-11-20T10:00:00Z","actor":"coordinator","type":"partner.ma"#
        let handle = FileHandle(forWritingAtPath: folder.path("events.jsonl"))!
        handle.seekToEndOfFile()
        handle.write(Data(torn.utf8))
        try handle.close()

        let verifyBefore = try EngageProcess.run(["--log", "events.jsonl", "verify"], in: folder)
        #expect(verifyBefore.status == 1)
        #expect(verifyBefore.stdout.contains("#2"))

        let outcome = try EngageProcess.command("partner add id=edu name=Education category=cluster levels=operational", in: folder)
        #expect(outcome.status == 0)
        #expect(outcome.stdout.contains("Recorded #2"))
        let notice = outcome.stderr.split(separator: "\n")
        #expect(notice.count == 1)
        #expect(outcome.stderr.contains("torn") && outcome.stderr.contains("events.jsonl.torn-20261120T100000Z"))
        #expect(folder.read("events.jsonl.torn-20261120T100000Z") == torn)
        #expect(try EngageProcess.run(["--log", "events.jsonl", "verify"], in: folder).status == 0)
    }
}

/// A log that something else holds or that is not a file: a clear line, soon, and nothing
/// appended.
@Suite struct LogAccessTests {
    typealias E = EngageProcess

    @Test func aWriterWaitsForAHeldLockAtMostEngageLockWaitThenSaysSo() throws {
        let folder = E.Folder()
        #expect(try E.command("partner add id=wash name=WASH category=cluster levels=strategic", in: folder).status == 0)
        let before = folder.read("events.jsonl")
        // A reader that holds a shared lock and does not let go.
        let fd = open(folder.path("events.jsonl"), O_RDONLY)
        defer { close(fd) }
        #expect(flock(fd, LOCK_SH) == 0)
        let start = Date()
        let write = try E.command("partner add id=edu name=Edu category=cluster levels=strategic", in: folder,
                                  environment: ["ENGAGE_LOCK_WAIT": "1"])
        let waited = Date().timeIntervalSince(start)
        #expect(write.status == 1)
        #expect(write.stderr.contains("locked by another process") && write.stderr.split(separator: "\n").count == 1, "\(write.stderr)")
        #expect(waited >= 1 && waited < 8, "waited \(waited) s")
        #expect(folder.read("events.jsonl") == before)
        let bad = try E.command("plan", in: folder, environment: ["ENGAGE_LOCK_WAIT": "soon"])
        #expect(bad.status == 2 && bad.stderr.contains("ENGAGE_LOCK_WAIT"))
    }

    @Test func aFIFOAtTheLogPathIsRefusedAtOnce() throws {
        let folder = E.Folder()
        #expect(mkfifo(folder.path("events.jsonl"), 0o644) == 0)
        for arguments in [["plan"], ["verify"], ["-c", "partner add id=wash name=WASH category=cluster levels=strategic"]] {
            let start = Date()
            let outcome = try E.run(["--log", "events.jsonl"] + arguments, in: folder)
            #expect(outcome.status == 1, "\(arguments): \(outcome.stderr)")
            #expect(outcome.stderr.contains("not a regular file"), "\(arguments): \(outcome.stderr)")
            #expect(Date().timeIntervalSince(start) < 5)
        }
    }
}
