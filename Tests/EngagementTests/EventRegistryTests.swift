import EventLog
import Testing
@testable import Engagement

/// Every event type is registered once, and everything derived from the registry works for
/// each of them: a type left out of the registry, the random log or the checkpoint fails here.
@Suite struct EventRegistryTests {
    static let world = RandomLog.make(events: 4_000, seed: 2026)

    @Test func everyRecordingVerbOfTheCatalogueIsExercisedByTheRandomLog() {
        let recording = Set(CommandCatalog.verbs.filter(\.records).map(\.name))
        let missing = recording.subtracting(Self.world.verbsRecorded)
        #expect(missing.isEmpty, "RandomLog never records with \(missing.sorted()); add a line for each")
    }

    @Test func everyEventTheCommandsRecordIsOfARegisteredType() {
        for recorded in Self.world.events {
            let payload = recorded.event.payload
            #expect(payload != nil)
            guard let payload else { continue }
            let registered = DomainEvent.registered[type(of: payload).type]
            #expect(registered.map { $0 == type(of: payload) } == true, "\(type(of: payload)) is not in DomainEvent.registry")
        }
    }

    @Test func typeNamesAreRegisteredOnce() {
        let names = DomainEvent.registry.map { $0.type }
        #expect(Set(names).count == names.count)
        #expect(DomainEvent.registered.count == names.count)
        for type in DomainEvent.registry {
            #expect(DomainEvent.registered[type.type] == type)
            // A name it does not hold, however close, finds nothing.
            #expect(DomainEvent.registered[type.type + "s"] == nil)
            #expect(DomainEvent.registered[String(type.type.dropLast())] == nil)
        }
        #expect(DomainEvent.registered[""] == nil)
    }

    @Test(arguments: DomainEvent.registry.map { $0.type })
    func aRegisteredTypeRoundTripsThroughALogLineTheCheckpointAndItsSummary(type name: String) throws {
        let events = Self.world.events
        let index = try #require(events.firstIndex { $0.event.type == name }, "the random log never records \(name)")
        let recorded = events[index]

        // Through a log line: the same event, and the same summary, read back.
        var line: [UInt8] = []
        let written = recorded.event.newEvent(actor: recorded.actor, at: recorded.timestamp)
        _ = LogLine.encode(written, sequence: 1, previous: .genesis, into: &line)
        var scanner = LogScanner()
        let record = try line.dropLast().withUnsafeBufferPointer { bytes throws(LogDamage) in try scanner.next(bytes) }
        #expect(record.type == name && record.version == DomainEvent.registered[name]?.version)
        let decoded = try RecordedEvent(record)
        #expect(decoded.event == recorded.event)
        #expect(decoded.event.summary() == recorded.event.summary())
        #expect(!recorded.event.summary().isEmpty && !recorded.event.summary(personal: false).isEmpty)

        // Through the checkpoint: the state folded up to and including the event.
        let model = Model.replay(Array(events[...index]))
        #expect(model.checkpointBytes().withUnsafeBytes { Model(checkpoint: $0) } == model)
    }

    @Test func personalDataIsPrivateAndLeftOutOfImpersonalSummaries() throws {
        for recorded in Self.world.events {
            switch recorded.event {
            case .contactAdded(let e):
                #expect(recorded.event.visibility == .private)
                #expect(!recorded.event.summary(personal: false).contains(e.name))
                if let email = e.email { #expect(!recorded.event.summary(personal: false).contains(email)) }
            case .contactLeft(let e):
                #expect(recorded.event.visibility == .private)
                #expect(!recorded.event.summary(personal: false).contains(e.name))
            default:
                break
            }
        }
    }

    @Test func anEventOfATypeThisVersionDoesNotKnowIsReadByNoPartner() throws {
        let event = try DomainEvent(type: "future.thing", version: 1, payload: .object([]))
        #expect(event == .unrecognised(type: "future.thing", version: 1))
        #expect(!Access.isPublic(event, to: "wash", in: Model()))
    }
}
