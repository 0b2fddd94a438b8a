import Application
import Engagement
import EventLog
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// The environment `engage` runs in for the benchmark's child runs: the realistic log's
/// founder, a fixed day after its last record.
let childEnvironment = ["ENGAGE_ACTOR": "coordinator", "ENGAGE_NOW": "2027-01-01T00:00:00Z", "NO_COLOR": "1"]

/// `engage review` on `log` beside `engage verify` on the same log, in the same run: the
/// review writes its three files from the checkpoint's state while the whole chain is checked
/// by hash on the other core; `verify` checks the chain and parses every payload. Prints one
/// line, against the review's targets (1 s, 150 MiB).
func reviewBesideVerify(_ engage: String, log: String, folder: String) throws {
    let review = try ChildRun.run(engage, ["--log", log, "review", "out=" + folder + "/review"], environment: childEnvironment)
    precondition(review.status == 0 || review.status == 3, "engage review ran")
    let verify = try ChildRun.run(engage, ["--log", log, "verify"], environment: childEnvironment)
    precondition(verify.status == 0, "engage verify passed")
    print(String(format: "  %@ %6.0f ms (target < 1000 ms: %@)   %@   verify (same run) %6.0f ms, peak %4.0f MiB",
                 "review (3 files; whole chain checked)".padding(toLength: 38, withPad: " ", startingAt: 0), review.total * 1000,
                 review.total < 1 ? "met" : "MISSED", review.peak(under: 150), verify.total * 1000, verify.peakMiB ?? 0))
}

/// `--views-only`: the engage binary on a large realistic log, started from its checkpoint
/// with records appended since, one process per view as people run them: each view's time
/// and peak memory against 300 MiB, `log` to its first line, and the review beside `verify`.
/// It leaves out the parts of the benchmark that hold the whole log in memory, so that
/// `scripts/bench --events 10000000 --views-only` measures a 10,000,000-event log (about
/// 2.7 GB); `scripts/bench` then times the first prompt on the same log.
func largeLogViews(folder: String, events: Int, batch: Int, now: Timestamp) throws {
    guard let engage = ChildRun.engage else {
        print("  (no engage binary beside EngageBench: nothing to run)")
        return
    }
    let path = folder + "/checkpointed.jsonl"
    let checkpoint = FileSnapshotStore(beside: path)
    unlink(path)
    unlink(checkpoint.path)
    var generator = RealisticLog(total: events)
    let store = FileEventStore(path: path, clock: { now })
    func generate(through last: Int) throws {
        while store.lastSequence < last {
            let next = generator.next(min(batch, last - store.lastSequence))
            _ = try store.append(next.map { $0.0.newEvent(actor: "coordinator", at: $0.1) }, expectingLast: store.lastSequence)
        }
    }
    // The log, its checkpoint written by a first session (a full read that keeps the state
    // and lets the events go), then the last records appended after it, as a partner's
    // submissions arrive between two sessions.
    let tail = min(1_000, events / 10)
    let generating = try seconds { try generate(through: events - tail) }
    let session = Session(store: FileEventStore(path: path, clock: { now }), actor: "bench", clock: { now }, snapshots: checkpoint)
    let replay = try seconds { try session.catchUp() }
    precondition(session.lastSequence == events - tail && session.damage == nil, "the first session read the log")
    let model = session.model
    try generate(through: events)
    let size = Double((try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0)
    let checkpointSize = Double((try? FileManager.default.attributesOfItem(atPath: checkpoint.path)[.size] as? Int) ?? 0)
    precondition(checkpointSize > 0, "the first session wrote a checkpoint")
    print(String(format: "engage views on a large log — %d events, %.0f MiB (generated in %.0f s); checkpoint %.1f MiB at #%d (full read %.0f s), %d records after it",
                 events, size / 1_048_576, generating, checkpointSize / 1_048_576, events - tail, replay, tail))
    print(String(format: "  (state: %d partners, %d datasets, %d rounds, %d feedback, %d actions, %d decisions)",
                 model.partners.count, model.datasets.count, model.rounds.count, model.feedback.count, model.actions.count,
                 model.decisions.count))

    print("\n  engage on the log, from its checkpoint (one process each, output read whole):")
    // Every view made from the state, and the lists as long as the log's things.
    for view in [["plan"], ["unused"], ["dap"], ["sharing"], ["overdue"], ["schedule"], ["feedback", "list"], ["action", "list"],
                 ["decision", "list"], ["--format", "json", "plan"]] {
        let run = try ChildRun.run(engage, ["--log", path] + view, environment: childEnvironment)
        precondition(run.status == 0, "engage \(view.joined(separator: " ")) ran")
        print(String(format: "  %@ %6.0f ms, %6.1f MiB written   %@", view.joined(separator: " ").padding(toLength: 38, withPad: " ", startingAt: 0),
                     run.total * 1000, Double(run.bytes) / 1_048_576, run.peak(under: 300)))
    }
    try reviewBesideVerify(engage, log: path, folder: folder)
    // Last: the whole log as text, read to its end (its peak bounds that of `log | head`).
    let log = try ChildRun.run(engage, ["--log", path, "log"], environment: childEnvironment)
    precondition(log.status == 0, "engage log ran")
    print(String(format: "  %@ first line %5.0f ms (target < 100 ms: %@), whole %6.0f ms, %4.0f MiB written   %@",
                 "log".padding(toLength: 38, withPad: " ", startingAt: 0), (log.firstLine ?? 0) * 1000,
                 (log.firstLine ?? 1) < 0.1 ? "met" : "MISSED", log.total * 1000, Double(log.bytes) / 1_048_576, log.peak(under: 300)))
}
