/// A 64-bit checksum of bytes given in pieces: XXH64 (seed 0), several times faster than
/// SHA-256 on one core.
///
/// It tells a damaged file from a whole one (a checkpoint: `FileSnapshotStore`), and nothing
/// more: it is no defence against someone who writes the file on purpose, who could compute
/// it again, as they could a SHA-256. What a checkpoint may be trusted for rests on who may
/// write it and on the log it is checked against, never on its checksum.
package struct Checksum {
    private static let prime1: UInt64 = 0x9E37_79B1_85EB_CA87
    private static let prime2: UInt64 = 0xC2B2_AE3D_27D4_EB4F
    private static let prime3: UInt64 = 0x1656_67B1_9E37_79F9
    private static let prime4: UInt64 = 0x85EB_CA77_C2B2_AE63
    private static let prime5: UInt64 = 0x27D4_EB2F_1656_67C5

    /// The four lanes, each fed every fourth 8-byte word of each 32-byte stripe.
    private var lanes = (prime1 &+ prime2, prime2, UInt64(0), 0 &- prime1)
    /// Bytes given so far.
    private var total = 0
    /// The bytes of a stripe not yet whole (fewer than 32).
    private var pending: [UInt8] = []

    package init() {}

    /// The checksum of `bytes`, whole.
    package static func of(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        var checksum = Checksum()
        checksum.add(bytes)
        return checksum.finish()
    }

    package mutating func add(_ bytes: UnsafeRawBufferPointer) {
        total += bytes.count
        var offset = 0
        if !pending.isEmpty {
            offset = min(32 - pending.count, bytes.count)
            pending += bytes[..<offset]
            guard pending.count == 32 else { return }
            pending.withUnsafeBytes { stripe($0, at: 0) }
            pending.removeAll(keepingCapacity: true)
        }
        while offset + 32 <= bytes.count {
            stripe(bytes, at: offset)
            offset += 32
        }
        pending += bytes[offset...]
    }

    /// The checksum of every byte given.
    package func finish() -> UInt64 {
        let p1 = Self.prime1, p2 = Self.prime2, p3 = Self.prime3, p4 = Self.prime4, p5 = Self.prime5
        var h: UInt64
        if total >= 32 {
            let (v1, v2, v3, v4) = lanes
            h = v1.rotated(1) &+ v2.rotated(7) &+ v3.rotated(12) &+ v4.rotated(18)
            for v in [v1, v2, v3, v4] { h = (h ^ Self.round(0, v)) &* p1 &+ p4 }
        } else {
            h = p5
        }
        h &+= UInt64(total)
        pending.withUnsafeBytes { tail in
            var i = 0
            while i + 8 <= tail.count {
                h ^= Self.round(0, Self.word(tail, at: i))
                h = h.rotated(27) &* p1 &+ p4
                i += 8
            }
            if i + 4 <= tail.count {
                h ^= UInt64(UInt32(littleEndian: tail.loadUnaligned(fromByteOffset: i, as: UInt32.self))) &* p1
                h = h.rotated(23) &* p2 &+ p3
                i += 4
            }
            while i < tail.count {
                h ^= UInt64(tail[i]) &* p5
                h = h.rotated(11) &* p1
                i += 1
            }
        }
        h ^= h >> 33
        h &*= p2
        h ^= h >> 29
        h &*= p3
        h ^= h >> 32
        return h
    }

    /// The checksum as a checkpoint file ends with it: 16 lower-case hex digits.
    package static func hex(_ value: UInt64) -> [UInt8] {
        let digits = Array("0123456789abcdef".utf8)
        return (0..<16).map { digits[Int(value >> (60 - 4 * UInt64($0)) & 0xF)] }
    }

    @inline(__always)
    private mutating func stripe(_ bytes: UnsafeRawBufferPointer, at offset: Int) {
        lanes.0 = Self.round(lanes.0, Self.word(bytes, at: offset))
        lanes.1 = Self.round(lanes.1, Self.word(bytes, at: offset + 8))
        lanes.2 = Self.round(lanes.2, Self.word(bytes, at: offset + 16))
        lanes.3 = Self.round(lanes.3, Self.word(bytes, at: offset + 24))
    }

    @inline(__always)
    private static func word(_ bytes: UnsafeRawBufferPointer, at offset: Int) -> UInt64 {
        UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
    }

    @inline(__always)
    private static func round(_ lane: UInt64, _ word: UInt64) -> UInt64 {
        (lane &+ word &* prime2).rotated(31) &* prime1
    }
}

private extension UInt64 {
    @inline(__always)
    func rotated(_ bits: UInt64) -> UInt64 { self << bits | self >> (64 - bits) }
}
