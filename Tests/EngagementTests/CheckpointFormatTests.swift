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
}
