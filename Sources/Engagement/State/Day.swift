import EventLog

/// A calendar day (`YYYY-MM-DD`), as commands and payloads give dates: reply-by dates,
/// due dates, milestone dates, round dates.
///
/// Stored as days since 1970-01-01 so that "overdue" and "in force" are integer compares.
package struct Day: Hashable, Comparable, Sendable, CustomStringConvertible {
    package var daysSinceEpoch: Int64

    package init(daysSinceEpoch: Int64) { self.daysSinceEpoch = daysSinceEpoch }

    /// The UTC day an instant falls on.
    package init(_ time: Timestamp) {
        let s = time.secondsSinceEpoch
        daysSinceEpoch = s >= 0 ? s / 86_400 : (s - 86_399) / 86_400
    }

    /// Parses exactly `YYYY-MM-DD`, refusing days that do not exist (2026-02-30).
    package init?(_ text: String) {
        var text = text
        let parsed: Day? = text.withUTF8 { Day(utf8: $0) }
        guard let parsed else { return nil }
        self = parsed
    }

    package init?(utf8 b: UnsafeBufferPointer<UInt8>) {
        guard b.count == 10, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-") else { return nil }
        func number(_ from: Int, _ count: Int) -> Int? {
            var value = 0
            for i in from..<(from + count) {
                let c = b[i]
                guard c >= 48, c <= 57 else { return nil }
                value = value * 10 + Int(c - 48)
            }
            return value
        }
        guard let year = number(0, 4), let month = number(5, 2), let day = number(8, 2),
              year >= 1, (1...12).contains(month), (1...Timestamp.daysIn(month: month, year: year)).contains(day) else { return nil }
        daysSinceEpoch = Timestamp.daysFromCivil(year: year, month: month, day: day)
    }

    package static func < (lhs: Day, rhs: Day) -> Bool { lhs.daysSinceEpoch < rhs.daysSinceEpoch }

    package func adding(days: Int) -> Day { Day(daysSinceEpoch: daysSinceEpoch + Int64(days)) }

    /// The first instant after this day ends (for `--as-of`).
    package var end: Timestamp { Timestamp(secondsSinceEpoch: (daysSinceEpoch + 1) * 86_400) }

    package var description: String {
        let (y, m, d) = Timestamp.civilFromDays(daysSinceEpoch)
        func pad(_ v: Int, _ w: Int) -> String {
            let s = String(v)
            return s.count >= w ? s : String(repeating: "0", count: w - s.count) + s
        }
        return "\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2))"
    }

    /// The ways a person writes a day, for messages.
    package static let forms = "YYYY-MM-DD, today, yesterday, tomorrow, or -3d / +14d (days from today)"

    /// A day as people type it (`forms`), judged from `today`.
    package static func typed(_ text: String, today: Day) -> Day? {
        switch text {
        case "today": return today
        case "yesterday": return today.adding(days: -1)
        case "tomorrow": return today.adding(days: 1)
        default: break
        }
        if let sign = text.first, sign == "+" || sign == "-", text.hasSuffix("d"),
           let count = Int(text.dropFirst().dropLast()), count <= 36_600 {
            return today.adding(days: sign == "+" ? count : -count)
        }
        return Day(text)
    }
}

/// A day is its number of days since 1970-01-01 (in a checkpoint, one varint).
extension Day: Codable {
    package init(from decoder: any Decoder) throws {
        daysSinceEpoch = try decoder.singleValueContainer().decode(Int64.self)
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(daysSinceEpoch)
    }
}
