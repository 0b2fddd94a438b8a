import Dispatch
import EventLog
import Synchronization

/// Reads a log on a second core while this one decodes: the store checks the hash chain
/// and hands records over in chunks, and the caller decodes each chunk as it arrives.
///
/// Replay is CPU-bound in three parts: reading and checking the chain, decoding payloads,
/// folding. The caller's side (decoding and folding) costs more than reading, so the
/// reading thread also decodes one chunk in `readerShare`, to even the two cores out.
struct RecordPipeline<Decoded: Sendable> {
    /// What the caller receives: records to decode, or a chunk the reader decoded.
    enum Chunk {
        case records([LogRecord])
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

    /// Polls `store` on another thread, calling `visit` here with every chunk, in order:
    /// one chunk in `readerShare` decoded there by `decode`, the others as records.
    static func run(_ store: any EventStore, onTwoCores: Bool = true, readerShare: Int, decode: @escaping @Sendable ([LogRecord]) -> Decoded,
                    _ visit: (Chunk) -> Void) throws(StoreError) -> LogDamage? {
        guard onTwoCores else { return try runHere(store, visit) }
        let channel = Channel()
        let box = StoreBox(store)
        DispatchQueue.global().async {
            var chunk: [LogRecord] = []
            chunk.reserveCapacity(chunkSize)
            var count = 0
            func send() {
                count += 1
                channel.put(readerShare > 0 && count % readerShare == 0 ? .decoded(decode(chunk)) : .records(chunk))
                chunk = []
                chunk.reserveCapacity(chunkSize)
            }
            let outcome = Result { () throws(StoreError) in
                try box.store.poll { record in
                    chunk.append(record)
                    if chunk.count == chunkSize { send() }
                }
            }
            if !chunk.isEmpty { send() }
            channel.finish(outcome)
        }
        while true {
            switch channel.take() {
            case .chunk(let chunk):
                visit(chunk)
            case .end(let outcome):
                return try outcome.get()
            }
        }
    }

    /// The same chunks, all read on this thread.
    private static func runHere(_ store: any EventStore, _ visit: (Chunk) -> Void) throws(StoreError) -> LogDamage? {
        var chunk: [LogRecord] = []
        chunk.reserveCapacity(chunkSize)
        let found = try store.poll { record in
            chunk.append(record)
            if chunk.count == chunkSize {
                visit(.records(chunk))
                chunk.removeAll(keepingCapacity: true)
            }
        }
        if !chunk.isEmpty { visit(.records(chunk)) }
        return found
    }
}
