import Foundation
import Testing
@testable import Application
@testable import Engagement
@testable import EventLog
import TestSupport

/// A session's first read on a thread of its own (`SessionStart`), so that a prompt can come
/// up while a large checkpoint is decoded: it reads what a plain start reads, and a full
/// replay is never left running behind the prompt.
@Suite struct SessionStartTests {
    func session(_ folder: TemporaryFolder, checkpoint: Bool = true) -> Session {
        SessionTests().session(folder, checkpoint: checkpoint)
    }

    @Test func aFullReplayIsNeverLeftBehindThePrompt() throws {
        let folder = TemporaryFolder()
        _ = try SessionTests.log(in: folder, count: 3_000, retractions: [])
        let session = session(folder, checkpoint: false)
        let start = SessionStart(session)
        // No patience at all: it still waits for the whole read, which is no checkpoint's.
        #expect(start.wait(seconds: 0))
        #expect(start.hasEnded)
        try start.outcome()
        #expect(!session.resumingFlag.isSet)
        #expect(session.lastSequence == 3_000)
    }

    @Test func aStartBehindThePromptReadsTheStateAPlainStartReads() throws {
        let folder = TemporaryFolder()
        let store = try SessionTests.log(in: folder, count: 12_000, retractions: [(at: 500, reach: 3)])
        try session(folder).catchUp()
        _ = try store.append([DomainEvent.datasetUsed(DatasetUsed(dataset: "d", partner: "late", round: 1, purpose: "x"))
            .newEvent(actor: "b", at: SessionTests.noon)], expectingLast: 12_000)
        let resumed = session(folder)
        let start = SessionStart(resumed)
        _ = start.wait(seconds: 0)
        try start.outcome()
        #expect(start.hasEnded && resumed.resumingFlag.isSet)
        #expect(resumed.base == 12_000 && resumed.lastSequence == 12_001)
        let full = session(folder, checkpoint: false)
        try full.catchUp()
        #expect(resumed.model == full.model)
    }

    @Test func aCheckpointTheLogNoLongerMatchesIsReplayedBeforeThePrompt() throws {
        let folder = TemporaryFolder()
        _ = try SessionTests.log(in: folder, count: 12_000, retractions: [])
        try session(folder).catchUp()
        // The log replaced by another of the same length: the checkpoint's record is gone.
        let other = TemporaryFolder()
        _ = try SessionTests.log(in: other, count: 12_000, retractions: [(at: 11_000, reach: 1)])
        try Data(contentsOf: URL(fileURLWithPath: other.path("events.jsonl"))).write(to: URL(fileURLWithPath: folder.path("events.jsonl")))
        let replaced = session(folder)
        let start = SessionStart(replaced)
        // No patience at all: the log is found not to hold the checkpoint's record before
        // its state is read, and the replay that follows is waited for.
        #expect(start.wait(seconds: 0))
        #expect(start.hasEnded)
        try start.outcome()
        #expect(!replaced.resumingFlag.isSet)
        #expect(replaced.base == 0 && replaced.model.retracted.keys.sorted() == [10_999])
    }
}
