import Foundation
import Synchronization
import Testing
@testable import Engagement
@testable import EventLog

/// The checkpoint's bytes are a format: a session reads checkpoints that an older build
/// wrote. Any change to the bytes for the same state must come with a new
/// `Model.checkpointVersion`, so that old checkpoints are rebuilt rather than misread.
@Suite struct CheckpointFormatTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let golden = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden/checkpoint.sha256")

    /// The model of the checked-in sample response: every kind of state, always the same.
    static func sampleModel() throws -> Model {
        let store = FileEventStore(path: repository.appendingPathComponent("eventlog/sample.jsonl").path, clock: { Timestamp(secondsSinceEpoch: 0) })
        let read = try store.poll()
        #expect(read.damage == nil)
        return Model.replay(try read.records.map { try RecordedEvent($0) })
    }

    @Test func theBytesForAStateChangeOnlyWithANewCheckpointVersion() throws {
        let bytes = try Self.sampleModel().checkpointBytes()
        let digest = bytes.withUnsafeBytes { ChainHash.chaining($0, to: .genesis) }.description
        let recorded = "\(Model.checkpointVersion) \(digest)\n"
        if ProcessInfo.processInfo.environment["ENGAGE_RECORD"] == "1" {
            try recorded.write(to: Self.golden, atomically: true, encoding: .utf8)
        }
        let expected = try String(contentsOf: Self.golden, encoding: .utf8)
        let expectedVersion = expected.split(separator: " ").first.map(String.init)
        #expect(expectedVersion == "\(Model.checkpointVersion)",
                "the checkpoint version changed: re-record Golden/checkpoint.sha256 with ENGAGE_RECORD=1")
        #expect(expected == recorded,
                "the checkpoint's bytes changed without a new Model.checkpointVersion: bump it, then re-record with ENGAGE_RECORD=1")
    }

    @Test func aCheckpointReadsBackAsTheStateItWasWrittenFrom() throws {
        let model = try Self.sampleModel()
        let bytes = model.checkpointBytes()
        #expect(bytes.withUnsafeBytes { Model(checkpoint: $0) } == model)
    }

    /// `verify` takes a checkpoint's digest from blocks of the state's bytes, never the
    /// whole: joined, at any block size, they are the bytes a checkpoint holds.
    @Test func theBytesInBlocksAreTheCheckpointsBytes() throws {
        for model in [try Self.sampleModel(), RandomLog.make(events: 400, seed: 3).model] {
            let whole = model.checkpointBytes()
            for block in [1, 7, 64, 1 << 16] {
                var joined: [UInt8] = []
                var largest = 0
                model.forEachCheckpointPiece(block: block) { piece in
                    joined += piece
                    largest = max(largest, piece.count)
                }
                #expect(joined == whole, "blocks of \(block)")
                #expect(block >= whole.count || largest < whole.count / 2, "no piece near the whole at blocks of \(block)")
            }
        }
    }

    /// A checkpoint is two parts (the feedback table, then the rest) that a session reads
    /// at once on two cores: read in either order, or one after the other, they give the same
    /// state; feedback placed in the rest, or a first part running past the end, is refused.
    @Test func aCheckpointsTwoPartsReadTheSameInEitherOrder() throws {
        let model = try Self.sampleModel()
        #expect(!model.feedback.isEmpty, "the sample has feedback, so the first part is not empty")
        let bytes = model.checkpointBytes()
        let secondFirst: Model.BothAtOnce = { first, second in second(); first() }
        #expect(bytes.withUnsafeBytes { Model(checkpoint: $0, bothAtOnce: secondFirst) } == model)

        // The same feedback, moved into the rest of the model, behind an empty first part.
        var rest = model
        rest.feedback = Keyed()
        let emptyTable = CheckpointEncoder.bytes(of: Keyed<Model.Feedback>())
        let moved = CheckpointEncoder.bytes(of: emptyTable.count) + emptyTable + CheckpointEncoder.bytes(of: model)
        #expect(moved.withUnsafeBytes { Model(checkpoint: $0) } == nil, "one state, one set of bytes")

        // A first part longer than what follows.
        let past = CheckpointEncoder.bytes(of: bytes.count + 1) + bytes
        #expect(past.withUnsafeBytes { Model(checkpoint: $0) } == nil)
    }

    /// The listing (`Model.Listing`) is read from a checkpoint without the rest of it, and is
    /// the state's; a checkpoint whose listing is not its state's is refused whole.
    @Test func theListingReadsAloneAndIsTheStates() throws {
        for model in [try Self.sampleModel(), RandomLog.make(events: 400, seed: 3).model] {
            let bytes = model.checkpointBytes()
            #expect(bytes.withUnsafeBytes { Model.Listing(checkpoint: $0) } == model.listing)
            #expect(!model.listing.members.isEmpty)
        }
        let model = RandomLog.make(events: 400, seed: 5).model
        #expect(!model.retracted.isEmpty, "the seed retracts something")
        var wrong = model.listing
        wrong.retracted = [:]
        let bytes = model.checkpointBytes()
        let listingPart = CheckpointEncoder.bytes(of: model.listing)
        let rest = bytes.dropFirst(CheckpointEncoder.bytes(of: listingPart.count).count + listingPart.count)
        let wrongPart = CheckpointEncoder.bytes(of: wrong)
        let forged = CheckpointEncoder.bytes(of: wrongPart.count) + wrongPart + rest
        #expect(forged.withUnsafeBytes { Model.Listing(checkpoint: $0) } == wrong)
        #expect(forged.withUnsafeBytes { Model(checkpoint: $0) } == nil, "one state, one set of bytes")
    }

    /// A listing started from a checkpoint folds nothing after it, so it gives way to a full
    /// start at any record that would change it: every other event, folded, leaves the
    /// listing as it was (but the first, which makes its actor the founding coordinator).
    @Test(arguments: ReplayPropertyTests.seeds)
    func onlyTheEventsThatSaySoChangeTheListing(seed: UInt64) {
        let log = RandomLog.make(events: 300, seed: seed).events
        var model = Model()
        var changing = 0
        for recorded in log {
            var before = model.listing
            guard model.apply(recorded) else {
                // A retraction of an event folded earlier: the model is rebuilt without it.
                #expect(recorded.event.changesListing)
                changing += 1
                model = Model.replay(Array(log.prefix(recorded.sequence)))
                continue
            }
            // Every record moves these on, and a session reads them from the records after a checkpoint.
            before.lastSequence = model.lastSequence
            before.lastRecorded = model.lastRecorded
            before.lastOutOfOrder = model.lastOutOfOrder
            // The first record founds the log, whatever it is (and comes before any checkpoint).
            if recorded.event.changesListing || recorded.sequence == 1 {
                changing += 1
            } else {
                #expect(model.listing == before, "#\(recorded.sequence) \(recorded.event.type) changed the listing")
            }
        }
        #expect(changing > 0)
    }

    /// The codec is derived from the state's stored properties, but a type may write itself
    /// by hand (a contact, a table, a day): a field it leaves out would read back as its
    /// default and silently drop out of checkpoints. Every model here reads back equal, and
    /// together they give every stored property of every nested type a value other than
    /// one it could default to (two values of each leaf, some of each optional, items in
    /// each collection), so a field left out cannot compare equal.
    @Test func everyStoredPropertyOfTheStateReadsBackFromACheckpoint() throws {
        var models = [try Self.sampleModel()]
        for seed in ReplayPropertyTests.seeds { models.append(RandomLog.make(events: 400, seed: seed).model) }
        // What neither the sample nor the random logs reach: a record timed before the one
        // before it (older or imported logs), an action not DTM's, a contact's e-mail.
        var more = models[1]
        more.lastOutOfOrder = more.lastSequence - 1
        more.actions.update(try #require(more.actions.ids.first)) { $0.owner = "unicef" }
        let partner = try #require(more.partners.values.first { !$0.contacts.isEmpty })
        more.partners.update(partner.id) { p in
            p.contacts[0].email = "someone@example.org"
            p.formerContacts.append(Model.Contact(id: "#1", name: "Former Contact", email: "former@example.org", skills: [.im]))
        }
        models.append(more)
        var seen: [String: Set<String>] = [:]
        for model in models {
            let bytes = model.checkpointBytes()
            #expect(bytes.withUnsafeBytes { Model(checkpoint: $0) } == model)
            #expect(model.checkpointBytes() == bytes, "the same state, the same bytes")
            #expect(bytes.dropLast().withUnsafeBytes { Model(checkpoint: $0) } == nil, "truncated bytes are refused")
            Self.values(model, at: "Model", into: &seen)
        }
        let unset = seen.filter { path, values in
            if path.hasSuffix("?") { return !values.contains("some") }
            if path.hasSuffix("[]") { return !values.contains("items") }
            return !path.contains("?") && values.count < 2
        }
        #expect(unset.isEmpty, "never given a value that would show it missing from a checkpoint: \(unset.keys.sorted())")
        #expect(seen.count > 150, "the walk reached the nested types")
    }

    /// One number, one spelling: a varint with a needless last zero byte, or with bits past
    /// the 64th, is not what the encoder writes, so two checkpoints cannot mean one state.
    @Test func aNumberHasOneSpellingInACheckpoint() {
        struct Number: Codable, Equatable { var value: Int }
        func decoded(_ bytes: [UInt8]) -> Number? { bytes.withUnsafeBytes { CheckpointDecoder.decode(Number.self, from: $0) } }
        for value in [0, 1, -1, 63, 64, -65, 1 << 40, .max, .min] {
            #expect(decoded(CheckpointEncoder.bytes(of: Number(value: value))) == Number(value: value))
        }
        #expect(CheckpointEncoder.bytes(of: Number(value: 1)) == [0x02])
        #expect(decoded([0x82, 0x00]) == nil, "1 spelled in two bytes")
        #expect(decoded([0x80, 0x80, 0x00]) == nil, "0 spelled in three bytes")
        #expect(decoded([UInt8](repeating: 0xFF, count: 9) + [0x01]) == Number(value: .min))
        #expect(decoded([UInt8](repeating: 0xFF, count: 9) + [0x02]) == nil, "a 65th bit")
    }

    /// Every stored property under `path`, with the values it takes: for leaves their
    /// values, for optionals whether they are there, for collections whether they hold items.
    static func values(_ value: Any, at path: String, into seen: inout [String: Set<String>]) {
        let mirror = Mirror(reflecting: value)
        switch mirror.displayStyle {
        case .optional:
            // Once there, one value is enough: it differs from the absent one.
            seen[path + "?", default: []].insert(mirror.children.isEmpty ? "nil" : "some")
            for child in mirror.children { values(child.value, at: path + "?", into: &seen) }
        case .collection, .set, .dictionary:
            seen[path + "[]", default: []].insert(mirror.children.isEmpty ? "empty" : "items")
            for child in mirror.children { values(child.value, at: path + "[]", into: &seen) }
        case .struct where !mirror.children.isEmpty, .tuple where !mirror.children.isEmpty:
            for (index, child) in mirror.children.enumerated() {
                values(child.value, at: path + "." + (child.label ?? "\(index)"), into: &seen)
            }
        default:
            seen[path, default: []].insert(String(describing: value))
        }
    }

    /// A checkpoint its digest vouches for may still hold values no log could fold to (one
    /// crafted, its digest recomputed); each would trap later in a view or a decision.
    @Test(arguments: [
        "a partner met more times than the log has records",
        "a meeting day no one can type",
        "a feedback rating off the scale",
        "a retraction of a record after the last",
        "rounds out of order",
        "a last record in the year 300000",
        "a last record at the start of time",
    ])
    func aCheckpointNoLogCouldHaveWrittenIsRefused(_ what: String) throws {
        var model = try Self.sampleModel()
        let partner = try #require(model.partners.ids.first)
        let feedback = try #require(model.feedback.ids.first)
        switch what {
        case "a partner met more times than the log has records": model.partners.update(partner) { $0.meetings = Int.max }
        case "a meeting day no one can type": model.partners.update(partner) { $0.lastMet = Day(daysSinceEpoch: 1 << 50) }
        case "a feedback rating off the scale": model.feedback.update(feedback) { $0.rating = -3 }
        case "a retraction of a record after the last": model.retracted[model.lastSequence + 1] = 2
        case "rounds out of order": model.rounds.swapAt(0, 1)
        case "a last record in the year 300000": model.lastRecorded = Timestamp(secondsSinceEpoch: 9_400_000_000_000)
        case "a last record at the start of time": model.lastRecorded = Timestamp(secondsSinceEpoch: .min)
        default: Issue.record("no such case: \(what)")
        }
        let bytes = model.checkpointBytes()
        #expect(bytes.withUnsafeBytes { Model(checkpoint: $0) } == nil)
    }

    /// How far the decoder has let go, and how many bytes in all.
    final class LetGoCount: Sendable {
        let state = Mutex((furthest: 0, bytes: 0))
    }

    /// A session lets go of a checkpoint's bytes as it decodes them, so that it never holds
    /// them whole beside the state (`SnapshotStore.withSnapshot`): what it lets go it must
    /// never read again. Here each part let go is spoilt at once, and parts are let go as
    /// often as the decoder may (at every string); the state still reads back.
    @Test func bytesTheDecoderLetsGoAreNeverReadAgain() throws {
        for model in [try Self.sampleModel(), RandomLog.make(events: 400, seed: 3).model, try Self.longTables()] {
            let bytes = model.checkpointBytes()
            let copy = UnsafeMutableRawBufferPointer.allocate(byteCount: bytes.count, alignment: 16)
            defer { copy.deallocate() }
            bytes.withUnsafeBytes { copy.copyMemory(from: $0) }
            let base = Int(bitPattern: copy.baseAddress!)
            let count = LetGoCount()
            // The two parts are read one after the other here, each forward: only what is new
            // in a part needs spoiling (parts overlap the one before by a few pages).
            let read = Model(checkpoint: UnsafeRawBufferPointer(copy), letGo: { part in
                count.state.withLock { state in
                    let start = Int(bitPattern: part.baseAddress!) - base
                    let end = start + part.count
                    let from = max(start, state.furthest)
                    if from < end { UnsafeMutableRawPointer(bitPattern: base + from)!.initializeMemory(as: UInt8.self, repeating: 0xFF, count: end - from) }
                    state.bytes += max(0, end - from)
                    state.furthest = max(state.furthest, end)
                }
            }, letGoEvery: 1)
            #expect(read == model)
            #expect(count.state.withLock { $0.bytes } > bytes.count / 2)
        }
    }

    /// A state whose feedback and decisions run to thousands, each naming a dataset, as a
    /// replay reads them (each event with its own copy of the ids).
    static func longTables() throws -> Model {
        var w = World()
        try w.run(World.mapped)
        let partners = ["wash", "edu", "unicef"]
        let datasets = (0..<7).map { "sector-\($0).question-about-water" }
        for id in datasets {
            try w.run(#"dataset propose id=\#(id) sector=wash question=q purpose=p requested-by=wash owner=dtm dissemination=public \#(World.allCriteria) \#(World.readyQuestion)"#)
        }
        func read(_ s: String) -> String { String(decoding: Array(s.utf8), as: UTF8.self) }
        for i in 0..<5_000 {
            w.append(.feedbackSubmitted(FeedbackSubmitted(id: "f\(i + 1)", partner: read(partners[i % 3]), topic: .dataset,
                                                          text: "The dataset arrived late for planning (\(i))", dataset: read(datasets[i % 7]), rating: 3)))
            // Lists of the same length that differ in their first id: a decoder that read
            // again bytes it had let go would take one for another.
            w.append(.decisionRecorded(DecisionRecorded(text: "Keep it for comparability (\(i))", partners: [read(["wash", "food", "educ"][i % 3]), read("unicef")],
                                                        about: read(datasets[i % 7]))))
        }
        return w.model
    }

    /// Where a string's bytes are stored (`nil` for one held inline, 15 bytes or fewer).
    static func storage(_ s: String) -> UnsafeRawPointer? {
        var s = s
        return s.withUTF8 { UnsafeRawPointer($0.baseAddress) }
    }

    /// Read from a checkpoint, the ids a table's values name are read once and shared, as the
    /// fold shares them; the text is each value's own.
    @Test func aCheckpointsRepeatedIdsAreReadOnce() throws {
        let model = try Self.longTables()
        let read = try #require(model.checkpointBytes().withUnsafeBytes { Model(checkpoint: $0) })
        #expect(read == model)
        let feedback = read.feedback.values
        let decisions = read.decisions
        #expect(Self.storage(feedback[0].dataset!) != nil)
        #expect(Self.storage(feedback[0].dataset!) == Self.storage(feedback[7 * 3].dataset!))
        // The feedback table is read apart from the rest (on another core): each shares its own.
        #expect(Self.storage(decisions[0].about!) == Self.storage(decisions[7 * 3].about!))
        // The same list of partners is one list.
        #expect(decisions[0].partners.withUnsafeBufferPointer { $0.baseAddress } == decisions[3].partners.withUnsafeBufferPointer { $0.baseAddress })
        #expect(decisions[0].partners.withUnsafeBufferPointer { $0.baseAddress } != decisions[1].partners.withUnsafeBufferPointer { $0.baseAddress })
        // Free text is each one's own.
        #expect(Self.storage(feedback[0].text) != Self.storage(feedback[7 * 3].text))
    }

    /// The fold appends to the tables a checkpoint gave: a long one has room to, or its first
    /// append would copy it whole into one twice its size, both held at once.
    @Test func aLongTableReadFromACheckpointHasRoomToGrow() throws {
        let read = try #require(try Self.longTables().checkpointBytes().withUnsafeBytes { Model(checkpoint: $0) })
        #expect(read.feedback.values.capacity >= 5_000 + 5_000 / 8)
        #expect(read.decisions.capacity >= 5_000 + 5_000 / 8)
    }

    /// A count crafted in a checkpoint (its digest computed again) asks for no more room than
    /// the bytes left could hold items: a large one cannot trap the allocation.
    @Test func aSpoiledCountAsksForNoMoreRoomThanTheBytesLeftCouldHold() {
        let bytes = [UInt8](repeating: 0, count: 1_000)
        bytes.withUnsafeBytes { bytes in
            let decoder = CheckpointDecoder(bytes)
            let stride = MemoryLayout<Model.Feedback>.stride
            #expect(decoder.room(for: 1_000, of: Model.Feedback.self, spare: true) <= 16 * 1_000 / stride + 1)
            #expect(decoder.room(for: 1 << 40, of: Model.Share.self) <= 16 * 1_000 / MemoryLayout<Model.Share>.stride + 1)
            // A true count is not cut: the state's items take more bytes than a sixteenth of their size.
            #expect(decoder.room(for: 10, of: String.self) == 10)
            #expect(decoder.room(for: 5_000, of: UInt8.self, spare: true) == 5_000 + 5_000 / 8)
        }
    }
}
