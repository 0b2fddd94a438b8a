import Engagement
import EventLog
import Foundation

/// `EngageBench --checkpoint-codec [--events N] [--runs R]`: the checkpoint of the realistic
/// log's model (as the first prompt on a large shared log decodes it), written and read by
/// the derived codec and by the hand-written one, alternating, R times each in the same
/// process; prints the median of each and their ratio.
func checkpointCodec(_ arguments: [String]) {
    var events = 1_000_000
    var runs = 7
    var rest = arguments[...]
    while let argument = rest.popFirst() {
        switch argument {
        case "--events": events = Int(rest.popFirst() ?? "") ?? events
        case "--runs": runs = Int(rest.popFirst() ?? "") ?? runs
        default: break
        }
    }
    var generator = RealisticLog(total: events)
    var recorded: [RecordedEvent] = []
    recorded.reserveCapacity(events)
    while true {
        let batch = generator.next(10_000)
        if batch.isEmpty { break }
        for (event, time) in batch {
            recorded.append(RecordedEvent(sequence: recorded.count + 1, timestamp: time, actor: "coordinator", event: event))
        }
    }
    let model = Model.replay(recorded)
    recorded = []
    let old = model.checkpointBytes()
    let new = model.derivedCheckpointBytes()
    precondition(new.withUnsafeBytes { Model(derivedCheckpoint: $0) } == model, "the derived codec reads back the model")
    precondition(old.withUnsafeBytes { Model(checkpoint: $0) } == model, "the hand-written codec reads back the model")
    var times: [String: [Double]] = [:]
    for _ in 0..<runs {
        times["old encode", default: []].append(seconds { _ = model.checkpointBytes() })
        times["new encode", default: []].append(seconds { _ = model.derivedCheckpointBytes() })
        times["old decode", default: []].append(seconds { _ = old.withUnsafeBytes { Model(checkpoint: $0) } })
        times["new decode", default: []].append(seconds { _ = new.withUnsafeBytes { Model(derivedCheckpoint: $0) } })
    }
    func median(_ key: String) -> Double { times[key]!.sorted()[runs / 2] * 1000 }
    print(String(format: "checkpoint of a %d-event model: hand-written %.2f MiB, derived %.2f MiB; median of %d runs each, alternating:",
                 events, Double(old.count) / 1_048_576, Double(new.count) / 1_048_576, runs))
    for what in ["encode", "decode"] {
        let before = median("old \(what)")
        let after = median("new \(what)")
        print(String(format: "  %@: hand-written %6.1f ms   derived %6.1f ms   derived / hand-written %.3f",
                     what, before, after, after / before))
    }
}
