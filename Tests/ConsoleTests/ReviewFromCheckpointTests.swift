import Foundation
import Testing
@testable import Engagement
@testable import EventLog

/// The review reads the model, never the log's events: from a checkpoint it writes, byte for
/// byte, the files a full replay gives, engagement over time included, as of a past day, and
/// however retractions reach back behind the checkpoint.
@Suite struct ReviewFromCheckpointTests {
    typealias E = EngageProcess
    static let start = Timestamp(year: 2025, month: 1, day: 1, hour: 9)!
    static let partners = 24

    /// A log of 12,000 records over 500 days: twenty-four partners, meetings (each on the day
    /// it is recorded, two partners at a time: most meet for the first time in the first
    /// months), feedback, use reports with identical ones among them (counted once), decisions.
    static func largeLog(_ folder: E.Folder) throws -> FileEventStore {
        let store = FileEventStore(path: folder.path("events.jsonl"), clock: { start })
        var events: [(DomainEvent, Timestamp)] = []
        func add(_ event: DomainEvent) {
            events.append((event, Timestamp(secondsSinceEpoch: start.secondsSinceEpoch + Int64(events.count) * 3_600)))
        }
        for p in 0..<partners {
            add(.partnerMapped(PartnerMapped(id: "p\(p)", name: "Partner \(p)", category: .ngo, levels: [.operational])))
        }
        add(.datasetProposed(DatasetProposed(id: "d", sector: "wash", question: "q", options: nil, purpose: "p", requestedBy: ["p0"],
                                             owner: .dtm, dissemination: .public, mockup: nil, criteria: Criterion.allCases)))
        add(.datasetAgreed(DatasetAgreed(id: "d", forced: false, reason: nil)))
        add(.roundStarted(RoundStarted(number: 1, date: Day(start))))
        var n = 0
        while events.count < 12_000 {
            n += 1
            let day = Day(Timestamp(secondsSinceEpoch: start.secondsSinceEpoch + Int64(events.count) * 3_600))
            switch n % 10 {
            case 0:
                add(.meetingHeld(MeetingHeld(date: day, kind: .bilateral, partners: ["p\(n / 10 % partners)", "p\((n / 7) % partners)"],
                                             outcomes: [.a], notes: nil)))
            case 1, 2:
                add(.feedbackSubmitted(FeedbackSubmitted(id: "f\(n)", partner: "p\(n % partners)", topic: .dataset, text: "late",
                                                         dataset: "d", rating: 1 + n % 5)))
            case 3, 4, 5:
                add(.datasetUsed(DatasetUsed(dataset: "d", partner: "p\(n % partners)", round: 1 + n % 3, purpose: "planning")))
            default:
                add(.decisionRecorded(DecisionRecorded(text: "decision \(n)", partners: [], about: nil)))
            }
        }
        _ = try store.append(events.map { $0.0.newEvent(actor: "coordinator", at: $0.1) }, expectingLast: 0)
        return store
    }

    /// Runs the review into `directory`; returns its three files, read back.
    static func review(_ folder: E.Folder, into directory: String, asOf: [String] = []) throws -> [String] {
        let outcome = try E.run(["--log", "events.jsonl"] + asOf + ["review", "out=\(directory)"], in: folder)
        #expect(outcome.status == 0 || outcome.status == 3, "\(outcome.stderr)")
        let day = asOf.last ?? "2026-11-20"
        let files = ["md", "json", "html"].map { folder.read("\(directory)/engage-review-\(day).\($0)") }
        #expect(!files.contains(""), "the review wrote its three files")
        return files
    }

    @Test func theReviewFromACheckpointIsTheReviewOfAFullReplayByteForByte() throws {
        let folder = E.Folder()
        let store = try Self.largeLog(folder)
        let checkpoint = folder.path("events.jsonl.checkpoint")
        let replayed = try Self.review(folder, into: "replayed")
        #expect(FileManager.default.fileExists(atPath: checkpoint), "the first read wrote the checkpoint")
        // January 2025: 70 meetings, at which all twenty-four partners were met first; 142
        // pieces of feedback; 24 use reports counted (the rest repeat one of them).
        #expect(replayed[0].contains("| 2025-01 | 70 | 24 | 142 | 24 |"), "engagement over time counts what the log holds")
        #expect(try Self.review(folder, into: "resumed") == replayed)

        // A past day (the state as of that day's end, from the records before it), from the
        // checkpoint's session and from a full replay.
        let asOf = ["--as-of", "2026-04-01"]
        let past = try Self.review(folder, into: "past", asOf: asOf)
        #expect(past[0].contains("| 2026-04 |") && !past[0].contains("| 2026-05 |"))
        try FileManager.default.moveItem(atPath: checkpoint, toPath: checkpoint + ".aside")
        #expect(try Self.review(folder, into: "past-replayed", asOf: asOf) == past)
        try FileManager.default.removeItem(atPath: checkpoint)
        try FileManager.default.moveItem(atPath: checkpoint + ".aside", toPath: checkpoint)

        // Retractions reaching back behind the checkpoint: the first meeting (its partners are
        // then met first later), a use report, a piece of feedback.
        let records = try FileEventStore(path: folder.path("events.jsonl"), clock: { Self.start }).poll().records
        let firstMeeting = try #require(records.first { $0.type == MeetingHeld.type }?.sequence)
        let retractions: [DomainEvent] = [firstMeeting, firstMeeting + 3, firstMeeting + 1].map {
            .eventRetracted(EventRetracted(sequence: $0, reason: "recorded by mistake"))
        }
        let later = Timestamp(secondsSinceEpoch: Self.start.secondsSinceEpoch + 12_000 * 3_600)
        _ = try store.append(retractions.map { $0.newEvent(actor: "coordinator", at: later) }, expectingLast: 12_000)
        let caughtUp = try Self.review(folder, into: "caught-up")
        #expect(caughtUp != replayed, "the retractions change the review")
        try FileManager.default.removeItem(atPath: checkpoint)
        #expect(try Self.review(folder, into: "replayed-again") == caughtUp)
        #expect(try Self.review(folder, into: "resumed-again") == caughtUp)
    }
}
