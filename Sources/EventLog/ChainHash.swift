import Crypto

/// The integrity field of a record: SHA-256 over the previous record's hash and this
/// record's own bytes, so that editing, removing or reordering any record breaks the chain
/// at that record.
package struct ChainHash: Hashable, Sendable, CustomStringConvertible {
    package static let byteCount = 32
    /// The hash "before" the first record.
    package static let genesis = ChainHash(bytes: [UInt8](repeating: 0, count: 32))

    package private(set) var bytes: [UInt8]

    package init(bytes: [UInt8]) {
        precondition(bytes.count == Self.byteCount)
        self.bytes = bytes
    }

    /// The hash that chains a record's `body` (its line up to the hash field) to `previous`.
    package static func chaining(_ body: UnsafeRawBufferPointer, to previous: ChainHash) -> ChainHash {
        var hasher = SHA256()
        previous.bytes.withUnsafeBytes { hasher.update(bufferPointer: $0) }
        hasher.update(bufferPointer: body)
        let digest = hasher.finalize()
        return ChainHash(bytes: Array(digest))
    }

    /// Parses 64 lower-case hex digits.
    package init?(hex: UnsafeBufferPointer<UInt8>) {
        guard hex.count == 64 else { return nil }
        var out = [UInt8](repeating: 0, count: 32)
        for i in 0..<32 {
            guard let high = Self.nibble(hex[2 * i]), let low = Self.nibble(hex[2 * i + 1]) else { return nil }
            out[i] = high << 4 | low
        }
        bytes = out
    }

    package init?(hex: String) {
        let utf8 = Array(hex.utf8)
        guard let value = utf8.withUnsafeBufferPointer({ ChainHash(hex: $0) }) else { return nil }
        self = value
    }

    /// Whether `hex` (64 lower-case hex digits) spells this hash, without allocating.
    package func matches(hex: UnsafeBufferPointer<UInt8>) -> Bool {
        guard hex.count == 64 else { return false }
        for i in 0..<32 {
            let byte = bytes[i]
            if hex[2 * i] != Self.digits[Int(byte >> 4)] || hex[2 * i + 1] != Self.digits[Int(byte & 0xF)] { return false }
        }
        return true
    }

    package func writeHex(into out: inout [UInt8]) {
        for byte in bytes {
            out.append(Self.digits[Int(byte >> 4)])
            out.append(Self.digits[Int(byte & 0xF)])
        }
    }

    package var description: String {
        var out: [UInt8] = []
        writeHex(into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// The first 12 hex digits: enough to quote in a receipt or a message.
    package var shortDescription: String { String(description.prefix(12)) }

    private static let digits: [UInt8] = Array("0123456789abcdef".utf8)

    private static func nibble(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return c - UInt8(ascii: "a") + 10
        default: return nil
        }
    }
}
