import EventLog
import Testing
@testable import Engagement

/// Replay is a fold: how the log is cut into pieces, or where `--as-of` stops it, does not
/// change what the pieces add up to.
@Suite struct ReplayPropertyTests {
    static let seeds: [UInt64] = [1, 2, 3, 5, 8, 13, 21, 34]

    @Test(arguments: seeds)
    func replayingAPrefixThenTheRestEqualsReplayingAll(seed: UInt64) {
        let world = RandomLog.make(events: 400, seed: seed)
        let all = Model.replay(world.events)
        #expect(all == world.model, "seed \(seed)")
        var rng = SeededGenerator(seed: seed)
        for _ in 0..<8 {
            let cut = Int.random(in: 0...world.events.count, using: &rng)
            var model = Model.replay(world.events.prefix(cut))
            for event in world.events[cut...] where !model.apply(event) {
                var rebuilt = Model(excluding: Set(model.retracted.keys))
                for e in world.events.prefix(event.sequence) { rebuilt.apply(e) }
                model = rebuilt
            }
            #expect(model == all, "seed \(seed), cut at \(cut)")
        }
    }

    @Test(arguments: seeds)
    func asOfADayEqualsReplayingThePrefixRecordedByItsEnd(seed: UInt64) {
        let world = RandomLog.make(events: 400, seed: seed)
        let days = Set(world.events.map { Day($0.timestamp) }).sorted()
        #expect(days.count > 3, "the generator spreads events over days")
        for day in days {
            let prefix = world.events.prefix { Day($0.timestamp) <= day }
            #expect(Model.replay(world.events, before: day.end) == Model.replay(prefix), "seed \(seed), as of \(day)")
        }
    }

    @Test(arguments: seeds, [true, false])
    func aCheckpointAtAnyCutThenTheRestEqualsReplayingAll(seed: UInt64, retractions: Bool) throws {
        let world = RandomLog.make(events: 400, seed: seed, retractions: retractions)
        let all = Model.replay(world.events)
        #expect(all == world.model, "seed \(seed)")
        var reachingBack = 0
        // Every cut: the state a session restores from a checkpoint there, then catches up from.
        for cut in 0...world.events.count {
            let prefix = Model.replay(world.events.prefix(cut))
            let bytes = prefix.checkpointBytes()
            var model = try #require(bytes.withUnsafeBytes { Model(checkpoint: $0) }, "seed \(seed), cut at \(cut)")
            #expect(model == prefix, "seed \(seed), cut at \(cut)")
            // Folding the rest into the restored model: retractions of events after the cut are
            // skipped when they come; one reaching back past the cut leaves the model stale, and
            // it is rebuilt from every event, excluding what the restored model knows retracted.
            let rest = world.events[cut...]
            let targets = Model.retractedTargets(in: rest)
            if targets.contains(where: { $0 <= cut }) { reachingBack += 1 }
            model.exclude(targets.filter { $0 > cut })
            for event in rest where !model.apply(event) {
                var rebuilt = Model(excluding: Set(model.retracted.keys))
                rebuilt.fold(world.events.prefix(event.sequence))
                model = rebuilt
            }
            #expect(model == all, "seed \(seed), cut at \(cut)")
        }
        if retractions {
            // Random retractions reach back past most cuts, but never past the first or last.
            #expect(reachingBack > 0 && reachingBack < world.events.count - 1, "seed \(seed): \(reachingBack) cuts reached back")
        } else {
            #expect(reachingBack == 0)
            #expect(!world.events.contains { if case .eventRetracted = $0.event { true } else { false } })
        }
    }

    @Test func aCheckpointRefusesBytesItDidNotWrite() {
        let world = RandomLog.make(events: 400, seed: 3)
        let bytes = world.model.checkpointBytes()
        #expect(bytes.withUnsafeBytes { Model(checkpoint: $0) } == world.model)
        var rng = SeededGenerator(seed: 99)
        for _ in 0..<200 {
            // Cut short, or one byte changed: refused, or (a changed byte that still decodes)
            // never a crash.
            let cut = Array(bytes.prefix(Int.random(in: 0..<bytes.count, using: &rng)))
            #expect(cut.withUnsafeBytes { Model(checkpoint: $0) } == nil)
            var flipped = bytes
            flipped[Int.random(in: 0..<bytes.count, using: &rng)] ^= UInt8.random(in: 1...255, using: &rng)
            _ = flipped.withUnsafeBytes { Model(checkpoint: $0) }
        }
    }

    @Test func theGeneratorCoversEveryEventType() {
        var types: Set<String> = []
        for seed in Self.seeds { types.formUnion(RandomLog.make(events: 400, seed: seed).events.map(\.event.type)) }
        let known = Set(DomainEvent.registry.map { $0.type })
        #expect(known.subtracting(types).isEmpty, "never generated: \(known.subtracting(types).sorted())")
    }
}
