import Engagement
import EventLog

/// What the fuzzers feed their inputs to, and what the regression tests replay
/// (`FuzzRegressionTests`). Each entry takes any bytes and must return: no trap, no hang,
/// no unbounded growth. They run the same code as `engage`, from the command parser, the log
/// line decoder and the checkpoint decoder down to the fold and the views.
package enum FuzzEntries {
    /// The day every entry decides and views on.
    static let today = Day("2026-11-20")!

    /// A line typed at the prompt by the coordinator of a small log: parsed, resolved (with
    /// its suggestions when the verb is unknown), decided, and what it records folded in.
    package static func command(_ bytes: UnsafeRawBufferPointer) {
        let line = String(decoding: bytes, as: UTF8.self)
        let world = World.small
        for actor in ["amina", "wash-member"] {
            do throws(CommandError) {
                let parsed = try ParsedLine.parse(line)
                let resolved = try ResolvedCommand.resolve(parsed, defaults: Access.defaults(for: actor, in: world.model))
                let decision = try Decider.decide(resolved, by: actor, given: world.model, today: today)
                var model = world.model
                for (offset, event) in decision.events.enumerated() {
                    model.apply(RecordedEvent(sequence: model.lastSequence + offset + 1, timestamp: World.noon, actor: actor, event: event))
                }
                exerciseViews(model)
            } catch {
                _ = error.description
            }
        }
    }

    /// Lines of a crafted log file, each given its correct chain hash (the forger can compute
    /// it): scanned, decoded with upcasting, folded, summarised and viewed.
    package static func logLines(_ bytes: UnsafeRawBufferPointer) {
        _ = fold(bytes, lines: 64)
    }

    /// The state a log's lines (`body` only, as in the corpus, or whole) fold to, as
    /// checkpoint bytes: how the checkpoint corpus is seeded from a real log.
    package static func checkpointBytes(ofLog bytes: UnsafeRawBufferPointer) -> [UInt8] {
        fold(bytes, lines: .max).checkpointBytes()
    }

    @discardableResult
    static func fold(_ bytes: UnsafeRawBufferPointer, lines limit: Int) -> Model {
        var scanner = LogScanner()
        var previous = ChainHash.genesis
        var events: [RecordedEvent] = []
        var model = Model()
        for line in bytes.split(separator: 0x0A, omittingEmptySubsequences: false).prefix(limit) {
            // A whole line loses its hash, which is computed again below.
            var line = Array(line)
            if line.count > 75, line[line.count - 75..<line.count - 66].elementsEqual(#","hash":""#.utf8) {
                line.removeLast(75)
            }
            let hash = line.withUnsafeBytes { ChainHash.chaining($0, to: previous) }
            line.append(contentsOf: #","hash":""#.utf8)
            hash.writeHex(into: &line)
            line.append(contentsOf: #""}"#.utf8)
            let record: LogRecord
            do {
                record = try line.withUnsafeBufferPointer { buffer throws(LogDamage) in try scanner.next(buffer) }
            } catch {
                _ = error.description
                // The corpus holds windows of a real log: the first line may be any record,
                // as after a checkpoint.
                guard events.isEmpty, scanner.lastSequence == 0, case .sequence(let found) = error.kind, found > 1, found < 1 << 40 else { return model }
                scanner = LogScanner(after: found - 1, hash: previous)
                guard let retried = try? line.withUnsafeBufferPointer({ buffer throws(LogDamage) in try scanner.next(buffer) }) else { return model }
                record = retried
            }
            previous = record.hash
            guard let recorded = try? RecordedEvent(record) else { continue }
            _ = recorded.event.summary(personal: true)
            _ = recorded.event.summary(personal: false)
            events.append(recorded)
            if !model.apply(recorded) {
                var rebuilt = Model(excluding: Set(model.retracted.keys))
                for e in events { rebuilt.apply(e) }
                model = rebuilt
            }
        }
        exerciseViews(model)
        _ = model.review(events: events[...], today: today)
        let bytes = model.checkpointBytes()
        let restored = bytes.withUnsafeBytes { Model(checkpoint: $0) }
        precondition(restored == nil || restored == model, "a checkpoint must give back the state it was written from")
        return model
    }

    /// The state bytes of a crafted checkpoint (its digest recomputed): decoded, then viewed
    /// and decided on, as a session starting from it would.
    package static func checkpoint(_ bytes: UnsafeRawBufferPointer) {
        guard let model = Model(checkpoint: bytes) else { return }
        exerciseViews(model)
        _ = model.review(events: [], today: today)
        for line in World.commandsOnAnyState {
            guard let parsed = try? ParsedLine.parse(line),
                  let resolved = try? ResolvedCommand.resolve(parsed),
                  let decision = try? Decider.decide(resolved, by: model.members.first?.user ?? "amina", given: model, today: today)
            else { continue }
            var next = model
            for event in decision.events {
                next.apply(RecordedEvent(sequence: next.lastSequence + 1, timestamp: World.noon, actor: "amina", event: event))
            }
        }
    }

    /// Every view the domain computes.
    static func exerciseViews(_ model: Model) {
        _ = model.unused()
        _ = model.unused(rounds: 1)
        _ = model.sharingViolations(today: today)
        _ = model.scheduleChanges()
        _ = model.overdue(today: today)
        _ = Model.attentionCounts(model.needsAttention(today: today))
        _ = model.phase
        for partner in model.partners.values { _ = model.status(of: partner) }
        for dataset in model.datasets.values { _ = model.roundsCollected(dataset) }
        _ = model.checkpointBytes()
    }
}

/// The small log the command entry decides on: partners, a member, datasets, a round.
enum World {
    static let noon = Timestamp(year: 2026, month: 11, day: 20, hour: 12)!

    static let small: (model: Model, events: [RecordedEvent]) = {
        var model = Model()
        var events: [RecordedEvent] = []
        for line in setup {
            let resolved = try! ResolvedCommand.resolve(try! ParsedLine.parse(line), defaults: Access.defaults(for: "amina", in: model))
            let decision = try! Decider.decide(resolved, by: "amina", given: model, today: FuzzEntries.today)
            for event in decision.events {
                let recorded = RecordedEvent(sequence: model.lastSequence + 1, timestamp: noon, actor: "amina", event: event)
                events.append(recorded)
                model.apply(recorded)
            }
        }
        return (model, events)
    }()

    static let setup = [
        #"partner add id=wash name="WASH Cluster" category=cluster levels=strategic,operational"#,
        #"partner add id=edu name="Education Cluster" category=cluster levels=operational"#,
        #"member add user=wash-member role=partner partner=wash"#,
        #"contact add partner=wash name="Lena Ortiz" email=lena@example.org skills=im"#,
        #"meeting date=2026-11-19 kind=imwg partners=wash,edu outcomes=a,b"#,
        #"dataset propose id=wash.water sector=wash question="What is the main source of drinking water?" purpose="target water trucking" requested-by=wash owner=partner dissemination=public criteria=no-other-source,purpose-documented,analysis-capacity,analysis-tools,method-adequate options=piped,well,trucking mockup="Bar chart: % of sites by main source" frequency=per-round disaggregation=sex,age languages=en analysis=descriptive"#,
        #"mockup verify dataset=wash.water partner=wash skills=subject-matter,context"#,
        #"dataset agree id=wash.water"#,
        #"round start n=1 date=2026-11-01"#,
        #"feedback partner=wash topic=dataset dataset=wash.water rating=4 text="Useful; please release it a week earlier""#,
        #"milestone set id=r1 title="Round 1" date=2026-12-01"#,
        #"action add id=a1 owner=dtm text="Send the list of common DTM information types" due=2026-11-10"#,
    ]

    /// Commands that touch most of the state, decided on a decoded checkpoint.
    static let commandsOnAnyState = [
        "meeting date=today kind=bilateral partners=wash outcomes=a",
        #"milestone move id=r1 date=2026-12-10 reason="consultation ran late""#,
        "action done id=a1",
        "round close n=1",
        #"retract seq=1 reason="recorded by mistake""#,
        #"used dataset=wash.water partner=wash round=1 for="trucking plan""#,
    ]
}
