#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs of bytes compared whole: the readers' tables of strings already made (the log's
/// event type names, a checkpoint's shared references) find one by the bytes it was read from.
package enum Bytes {
    /// A quick hash of a short run of bytes, for the readers' small tables of texts they
    /// already made: its length and its first and last eight bytes, mixed. Runs that share
    /// those hash alike, so a table compares the bytes too. Under eight bytes, the length.
    @inline(__always)
    package static func quickHash(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        guard bytes.count >= 8 else { return UInt64(bytes.count) }
        let first = bytes.loadUnaligned(as: UInt64.self)
        let last = bytes.loadUnaligned(fromByteOffset: bytes.count - 8, as: UInt64.self)
        return (first &* 0x9E37_79B9_7F4A_7C15 ^ last &+ UInt64(bytes.count)) &* 0xBF58_476D_1CE4_E5B9
    }

    package static func equal(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Bool {
        guard a.count == b.count else { return false }
        guard let x = a.baseAddress, let y = b.baseAddress else { return true }
        return memcmp(x, y, a.count) == 0
    }
}
