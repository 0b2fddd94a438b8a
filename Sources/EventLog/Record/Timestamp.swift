/// An instant in UTC, to the second, as the log records it (`2026-11-20T10:00:00Z`).
///
/// Seconds since the Unix epoch keep comparisons and `--as-of` cut-offs to integer
/// arithmetic; the civil-date conversions are Howard Hinnant's `days_from_civil`
/// algorithms, so no calendar or formatter is needed on the replay path.
package struct Timestamp: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    package var secondsSinceEpoch: Int64

    package init(secondsSinceEpoch: Int64) {
        self.secondsSinceEpoch = secondsSinceEpoch
    }

    package init?(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0) {
        guard (1...9999).contains(year), (1...12).contains(month),
              (1...Timestamp.daysIn(month: month, year: year)).contains(day),
              (0...23).contains(hour), (0...59).contains(minute), (0...59).contains(second) else { return nil }
        let days = Timestamp.daysFromCivil(year: year, month: month, day: day)
        secondsSinceEpoch = days * 86_400 + Int64(hour * 3600 + minute * 60 + second)
    }

    package static func < (lhs: Timestamp, rhs: Timestamp) -> Bool {
        lhs.secondsSinceEpoch < rhs.secondsSinceEpoch
    }

    /// `YYYY-MM-DDTHH:MM:SSZ`, exactly 20 bytes.
    package var description: String {
        var out: [UInt8] = []
        out.reserveCapacity(20)
        write(into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    var civil: (year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int) {
        let days = secondsSinceEpoch >= 0 ? secondsSinceEpoch / 86_400 : (secondsSinceEpoch - 86_399) / 86_400
        let rest = Int(secondsSinceEpoch - days * 86_400)
        let (y, m, d) = Timestamp.civilFromDays(days)
        return (y, m, d, rest / 3600, rest % 3600 / 60, rest % 60)
    }

    package func write(into out: inout [UInt8]) {
        let c = civil
        func put(_ value: Int, _ width: Int) {
            var divisor = 1
            for _ in 1..<width { divisor *= 10 }
            var v = value
            while divisor > 0 {
                out.append(UInt8(ascii: "0") + UInt8(v / divisor % 10))
                v %= divisor
                divisor /= 10
            }
        }
        put(c.year, 4); out.append(UInt8(ascii: "-"))
        put(c.month, 2); out.append(UInt8(ascii: "-"))
        put(c.day, 2); out.append(UInt8(ascii: "T"))
        put(c.hour, 2); out.append(UInt8(ascii: ":"))
        put(c.minute, 2); out.append(UInt8(ascii: ":"))
        put(c.second, 2); out.append(UInt8(ascii: "Z"))
    }

    /// Parses `YYYY-MM-DDTHH:MM:SSZ`, optionally with a fraction of a second (dropped).
    package init?(iso8601 text: String) {
        let bytes = Array(text.utf8)
        guard let value = bytes.withUnsafeBufferPointer({ Timestamp(utf8: $0) }) else { return nil }
        self = value
    }

    package init?(utf8 b: UnsafeBufferPointer<UInt8>) {
        guard b.count >= 20, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-"),
              b[10] == UInt8(ascii: "T"), b[13] == UInt8(ascii: ":"), b[16] == UInt8(ascii: ":") else { return nil }
        var end = 19
        if b[end] == UInt8(ascii: ".") {
            end += 1
            let fractionStart = end
            while end < b.count, (48...57).contains(b[end]) { end += 1 }
            guard end > fractionStart else { return nil }
        }
        guard end == b.count - 1, b[end] == UInt8(ascii: "Z"),
              let year = Self.number(b, 0, 4), let month = Self.number(b, 5, 2), let day = Self.number(b, 8, 2),
              let hour = Self.number(b, 11, 2), let minute = Self.number(b, 14, 2), let second = Self.number(b, 17, 2),
              let value = Timestamp(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
        else { return nil }
        self = value
    }

    /// The decimal number in `b[from..<(from + count)]`, all digits. A function of its own,
    /// not nested in `init(utf8:)`: every record's timestamp is read here, and the nested
    /// function's captures cost a dynamic exclusivity check each call.
    @inline(__always)
    private static func number(_ b: UnsafeBufferPointer<UInt8>, _ from: Int, _ count: Int) -> Int? {
        var value = 0
        for i in from..<(from + count) {
            let digit = Int(b[i]) - 48
            guard (0...9).contains(digit) else { return nil }
            value = value * 10 + digit
        }
        return value
    }

    package static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    package static func daysFromCivil(year: Int, month: Int, day: Int) -> Int64 {
        let y = Int64(month <= 2 ? year - 1 : year)
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let m = Int64(month)
        let doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + Int64(day) - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    package static func civilFromDays(_ days: Int64) -> (Int, Int, Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        let y = yoe + era * 400 + (m <= 2 ? 1 : 0)
        return (Int(y), Int(m), Int(d))
    }
}
