import Dispatch
import Engagement

extension Model {
    /// Runs `first` and `second` at once, on two of the pool's threads where two are free
    /// (else one after the other on this one), and returns when both have ended. The session
    /// reads a checkpoint's feedback and the rest of its state so (`Model(checkpoint:bothAtOnce:)`).
    package static func onTwoCores(_ first: () -> Void, _ second: () -> Void) {
        withoutActuallyEscaping(first) { first in
            withoutActuallyEscaping(second) { second in
                // Neither outlives this call: `concurrentPerform` returns when both have run.
                nonisolated(unsafe) let work = [first, second]
                DispatchQueue.concurrentPerform(iterations: 2) { work[$0]() }
            }
        }
    }
}
