import CChainHash

/// The integrity field of a record: SHA-256 over the previous record's hash and this
/// record's own bytes, so that editing, removing or reordering any record breaks the chain
/// at that record.
///
/// Kept as four big-endian words rather than an array: hashing, comparing and storing one
/// allocates nothing, which keeps verifying a million records cheap.
package struct ChainHash: Hashable, Sendable, CustomStringConvertible {
    package static let byteCount = 32
    /// The hash "before" the first record: 32 zero bytes.
    package static let genesis = ChainHash(words: (0, 0, 0, 0))

    private var w0: UInt64, w1: UInt64, w2: UInt64, w3: UInt64

    private init(words: (UInt64, UInt64, UInt64, UInt64)) {
        (w0, w1, w2, w3) = words
    }

    package init(bytes: [UInt8]) {
        precondition(bytes.count == Self.byteCount)
        var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        withUnsafeMutableBytes(of: &words) { $0.copyBytes(from: bytes) }
        self.init(words: words)
    }

    /// The 32 bytes, in order.
    package var bytes: [UInt8] {
        withUnsafeBytes(of: (w0, w1, w2, w3)) { Array($0) }
    }

    /// The hash of 32 bytes; `nil` for any other count.
    package init?(exactly bytes: [UInt8]) {
        guard bytes.count == Self.byteCount else { return nil }
        self.init(bytes: bytes)
    }

    /// The hash that chains a record's `body` (its line up to the hash field) to `previous`.
    package static func chaining(_ body: UnsafeRawBufferPointer, to previous: ChainHash) -> ChainHash {
        var previousWords = (previous.w0, previous.w1, previous.w2, previous.w3)
        var out: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        withUnsafeBytes(of: &previousWords) { prior in
            withUnsafeMutableBytes(of: &out) { result in
                engage_chain_hash(prior.baseAddress!.assumingMemoryBound(to: UInt8.self), body.baseAddress, body.count,
                                  result.baseAddress!.assumingMemoryBound(to: UInt8.self))
            }
        }
        return ChainHash(words: out)
    }

    /// `chaining(_:to:)` of bytes given in pieces: the same hash, with none of the pieces
    /// held after it is added.
    package struct Chaining {
        private var context = SHA256_CTX()

        package init(to previous: ChainHash) {
            engage_sha256_start(&context)
            withUnsafeBytes(of: (previous.w0, previous.w1, previous.w2, previous.w3)) { engage_sha256_add(&context, $0.baseAddress, $0.count) }
        }

        package mutating func add(_ piece: UnsafeRawBufferPointer) {
            engage_sha256_add(&context, piece.baseAddress, piece.count)
        }

        package mutating func finish() -> ChainHash {
            var out: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
            withUnsafeMutableBytes(of: &out) { engage_sha256_finish(&context, $0.baseAddress!.assumingMemoryBound(to: UInt8.self)) }
            return ChainHash(words: out)
        }
    }

    /// Parses 64 lower-case hex digits.
    package init?(hex: UnsafeBufferPointer<UInt8>) {
        guard hex.count == 64 else { return nil }
        var out = [UInt8](repeating: 0, count: 32)
        for i in 0..<32 {
            guard let high = Self.nibble(hex[2 * i]), let low = Self.nibble(hex[2 * i + 1]) else { return nil }
            out[i] = high << 4 | low
        }
        self.init(bytes: out)
    }

    package init?(hex: String) {
        let utf8 = Array(hex.utf8)
        guard let value = utf8.withUnsafeBufferPointer({ ChainHash(hex: $0) }) else { return nil }
        self = value
    }

    /// Whether `hex` spells this hash in lower-case hex, without allocating: the hash is
    /// spelled into 64 bytes on the stack, two digits a byte from a table, and compared at once.
    /// Every record of a replay is checked here.
    package func matches(hex: UnsafeBufferPointer<UInt8>) -> Bool {
        guard hex.count == 64 else { return false }
        var spelled: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0, 0, 0)
        withUnsafeBytes(of: (w0, w1, w2, w3)) { bytes in
            withUnsafeMutableBytes(of: &spelled) { out in
                Self.hexPairs.withUnsafeBufferPointer { pairs in
                    for i in 0..<32 { out.storeBytes(of: pairs[Int(bytes[i])], toByteOffset: 2 * i, as: UInt16.self) }
                }
            }
        }
        return withUnsafeBytes(of: &spelled) { Bytes.equal($0, UnsafeRawBufferPointer(hex)) }
    }

    /// Each byte's two lower-case hex digits, as the `UInt16` whose bytes in memory are them.
    private static let hexPairs: [UInt16] = (0..<256).map { byte in
        let digits = [digit(UInt8(byte) >> 4), digit(UInt8(byte) & 0xF)]
        return digits.withUnsafeBytes { $0.loadUnaligned(as: UInt16.self) }
    }

    package func writeHex(into out: inout [UInt8]) {
        withUnsafeBytes(of: (w0, w1, w2, w3)) { bytes in
            for byte in bytes {
                out.append(Self.digit(byte >> 4))
                out.append(Self.digit(byte & 0xF))
            }
        }
    }

    package var description: String {
        var out: [UInt8] = []
        out.reserveCapacity(64)
        writeHex(into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// The first 12 hex digits: enough to quote in a receipt or a message.
    package var shortDescription: String { String(description.prefix(12)) }

    package static func == (lhs: ChainHash, rhs: ChainHash) -> Bool {
        lhs.w0 == rhs.w0 && lhs.w1 == rhs.w1 && lhs.w2 == rhs.w2 && lhs.w3 == rhs.w3
    }

    package func hash(into hasher: inout Hasher) {
        hasher.combine(w0)
        hasher.combine(w1)
        hasher.combine(w2)
        hasher.combine(w3)
    }

    @inline(__always)
    private static func digit(_ nibble: UInt8) -> UInt8 {
        nibble < 10 ? 48 + nibble : 87 + nibble
    }

    private static func nibble(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return c - UInt8(ascii: "a") + 10
        default: return nil
        }
    }
}
