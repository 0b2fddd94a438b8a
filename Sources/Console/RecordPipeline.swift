import Dispatch
import EventLog
import Synchronization

/// Reads a log on a second core while this one decodes: the store checks the hash chain
/// and hands records over in chunks, and the caller decodes each chunk as it arrives.
///
/// Replay is CPU-bound in two halves of similar cost (reading and checking the chain;
/// decoding payloads), so overlapping them nearly halves the time of a first read.
struct RecordPipeline {
    /// The store, handed to the reading thread. Unchecked because the caller does not touch
    /// the store until `run` returns, after the reading thread has finished with it.
    private final class StoreBox: @unchecked Sendable {
        let store: any EventStore
        init(_ store: any EventStore) { self.store = store }
    }

    private final class Channel: Sendable {
        struct State {
            var chunks: [[LogRecord]] = []
            var outcome: Result<LogDamage?, StoreError>?
        }
        let state = Mutex(State())
        /// Signalled once per chunk and once at the end.
        let ready = DispatchSemaphore(value: 0)

        func put(_ chunk: [LogRecord]) {
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
                if !state.chunks.isEmpty { return .chunk(state.chunks.removeFirst()) }
                return .end(state.outcome!)
            }
        }

        enum Either {
            case chunk([LogRecord])
            case end(Result<LogDamage?, StoreError>)
        }
    }

    static let chunkSize = 8192

    /// Polls `store` on another thread, calling `visit` here with every chunk of records,
    /// in order.
    static func run(_ store: any EventStore, _ visit: ([LogRecord]) -> Void) throws(StoreError) -> LogDamage? {
        let channel = Channel()
        let box = StoreBox(store)
        DispatchQueue.global().async {
            var chunk: [LogRecord] = []
            chunk.reserveCapacity(chunkSize)
            let outcome = Result { () throws(StoreError) in
                try box.store.poll { record in
                    chunk.append(record)
                    if chunk.count == chunkSize {
                        channel.put(chunk)
                        chunk = []
                        chunk.reserveCapacity(chunkSize)
                    }
                }
            }
            if !chunk.isEmpty { channel.put(chunk) }
            channel.finish(outcome)
        }
        while true {
            switch channel.take() {
            case .chunk(let records):
                visit(records)
            case .end(let outcome):
                return try outcome.get()
            }
        }
    }
}
