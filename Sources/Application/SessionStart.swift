import Dispatch
import EventLog
import Synchronization

/// A session's first read (`Session.catchUp()`) on a thread of its own, so that a prompt can
/// be up while the state of a large log is read from its checkpoint, and a person type the
/// first command meanwhile.
///
/// Nothing else touches the session until `outcome()` has returned: the caller waits for it
/// before the first command, the first completion, or anything else that reads the session.
package final class SessionStart: Sendable {
    private struct State {
        var outcome: Result<Void, StoreError>?
        var whenEnded: (@Sendable () -> Void)?
    }

    private let state = Mutex(State())
    /// Signalled once the read has ended, and again by each waiter that saw it.
    private let ended = DispatchSemaphore(value: 0)
    /// Whether the read goes on from a checkpoint (`Session.resumingFlag`), asked
    /// while it runs: only the session's own flag, never its state.
    private let resuming: @Sendable () -> Bool

    /// Starts `session`'s first read at once.
    package init(_ session: Session) {
        // Handed to one thread, which alone touches it until `outcome()` returns.
        nonisolated(unsafe) let session = session
        let flag = session.resumingFlag
        resuming = { flag.isSet }
        DispatchQueue(label: "engage.session-start").async { [self] in
            let outcome = Result { () throws(StoreError) in _ = try session.catchUp() }
            let then = state.withLock { state in
                state.outcome = outcome
                return state.whenEnded
            }
            ended.signal()
            then?()
        }
    }

    /// Waits up to `seconds`, and longer while the read is not one from a checkpoint (a full
    /// replay, which says how far it has come and must not run behind a prompt): whether it
    /// has ended.
    package func wait(seconds: Double) -> Bool {
        var patience = max(0, seconds)
        while true {
            if ended.wait(timeout: .now() + patience) == .success {
                ended.signal()
                return true
            }
            if resuming() { return false }
            patience = 0.001
        }
    }

    /// Whether the read has ended.
    package var hasEnded: Bool { state.withLock { $0.outcome != nil } }

    /// Waits for the read to end; then the session is the caller's again. Throws what the
    /// read threw.
    package func outcome() throws(StoreError) {
        ended.wait()
        ended.signal()
        try state.withLock { $0.outcome! }.get()
    }

    /// Runs `body` (on another thread) once the read has ended, or at once if it has.
    package func whenEnded(_ body: @escaping @Sendable () -> Void) {
        let now = state.withLock { state in
            if state.outcome != nil { return true }
            state.whenEnded = body
            return false
        }
        if now { body() }
    }
}

/// Whether a session's first read goes on from a checkpoint, readable from another thread.
final class ResumingFlag: Sendable {
    private let value = Atomic<Bool>(false)

    var isSet: Bool { value.load(ordering: .acquiring) }

    func set(_ on: Bool) { value.store(on, ordering: .releasing) }
}
