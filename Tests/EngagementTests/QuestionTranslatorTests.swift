import Foundation
import Testing
@testable import Engagement

/// Questions in words become exactly one command, or are refused: the corpus in
/// `Questions/corpus.tsv` pairs each phrasing with the command it must become.
@Suite struct QuestionTranslatorTests {
    static let today = Day("2026-11-20")!
    static let vocabulary = QuestionTranslator.Vocabulary(
        partners: [.init(id: "wash", name: "WASH Cluster"), .init(id: "edu", name: "Education Cluster"),
                   .init(id: "unicef", name: "UNICEF"), .init(id: "imwg", name: "Information Management Working Group"),
                   // A partner whose id is a question word, as in the sample response.
                   .init(id: "who", name: "WHO")],
        owners: ["amina", "dtm", "unicef"], sectors: ["wash", "health", "education"], datasets: ["wash.water", "health.clinics"],
        feedback: ["f1", "f2"])
    static let translator = QuestionTranslator(vocabulary: vocabulary, today: today)

    struct Phrasing: CustomStringConvertible {
        var question: String
        /// `nil` when the question must be refused.
        var command: String?
        var description: String { question }
    }

    static let corpus: [Phrasing] = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Questions/corpus.tsv")
        let text = (try? String(contentsOf: url, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").compactMap { line in
            guard !line.hasPrefix("#"), let tab = line.firstIndex(of: "\t") else { return nil }
            let expected = String(line[line.index(after: tab)...])
            return Phrasing(question: String(line[..<tab]), command: expected == "REFUSE" ? nil : expected)
        }
    }()

    @Test func theCorpusHoldsEightyPhrasingsAndSomeThatMustBeRefused() {
        #expect(Self.corpus.count >= 80)
        #expect(Self.corpus.filter { $0.command == nil }.count >= 10)
    }

    @Test(arguments: corpus)
    func eachPhrasingBecomesItsOneCommandOrIsRefused(_ phrasing: Phrasing) {
        #expect(QuestionTranslator.isQuestion(phrasing.question), "'\(phrasing.question)' is taken for a command")
        let translation = Self.translator.translate(phrasing.question)
        if let command = phrasing.command {
            #expect(translation == .command(command))
        } else if case .cannot(let suggestions) = translation {
            #expect((2...3).contains(suggestions.count))
        } else {
            Issue.record("'\(phrasing.question)' must be refused, not answered with \(translation)")
        }
    }

    @Test func everyCommandTheCorpusExpectsIsACommandOfTheLanguage() throws {
        for phrasing in Self.corpus {
            guard let command = phrasing.command else { continue }
            let resolved = try ResolvedCommand.resolve(ParsedLine.parse(command))
            let view = try #require(resolved.type as? any ViewCommand.Type, "\(command) is not a view")
            _ = try view.request(resolved, today: Self.today)
        }
    }

    @Test func aLineStartingWithAVerbIsACommandNotAQuestion() {
        #expect(!QuestionTranslator.isQuestion("partner list mou=none"))
        #expect(!QuestionTranslator.isQuestion("feedback partner=wash topic=report text=\"why so late?\""))
        #expect(!QuestionTranslator.isQuestion("plan"))
        #expect(QuestionTranslator.isQuestion("what's overdue"))
        #expect(QuestionTranslator.isQuestion("partners without an MoU?"))
        #expect(QuestionTranslator.isQuestion("feedback on methodology?"), "a verb, but no field and a question mark")
        #expect(QuestionTranslator.isQuestion("meetings in october"), "a subject that is not a verb")
        #expect(!QuestionTranslator.isQuestion("plann"), "a mistyped verb stays a command, to be corrected")
        #expect(!QuestionTranslator.isQuestion("partnr add id=x"))
    }

    @Test func periodsAreJudgedFromTheDayGivenNotAClock() {
        let january = QuestionTranslator(vocabulary: Self.vocabulary, today: Day("2027-01-05")!)
        #expect(january.translate("who did we meet last month?") == .command("meeting list since=2026-12-01 until=2026-12-31"))
        #expect(january.translate("who did we meet in november?") == .command("meeting list since=2026-11-01 until=2026-11-30"))
        // 2027-01-05 is a Tuesday: this week started on Monday the 4th.
        #expect(january.translate("what changed this week?") == .command("log since=2027-01-04 until=2027-01-10"))
    }

    @Test func aPartnerIsKnownByItsIdOrItsName() {
        #expect(Self.translator.translate("feedback from the wash cluster") == .command("feedback list partner=wash"))
        #expect(Self.translator.translate("which feedback did UNICEF send?") == .command("feedback list partner=unicef"))
    }
}
