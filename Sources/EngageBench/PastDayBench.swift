import Application
import Console
import Engagement
import EventLog
import Foundation

/// A past day (`--as-of DAY plan`) on the log at `path`: a session from the checkpoint's
/// listing, then the model as of the end of DAY and the plan of that day at 100 columns, from
/// the interval checkpoints, against the same from every record (the session reads the
/// records behind the checkpoint, then replays those before the cut-off), in the same run,
/// over five days spread across the log. The interval checkpoints (and the checkpoint, if the
/// log has none) are written by the first past day.
func pastDays(log path: String, now: Timestamp) throws {
    let checkpoint = FileSnapshotStore(beside: path)
    for mark in checkpoint.intervals() { checkpoint.discardInterval(mark.sequence) }
    let reader = FileEventStore(path: path, clock: { now })
    var first: Timestamp?
    var last: Timestamp?
    _ = try reader.poll { record in
        if first == nil { first = record.timestamp }
        last = record.timestamp
    }
    let span = last!.secondsSinceEpoch - first!.secondsSinceEpoch
    let days = [0.15, 0.35, 0.5, 0.7, 0.9].map { share in
        Day(Timestamp(secondsSinceEpoch: first!.secondsSinceEpoch + Int64(Double(span) * share)))
    }
    func session() -> Session {
        Session(store: FileEventStore(path: path, clock: { now }), actor: "bench", clock: { now }, snapshots: checkpoint)
    }
    // A past day starts from the checkpoint's listing: a log without one gets it from a first
    // session, as it would from the first prompt.
    if !FileManager.default.fileExists(atPath: checkpoint.path) { try session().catchUp() }
    func plan(_ model: Model, _ day: Day) -> Int {
        ViewReports.plan(model, today: day).render(.text, width: 100).utf8.count
    }

    var building = 0.0
    building = try seconds {
        let s = session()
        try s.catchUp()
        _ = plan(try s.model(before: days[0].end), days[0])
    }
    let kept = checkpoint.intervals()
    let keptBytes = kept.reduce(0) { total, mark in
        total + ((try? FileManager.default.attributesOfItem(atPath: checkpoint.intervalPath(mark))[.size] as? Int) ?? 0)
    }
    var fast: [Double] = []
    var fastPhases: [(start: Double, plan: Double, text: Double)] = []
    var full: [Double] = []
    for day in days {
        var fastModel: Model?
        var phases = (start: 0.0, plan: 0.0, text: 0.0)
        fast.append(try seconds {
            // As `engage --as-of DAY plan` starts: from the checkpoint's listing and the interval
            // checkpoint, without today's state.
            let s = session()
            var model: Model?
            phases.start = try seconds {
                guard let (_, past) = try s.startPastDay(before: day.end, if: { _ in true }) else {
                    preconditionFailure("a one-shot past day starts from the listing and an interval checkpoint")
                }
                model = past
            }
            var report: Report?
            phases.plan = seconds { report = ViewReports.plan(model!, today: day) }
            phases.text = seconds { _ = report!.render(.text, width: 100) }
            fastModel = model
        })
        fastPhases.append(phases)
        var fullModel: Model?
        full.append(try seconds {
            let s = session()
            try s.catchUp()
            try s.loadAll()
            let model = Model.replay(s.events, before: day.end)
            _ = plan(model, day)
            fullModel = model
        })
        precondition(fastModel == fullModel, "a past day from interval checkpoints is the past day a full replay gives")
    }
    let fastMedian = fast.sorted()[fast.count / 2]
    let fullMedian = full.sorted()[full.count / 2]
    print(String(format: "\n  a past day (--as-of DAY plan: start from the listing, model as of DAY, plan), median of %d days across the log:", days.count))
    print(String(format: "  %@ %7.0f ms   %@ %7.0f ms   ratio %5.1f   %@",
                 "from interval checkpoints".padding(toLength: 44, withPad: " ", startingAt: 0), fastMedian * 1000,
                 "from every record (same run)".padding(toLength: 44, withPad: " ", startingAt: 0), fullMedian * 1000, fullMedian / fastMedian,
                 fast.max()! < 0.3 ? "met target < 300 ms (every day)" : "MISSED target < 300 ms (slowest day)"))
    print(String(format: "  (each day, from interval checkpoints: %@ ms; %d interval checkpoints, %.1f MiB in all, written by the first past day in %.0f ms)",
                 zip(days, fast).map { "\($0.0) \(Int(($0.1 * 1000).rounded()))" }.joined(separator: ", "),
                 kept.count, Double(keptBytes) / 1_048_576, building * 1000))
    let slowest = fastPhases[fast.indices.max { fast[$0] < fast[$1] }!]
    print(String(format: "  (the slowest day: start %.0f ms, plan %.0f ms, its text at 100 columns %.0f ms)",
                 slowest.start * 1000, slowest.plan * 1000, slowest.text * 1000))
}
