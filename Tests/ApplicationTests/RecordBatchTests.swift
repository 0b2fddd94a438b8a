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

    @Test func aBatchLetGoTakenOrNotLetsEachRecordGoOnce() {
        for taking in [false, true] {
            // Every record's payload a slice of one array: once the batch and what was taken
            // from it are gone, nothing else holds the array, and writing to it keeps it in place.
            var shared = Array(#"{"id":"p1"}"#.utf8)
            let before = shared.withUnsafeBufferPointer { $0.baseAddress }
            do {
                let batch = RecordBatch(capacity: 8)
                for sequence in 1...5 {
                    var record = Self.record(sequence)
                    record.payloadBytes = shared[...]
                    batch.append(record)
                }
                var kept: [LogRecord] = []
                if taking { batch.takeEach { kept.append($0) } }
                #expect(kept.count == (taking ? 5 : 0))
            }
            shared[0] = UInt8(ascii: "[")
            #expect(shared.withUnsafeBufferPointer { $0.baseAddress } == before, "a record outlived its batch")
        }
    }
}
