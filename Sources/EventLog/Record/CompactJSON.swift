/// Scanning JSON in the compact layout `engage` writes (no whitespace, members in a fixed
/// order, plain integers): the fast path for reading a record's envelope and its payload.
/// Whatever is outside that layout makes these functions return `nil`, and the caller
/// hands the bytes to `JSONParser`, which reads any JSON; `JSONParserTests` and
/// `PayloadReaderTests` hold both to the same verdicts.
package enum CompactJSON {
    /// The end of the string whose opening quote is at `start`: the index after its closing
    /// quote, and whether it is plain (ASCII without escapes: its bytes are its text). Simple
    /// escapes (`\"`, `\n`, …) are allowed only with `escapes`; `\u` escapes, control
    /// characters and invalid UTF-8 return `nil`.
    @inlinable
    static func stringEnd(_ b: UnsafeBufferPointer<UInt8>, from start: Int, escapes: Bool) -> (end: Int, plain: Bool)? {
        var i = start + 1
        var ascii = true
        var escaped = false
        while i < b.count {
            // Eight bytes at a time while none of them is a quote, a backslash, a control
            // character or outside ASCII: most of a log's bytes are in such runs.
            if i + 8 <= b.count, !mayEndOrEscape(UnsafeRawPointer(b.baseAddress! + i).loadUnaligned(as: UInt64.self)) {
                i += 8
                continue
            }
            let c = b[i]
            if c == UInt8(ascii: "\"") {
                // Every string is checked, read or not: the bytes are valid JSON or refused.
                if !ascii, String(validating: UnsafeBufferPointer(rebasing: b[(start + 1)..<i]), as: UTF8.self) == nil { return nil }
                return (i + 1, ascii && !escaped)
            }
            if c == UInt8(ascii: "\\") {
                guard escapes, i + 1 < b.count else { return nil }
                switch b[i + 1] {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
                     UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                    escaped = true
                    i += 2
                default:
                    // `\u` escapes (surrogates and all) are left to the parser.
                    return nil
                }
                continue
            }
            if c < 0x20 { return nil }
            if c >= 0x80 { ascii = false }
            i += 1
        }
        return nil
    }

    /// Whether one of the eight bytes in `word` may be a quote, a backslash, a control
    /// character or a byte outside ASCII. Never false when one is; may be true when none is
    /// (the bytes are then looked at one by one).
    @inlinable
    static func mayEndOrEscape(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        /// A high bit set where `x` may have a zero byte (and at the first one for certain).
        func zeroByte(_ x: UInt64) -> UInt64 { (x &- ones) & ~x & highs }
        let quote = zeroByte(word ^ (ones &* 0x22))
        let backslash = zeroByte(word ^ (ones &* 0x5C))
        // Bytes under 0x20, where every byte is ASCII; bytes outside ASCII are caught apart.
        let control = (word &- ones &* 0x20) & ~word & highs
        return (quote | backslash | control | (word & highs)) != 0
    }

    /// A non-negative integer of at most 18 digits at `start`, without leading zeros, and the
    /// index after it.
    @inlinable
    package static func integer(_ b: UnsafeBufferPointer<UInt8>, at start: Int) -> (value: Int, end: Int)? {
        var value = 0
        var i = start
        while i < b.count, b[i] >= 48, b[i] <= 57, i - start < 18 {
            value = value * 10 + Int(b[i] - 48)
            i += 1
        }
        guard i > start, !(b[start] == 48 && i - start > 1) else { return nil }
        return (value, i)
    }

    @inlinable
    package static func equal(_ b: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, _ key: UnsafeBufferPointer<UInt8>) -> Bool {
        var k = 0
        for i in range {
            if b[i] != key[k] { return false }
            k += 1
        }
        return true
    }

    /// The member starting at `i` (`"key":value` then `,` or the closing `}`), whether its
    /// value is a plain string (`stringEnd`), and where the next member starts; `nil` when the
    /// bytes are not in the log's compact layout.
    @inlinable
    package static func member(in b: UnsafeBufferPointer<UInt8>, at start: Int) -> (key: Range<Int>, value: Range<Int>, plain: Bool, next: Int)? {
        var i = start
        guard b[i] == UInt8(ascii: "\"") else { return nil }
        i += 1
        let keyStart = i
        while i < b.count, b[i] != UInt8(ascii: "\"") {
            // Keys are plain ASCII in the compact layout; anything else is the parser's.
            if b[i] == UInt8(ascii: "\\") || b[i] < 0x20 || b[i] >= 0x80 { return nil }
            i += 1
        }
        let keyEnd = i
        i += 1
        guard i < b.count, b[i] == UInt8(ascii: ":") else { return nil }
        i += 1
        let valueStart = i
        guard let (valueEnd, plain) = value(b, from: i) else { return nil }
        i = valueEnd
        guard i < b.count else { return nil }
        if b[i] == UInt8(ascii: ",") {
            i += 1
            guard i < b.count - 1, b[i] == UInt8(ascii: "\"") else { return nil }
        } else if b[i] != UInt8(ascii: "}") || i != b.count - 1 {
            return nil
        }
        return (keyStart..<keyEnd, valueStart..<valueEnd, plain, i)
    }

    /// The end of a compact value starting at `i`, and whether it is a plain string
    /// (`stringEnd`): a string, a plain integer, a literal or an array of those. Objects and
    /// anything else send the reader to the general parser.
    @inlinable
    package static func value(_ b: UnsafeBufferPointer<UInt8>, from start: Int) -> (end: Int, plain: Bool)? {
        var i = start
        guard i < b.count else { return nil }
        switch b[i] {
        case UInt8(ascii: "\""):
            return stringEnd(b, from: i, escapes: true)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            if b[i] == UInt8(ascii: "-") { i += 1 }
            let digits = i
            while i < b.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(b[i]) { i += 1 }
            // JSON has no leading zeros and no bare minus sign.
            if i == digits || (b[digits] == UInt8(ascii: "0") && i - digits > 1) { return nil }
            if i < b.count, b[i] == UInt8(ascii: ".") || b[i] == UInt8(ascii: "e") || b[i] == UInt8(ascii: "E") { return nil }
            return (i, false)
        case UInt8(ascii: "t"), UInt8(ascii: "f"), UInt8(ascii: "n"):
            for literal: StaticString in ["true", "false", "null"] {
                let n = literal.utf8CodeUnitCount
                if i + n <= b.count, equal(b, i..<(i + n), UnsafeBufferPointer(start: literal.utf8Start, count: n)) { return (i + n, false) }
            }
            return nil
        case UInt8(ascii: "["):
            i += 1
            if i < b.count, b[i] == UInt8(ascii: "]") { return (i + 1, false) }
            while i < b.count {
                guard b[i] != UInt8(ascii: "["), let (end, _) = value(b, from: i), end < b.count else { return nil }
                i = end
                if b[i] == UInt8(ascii: "]") { return (i + 1, false) }
                guard b[i] == UInt8(ascii: ",") else { return nil }
                i += 1
            }
            return nil
        default:
            return nil
        }
    }
}
