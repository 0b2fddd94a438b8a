// The engage benchmark: durable appends, bulk import and read + verify, each printed
// beside a baseline measured in the same run on the same bytes. Run it with
// `scripts/bench` (release build); `--events N` changes the log size.
import Console
import Application
import Engagement
import EventLog
import Foundation

#if canImport(Glibc)
import Glibc
#endif

struct Options {
    var events = 1_000_000
    var appends = 3_000
    var batch = 10_000
    var folder = FileManager.default.temporaryDirectory.appendingPathComponent("engage-bench-\(getpid())").path
    /// Leave the generated logs in the folder (to time `engage` on them).
    var keep = false
    /// Only the refusals of oversized input.
    var boundedOnly = false
    /// Only the realistic log and its import into a file log.
    var importOnly = false
    /// Only the engage binary's views on a large log (`largeLogViews`).
    var viewsOnly = false
    /// Only the past days (`pastDays`) on the realistic log.
    var pastDaysOnly = false
    /// Only the first read on two cores against one (`firstReadOnCores`).
    var firstReadOnly = false

    init(_ arguments: [String]) {
        var rest = arguments[...]
        while let argument = rest.popFirst() {
            switch argument {
            case "--events": events = Int(rest.popFirst() ?? "") ?? events
            case "--appends": appends = Int(rest.popFirst() ?? "") ?? appends
            case "--batch": batch = Int(rest.popFirst() ?? "") ?? batch
            case "--dir": folder = rest.popFirst() ?? folder
            case "--keep": keep = true
            case "--bounded-only": boundedOnly = true
            case "--import-only": importOnly = true
            case "--views-only": viewsOnly = true
            case "--past-days-only": pastDaysOnly = true
            case "--first-read-only": firstReadOnly = true
            default:
                print("usage: EngageBench [--events N] [--appends N] [--batch N] [--dir FOLDER] [--keep] [--bounded-only | --import-only | --views-only | --past-days-only | --first-read-only]")
                exit(2)
            }
        }
    }
}

func seconds(_ body: () throws -> Void) rethrows -> Double {
    var start = timespec()
    var end = timespec()
    clock_gettime(CLOCK_MONOTONIC, &start)
    try body()
    clock_gettime(CLOCK_MONOTONIC, &end)
    return Double(end.tv_sec - start.tv_sec) + Double(end.tv_nsec - start.tv_nsec) / 1e9
}

func rate(_ count: Int, _ time: Double) -> String {
    let perSecond = Double(count) / time
    return perSecond >= 10_000 ? String(format: "%9.0fk/s", perSecond / 1000) : String(format: "%9.0f/s ", perSecond)
}

/// A figure a row must reach; a miss is printed the same way every time: `MISSED target …`.
enum Target {
    case none
    /// At least this many per second.
    case rate(Double)
    /// At least this ratio against the row's baseline.
    case ratio(Double)

    func verdict(perSecond: Double, ratio: Double) -> String {
        switch self {
        case .none:
            return ""
        case .rate(let wanted):
            let text = "target ≥ \(Int(wanted / 1000))k/s"
            return perSecond >= wanted ? "met \(text)" : "MISSED \(text)"
        case .ratio(let wanted):
            let text = String(format: "target ratio ≥ %.2f", wanted)
            return ratio >= wanted ? "met \(text)" : "MISSED \(text)"
        }
    }
}

/// One row: what engage does, beside what the baseline does on the same bytes, in the
/// same run.
func report(_ name: String, count: Int, time: Double, baselineName: String, baselineTime: Double, target: Target = .none) {
    let ratio = baselineTime / time
    print("  \(name.padding(toLength: 44, withPad: " ", startingAt: 0)) \(rate(count, time))   "
          + "\(baselineName.padding(toLength: 44, withPad: " ", startingAt: 0)) \(rate(count, baselineTime))   "
          + String(format: "ratio %5.2f", ratio) + "   " + target.verdict(perSecond: Double(count) / time, ratio: ratio))
}

/// Realistic events: partners mapped and contacts added, with names of realistic length.
func sampleEvent(_ n: Int, at time: Timestamp) -> NewEvent {
    let categories = PartnerCategory.allCases
    let event: DomainEvent = n % 3 == 0
        ? .contactAdded(ContactAdded(partner: "partner-\(n / 3)", name: "Contact Person \(n)", email: "contact.\(n)@example.org",
                                     skills: [.im, .subjectMatter]))
        : .partnerMapped(PartnerMapped(id: "partner-\(n)", name: "Partner organisation number \(n) — field office",
                                       category: categories[n % categories.count], levels: [.strategic, .operational]))
    return event.newEvent(actor: "coordinator", at: time)
}

func writeAll(_ fd: Int32, _ bytes: [UInt8]) {
    if let code = FileDescriptor.writeAll(fd, bytes) { preconditionFailure("write failed: \(String(cString: strerror(code)))") }
}

/// The bytes `count` sample events make as log lines, one array per line.
func encodedLines(_ count: Int, at time: Timestamp) -> [[UInt8]] {
    var previous = ChainHash.genesis
    return (1...count).map { n in
        var line: [UInt8] = []
        previous = LogLine.encode(sampleEvent(n, at: time), sequence: n, previous: previous, into: &line).hash
        return line
    }
}

/// Seconds `cat` takes to read `path` to /dev/null: the floor of reading a log at all.
func catSeconds(_ path: String) throws -> Double {
    let cat = Process()
    cat.executableURL = URL(fileURLWithPath: "/bin/cat")
    cat.arguments = [path]
    cat.standardOutput = FileHandle.nullDevice
    return try seconds {
        try cat.run()
        cat.waitUntilExit()
    }
}

/// Seconds a plain Foundation `JSONDecoder` loop takes to decode every line of `path`.
func decoderLoopSeconds<T: Decodable>(_ path: String, as type: T.Type, expecting count: Int) throws -> Double {
    let data = try Data(contentsOf: URL(fileURLWithPath: path))
    let decoder = JSONDecoder()
    var decoded = 0
    let time = try seconds {
        for line in data.split(separator: 0x0A) {
            _ = try decoder.decode(T.self, from: line)
            decoded += 1
        }
    }
    precondition(decoded == count)
    return time
}

struct Envelope: Decodable {
    struct Payload: Decodable {
        var id: String?
        var partner: String?
        var name: String
        var category: String?
        var levels: [String]?
        var email: String?
        var skills: [String]?
    }
    var seq: Int
    var ts: String
    var actor: String
    var type: String
    var v: Int
    var data: Payload
    var hash: String
}

if CommandLine.arguments.contains("--postgres-start") {
    try postgresStart(Array(CommandLine.arguments.dropFirst()))
    exit(0)
}
if CommandLine.arguments.contains("--copy-rows") {
    try copyRows(Array(CommandLine.arguments.dropFirst()))
    exit(0)
}
if CommandLine.arguments.contains("--checkpoint-codec") {
    checkpointCodec(Array(CommandLine.arguments.dropFirst()))
    exit(0)
}
if CommandLine.arguments.contains("--postgres-appends") {
    try postgresAppends(Array(CommandLine.arguments.dropFirst()))
    exit(0)
}
// `EngageBench --realistic PATH [--events N]`: only writes the realistic log (the input of
// `scripts/bench-postgres`), as the full run below writes it.
if let index = CommandLine.arguments.firstIndex(of: "--realistic"), index + 1 < CommandLine.arguments.count {
    let events = CommandLine.arguments.firstIndex(of: "--events").flatMap { Int(CommandLine.arguments[$0 + 1]) } ?? 1_000_000
    try writeRealisticLog(CommandLine.arguments[index + 1], events: events, batch: 10_000)
    exit(0)
}
let options = Options(Array(CommandLine.arguments.dropFirst()))
try FileManager.default.createDirectory(atPath: options.folder, withIntermediateDirectories: true)
defer { if !options.keep { try? FileManager.default.removeItem(atPath: options.folder) } }
let now = Timestamp(year: 2026, month: 11, day: 20, hour: 10)!
if options.boundedOnly {
    try boundedInput(folder: options.folder, now: now)
    if !options.keep { try? FileManager.default.removeItem(atPath: options.folder) }
    exit(0)
}
if options.importOnly {
    let path = options.folder + "/realistic.jsonl"
    try writeRealisticLog(path, events: options.events, batch: options.batch)
    print("engage import of a realistic log of \(options.events) events into a new file log")
    try importIntoFile(log: path, events: options.events, folder: options.folder)
    if !options.keep { try? FileManager.default.removeItem(atPath: options.folder) }
    exit(0)
}
if options.pastDaysOnly {
    // A log kept from an earlier run (`--keep`) is used as it is.
    let path = options.folder + "/checkpointed.jsonl"
    if !FileManager.default.fileExists(atPath: path) { try writeRealisticLog(path, events: options.events, batch: options.batch) }
    try pastDays(log: path, now: now)
    if !options.keep { try? FileManager.default.removeItem(atPath: options.folder) }
    exit(0)
}
if options.firstReadOnly {
    // A log kept from an earlier run (`--keep`) is used as it is.
    let path = options.folder + "/realistic.jsonl"
    if !FileManager.default.fileExists(atPath: path) { try writeRealisticLog(path, events: options.events, batch: options.batch) }
    let (two, one) = try firstReadOnCores(path, runs: 5, now: now)
    print(String(format: "first read, decode and fold of %@: two cores %.0f ms, one core %.0f ms (medians of 5, alternating): %@",
                 path, two * 1000, one * 1000, two < one ? "two cores faster here" : "one core faster here"))
    if !options.keep { try? FileManager.default.removeItem(atPath: options.folder) }
    exit(0)
}
if options.viewsOnly {
    try largeLogViews(folder: options.folder, events: options.events, batch: options.batch, now: now)
    if !options.keep { try? FileManager.default.removeItem(atPath: options.folder) }
    exit(0)
}
print("engage benchmark — \(options.events) events, \(options.appends) durable appends, batches of \(options.batch)")
print("  \("engage does".padding(toLength: 44, withPad: " ", startingAt: 0))      rate   \("the baseline does (same run, same bytes)".padding(toLength: 44, withPad: " ", startingAt: 0))       rate")

// 1. Durable appends from one process: lock, catch-up check, encode, write, fsync.
do {
    let path = options.folder + "/appends.jsonl"
    let store = FileEventStore(path: path, clock: { now })
    _ = try store.append([sampleEvent(0, at: now)], expectingLast: 0)
    let appendTime = try seconds {
        for n in 1...options.appends {
            _ = try store.append([sampleEvent(n, at: now)], expectingLast: n)
        }
    }
    let lines = encodedLines(options.appends, at: now)
    let fd = open(options.folder + "/bare.jsonl", O_WRONLY | O_CREAT | O_APPEND, 0o644)
    writeAll(fd, lines[0])
    _ = fsync(fd)
    let bareTime = seconds {
        for line in lines {
            writeAll(fd, line)
            _ = fsync(fd)
        }
    }
    close(fd)
    report("durable append (lock, encode, hash, fsync)", count: options.appends, time: appendTime,
           baselineName: "bare write+fsync of the same lines", baselineTime: bareTime, target: .ratio(0.80))
}

// 2. Bulk import: group commit, one write and one fsync per batch.
let bulkPath = options.folder + "/bulk.jsonl"
do {
    let store = FileEventStore(path: bulkPath, clock: { now })
    var n = 0
    var batches: [[NewEvent]] = []
    while n < options.events {
        let size = min(options.batch, options.events - n)
        batches.append((0..<size).map { sampleEvent(n + 1 + $0, at: now) })
        n += size
    }
    let importTime = try seconds {
        for batch in batches {
            _ = try store.append(batch, expectingLast: store.lastSequence)
        }
    }
    batches.removeAll()
    // Baseline: the same bytes, written and fsync'd per batch, with nothing to encode or hash.
    let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: bulkPath)))
    var cuts: [Int] = [0]
    var lineCount = 0
    for (i, byte) in bytes.enumerated() where byte == 0x0A {
        lineCount += 1
        if lineCount % options.batch == 0 || lineCount == options.events { cuts.append(i + 1) }
    }
    let fd = open(options.folder + "/bulk-bare.jsonl", O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    let bareTime = seconds {
        for k in 1..<cuts.count {
            writeAll(fd, Array(bytes[cuts[k - 1]..<cuts[k]]))
            _ = fsync(fd)
        }
    }
    close(fd)
    unlink(options.folder + "/bulk-bare.jsonl")
    report("group commit (store API append)", count: options.events, time: importTime,
           baselineName: "bare write+fsync per batch, same lines", baselineTime: bareTime, target: .rate(500_000))
    let size = Double(bytes.count) / 1_048_576
    print(String(format: "  (log of %.0f MiB, %.0f bytes a line)", size, Double(bytes.count) / Double(options.events)))
}

// 2b. Bulk through a command a user can run: a piped script, one command a line, each
//     acknowledged after its own fsync, against the same lines written with a bare fsync each.
do {
    let engage = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("engage").path
    let count = min(options.appends, 2_000)
    var script = "partner add id=wash name=WASH category=cluster levels=operational\n"
    for n in 1..<count { script += "decision text=\"bulk decision \(n)\" partners=wash\n" }
    let scriptPath = options.folder + "/script.txt"
    try script.write(toFile: scriptPath, atomically: true, encoding: .utf8)
    let logPath = options.folder + "/piped.jsonl"
    let piped = Process()
    piped.executableURL = URL(fileURLWithPath: engage)
    piped.arguments = ["--log", logPath, "--as", "bench"]
    piped.standardInput = FileHandle(forReadingAtPath: scriptPath)
    piped.standardOutput = FileHandle.nullDevice
    piped.standardError = FileHandle.nullDevice
    piped.environment = ["ENGAGE_NOW": "2026-11-20T10:00:00Z", "PATH": "/usr/bin:/bin"]
    let pipedTime = try seconds {
        try piped.run()
        piped.waitUntilExit()
    }
    precondition(piped.terminationStatus == 0, "the piped script ran")
    let lines = try String(contentsOfFile: logPath, encoding: .utf8).split(separator: "\n").map { Array($0.utf8) + [0x0A] }
    precondition(lines.count == count)
    let fd = open(options.folder + "/piped-bare.jsonl", O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    let bareTime = seconds {
        for line in lines {
            writeAll(fd, line)
            _ = fsync(fd)
        }
    }
    close(fd)
    report("piped script through engage (1 fsync a line)", count: count, time: pipedTime,
           baselineName: "bare write+fsync of each line", baselineTime: bareTime)
}

// 3. Read + verify: the whole log through the store (envelope + hash chain), and `verify`
//    (payloads parsed as well), against `cat` and a plain Foundation JSONDecoder loop.
do {
    var records = 0
    let readTime = try seconds {
        let result = try FileEventStore(path: bulkPath, clock: { now }).poll()
        precondition(result.damage == nil)
        records = result.records.count
    }
    precondition(records == options.events)
    var verified = 0
    let verifyTime = try seconds {
        let report = try FileEventStore(path: bulkPath, clock: { now }).verify()
        precondition(report.damage == nil)
        verified = report.count
    }
    precondition(verified == options.events)

    let catTime = try catSeconds(bulkPath)
    let decoderTime = try decoderLoopSeconds(bulkPath, as: Envelope.self, expecting: options.events)

    // Like for like: both sides parse every payload.
    report("verify (chain + every payload parsed)", count: options.events, time: verifyTime,
           baselineName: "JSONDecoder loop (every payload decoded)", baselineTime: decoderTime)
    // Not like for like, and said so: the store copies payloads without parsing them.
    report("read + chain check (payloads not parsed)", count: options.events, time: readTime,
           baselineName: "cat of the file (reads, parses nothing)", baselineTime: catTime, target: .rate(1_000_000))
}

// 4. Replay: a realistic log (most event types, printed below; 200 partners, 500 datasets, 20 rounds)
//    read, verified, decoded and folded into every projection, then every view computed,
//    exactly as `engage` does on start; beside a Foundation JSONDecoder loop and `cat`.
struct AnyPayload: Decodable {
    var id: String?, name: String?, partner: String?, dataset: String?, text: String?, reason: String?
    var category: String?, levels: [String]?, email: String?, skills: [String]?, how: String?, by: String?
    var date: String?, kind: String?, partners: [String]?, outcomes: [String]?, notes: String?, owner: String?
    var due: String?, frequency: String?, purpose: String?, title: String?, milestone: String?, about: String?
    var sector: String?, question: String?, options: String?, requested_by: [String]?, dissemination: String?
    var mockup: String?, criteria: [String]?, forced: Bool?, n: Int?, round: Int?, scope: String?, expires: String?
    var modality: String?, topic: String?, rating: Int?, response: String?, seq: Int?
    enum CodingKeys: String, CodingKey {
        case id, name, partner, dataset, text, reason, category, levels, email, skills, how, by, date, kind, partners, outcomes
        case notes, owner, due, frequency, purpose, title, milestone, about, sector, question, options, requested_by
        case dissemination, mockup, criteria, forced, n, round, scope, expires, modality, topic, rating, response, seq
        case purposeFor = "for"
    }
    var purposeFor: String?
}

struct AnyEnvelope: Decodable {
    var seq: Int
    var ts: String
    var actor: String
    var type: String
    var v: Int
    var data: AnyPayload
    var hash: String
}

do {
    let path = options.folder + "/realistic.jsonl"
    try writeRealisticLog(path, events: options.events, batch: options.batch)
    let size = Double((try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0)
    print(String(format: "\n  realistic log: %d events, %.0f MiB, %.0f bytes a line", options.events, size / 1_048_576, size / Double(options.events)))

    var session: Session?
    var viewBytes = 0
    var reports: [Report] = []
    // Read, decode and fold into the model, then compute every view from it: the replay.
    var readTime = 0.0
    let replayTime = try seconds {
        let replaying = Session(store: FileEventStore(path: path, clock: { now }), actor: "bench", clock: { now })
        readTime = try seconds { try replaying.catchUp() }
        let model = replaying.model
        let today = replaying.today
        reports = [ViewReports.plan(model, today: today), ViewReports.unused(model, rounds: 2), ViewReports.dap(model),
                   ViewReports.feedback(model, filter: FeedbackFilter()), ViewReports.sharing(model, today: today),
                   ViewReports.schedule(model), ViewReports.overdue(model, today: today)]
        session = replaying
    }
    // Rendering them, apart: 15 MB of JSON is the output's cost, not the replay's.
    let renderTime = seconds {
        for report in reports { viewBytes += report.render(.json, width: nil).utf8.count }
    }
    reports = []
    precondition(session?.lastSequence == options.events && session?.damage == nil, "replay read every event")
    let model = session!.model
    session = nil

    // The same first read on two cores and on one, in the same run, alternating: the second
    // core pays only where it measures faster.
    let (twoCoresTime, oneCoreTime) = try firstReadOnCores(path, runs: 3, now: now, expecting: model)

    // Where replay time goes, one stage at a time on one core.
    var records: [LogRecord] = []
    records.reserveCapacity(options.events)
    let readOnly = try seconds {
        _ = try FileEventStore(path: path, clock: { now }).poll { records.append($0) }
    }
    var events: [RecordedEvent] = []
    events.reserveCapacity(options.events)
    let decodeOnly = try seconds {
        // Texts shared within chunks of 8,192 records, as a session's decoder shares them
        // (`RecordPipeline.chunkSize`).
        var texts = SharedTexts()
        for (i, record) in records.enumerated() {
            if i % 8_192 == 0 { texts = SharedTexts() }
            events.append(try RecordedEvent(record, sharing: &texts))
        }
    }
    records = []
    let types = Set(events.map(\.event.type))
    let absent = DomainEvent.registry.map { $0.type }.filter { !types.contains($0) }
    print("  it holds \(types.count) of the \(DomainEvent.registry.count) event types" + (absent.isEmpty ? "" : "; not: \(absent.joined(separator: ", "))"))
    var folded = Model()
    let foldOnly = seconds { folded = Model.replay(events) }
    precondition(folded == model)
    events = []
    print(String(format: "  (one core: read + verify chain %.0f ms, decode payloads %.0f ms, fold %.0f ms; engage overlaps reading and decoding)",
                 readOnly * 1000, decodeOnly * 1000, foldOnly * 1000))

    let decoderTime = try decoderLoopSeconds(path, as: AnyEnvelope.self, expecting: options.events)
    let catTime = try catSeconds(path)

    report("replay (read, verify, decode, fold, views)", count: options.events, time: replayTime,
           baselineName: "JSONDecoder loop (decodes, folds nothing)", baselineTime: decoderTime, target: .rate(1_000_000))
    report("replay (read, verify, decode, fold, views)", count: options.events, time: replayTime,
           baselineName: "cat of the file (reads, parses nothing)", baselineTime: catTime)
    switch orjsonSeconds(path) {
    case .success(let orjsonTime):
        report("replay (read, verify, decode, fold, views)", count: options.events, time: replayTime,
               baselineName: "orjson.loads of every line (parse only)", baselineTime: orjsonTime, target: .ratio(2.0))
    case .failure(let unavailable):
        print("  (orjson baseline skipped: \(unavailable.reason))")
    }
    print(String(format: "  (first read, decode and fold on two cores %.0f ms, on one core %.0f ms, medians of 3 alternating: %@)",
                 twoCoresTime * 1000, oneCoreTime * 1000, twoCoresTime < oneCoreTime ? "two cores faster here" : "one core faster here"))
    print(String(format: "  (replay: read, decode and fold %.0f ms, then every view computed %.0f ms; rendering the views as JSON, %d bytes, %.0f ms more)",
                 readTime * 1000, (replayTime - readTime) * 1000, viewBytes, renderTime * 1000))
    report("… and every view rendered as JSON", count: options.events, time: replayTime + renderTime,
           baselineName: "JSONDecoder loop (decodes, folds nothing)", baselineTime: decoderTime)
    print(String(format: "  (state: %d partners, %d datasets, %d rounds, %d feedback, %d retracted)",
                 model.partners.count, model.datasets.count, model.rounds.count, model.feedback.count, model.retracted.count))
}

// 4b. `engage import` of the realistic log into a new file log, against a bare write+fsync of
//     the same bytes, in the same run.
do {
    print("")
    try importIntoFile(log: options.folder + "/realistic.jsonl", events: options.events, folder: options.folder)
}

// 5. Start on a large log: what stands between `engage` and its first prompt (the session's
//    first read, then the status line), from a checkpoint of the model beside the log,
//    against a full replay of the same log in the same run. The log is the realistic one,
//    with its last 1,000 events appended after the checkpoint was written, as a partner's
//    submissions arrive between two sessions.
do {
    let original = options.folder + "/realistic.jsonl"
    let path = options.folder + "/checkpointed.jsonl"
    let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: original)))
    let tail = min(1_000, options.events / 10)
    var cut = bytes.count
    for _ in 0..<tail {
        cut = bytes[..<(cut - 1)].lastIndex(of: 0x0A).map { $0 + 1 } ?? 0
    }
    try Data(bytes[..<cut]).write(to: URL(fileURLWithPath: path))
    let checkpoint = FileSnapshotStore(beside: path)
    unlink(checkpoint.path)

    /// The first read and the status line's figures, as the REPL computes them on start.
    func start(with checkpoint: FileSnapshotStore?) throws -> Session {
        let session = Session(store: FileEventStore(path: path, clock: { now }), actor: "bench", clock: { now }, snapshots: checkpoint)
        try session.catchUp()
        _ = session.model.attentionCounts(for: "coordinator", today: session.today)
        return session
    }

    // The first session on the log reads it all and writes the checkpoint.
    var writing: Session?
    let firstTime = try seconds { writing = try start(with: checkpoint) }
    let checkpointSize = (try? FileManager.default.attributesOfItem(atPath: checkpoint.path)[.size] as? Int) ?? 0
    precondition(checkpointSize > 0 && writing?.lastSequence == options.events - tail, "the first session wrote a checkpoint")
    writing = nil
    // Then others append.
    let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
    handle.seekToEndOfFile()
    handle.write(Data(bytes[cut...]))
    try handle.close()

    var full: Session?
    let fullTime = try seconds { full = try start(with: nil) }
    precondition(full?.lastSequence == options.events)
    let fullModel = full!.model
    full = nil
    var resumed: Session?
    let resumedTime = try seconds { resumed = try start(with: checkpoint) }
    precondition(resumed?.lastSequence == options.events && resumed?.base == options.events - tail, "started from the checkpoint")
    precondition(resumed?.model == fullModel, "the checkpoint and the tail give the state a full replay gives")
    resumed = nil
    var loaded: Model?
    let loadTime = seconds { loaded = checkpoint.load().flatMap { snapshot in snapshot.state.withUnsafeBytes { Model(checkpoint: $0, bothAtOnce: Model.onTwoCores) } } }
    precondition(loaded != nil)
    var statusModel = loaded!
    let statusTime = seconds {
        _ = statusModel.attentionCounts(for: "coordinator", today: Day(now))
    }
    statusModel = Model()
    loaded = nil

    print(String(format: "\n  start on a %d-event log (first read + status), %d events appended since the checkpoint:", options.events, tail))
    print(String(format: "  %@ %7.0f ms   %@ %7.0f ms   ratio %5.1f   %@",
                 "from the checkpoint (history check running)".padding(toLength: 44, withPad: " ", startingAt: 0), resumedTime * 1000,
                 "full replay (same run)".padding(toLength: 44, withPad: " ", startingAt: 0), fullTime * 1000, fullTime / resumedTime,
                 resumedTime < 0.2 ? "met target < 200 ms" : "MISSED target < 200 ms"))
    print(String(format: "  (checkpoint of %.1f MiB: loading and checking it %.0f ms, the status line %.0f ms; written by the first session: full replay + write %.0f ms)",
                 Double(checkpointSize) / 1_048_576, loadTime * 1000, statusTime * 1000, firstTime * 1000))
}

// 5b. The engage binary on the large log, as people run it: `log` in every format streams
//     (its first line at once, its memory flat whatever the log's size), `verify` streams,
//     and a full replay holds the folded state, not the events.
if let engage = ChildRun.engage {
    let environment = childEnvironment
    let checkpointed = options.folder + "/checkpointed.jsonl"
    print("\n  engage on the \(options.events)-event log, from its checkpoint (one process each, output read whole):")
    for format in OutputFormat.allCases {
        let run = try ChildRun.run(engage, ["--log", checkpointed, "--format", format.rawValue, "log"], environment: environment)
        precondition(run.status == 0, "engage log ran")
        // The JSON twin is one long line: its first bytes are what a reader sees first.
        let (what, when) = format == .json ? ("first bytes", run.firstBytes) : ("first line ", run.firstLine)
        let first = when.map { String(format: "%@ %5.0f ms (target < 100 ms: %@)", what, $0 * 1000, $0 < 0.1 ? "met" : "MISSED") }
            ?? "nothing written"
        print(String(format: "  %@ %@   whole %6.0f ms, %4.0f MiB written   %@",
                     "log --format \(format.rawValue)".padding(toLength: 22, withPad: " ", startingAt: 0), first,
                     run.total * 1000, Double(run.bytes) / 1_048_576, run.peak(under: 64)))
    }
    let verify = try ChildRun.run(engage, ["--log", checkpointed, "verify"], environment: environment)
    precondition(verify.status == 0, "engage verify passed")
    // `verify` rebuilds the checkpoint's state to check it: its floor is one state, which a
    // command starting from that checkpoint also holds.
    let fromCheckpoint = try ChildRun.run(engage, ["--log", checkpointed, "partner", "list"], environment: environment)
    precondition(fromCheckpoint.status == 0, "engage partner list ran")
    print(String(format: "  %@ %6.0f ms   %@   (partner list from the checkpoint, same run: peak %4.0f MiB)",
                 "verify (chain and checkpoint)".padding(toLength: 44, withPad: " ", startingAt: 0),
                 verify.total * 1000, verify.peak(under: 64), fromCheckpoint.peakMiB ?? 0))
    try reviewBesideVerify(engage, log: checkpointed, folder: options.folder)
    let realistic = options.folder + "/realistic.jsonl"
    let replayCheckpoint = FileSnapshotStore(beside: realistic).path
    unlink(replayCheckpoint)
    let replay = try ChildRun.run(engage, ["--log", realistic, "plan"], environment: environment)
    precondition(replay.status == 0, "engage plan ran")
    unlink(replayCheckpoint)
    print(String(format: "  %@ %6.0f ms   %@", "plan after a full replay (no checkpoint)".padding(toLength: 44, withPad: " ", startingAt: 0),
                 replay.total * 1000, replay.peak(under: 200)))
} else {
    print("\n  (engage binary runs skipped: no engage binary beside EngageBench)")
}

// 6. A past day (`--as-of DAY plan`) on the same log (`pastDays`).
try pastDays(log: options.folder + "/checkpointed.jsonl", now: now)

// 7. Refusals of oversized input on a 100,000-partner log, each against 50 ms.
try boundedInput(folder: options.folder, now: now)

/// The first read of `path` (read, check, decode, fold: `Session.catchUp`) on two cores and
/// on one, `runs` times each, alternating; the median of each. Only the read is timed: each
/// session is compared with `expecting` and let go after its clock stops.
func firstReadOnCores(_ path: String, runs: Int, now: Timestamp, expecting: Model? = nil) throws -> (twoCores: Double, oneCore: Double) {
    var times: [Bool: [Double]] = [true: [], false: []]
    for _ in 0..<runs {
        for twoCores in [true, false] {
            let session = Session(store: FileEventStore(path: path, clock: { now }), actor: "bench", clock: { now })
            session.readsOnTwoCores = twoCores
            times[twoCores]!.append(try seconds { try session.catchUp() })
            precondition(session.damage == nil && (expecting.map { session.model == $0 } ?? true), "the same state on one core and on two")
        }
    }
    func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }
    return (median(times[true]!), median(times[false]!))
}

