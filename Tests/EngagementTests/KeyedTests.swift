import EventLog
import Testing
@testable import Engagement

/// The state's tables: values by id in the order added, behind an index that holds no ids
/// of its own.
@Suite struct KeyedTests {
    static func action(_ id: String) -> Model.Action {
        Model.Action(id: id, owner: "dtm", text: "Send the round's data", due: Day("2026-12-01")!)
    }

    @Test func aTableFindsEachValueByItsIdInTheOrderAdded() {
        var table = Keyed<Model.Action>()
        // Enough to grow the index many times over.
        let ids = (0..<5_000).map { "action-\($0)-of-a-long-series" }
        for id in ids {
            let added = table.insert(Self.action(id))
            #expect(added)
        }
        #expect(table.count == ids.count)
        #expect(table.ids == ids)
        for (i, id) in ids.enumerated() {
            #expect(table.position(of: id) == i)
            #expect(table[id]?.id == id)
        }
        for missing in ["", "action-5000-of-a-long-series", "action-0", "ACTION-1-of-a-long-series"] {
            #expect(table.position(of: missing) == nil)
            #expect(table[missing] == nil)
        }
    }

    @Test func anIdAlreadyTakenIsNotAddedAgain() {
        var table = Keyed<Model.Action>()
        let first = table.insert(Self.action("a1"))
        var other = Self.action("a1")
        other.owner = "wash"
        let second = table.insert(other)
        #expect(first && !second)
        #expect(table.count == 1)
        #expect(table["a1"]?.owner == "dtm")
    }

    @Test func anUpdateChangesTheValueInPlace() {
        var table = Keyed<Model.Action>()
        for id in ["a1", "a2", "a3"] { table.insert(Self.action(id)) }
        table.update("a2") { $0.done = true }
        table.update("nowhere") { $0.done = true }
        #expect(table.values.map(\.done) == [false, true, false])
    }

    @Test func tablesWithTheSameValuesInTheSameOrderAreEqual() throws {
        var grown = Keyed<Model.Action>()
        for i in 0..<100 { grown.insert(Self.action("a\(i)")) }
        let read = try #require(CheckpointEncoder.bytes(of: grown).withUnsafeBytes { CheckpointDecoder.decode(Keyed<Model.Action>.self, from: $0) })
        #expect(read == grown)
        #expect(read.position(of: "a57") == 57)
        var reordered = Keyed<Model.Action>()
        for i in (0..<100).reversed() { reordered.insert(Self.action("a\(i)")) }
        #expect(reordered != grown)
    }

    @Test func aCheckpointTableHoldingAnIdTwiceIsRefused() {
        // A table is written as its values in order, so a list of values is one on disk.
        let twice = CheckpointEncoder.bytes(of: [Self.action("a1"), Self.action("a2"), Self.action("a1")])
        #expect(twice.withUnsafeBytes { CheckpointDecoder.decode(Keyed<Model.Action>.self, from: $0) } == nil)
        let once = CheckpointEncoder.bytes(of: [Self.action("a1"), Self.action("a2")])
        #expect(once.withUnsafeBytes { CheckpointDecoder.decode(Keyed<Model.Action>.self, from: $0) }?.count == 2)
    }

    /// Where a string's bytes are stored (`nil` for one held inline, 15 bytes or fewer).
    static func storage(_ s: String) -> UnsafeRawPointer? {
        var s = s
        return s.withUTF8 { UnsafeRawPointer($0.baseAddress) }
    }

    @Test func feedbackAndDecisionsKeepNoCopyOfTheDatasetIdTheyName() throws {
        var w = World()
        try w.run(World.mapped)
        let id = "wash.water-trucking-coverage"
        try w.run(#"dataset propose id=\#(id) sector=wash question=q purpose=p requested-by=wash owner=dtm dissemination=public \#(World.allCriteria) \#(World.readyQuestion)"#)
        // As a replay reads them: each event with its own copy of the id, from its line.
        func read() -> String { String(decoding: Array(id.utf8), as: UTF8.self) }
        w.append(.feedbackSubmitted(FeedbackSubmitted(id: "f1", partner: "wash", topic: .dataset, text: "Arrived late", dataset: read(), rating: nil)))
        w.append(.decisionRecorded(DecisionRecorded(text: "Keep it for comparability", partners: ["wash"], about: read())))
        let dataset = try #require(w.model.datasets[id])
        let stored = try #require(Self.storage(dataset.id))
        let feedback = try #require(w.model.feedback.values.last?.dataset)
        #expect(feedback == id)
        #expect(Self.storage(feedback) == stored)
        let about = try #require(w.model.decisions.last?.about)
        #expect(about == id)
        #expect(Self.storage(about) == stored)
    }
}
