import Testing
@testable import EventLog

@Suite struct TimestampTests {
    @Test func formatsAndParsesUTCSeconds() {
        let t = Timestamp(year: 2026, month: 11, day: 20, hour: 10, minute: 15, second: 3)!
        #expect(t.description == "2026-11-20T10:15:03Z")
        #expect(Timestamp(iso8601: "2026-11-20T10:15:03Z") == t)
        #expect(Timestamp(iso8601: "2026-11-20T10:15:03.250Z") == t)
        #expect(Timestamp(iso8601: "1970-01-01T00:00:00Z")?.secondsSinceEpoch == 0)
    }

    @Test func refusesImpossibleDates() {
        for text in ["2026-02-29T00:00:00Z", "2026-13-01T00:00:00Z", "2026-11-31T00:00:00Z", "2026-11-20T24:00:00Z",
                     "2026-11-20 10:00:00Z", "2026-11-20T10:00:00", "2026-11-20T10:00:00+01:00", "20261120T100000Z"] {
            #expect(Timestamp(iso8601: text) == nil, "\(text)")
        }
        #expect(Timestamp(iso8601: "2024-02-29T00:00:00Z") != nil)
    }

    @Test func civilConversionRoundTripsEveryDayForCenturies() {
        var day = Timestamp.daysFromCivil(year: 1900, month: 1, day: 1)
        for _ in 0..<(200 * 366) {
            let (y, m, d) = Timestamp.civilFromDays(day)
            #expect(Timestamp.daysFromCivil(year: y, month: m, day: d) == day)
            day += 1
        }
    }
}
