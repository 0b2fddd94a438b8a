#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import EventLog

/// Where a long answer goes as it is made: gathered and written out in blocks, so that
/// its first lines appear at once and nothing the size of the log is held. Without a
/// descriptor it keeps everything, for the prompt's pager, a file written whole, or a test.
package final class OutputSink {
    private let descriptor: Int32?
    private var buffer: [UInt8] = []
    /// The error number of a write that failed (a closed pipe, a full disk): what follows is
    /// not written.
    private(set) var failure: Int32?
    var failed: Bool { failure != nil }
    /// Bytes written so far.
    private(set) var count = 0

    /// Written to `descriptor` in blocks.
    package init(descriptor: Int32) {
        self.descriptor = descriptor
        buffer.reserveCapacity(Self.block)
    }

    /// Kept in memory.
    package init() {
        descriptor = nil
    }

    private static let block = 1 << 16

    func write(_ text: String) {
        buffer.append(contentsOf: text.utf8)
        count += text.utf8.count
        if buffer.count >= Self.block { flush() }
    }

    func write(bytes: [UInt8]) {
        buffer.append(contentsOf: bytes)
        count += bytes.count
        if buffer.count >= Self.block { flush() }
    }

    /// Writes what is gathered (a descriptor only).
    package func flush() {
        guard let descriptor, !buffer.isEmpty else { return }
        if !failed, let error = FileDescriptor.writeAll(descriptor, buffer) {
            failure = error
            if error == EPIPE { Self.readerLeft() }
        }
        buffer.removeAll(keepingCapacity: true)
    }

    /// The reader of the pipe went away (`engage log | head`): end as any program in a pipe
    /// does, by the signal. Writing would otherwise stop while the log is read on to its end,
    /// since the shared log's network library has the signal ignored (and so EPIPE returned).
    private static func readerLeft() -> Never {
        signal(SIGPIPE, SIG_DFL)
        raise(SIGPIPE)
        exit(128 + SIGPIPE)
    }

    /// Everything written (in memory only).
    package var text: String { String(decoding: buffer, as: UTF8.self) }
}
