#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The loops every `read` and `write` on a descriptor needs: retry on `EINTR`, carry on
/// after a short count.
package enum FileDescriptor {
    /// Writes all of `bytes`; returns `errno` on failure, `nil` when everything was written.
    package static func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) -> Int32? {
        var offset = 0
        while offset < bytes.count {
            let n = write(fd, bytes.baseAddress! + offset, bytes.count - offset)
            if n < 0 {
                if errno == EINTR { continue }
                return errno
            }
            offset += n
        }
        return nil
    }

    package static func writeAll(_ fd: Int32, _ bytes: [UInt8]) -> Int32? {
        bytes.withUnsafeBytes { writeAll(fd, $0) }
    }

    /// Reads exactly `count` bytes at `offset`; `nil` on an error or an early end of file.
    package static func read(_ fd: Int32, count: Int, at offset: Int64) -> [UInt8]? {
        var bytes = [UInt8](repeating: 0, count: count)
        guard bytes.withUnsafeMutableBytes({ read(fd, into: $0, at: offset) }) else { return nil }
        return bytes
    }

    /// Fills `buffer` with the bytes at `offset`; `false` on an error or an early end of file.
    package static func read(_ fd: Int32, into buffer: UnsafeMutableRawBufferPointer, at offset: Int64) -> Bool {
        var got = 0
        while got < buffer.count {
            let n = pread(fd, buffer.baseAddress! + got, buffer.count - got, off_t(offset) + off_t(got))
            if n < 0, errno == EINTR { continue }
            guard n > 0 else { return false }
            got += n
        }
        return true
    }
}
