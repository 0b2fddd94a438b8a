import Dispatch
import EventLog
import Synchronization

/// Reads a log on a second core while this one decodes: the store checks the hash chain
/// and hands records over in chunks, and each chunk is decoded here as it arrives.
///
/// Replay is CPU-bound in three parts: reading and checking the chain, decoding payloads,
/// folding. The caller's side (decoding and folding) costs more than reading, so the
/// reading thread also decodes one chunk in `readerShare`, to even the two cores out.
struct RecordPipeline<Decoded: Sendable> {
    /// What the reading thread hands over: records to decode, or a chunk it decoded.
    private enum Chunk {
        case records(RecordBatch)
        case decoded(Decoded)
    }

    /// The store, handed to the reading thread. Unchecked because the caller does not touch
    /// the store until `run` returns, after the reading thread has finished with it.
    private final class StoreBox: @unchecked Sendable {
        let store: any EventStore
        init(_ store: any EventStore) { self.store = store }
    }

    private final class Channel: Sendable {
        struct State {
            var chunks: [Chunk] = []
            var outcome: Result<LogDamage?, StoreError>?
        }
        let state = Mutex(State())
        /// Signalled once per chunk and once at the end.
        let ready = DispatchSemaphore(value: 0)
        /// Room for chunks not taken yet: a reader running ahead waits instead of holding
        /// the whole log in memory.
        let room = DispatchSemaphore(value: RecordPipeline.chunksAhead)

        func put(_ chunk: Chunk) {
            room.wait()
            state.withLock { $0.chunks.append(chunk) }
            ready.signal()
        }

        func finish(_ outcome: Result<LogDamage?, StoreError>) {
            state.withLock { $0.outcome = outcome }
            ready.signal()
        }

        /// The next chunk, or the outcome once every chunk has been taken.
        func take() -> Either {
            ready.wait()
            return state.withLock { state in
                if !state.chunks.isEmpty {
                    room.signal()
                    return .chunk(state.chunks.removeFirst())
                }
                return .end(state.outcome!)
            }
        }

        enum Either {
            case chunk(Chunk)
            case end(Result<LogDamage?, StoreError>)
        }
    }

    static var chunkSize: Int { 8192 }
    /// How many chunks the reader may read ahead of the caller.
    static var chunksAhead: Int { 4 }

    /// Polls `store` on another thread, up to record `last`, calling `visit` here with every
    /// chunk decoded by `decode`, in order: one chunk in `readerShare` decoded there, the
    /// others here.
    static func run(_ store: any EventStore, through last: Int = .max, onTwoCores: Bool = true, readerShare: Int,
                    decode: @escaping @Sendable (RecordBatch) -> Decoded,
                    _ visit: (consuming Decoded) -> Void) throws(StoreError) -> LogDamage? {
        guard onTwoCores else { return try runHere(store, through: last, decode, visit) }
        let channel = Channel()
        let box = StoreBox(store)
        DispatchQueue.global().async {
            var batch = RecordBatch(capacity: chunkSize)
            var count = 0
            func send() {
                count += 1
                channel.put(readerShare > 0 && count % readerShare == 0 ? .decoded(decode(batch)) : .records(batch))
                batch = RecordBatch(capacity: chunkSize)
            }
            let outcome = Result { () throws(StoreError) in
                try box.store.poll(through: last) { record in
                    batch.append(record)
                    if batch.isFull { send() }
                }
            }
            if !batch.isEmpty { send() }
            channel.finish(outcome)
        }
        while true {
            switch channel.take() {
            case .chunk(.records(let batch)):
                visit(decode(batch))
            case .chunk(.decoded(let decoded)):
                visit(decoded)
            case .end(let outcome):
                return try outcome.get()
            }
        }
    }

    /// The same chunks, all read on this thread.
    private static func runHere(_ store: any EventStore, through last: Int, _ decode: (RecordBatch) -> Decoded,
                                _ visit: (consuming Decoded) -> Void) throws(StoreError) -> LogDamage? {
        var batch = RecordBatch(capacity: chunkSize)
        let found = try store.poll(through: last) { record in
            batch.append(record)
            if batch.isFull {
                visit(decode(batch))
                batch = RecordBatch(capacity: chunkSize)
            }
        }
        if !batch.isEmpty { visit(decode(batch)) }
        return found
    }
}

/// Records read in a row, handed from the thread that reads them to the one that decodes
/// them, which takes each one out whole (`takeEach`). Read from an array, each record was
/// copied to be passed on: a retain and a release of each of its references, the type
/// names among them, which every record of a type shares and both threads touched at once.
///
/// One thread at a time: the reader fills a batch, hands it over and never touches it again.
final class RecordBatch: @unchecked Sendable {
    private let storage: UnsafeMutablePointer<LogRecord>
    private let capacity: Int
    /// Records appended.
    private(set) var count = 0
    /// Records taken out: `storage[taken..<count]` are still held.
    private var taken = 0

    init(capacity: Int) {
        storage = .allocate(capacity: capacity)
        self.capacity = capacity
    }

    var isFull: Bool { count == capacity }
    var isEmpty: Bool { count == 0 }

    func append(_ record: consuming LogRecord) {
        precondition(count < capacity, "a batch holds at most its capacity")
        (storage + count).initialize(to: record)
        count += 1
    }

    /// Hands `body` each record not taken yet, moved out, in order.
    func takeEach(_ body: (consuming LogRecord) -> Void) {
        while taken < count {
            let record = (storage + taken).move()
            taken += 1
            body(record)
        }
    }

    deinit {
        (storage + taken).deinitialize(count: count - taken)
        storage.deallocate()
    }
}
