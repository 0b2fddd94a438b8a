import Foundation
import FuzzEntries
import Testing

/// Replays every input of the fuzzers' checked-in corpus (`scripts/fuzz` starts from it and
/// names what to add): seeds from the sample log and the scenario, and every input that once
/// crashed, hung or blew up. Each must now return.
@Suite struct FuzzRegressionTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()

    static func inputs(_ target: String) throws -> [(name: String, bytes: Data)] {
        let dir = folder.appendingPathComponent(target)
        return try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted().map {
            ($0, try Data(contentsOf: dir.appendingPathComponent($0)))
        }
    }

    @Test func everyCommandInTheCorpusIsDecidedOrRefusedWithoutCrashing() throws {
        let inputs = try Self.inputs("commands")
        #expect(inputs.count >= 50)
        for input in inputs { input.bytes.withUnsafeBytes { FuzzEntries.command($0) } }
    }

    @Test func everyCraftedLogInTheCorpusIsReadOrRefusedWithoutCrashing() throws {
        let inputs = try Self.inputs("log-lines")
        #expect(inputs.count >= 20)
        for input in inputs { input.bytes.withUnsafeBytes { FuzzEntries.logLines($0) } }
    }

    /// The checkpoint corpus starts from the sample log's state (ENGAGE_RECORD=1 writes it
    /// again, after a change of the checkpoint's layout).
    @Test func theSampleLogsStateSeedsTheCheckpointCorpus() throws {
        let log = try Data(contentsOf: Self.folder.appendingPathComponent("../../eventlog/sample.jsonl"))
        let state = log.withUnsafeBytes { FuzzEntries.checkpointBytes(ofLog: $0) }
        let seed = Self.folder.appendingPathComponent("checkpoint/seed-sample")
        if ProcessInfo.processInfo.environment["ENGAGE_RECORD"] == "1" {
            try Data(state).write(to: seed)
        }
        #expect(state.count > 10_000)
        state.withUnsafeBytes { FuzzEntries.checkpoint($0) }
    }

    @Test func everyCraftedCheckpointInTheCorpusIsReadOrRefusedWithoutCrashing() throws {
        let inputs = try Self.inputs("checkpoint")
        #expect(inputs.count >= 1)
        for input in inputs { input.bytes.withUnsafeBytes { FuzzEntries.checkpoint($0) } }
    }
}
