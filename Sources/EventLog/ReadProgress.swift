/// Told how far a long read of a log has come, to show it to the person waiting: a file
/// log tells it as it reads each block of its file; an import, as it checks its source.
///
/// Called from the thread that reads, which may be another than the caller's: an
/// implementation must be safe to call from any thread.
package protocol ReadProgress: AnyObject, Sendable {
    /// A read of `total` bytes starts.
    func began(total: Int64)
    /// `bytes` more of them were read.
    func advanced(by bytes: Int64)
    /// The read ended, whole or not.
    func ended()
}
