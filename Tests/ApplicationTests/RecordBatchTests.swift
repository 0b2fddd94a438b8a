import EventLog
import Testing
@testable import Application

/// The batches a replay's reading thread hands over (`RecordPipeline`).
@Suite struct RecordBatchTests {
    static func record(_ sequence: Int) -> LogRecord {
        LogRecord(sequence: sequence, timestamp: Timestamp(secondsSinceEpoch: Int64(sequence)), actor: "someone with a long login \(sequence)",
                  type: "partner.mapped", version: 1, payloadBytes: Array(#"{"id":"p\#(sequence)"}"#.utf8)[...], hash: .genesis)
    }

    @Test func aBatchHandsOutEachRecordOnceInOrder() {
        let batch = RecordBatch(capacity: 4)
        for sequence in 1...3 { batch.append(Self.record(sequence)) }
        #expect(batch.count == 3 && !batch.isFull && !batch.isEmpty)
        batch.append(Self.record(4))
        #expect(batch.isFull)
        var taken: [LogRecord] = []
        batch.takeEach { taken.append($0) }
        #expect(taken == (1...4).map(Self.record))
        batch.takeEach { taken.append($0) }
        #expect(taken.count == 4)
    }

    @Test func aBatchLetGoUntakenLetsEachRecordGoOnce() {
        // Records whose actor and payload live on the heap: one let go twice, or a moved-out
        // one let go again by the batch, crashes here.
        for taking in [false, true] {
            let batch = RecordBatch(capacity: 8)
            for sequence in 1...5 { batch.append(Self.record(sequence)) }
            var kept: [LogRecord] = []
            if taking { batch.takeEach { kept.append($0) } }
            #expect(kept.count == (taking ? 5 : 0))
        }
    }
}
