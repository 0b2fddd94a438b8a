import Foundation
import Testing
@testable import Engagement

/// The case-details guard on a corpus: texts that carry an individual's case details, in
/// English, French, Spanish and Arabic, with digits of several scripts and separators of
/// every kind (`CaseDetailsCorpus/case-like.txt`), and every free-text and name value of
/// the sample response (`CaseDetailsCorpus/ordinary.txt`, rebuilt by `extract-ordinary.py`).
@Suite struct CaseDetailsTests {
    static let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("CaseDetailsCorpus")

    static func lines(_ name: String) throws -> [String] {
        try String(contentsOf: corpus.appendingPathComponent(name), encoding: .utf8).split(separator: "\n").map(String.init)
    }

    @Test func theGuardCatchesCaseDetailsAndLeavesOrdinaryNotesAlone() throws {
        let caseLike = try Self.lines("case-like.txt")
        let sample = try Self.lines("ordinary.txt")
        #expect(caseLike.count >= 150)
        #expect(sample.count >= 150)
        let ordinary = sample + (try Self.lines("ordinary-written.txt"))
        let missed = caseLike.filter { CaseDetails.reason(in: $0) == nil }
        let alarms = ordinary.filter { CaseDetails.reason(in: $0) != nil }
        let caught = Double(caseLike.count - missed.count) / Double(caseLike.count)
        let falseAlarms = Double(alarms.count) / Double(ordinary.count)
        print("case details: caught \(caseLike.count - missed.count) of \(caseLike.count) case-like texts (\(percent(caught))), "
              + "false alarms on \(alarms.count) of \(ordinary.count) ordinary notes (\(percent(falseAlarms)))")
        for text in missed { print("  missed: \(text)") }
        for text in alarms { print("  false alarm: \(text) — \(CaseDetails.reason(in: text) ?? "")") }
        #expect(caught >= 0.95)
        #expect(falseAlarms <= 0.02)
    }

    func percent(_ x: Double) -> String { "\(Int((x * 1000).rounded()) / 10).\(Int((x * 1000).rounded()) % 10)%" }

    @Test func digitsOfAnyScriptAndSeparatorMakeAPhoneNumber() {
        for text in ["call +234 803 123 4567", "٠٨٠٣١٢٣٤٥٦٧", "０８０３−１２３−４５６７", "۰۸۰۳ ۱۲۳ ۴۵۶۷", "0803\u{00A0}123\u{2009}4567",
                     "0803\u{2013}123\u{2013}4567", "0803.123.4567", "(0803) 123/4567"] {
            #expect(CaseDetails.reason(in: text) == "it holds a phone number", "\(text)")
        }
        #expect(CaseDetails.reason(in: "zero eight zero three one two three four five") == "it holds a phone number written in words")
        #expect(CaseDetails.reason(in: "rounds 2026-11-20 and 2026-12-01 agreed") == nil)
    }

    @Test func anIncidentWordNeedsAPersonNearIt() {
        #expect(CaseDetails.reason(in: "victims of flooding need shelter") == nil)
        #expect(CaseDetails.reason(in: "GBV survivors need safe spaces at every site") == nil)
        #expect(CaseDetails.reason(in: "in case of flooding the round moves") == nil)
        #expect(CaseDetails.reason(in: "rape case of a 15-year-old girl") != nil)
        #expect(CaseDetails.reason(in: "the survivor, amina yusuf, asked for help") != nil)
        #expect(CaseDetails.reason(in: "viol d'une fille de 14 ans") != nil)
        #expect(CaseDetails.reason(in: "violación de una niña de 14 años") != nil)
        #expect(CaseDetails.reason(in: "اغتصاب فتاة عمرها ١٤ سنة") != nil)
        #expect(CaseDetails.reason(in: "a girl of 14 years was referred") == "it gives one person's age")
    }
}
