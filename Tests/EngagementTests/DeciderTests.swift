import EventLog
import Testing
@testable import Engagement

@Suite struct DeciderTests {
    static let noon = Timestamp(year: 2026, month: 11, day: 20, hour: 12)!

    /// Decides `line` on the directory built from `events`.
    func decide(_ line: String, after events: [DomainEvent] = []) throws -> [DomainEvent] {
        let directory = Directory(events.enumerated().map { RecordedEvent(sequence: $0.offset + 1, timestamp: Self.noon, actor: "t", event: $0.element) })
        return try Decider.decide(ResolvedCommand.resolve(ParsedLine.parse(line)), given: directory)
    }

    let wash = DomainEvent.partnerMapped(PartnerMapped(id: "wash", name: "WASH Cluster", category: .cluster, levels: [.strategic]))
    let amina = DomainEvent.contactAdded(ContactAdded(partner: "wash", name: "Amina Yusuf", email: nil, skills: [.im]))

    @Test func partnerAddMapsAPartnerWithDeduplicatedLevels() throws {
        let events = try decide(#"partner add id=wash name=" WASH Cluster " category=cluster levels="strategic, operational,strategic""#)
        #expect(events == [.partnerMapped(PartnerMapped(id: "wash", name: "WASH Cluster", category: .cluster, levels: [.strategic, .operational]))])
    }

    @Test func partnerAddRefusesADuplicateId() {
        #expect(throws: CommandError.duplicatePartner(id: "wash", name: "WASH Cluster")) {
            try decide("partner add id=wash name=Other category=ngo levels=operational", after: [wash])
        }
    }

    @Test func partnerAddRefusesUnknownCategoryAndLevel() {
        #expect(throws: CommandError.self) { try decide("partner add id=x name=X category=donor levels=operational") }
        #expect(throws: CommandError.self) { try decide("partner add id=x name=X category=ngo levels=tactical") }
        #expect(throws: CommandError.self) { try decide("partner add id=x name=X category=ngo levels=,") }
    }

    @Test func partnerAddRefusesAnIdThatIsNotASlug() {
        for id in ["WASH", "wa sh", "-wash", "wash/1", String(repeating: "a", count: 65)] {
            #expect(throws: CommandError.self, "\(id)") {
                try decide("partner add id=\(ParsedLine.quote(id)) name=X category=ngo levels=operational")
            }
        }
    }

    @Test func partnerUpdateRecordsOnlyWhatChanges() throws {
        let events = try decide("partner update id=wash name=\"WASH Cluster\" levels=strategic,programmatic", after: [wash])
        #expect(events == [.partnerUpdated(PartnerUpdated(id: "wash", levels: [.strategic, .programmatic]))])
        #expect(throws: CommandError.nothingToChange("'wash' already has those values")) {
            try decide("partner update id=wash category=cluster", after: [wash])
        }
        #expect(throws: CommandError.missingFields(verb: "partner update", keys: ["name", "category", "levels"])) {
            try decide("partner update id=wash", after: [wash])
        }
    }

    @Test func anUnknownPartnerSuggestsTheNearestId() {
        #expect(throws: CommandError.unknownPartner("wahs", suggestions: ["wash"])) {
            try decide("contact add partner=wahs name=Someone", after: [wash])
        }
    }

    @Test func contactAddChecksEmailAndDuplicates() throws {
        #expect(try decide("contact add partner=wash name=\"Amina Yusuf\" email=amina@example.org skills=im,context", after: [wash])
            == [.contactAdded(ContactAdded(partner: "wash", name: "Amina Yusuf", email: "amina@example.org", skills: [.im, .context]))])
        #expect(throws: CommandError.invalidValue(key: "email", value: "amina.example.org", reason: "not an e-mail address")) {
            try decide("contact add partner=wash name=A email=amina.example.org", after: [wash])
        }
        #expect(throws: CommandError.duplicateContact(partner: "wash", name: "amina yusuf")) {
            try decide("contact add partner=wash name=\"amina yusuf\"", after: [wash, amina])
        }
    }

    @Test func contactLeftNeedsACurrentContact() throws {
        #expect(try decide("contact left partner=wash name=\"amina yusuf\"", after: [wash, amina])
            == [.contactLeft(ContactLeft(partner: "wash", name: "Amina Yusuf"))])
        #expect(throws: CommandError.unknownContact(partner: "wash", name: "Amina Yusof", suggestions: ["Amina Yusuf"])) {
            try decide("contact left partner=wash name=\"Amina Yusof\"", after: [wash, amina])
        }
        let left = DomainEvent.contactLeft(ContactLeft(partner: "wash", name: "Amina Yusuf"))
        #expect(throws: CommandError.self) { try decide("contact left partner=wash name=\"Amina Yusuf\"", after: [wash, amina, left]) }
    }

    @Test func directoryFoldsPartnersAndContactTurnover() {
        let directory = Directory([wash, amina, .contactLeft(ContactLeft(partner: "wash", name: "Amina Yusuf")),
                                   .partnerUpdated(PartnerUpdated(id: "wash", name: "WASH"))]
            .enumerated().map { RecordedEvent(sequence: $0.offset + 1, timestamp: Self.noon, actor: "t", event: $0.element) })
        let partner = directory.partners["wash"]
        #expect(partner?.name == "WASH")
        #expect(partner?.contacts.isEmpty == true)
        #expect(partner?.formerContacts.map(\.name) == ["Amina Yusuf"])
        #expect(directory.lastSequence == 4)
    }
}
