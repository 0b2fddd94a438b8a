import Application
import Engagement
import EventLog
import Foundation

/// `EngageBench --checkpoint-codec [--events N] [--runs R]`: the checkpoint of the realistic
/// log's model (as the first prompt on a large shared log decodes it), written and read R
/// times; prints the median of each. (Derived from the state's fields since checkpoint
/// version 8; the hand-written codec it replaced took 61-69 ms to write and 144-169 ms to
/// read on the same machine, the derived one 101-110 ms and 159-178 ms. Since version 9 its two
/// parts are read at once on two cores, as a session reads them.)
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
    let bytes = model.checkpointBytes()
    precondition(bytes.withUnsafeBytes { Model(checkpoint: $0) } == model, "the checkpoint reads back the model")
    var times: [String: [Double]] = [:]
    for _ in 0..<runs {
        times["encode", default: []].append(seconds { _ = model.checkpointBytes() })
        // Each decoded model is freed outside the timing: freeing one takes about as long as
        // decoding it, and a start never frees its model.
        var kept: Model?
        times["decode", default: []].append(seconds { kept = bytes.withUnsafeBytes { Model(checkpoint: $0) } })
        kept = nil
        times["decode on two cores", default: []].append(seconds {
            kept = bytes.withUnsafeBytes { Model(checkpoint: $0, bothAtOnce: Model.onTwoCores) }
        })
        precondition(kept != nil)
        kept = nil
    }
    func median(_ key: String) -> Double { times[key]!.sorted()[runs / 2] * 1000 }
    print(String(format: "checkpoint of a %d-event model: %.2f MiB; median of %d runs: encode %.1f ms, decode %.1f ms on one core, %.1f ms on two",
                 events, Double(bytes.count) / 1_048_576, runs, median("encode"), median("decode"), median("decode on two cores")))
}
