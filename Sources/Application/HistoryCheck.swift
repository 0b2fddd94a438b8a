import Dispatch
import EventLog
import Synchronization

/// The chain before a checkpoint, checked on another core while the session goes on.
///
/// A session that starts from a checkpoint reads only what came after it; the records the
/// checkpoint stands for must still be checked, or an edit among them would hide behind it.
/// This reads the log from the first record, checking every hash, and that the chain
/// arrives at the checkpoint's record with the checkpoint's hash.
final class HistoryCheck: Sendable {
    enum Outcome: Equatable, Sendable {
        case sound
        case damaged(LogDamage)
        /// The log could not be read: the next command will say why.
        case unreadable(StoreError)
    }

    private let outcome = Mutex<Outcome?>(nil)
    private let done = DispatchSemaphore(value: 0)
    /// Called (on the checking thread) when the check ends with damage.
    private let onDamage: @Sendable () -> Void

    /// The store, handed to the checking thread. Unchecked: the reader is a new instance
    /// that only that thread touches.
    private final class ReaderBox: @unchecked Sendable {
        let store: any EventStore
        init(_ store: any EventStore) { self.store = store }
    }

    init(reading reader: any EventStore, upTo base: Int, hash: ChainHash, onDamage: @escaping @Sendable () -> Void) {
        self.onDamage = onDamage
        let box = ReaderBox(reader)
        DispatchQueue.global().async { [self] in
            var mismatch: LogDamage?
            let result: Outcome
            do throws(StoreError) {
                let found = try box.store.poll { record in
                    if record.sequence == base, record.hash != hash, mismatch == nil {
                        mismatch = LogDamage(sequence: base, line: base, kind: .unreadable(
                            "the log no longer holds, at #\(base), the record its checkpoint stands for"))
                    }
                }
                if let damage = found, damage.sequence <= base {
                    result = .damaged(damage)
                } else if let mismatch {
                    result = .damaged(mismatch)
                } else if box.store.lastSequence < base {
                    result = .damaged(LogDamage(sequence: box.store.lastSequence + 1, line: box.store.lastSequence + 1, kind: .unreadable(
                        "the log ends before #\(base), the record its checkpoint stands for")))
                } else {
                    result = .sound
                }
            } catch {
                result = .unreadable(error)
            }
            outcome.withLock { $0 = result }
            done.signal()
            if case .damaged = result { onDamage() }
        }
    }

    /// The outcome, if the check has ended.
    var finished: Outcome? { outcome.withLock { $0 } }

    /// Waits for the check to end.
    func wait() -> Outcome {
        if let outcome = finished { return outcome }
        done.wait()
        done.signal()
        return finished!
    }
}
