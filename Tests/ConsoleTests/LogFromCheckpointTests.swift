import Foundation
import Testing
@testable import Engagement
@testable import EventLog

/// A one-shot `log` of a large log is listed from its checkpoint's listing (members,
/// retractions, forgotten contacts), not its whole state: in every format it writes, byte for
/// byte, what a full replay writes, with records after the checkpoint, a retraction and a
/// forgotten contact behind it.
@Suite struct LogFromCheckpointTests {
    typealias E = EngageProcess

    /// `log` in `format`, as `actor`.
    static func log(_ folder: E.Folder, _ format: String, actor: String = "coordinator") throws -> String {
        let outcome = try E.run(["--log", "events.jsonl", "--format", format, "log"], in: folder, environment: ["ENGAGE_ACTOR": actor])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stderr.isEmpty)
        return outcome.stdout
    }

    @Test func theLogListedFromACheckpointIsTheLogOfAFullReplay() throws {
        let folder = E.Folder()
        let store = try ReviewFromCheckpointTests.largeLog(folder)
        // Behind the checkpoint: contacts in plain text (an older log's), one of them
        // forgotten thousands of records later (the log is listed in chunks, and the
        // forgetting is read after the chunk that names the contact), a retraction, members.
        let time = Timestamp(year: 2026, month: 6, day: 1, hour: 9)!
        let later = (0..<5_000).map { DomainEvent.decisionRecorded(DecisionRecorded(text: "decision \($0)", partners: [], about: nil)) }
        _ = try store.append(([
            .contactAdded(ContactAdded(partner: "p1", name: "Amina Yusuf", email: "amina@example.org", skills: [])),
            .contactAdded(ContactAdded(partner: "p2", name: "Omar Farouk", email: nil, skills: [])),
        ] + later + [
            .contactForgotten(ContactForgotten(partner: "p2", contact: "#12002")),
            .eventRetracted(EventRetracted(sequence: 40, reason: "recorded twice")),
            .memberAdded(MemberAdded(user: "rita", role: .reviewer, partner: nil)),
            .memberAdded(MemberAdded(user: "pat", role: .partner, partner: "p3")),
        ]).map { (event: DomainEvent) in event.newEvent(actor: "coordinator", at: time) }, expectingLast: 12_000)
        #expect(try E.command("plan", in: folder).status == 0)
        let checkpoint = folder.path("events.jsonl.checkpoint")
        #expect(FileManager.default.fileExists(atPath: checkpoint), "the first read wrote the checkpoint")
        // Records after the checkpoint that leave the listing as it is.
        try E.command("decision text=\"after the checkpoint\"", in: folder)
        try E.command("feedback partner=p4 topic=dataset text=\"late again\" dataset=d", in: folder)

        let formats = ["text", "json", "csv", "md", "html"]
        let fromCheckpoint = try formats.map { try Self.log(folder, $0) }
        #expect(fromCheckpoint[0].contains("[retracted by #17004]"))
        #expect(!fromCheckpoint[0].contains("Omar Farouk") && fromCheckpoint[0].contains("Amina Yusuf"))
        // A reviewer sees everything too; a partner member's log needs the state, and is its own.
        #expect(try Self.log(folder, "text", actor: "rita") == fromCheckpoint[0])
        let partners = try Self.log(folder, "text", actor: "pat")
        #expect(!partners.contains("Amina Yusuf") && partners.contains("after the checkpoint"))

        // In a script, `log` is one command of several: the session holds the state.
        let script = try E.run(["--log", "events.jsonl"], in: folder, input: "log\nplan\nlog type=decision\n")
        #expect(script.status == 0, "\(script.stderr)")
        #expect(script.stdout.hasPrefix(fromCheckpoint[0]) && script.stdout.contains("after the checkpoint"))

        try FileManager.default.removeItem(atPath: checkpoint)
        let replayed = try formats.map { try Self.log(folder, $0) }
        #expect(FileManager.default.fileExists(atPath: checkpoint), "the full replay wrote the checkpoint again")
        for (format, (listed, full)) in zip(formats, zip(fromCheckpoint, replayed)) {
            #expect(listed == full, "log --format \(format) from the checkpoint is the log of a full replay")
        }
    }
}
