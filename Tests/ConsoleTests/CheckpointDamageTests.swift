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
        // Into a folder that is there: its files were written while the chain was checked,
        // under temporary names, and are gone.
        try FileManager.default.createDirectory(atPath: folder.path("kept"), withIntermediateDirectories: false)
        folder.write("kept/notes.txt", "mine")
        #expect(try E.run(["--log", "events.jsonl", "review", "out=kept"], in: folder).status == 1)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path("kept")) == ["notes.txt"])
    }
}

/// The checkpoint is held against the log by `verify`: it can save time, never change an answer.
@Suite struct CheckpointTrustTests {
    typealias E = EngageProcess

    /// A 12,000-record log with its checkpoint.
    static func logWithCheckpoint(_ folder: E.Folder) throws {
        let store = FileEventStore(path: folder.path("events.jsonl"), clock: { CheckpointDamageTests.noon })
        var events: [DomainEvent] = [.partnerMapped(PartnerMapped(id: "wash", name: "WASH Cluster", category: .cluster, levels: [.operational]))]
        while events.count < 12_000 {
            events.append(.decisionRecorded(DecisionRecorded(text: "decision \(events.count + 1)", partners: ["wash"], about: nil)))
        }
        _ = try store.append(events.map { $0.newEvent(actor: "coordinator", at: CheckpointDamageTests.noon) }, expectingLast: 0)
        #expect(try E.run(["--log", "events.jsonl", "plan"], in: folder).status == 0)
    }

    /// `verify` fails, saying the checkpoint is not the state the log gives.
    static func expectVerifyFindsTheCheckpointAltered(_ folder: E.Folder) throws {
        let verify = try E.run(["--log", "events.jsonl", "verify"], in: folder)
        #expect(verify.status == 1)
        #expect(verify.stdout.contains("not the state the log gives"), "\(verify.stdout)")
    }

    @Test func aCheckpointForgedWithItsDigestRecomputedIsFoundByVerifyAndRemoved() throws {
        let folder = E.Folder()
        try Self.logWithCheckpoint(folder)
        let checkpoint = FileSnapshotStore(beside: folder.path("events.jsonl"))
        var snapshot = try #require(checkpoint.load())
        var model = try #require(snapshot.state.withUnsafeBytes { Model(checkpoint: $0) })
        model.partners.update("wash") { $0.name = "Renamed by a forger" }
        snapshot.state = model.checkpointBytes()
        #expect(checkpoint.save(snapshot))
        #expect(try E.run(["--log", "events.jsonl", "partner", "show", "wash"], in: folder).stdout.contains("Renamed by a forger"),
                "the forged checkpoint is read, as any matching checkpoint is")
        try Self.expectVerifyFindsTheCheckpointAltered(folder)
        #expect(!FileManager.default.fileExists(atPath: folder.path("events.jsonl.checkpoint")))
        #expect(try E.run(["--log", "events.jsonl", "partner", "show", "wash"], in: folder).stdout.contains("WASH Cluster"))
        #expect(try E.run(["--log", "events.jsonl", "verify"], in: folder).status == 0)
    }

    @Test func verifyFindsASoundCheckpointOfSealedForgottenAndRetractedRecordsSound() throws {
        let folder = E.Folder()
        _ = try ReviewFromCheckpointTests.largeLog(folder)
        // Behind the checkpoint: contacts sealed under their keys, one of them forgotten, a
        // retraction reaching back.
        for command in [#"contact add partner=p1 name="Amina Yusuf" email=amina@example.org"#,
                        #"contact add partner=p2 name="Omar Farouk""#,
                        #"contact forget partner=p2 name="Omar Farouk""#,
                        #"retract seq=40 reason="recorded twice""#] {
            let outcome = try E.command(command, in: folder)
            #expect(outcome.status == 0, "\(command): \(outcome.stderr)")
        }
        // The checkpoint stands for the last of them: a full replay writes it.
        let checkpoint = folder.path("events.jsonl.checkpoint")
        try FileManager.default.removeItem(atPath: checkpoint)
        #expect(try E.command("plan", in: folder).status == 0)
        #expect(FileManager.default.fileExists(atPath: checkpoint))
        // After it: the other contact forgotten, which the checkpoint cannot know.
        #expect(try E.command(#"contact forget partner=p1 name="Amina Yusuf""#, in: folder).status == 0)

        let verify = try E.run(["--log", "events.jsonl", "--format", "json", "verify"], in: folder)
        #expect(verify.status == 0, "\(verify.stdout)")
        let report = try JSONSerialization.jsonObject(with: Data(verify.stdout.utf8)) as? [String: Any]
        #expect((report?["checkpoint"] as? [String: Any])?["matches"] as? Bool == true, "\(verify.stdout)")
        #expect(FileManager.default.fileExists(atPath: checkpoint), "a sound checkpoint is kept")
        // The same in a script whose session read the later forgetting first.
        let script = try E.run(["--log", "events.jsonl"], in: folder, input: "plan\nverify\n")
        #expect(script.status == 0, "\(script.stdout)\(script.stderr)")
        #expect(FileManager.default.fileExists(atPath: checkpoint), "a sound checkpoint is kept")
    }

    @Test func aCheckpointForgedToHideAContactIsFoundByVerify() throws {
        let folder = E.Folder()
        let store = FileEventStore(path: folder.path("events.jsonl"), clock: { CheckpointDamageTests.noon })
        var events: [DomainEvent] = [
            .partnerMapped(PartnerMapped(id: "wash", name: "WASH Cluster", category: .cluster, levels: [.operational])),
            .contactAdded(ContactAdded(partner: "wash", name: "Amina Yusuf", email: "amina@example.org", skills: [])),
        ]
        while events.count < 12_000 {
            events.append(.decisionRecorded(DecisionRecorded(text: "decision \(events.count + 1)", partners: ["wash"], about: nil)))
        }
        _ = try store.append(events.map { $0.newEvent(actor: "coordinator", at: CheckpointDamageTests.noon) }, expectingLast: 0)
        #expect(try E.run(["--log", "events.jsonl", "plan"], in: folder).status == 0)
        // The forger marks the contact forgotten in the state and in the listing, as a
        // forgetting would, and recomputes the digest; the log holds no forgetting.
        let checkpoint = FileSnapshotStore(beside: folder.path("events.jsonl"))
        var snapshot = try #require(checkpoint.load())
        var model = try #require(snapshot.state.withUnsafeBytes { Model(checkpoint: $0) })
        model.forgetContacts(["#2"])
        #expect(model.forgottenContacts.contains("#2"))
        snapshot.state = model.checkpointBytes()
        #expect(checkpoint.save(snapshot))
        try Self.expectVerifyFindsTheCheckpointAltered(folder)
    }

    @Test func aCheckpointStandingForARecordTheLogDoesNotHoldDiffersAndIsRemoved() throws {
        let folder = E.Folder()
        try Self.logWithCheckpoint(folder)
        let checkpoint = FileSnapshotStore(beside: folder.path("events.jsonl"))
        var snapshot = try #require(checkpoint.load())
        snapshot.position.hash = .genesis
        #expect(checkpoint.save(snapshot))
        try Self.expectVerifyFindsTheCheckpointAltered(folder)
        #expect(!FileManager.default.fileExists(atPath: folder.path("events.jsonl.checkpoint")))
    }

    @Test func cuttingTheLastRecordsFailsVerifyWhenTheCheckpointProvesMore() throws {
        let folder = E.Folder()
        try Self.logWithCheckpoint(folder)
        var lines = folder.read("events.jsonl").split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        lines.removeLast(11)  // the last 10 records, and the empty piece after the final newline
        folder.write("events.jsonl", lines.joined(separator: "\n") + "\n")
        let verify = try E.run(["--log", "events.jsonl", "verify"], in: folder)
        #expect(verify.status == 1)
        #expect(verify.stdout.contains("proves the log held #12000, but it ends at #11990"), "\(verify.stdout)")
    }

    @Test func aCheckpointWritableByOthersThanTheLogsWritersIsNotRead() throws {
        let folder = E.Folder()
        try Self.logWithCheckpoint(folder)
        let path = folder.path("events.jsonl.checkpoint")
        #expect(chmod(folder.path("events.jsonl"), 0o644) == 0)
        #expect(chmod(path, 0o666) == 0)
        #expect(FileSnapshotStore(beside: folder.path("events.jsonl")).load() == nil)
        #expect(chmod(path, 0o644) == 0)
        #expect(FileSnapshotStore(beside: folder.path("events.jsonl")).load() != nil)
    }
}
