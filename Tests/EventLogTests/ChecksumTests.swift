import Testing
@testable import EventLog

/// The checkpoint's checksum is XXH64 with seed 0, byte for byte, however its bytes are
/// handed to it.
@Suite struct ChecksumTests {
    /// 0, 1, 2, … 255 three times, then "engage": long enough for every stripe and every tail.
    static let long = Array((0..<768).map { UInt8($0 % 256) }) + Array("engage".utf8)

    @Test func itIsXXH64AsOtherImplementationsGiveIt() {
        // From the reference implementation (Python's xxhash 3).
        let known: [([UInt8], UInt64)] = [
            ([], 0xEF46_DB37_51D8_E999),
            (Array("a".utf8), 0xD24E_C4F1_A98C_6E5B),
            (Array("abc".utf8), 0x44BC_2CF5_AD77_0999),
            (Self.long, 0xCEAC_71DC_2876_8A43),
        ]
        for (bytes, checksum) in known {
            #expect(bytes.withUnsafeBytes { Checksum.of($0) } == checksum, "\(bytes.count) bytes")
        }
        #expect(String(decoding: Checksum.hex(0xCEAC_71DC_2876_8A43), as: UTF8.self) == "ceac71dc28768a43")
        #expect(String(decoding: Checksum.hex(0x0F), as: UTF8.self) == "000000000000000f")
    }

    @Test func piecesOfAnySizeGiveTheChecksumOfTheWhole() {
        let whole = Self.long.withUnsafeBytes { Checksum.of($0) }
        for cut in [1, 3, 7, 31, 32, 33, 64, 100, 500] {
            var checksum = Checksum()
            var offset = 0
            while offset < Self.long.count {
                let end = min(Self.long.count, offset + cut)
                Self.long[offset..<end].withUnsafeBytes { checksum.add($0) }
                offset = end
            }
            #expect(checksum.finish() == whole, "pieces of \(cut)")
        }
    }

    @Test func aChangedByteChangesIt() {
        let whole = Self.long.withUnsafeBytes { Checksum.of($0) }
        for i in [0, 31, 32, 400, Self.long.count - 1] {
            var damaged = Self.long
            damaged[i] ^= 0x40
            #expect(damaged.withUnsafeBytes { Checksum.of($0) } != whole, "byte \(i)")
        }
    }
}
