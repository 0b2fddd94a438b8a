import Foundation
import Testing
@testable import Engagement
@testable import EventLog

@Suite struct UpcastingTests {
    /// A version-1 `partner.mapped` line as the first format wrote it: one `level`.
    static let versionOneBody = #"{"seq":1,"ts":"2025-03-02T09:30:00Z","actor":"dtm-coordinator","type":"partner.mapped","v":1,"data":{"id":"wash","name":"WASH Cluster","category":"cluster","level":"strategic"}"#
    static let versionOneContact = #"{"seq":2,"ts":"2025-03-02T09:31:00Z","actor":"dtm-coordinator","type":"contact.added","v":1,"data":{"partner":"wash","name":"Amina Yusuf","email":"amina@example.org"}"#

    static func sealed(_ bodies: [String]) -> String {
        var previous = ChainHash.genesis
        var out = ""
        for body in bodies {
            let hash = Array(body.utf8).withUnsafeBytes { ChainHash.chaining($0, to: previous) }
            out += body + #","hash":"\#(hash)"}"# + "\n"
            previous = hash
        }
        return out
    }

    @Test func aHandWrittenVersionOneLineIsReadAsTheCurrentVersion() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("engage-upcast-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("events.jsonl").path
        try Self.sealed([Self.versionOneBody, Self.versionOneContact]).write(toFile: path, atomically: true, encoding: .utf8)

        let records = try FileEventStore(path: path, clock: { Timestamp(secondsSinceEpoch: 0) }).poll().records
        #expect(records.map(\.version) == [1, 1])
        let events = try records.map { try RecordedEvent($0) }
        #expect(events[0].event == .partnerMapped(PartnerMapped(id: "wash", name: "WASH Cluster", category: .cluster, levels: [.strategic])))
        #expect(events[1].event == .contactAdded(ContactAdded(partner: "wash", name: "Amina Yusuf", email: "amina@example.org", skills: [])))
        #expect(events[0].actor == "dtm-coordinator")
        #expect(events[0].timestamp.description == "2025-03-02T09:30:00Z")
    }

    @Test func aVersionOneMoUCoversEverySector() throws {
        let payload = try JSONParser.parse(#"{"partner":"cp","scope":"CP data","date":"2026-10-20","expires":"2027-10-20"}"#)
        let event = try DomainEvent(type: "mou.signed", version: 1, payload: payload)
        #expect(event == .mouSigned(MoUSigned(partner: "cp", scope: "CP data", date: Day("2026-10-20")!, expires: Day("2027-10-20")!, sectors: nil)))
        var model = Model()
        model.apply(RecordedEvent(sequence: 1, timestamp: Timestamp(secondsSinceEpoch: 0), actor: "a", event: .partnerMapped(
            PartnerMapped(id: "cp", name: "CP", category: .cluster, levels: []))))
        model.apply(RecordedEvent(sequence: 2, timestamp: Timestamp(secondsSinceEpoch: 0), actor: "a", event: event))
        #expect(model.partners["cp"]?.mou?.covers(sector: "gbv") == true)
    }

    @Test func currentEventsRoundTripThroughTheirPayloads() throws {
        let events: [DomainEvent] = [
            .partnerMapped(PartnerMapped(id: "unhcr", name: "UNHCR", category: .unAgency, levels: [.programmatic, .operational])),
            .partnerUpdated(PartnerUpdated(id: "unhcr", category: .coordination)),
            .partnerUpdated(PartnerUpdated(id: "unhcr", levels: [])),
            .contactAdded(ContactAdded(partner: "unhcr", name: "Jo \"JJ\" Smith", email: nil, skills: [.decisionMaker])),
            .contactLeft(ContactLeft(partner: "unhcr", name: "Jo")),
            .mouSigned(MoUSigned(partner: "unhcr", scope: "CP data", date: Day("2026-10-20")!, expires: nil, sectors: ["protection", "cp"])),
            .mouSigned(MoUSigned(partner: "unhcr", scope: "all", date: Day("2026-10-20")!, expires: Day("2027-10-20")!)),
        ]
        for event in events {
            let stored = event.newEvent(actor: "a", at: Timestamp(secondsSinceEpoch: 0))
            let payload = try JSONParser.parse(JSONWriter.string(stored.payload))
            #expect(try DomainEvent(type: stored.type, version: stored.version, payload: payload) == event)
        }
    }

    @Test func aNewerVersionIsShownButNotMisread() throws {
        let event = try DomainEvent(type: "partner.mapped", version: 9, payload: .object([]))
        #expect(event == .unrecognised(type: "partner.mapped", version: 9))
        #expect(throws: PayloadError.self) { try DomainEvent(type: "partner.mapped", version: 0, payload: .object([])) }
    }
}
