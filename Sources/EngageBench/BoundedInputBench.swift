import Application
import Console
import Engagement
import EventLog
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Refusals of oversized input on a log of 100,000 partners: each must answer in under
/// 50 ms, whatever the size of what was typed, and a 5 MB text must not cost hundreds of
/// MiB. The log is read before the clock starts: what is timed is the refusal itself, the
/// way `-c`, command words, piped input and the prompt reach it.
func boundedInput(folder: String, now: Timestamp, partners: Int = 100_000) throws {
    let path = folder + "/partners.jsonl"
    var bytes: [UInt8] = []
    var previous = ChainHash.genesis
    for n in 1...partners {
        let event = DomainEvent.partnerMapped(PartnerMapped(id: "partner-\(n)", name: "Partner organisation number \(n)",
                                                            category: .ngo, levels: [.operational]))
        previous = LogLine.encode(event.newEvent(actor: "coordinator", at: now), sequence: n, previous: previous, into: &bytes).hash
    }
    try Data(bytes).write(to: URL(fileURLWithPath: path))
    bytes = []
    let session = Session(store: FileEventStore(path: path, clock: { now }), actor: "coordinator", clock: { now }, snapshots: nil)
    try session.catchUp()
    precondition(session.lastSequence == partners)
    let runner = Runner(session: session, format: .text, asOf: nil, width: nil)

    /// The slowest of three runs of `body`, which must answer with a refusal's message.
    func refusal(_ body: () -> String?) -> Double {
        var slowest = 0.0
        for _ in 0..<3 {
            var message: String?
            let time = seconds { message = body() }
            precondition(message != nil, "the oversized input was refused")
            slowest = max(slowest, time)
        }
        return slowest
    }
    /// A line as `-c` and the prompt take it: parsed, run, its error worded.
    func line(_ text: String) -> String? {
        refusalMessage { try runner.run(try ParsedLine.parse(text)) }
    }

    let tenMB = String(repeating: "x", count: 10 << 20)
    let longID = String(repeating: "p", count: 10_000)
    let fiveMB = String(repeating: "a", count: 5 << 20)
    let seventyKiB = String(repeating: "y", count: 70 << 10)
    let justUnder = String(repeating: "z", count: 60 << 10)
    let piped = folder + "/piped.txt"
    try Data(("plan\n" + "partner show id=" + seventyKiB + "\nplan\n").utf8).write(to: URL(fileURLWithPath: piped))

    let rows: [(String, Double)] = [
        ("10 MB unknown verb (-c, the prompt)", refusal { line(tenMB) }),
        ("10 MB unknown verb (command words)", refusal { refusalMessage { try runner.run(try ParsedLine(arguments: [tenMB])) } }),
        ("partner show id=<10,000 characters>", refusal { line("partner show id=" + longID) }),
        ("partner show id=<60 KiB> (under the limit)", refusal { line("partner show id=" + justUnder) }),
        ("60 KiB unknown verb (under the limit)", refusal { line(justUnder) }),
        ("feedback text=<5 MB>", refusal { line("feedback partner=partner-1 topic=process text=" + fiveMB) }),
        ("70 KiB line (-c, the prompt)", refusal { line("plan " + seventyKiB) }),
        ("70 KiB line piped on stdin", refusal {
            let fd = open(piped, O_RDONLY)
            defer { close(fd) }
            var input = LineInput(fd: fd)
            while let next = input.next() {
                if case .tooLong(let bytes) = next { return ErrorPresenter.present(.command(ParsedLine.tooLong(bytes: bytes))).message }
            }
            return nil
        }),
    ]
    print("\n  refusals of oversized input on a log of \(partners) partners (the slowest of 3 runs, the log already read):")
    for (name, time) in rows {
        print(String(format: "  %@ %9.2f ms   %@", name.padding(toLength: 44, withPad: " ", startingAt: 0), time * 1000,
                     time < 0.05 ? "met target < 50 ms" : "MISSED target < 50 ms"))
    }

    // The whole program given a 5 MB text (piped: one argument may not exceed 128 KiB):
    // time and peak memory.
    let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("engage").path
    guard FileManager.default.isExecutableFile(atPath: binary) else {
        print("  (engage < a 5 MB text: skipped, no engage binary beside EngageBench)")
        return
    }
    let script = folder + "/five-mb.txt"
    try Data(("feedback partner=partner-1 topic=process text=" + fiveMB + "\n").utf8).write(to: URL(fileURLWithPath: script))
    // Its peak memory as /usr/bin/time reports it (the rusage of a child started from this
    // large process would count the pages it shared before exec).
    let timer = "/usr/bin/time"
    let measured = FileManager.default.isExecutableFile(atPath: timer)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: measured ? timer : binary)
    process.arguments = (measured ? ["-f", "peak %M", binary] : []) + ["--log", path]
    process.environment = ["ENGAGE_ACTOR": "coordinator", "ENGAGE_NOW": now.description, "PATH": "/usr/bin:/bin"]
    process.standardInput = FileHandle(forReadingAtPath: script)
    process.standardOutput = FileHandle.nullDevice
    let errors = Pipe()
    process.standardError = errors
    let time = try seconds {
        try process.run()
        process.waitUntilExit()
    }
    precondition(process.terminationStatus != 0, "the 5 MB text was refused")
    let said = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    let peak = said.split(separator: "\n").last { $0.hasPrefix("peak ") }.flatMap { Double($0.dropFirst(5)) }.map { $0 / 1024 }
    let memory = peak.map { String(format: "peak memory %.0f MiB   %@", $0, $0 < 100 ? "met target < 100 MiB" : "MISSED target < 100 MiB") }
        ?? "(peak memory not measured: no /usr/bin/time)"
    print(String(format: "  %@ %9.2f ms   %@", "engage < a 5 MB text (whole process)".padding(toLength: 44, withPad: " ", startingAt: 0),
                 time * 1000, memory))
}

/// The one-line message of the refusal `body` ends in, or `nil` when it succeeds.
private func refusalMessage(_ body: () throws -> Runner.Answer) -> String? {
    do {
        _ = try body()
        return nil
    } catch let error as CommandError {
        return ErrorPresenter.present(.command(error)).message
    } catch let error as ConsoleError {
        return ErrorPresenter.present(error).message
    } catch {
        return "\(error)"
    }
}
