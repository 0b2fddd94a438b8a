import Foundation
import Testing
@testable import Engagement
@testable import EventLog

/// A checkpoint saves time and hides nothing: an edit behind it is found by the binary's
/// one-shot writes and by the review, as a full read would find it.
@Suite struct CheckpointDamageTests {
    typealias E = EngageProcess
    static let noon = Timestamp(year: 2026, month: 11, day: 20, hour: 12)!

    /// A log of 12,000 usage reports with its checkpoint written, then record #5000 edited in
    /// place, keeping its length.
    static func editedBehindTheCheckpoint(_ folder: E.Folder) throws {
        let store = FileEventStore(path: folder.path("events.jsonl"), clock: { noon })
        var events: [DomainEvent] = [
            .partnerMapped(PartnerMapped(id: "wash", name: "WASH", category: .cluster, levels: [.operational])),
            .datasetProposed(DatasetProposed(id: "d", sector: "wash", question: "q", options: nil, purpose: "p", requestedBy: ["wash"],
                                             owner: .dtm, dissemination: .public, mockup: nil, criteria: Criterion.allCases)),
        ]
        while events.count < 12_000 {
            events.append(.datasetUsed(DatasetUsed(dataset: "d", partner: "wash", round: 1, purpose: "use \(events.count + 1)")))
        }
        _ = try store.append(events.map { $0.newEvent(actor: "coordinator", at: noon) }, expectingLast: 0)
        #expect(try E.run(["--log", "events.jsonl", "plan"], in: folder).status == 0)
        #expect(FileManager.default.fileExists(atPath: folder.path("events.jsonl.checkpoint")))
        var text = folder.read("events.jsonl")
        let range = try #require(text.range(of: "\"use 5000\""))
        text.replaceSubrange(range, with: "\"use 5001\"")
        folder.write("events.jsonl", text)
    }

    @Test func aOneShotWriteWaitsForTheCheckOfTheHistoryAndRefusesAnEditedOne() throws {
        let folder = E.Folder()
        try Self.editedBehindTheCheckpoint(folder)
        let before = folder.read("events.jsonl")
        let write = try E.command("partner add id=edu name=Edu category=cluster levels=strategic", in: folder)
        #expect(write.status == 1)
        #expect(write.stderr.contains("#5000") && write.stderr.contains("damaged"), "\(write.stderr)")
        #expect(!write.stdout.contains("Recorded"))
        #expect(folder.read("events.jsonl") == before)
    }

    @Test func theReviewChecksTheWholeChainAndFailsOnAnEditBehindTheCheckpoint() throws {
        let folder = E.Folder()
        try Self.editedBehindTheCheckpoint(folder)
        let review = try E.run(["--log", "events.jsonl", "review", "out=reports"], in: folder)
        #expect(review.status == 1)
        #expect(review.stderr.contains("#5000"), "\(review.stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder.path("reports")))
    }
}
