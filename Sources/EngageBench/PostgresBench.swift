import Application
import Engagement
import EventLog
import Foundation
import PostgresLog
import Synchronization

/// `EngageBench --postgres-appends URL --writers N --seconds S`: durable appends per second
/// on a shared log, N writers on separate connections (logins writer1…writerN, each with its
/// name as password and a coordinator of the log), each appending one event a transaction
/// for S seconds. Prints `appends=COUNT seconds=S`.
func postgresAppends(_ arguments: [String]) throws {
    var url = ""
    var writers = 1
    var duration = 5.0
    var rest = arguments[...]
    while let argument = rest.popFirst() {
        switch argument {
        case "--postgres-appends": url = rest.popFirst() ?? ""
        case "--writers": writers = Int(rest.popFirst() ?? "") ?? writers
        case "--seconds": duration = Double(rest.popFirst() ?? "") ?? duration
        default: break
        }
    }
    let base = try PostgresLocation(url: url)
    let seconds = duration
    let now = Timestamp(year: 2026, month: 11, day: 20, hour: 10)!
    let total = Mutex(0)
    let failures = Mutex(0)
    let start = Date()
    DispatchQueue.concurrentPerform(iterations: writers) { index in
        var location = base
        location.user = "writer\(index + 1)"
        let store = PostgresEventStore(location, password: location.user)
        var n = 0
        while Date().timeIntervalSince(start) < seconds {
            n += 1
            let event = DomainEvent.datasetUsed(DatasetUsed(dataset: "wash.water", partner: "wash", round: 1,
                                                            purpose: "planning the response, report \(n) of \(location.user)"))
            do {
                _ = try store.append([event.newEvent(actor: location.user, at: now, audience: .everyone)], expectingLast: nil)
                total.withLock { $0 += 1 }
            } catch {
                failures.withLock { $0 += 1 }
            }
        }
    }
    let elapsed = Date().timeIntervalSince(start)
    print("appends=\(total.withLock { $0 }) failures=\(failures.withLock { $0 }) seconds=\(String(format: "%.3f", elapsed))")
}

/// `EngageBench --postgres-start URL`: where the time to a shared log's first prompt goes,
/// step by step, as the REPL takes them on start from the snapshot in the database: the
/// session's first read (the snapshot fetched and decoded, its record checked, contacts'
/// keys read, the records after it), then the first look for others' appends and the status
/// line's needs-attention list. Each step is timed on its own; the connections are counted as
/// they open. Prints one line a step.
func postgresStart(_ arguments: [String]) throws {
    guard let index = arguments.firstIndex(of: "--postgres-start"), index + 1 < arguments.count else { return }
    let location = try PostgresLocation(url: arguments[index + 1])
    let password = ProcessInfo.processInfo.environment["PGPASSWORD"]
    let now = Timestamp(year: 2027, month: 1, day: 1)!
    func step(_ name: String, _ body: () throws -> Void) rethrows {
        let start = Date()
        try body()
        print(String(format: "  %-58@ %7.1f ms", name as NSString, Date().timeIntervalSince(start) * 1000))
    }
    var total = Date()
    let store = PostgresEventStore(location, password: password)
    let snapshots = PostgresSnapshotStore(store)
    let keys = PostgresKeyStore(store)
    let probe = PostgresEventStore(location, password: password)
    try step("a connection opened, the schema version read") { _ = try probe.exists() }
    var snapshot: Snapshot?
    step("the snapshot fetched (its own connection)") { snapshot = snapshots.load() }
    var model: Model?
    step(String(format: "the snapshot decoded (%.1f MiB)", Double(snapshot?.state.count ?? 0) / 1_048_576)) {
        model = snapshot!.state.withUnsafeBytes { Model(checkpoint: $0, bothAtOnce: Model.onTwoCores) }
    }
    precondition(model != nil)
    try step("its record checked in the log (the store's connection)") {
        let found = try store.resume(at: snapshot!.position)
        precondition(found)
    }
    try step("contacts' keys read (their own connection)") { _ = try keys.keys() }
    try step("the records after it read") { _ = try store.poll() }
    try step("LISTEN") { _ = try store.watch {} }
    try step("the first look for others' appends") { _ = try store.poll() }
    // The prompt's status line counts what needs attention in the whole state, before the prompt.
    step("the status line's needs-attention list") {
        _ = model!.attentionCounts(for: location.user, today: Day(now))
    }
    print(String(format: "  %-58@ %7.1f ms", "steps in all" as NSString, Date().timeIntervalSince(total) * 1000))
    total = Date()
    let session = Session(store: PostgresEventStore(location, password: password), actor: location.user, clock: { now },
                          snapshots: PostgresSnapshotStore(store), keys: PostgresKeyStore(store))
    try step("a session's first read, as the REPL starts") { try session.catchUp() }
    precondition(session.base > 0, "the session started from the snapshot")
}
