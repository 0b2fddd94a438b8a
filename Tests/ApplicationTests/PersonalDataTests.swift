import Foundation
import Testing
@testable import Application
@testable import Engagement
@testable import EventLog

/// Contacts' names and e-mails are sealed under a key per contact: forgetting a contact
/// destroys the key, and nothing read afterwards shows them.
@Suite struct PersonalDataTests {
    static let noon = Timestamp(year: 2026, month: 11, day: 20, hour: 12)!

    static func command(_ line: String) throws -> ResolvedCommand {
        try ResolvedCommand.resolve(try ParsedLine.parse(line))
    }

    /// A session on a memory log with `wash`, Amina and Jo recorded.
    static func washWithTwoContacts(storage: MemoryEventStore.Storage = .init(), keys: any KeyStore = MemoryKeyStore()) throws -> Session {
        let session = Session(store: MemoryEventStore(storage: storage), actor: "lena", clock: { noon }, keys: keys)
        for line in ["partner add id=wash name=WASH category=cluster levels=operational",
                     #"contact add partner=wash name="Amina Yusuf" email=amina@example.org skills=im"#,
                     #"contact add partner=wash name="Jo Smith" email=jo@example.org"#] {
            _ = try session.record(try command(line))
        }
        return session
    }

    static func text(_ storage: MemoryEventStore.Storage) -> String {
        storage.lineBytes.map { String(decoding: $0, as: UTF8.self) }.joined(separator: "\n")
    }

    @Test func aContactsNameAndEmailAreStoredSealedAndReadBackOpen() throws {
        let storage = MemoryEventStore.Storage()
        let keys = MemoryKeyStore()
        let session = try Self.washWithTwoContacts(storage: storage, keys: keys)
        let log = Self.text(storage)
        #expect(!log.contains("Amina") && !log.contains("amina@example.org") && !log.contains("Jo Smith"))
        #expect(keys.keys().count == 2)
        #expect(session.model.partners["wash"]?.contacts.map(\.name) == ["Amina Yusuf", "Jo Smith"])

        let reader = Session(store: MemoryEventStore(storage: storage), actor: "omar", clock: { Self.noon }, keys: keys)
        try reader.catchUp()
        #expect(reader.model == session.model)
        #expect(reader.events.map { $0.event.summary() }.contains("added contact Amina Yusuf <amina@example.org> to wash (im)"))
    }

    @Test func aForgottenContactIsReadByNoOneAndTheOtherStillIs() throws {
        let storage = MemoryEventStore.Storage()
        let keys = MemoryKeyStore()
        let session = try Self.washWithTwoContacts(storage: storage, keys: keys)
        let recorded = try session.record(try Self.command(#"contact forget partner=wash name="amina yusuf""#))
        #expect(recorded.events.map { $0.event.summary() } == ["forgot a contact of wash: their name and e-mail are destroyed"])
        #expect(keys.keys().count == 1)

        for reader in [session, Session(store: MemoryEventStore(storage: storage), actor: "omar", clock: { Self.noon }, keys: keys)] {
            try reader.catchUp()
            let contacts = reader.model.partners["wash"]!.contacts
            #expect(contacts.map(\.shownName) == ["(forgotten)", "Jo Smith"])
            #expect(contacts[0].email == nil && contacts[0].personal == .forgotten)
            let summaries = reader.events.map { $0.event.summary() }.joined(separator: "\n")
            #expect(!summaries.contains("Amina") && !summaries.contains("amina@"))
            #expect(summaries.contains("added contact (forgotten) to wash (im)"))
            let checkpoint = String(decoding: reader.model.checkpointBytes(), as: UTF8.self)
            #expect(!checkpoint.contains("Amina") && !checkpoint.contains("amina@") && !checkpoint.contains("Jo Smith"))
        }
        // Forgotten is forgotten: the name no longer names anyone.
        #expect(throws: SessionError.self) { try session.record(try Self.command(#"contact forget partner=wash name="Amina Yusuf""#)) }
        #expect(throws: SessionError.self) { try session.record(try Self.command(#"contact left partner=wash name="Amina Yusuf""#)) }
    }

    @Test func aContactWhoLeftIsNamedSealedAndCanStillBeForgotten() throws {
        let storage = MemoryEventStore.Storage()
        let session = try Self.washWithTwoContacts(storage: storage)
        _ = try session.record(try Self.command(#"contact left partner=wash name="Jo Smith""#))
        #expect(!Self.text(storage).contains("Jo Smith"))
        #expect(session.events.last?.event.summary() == "contact Jo Smith left wash")
        #expect(session.model.partners["wash"]?.contacts.map(\.name) == ["Amina Yusuf"])
        _ = try session.record(try Self.command(#"contact forget partner=wash name="Jo Smith""#))
        #expect(session.events.map { $0.event.summary() }.contains("contact (forgotten) left wash"))
        #expect(session.model.partners["wash"]?.formerContacts.map(\.shownName) == ["(forgotten)"])
    }

    @Test func aCheckpointHoldsContactsSealedAndOpensAgain() throws {
        let keys = MemoryKeyStore()
        let session = try Self.washWithTwoContacts(keys: keys)
        _ = try session.record(try Self.command(#"contact forget partner=wash name="Jo Smith""#))
        let bytes = session.model.checkpointBytes()
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(!text.contains("Amina") && !text.contains("Jo Smith") && !text.contains("example.org"))
        var stored = try #require(bytes.withUnsafeBytes { Model(checkpoint: $0) })
        #expect(stored.partners["wash"]?.contacts.map(\.personal) == [.sealed, .forgotten])
        var vault = ContactVault(keys: keys)
        vault.open(&stored)
        #expect(stored == session.model)
    }

    @Test func aLostKeyStoreLeavesContactsUnreadableAndNothingElseChanges() throws {
        let storage = MemoryEventStore.Storage()
        let session = try Self.washWithTwoContacts(storage: storage)
        let lost = Session(store: MemoryEventStore(storage: storage), actor: "lena", clock: { Self.noon }, keys: MemoryKeyStore())
        try lost.catchUp()
        #expect(lost.model.partners["wash"]?.contacts.map(\.shownName) == ["(unreadable)", "(unreadable)"])
        #expect(lost.model.partners["wash"]?.contacts.map(\.skills) == session.model.partners["wash"]?.contacts.map(\.skills))
        #expect(lost.events.map { $0.event.summary() }.contains("added contact (unreadable) to wash (im)"))
        // Recording goes on; a new contact gets a key of its own.
        _ = try lost.record(try Self.command(#"contact add partner=wash name="Dara Okafor""#))
        #expect(lost.model.partners["wash"]?.contacts.map(\.shownName) == ["(unreadable)", "(unreadable)", "Dara Okafor"])
    }

    @Test func aContactRecordedInPlainTextStaysReadableAndCanBeForgottenInViews() throws {
        let storage = MemoryEventStore.Storage()
        let store = MemoryEventStore(storage: storage)
        let old: [DomainEvent] = [
            .partnerMapped(PartnerMapped(id: "wash", name: "WASH", category: .cluster, levels: [.operational])),
            .contactAdded(ContactAdded(partner: "wash", name: "Old Timer", email: "old@example.org", skills: [])),
        ]
        _ = try store.append(old.map { $0.newEvent(actor: "lena", at: Self.noon) }, expectingLast: 0)
        let session = Session(store: MemoryEventStore(storage: storage), actor: "lena", clock: { Self.noon })
        try session.catchUp()
        #expect(session.model.partners["wash"]?.contacts.map(\.name) == ["Old Timer"])
        _ = try session.record(try Self.command(#"contact forget partner=wash name="Old Timer""#))
        #expect(session.model.partners["wash"]?.contacts.map(\.shownName) == ["(forgotten)"])
        #expect(!session.events.map { $0.event.summary() }.joined().contains("Old Timer"))
        // The bytes an append-only log already holds stay: forgetting hides, it cannot erase.
        #expect(Self.text(storage).contains("Old Timer"))
        #expect(Self.text(storage).contains(##""contact":"#2""##))
    }

    // MARK: Salts

    /// Two logs with the same history: the same command at the same place, by the same
    /// person at the same second.
    static func twins() throws -> (MemoryEventStore.Storage, MemoryEventStore.Storage) {
        let a = MemoryEventStore.Storage(), b = MemoryEventStore.Storage()
        for storage in [a, b] {
            let session = Session(store: MemoryEventStore(storage: storage), actor: "lena", clock: { noon })
            _ = try session.record(try command("partner add id=wash name=WASH category=cluster levels=operational"))
            _ = try session.record(try command("member add user=amina role=partner partner=wash"))
        }
        return (a, b)
    }

    @Test func identicalPrivateRecordsHaveDifferentHashesAndPublicOnesTheSame() throws {
        let (a, b) = try Self.twins()
        let first = try MemoryEventStore(storage: a).verify(), second = try MemoryEventStore(storage: b).verify()
        #expect(first.count == 2 && second.count == 2)
        #expect(a.lineBytes[0] == b.lineBytes[0])
        #expect(first.lastHash != second.lastHash)
        #expect(String(decoding: a.lineBytes[1], as: UTF8.self).contains(#""salt":""#))
        #expect(!String(decoding: a.lineBytes[0], as: UTF8.self).contains("salt"))
    }

    @Test func aGuessOfAPrivateRecordPlusThePreviousHashDoesNotGiveItsHash() throws {
        let (a, _) = try Self.twins()
        var records: [LogRecord] = []
        _ = try MemoryEventStore(storage: a).poll { records.append($0) }
        let member = records[1]
        // The exact content, as a partner would guess it from the public hashes.
        let guess = DomainEvent.memberAdded(MemberAdded(user: "amina", role: .partner, partner: "wash"))
            .newEvent(actor: member.actor, at: member.timestamp)
        var line: [UInt8] = []
        #expect(LogLine.encode(guess, sequence: 2, previous: records[0].hash, into: &line).hash != member.hash)
        // With the salt, which only a reader of the record has, it is the hash.
        var salted = guess
        salted.payload = try member.payload()
        line = []
        #expect(LogLine.encode(salted, sequence: 2, previous: records[0].hash, into: &line).hash == member.hash)
    }
}
