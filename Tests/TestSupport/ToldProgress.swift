import EventLog
import Synchronization

/// What a read told of its progress (`ReadProgress`), to check that a read the person waits
/// for says how far it came, and one behind the prompt says nothing.
package final class ToldProgress: ReadProgress {
    private let told = Mutex((began: 0, bytes: Int64(0), ended: 0))

    package init() {}

    package func began(total: Int64) { told.withLock { $0.began += 1 } }
    package func advanced(by bytes: Int64) { told.withLock { $0.bytes += bytes } }
    package func ended() { told.withLock { $0.ended += 1 } }

    /// How many reads began and ended, and how many bytes they said they read.
    package var value: (began: Int, bytes: Int64, ended: Int) { told.withLock { $0 } }
}
