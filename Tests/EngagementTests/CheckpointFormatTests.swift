import Foundation
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

    /// A checkpoint its digest vouches for may still hold values no log could fold to (one
    /// crafted, its digest recomputed); each would trap later in a view or a decision.
    @Test(arguments: [
        "a partner met more times than the log has records",
        "a meeting day no one can type",
        "a feedback rating off the scale",
        "a retraction of a record after the last",
        "rounds out of order",
        "a last record in the year 300000",
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
        default: Issue.record("no such case: \(what)")
        }
        let bytes = model.checkpointBytes()
        #expect(bytes.withUnsafeBytes { Model(checkpoint: $0) } == nil)
    }
}
