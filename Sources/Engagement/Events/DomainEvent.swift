import EventLog

/// Everything that can happen in the cooperation, as recorded in the log.
///
/// The large, rarer events are `indirect`, so that the frequent ones (usage and analysis
/// reports, meetings) keep a log of a million events small in memory.
package enum DomainEvent: Equatable, Sendable {
    indirect case partnerMapped(PartnerMapped)
    indirect case partnerUpdated(PartnerUpdated)
    indirect case contactAdded(ContactAdded)
    indirect case contactLeft(ContactLeft)
    case contactForgotten(ContactForgotten)
    case approachPlanned(ApproachPlanned)
    case meetingHeld(MeetingHeld)
    case actionAssigned(ActionAssigned)
    case actionDone(ActionDone)
    case needsRequested(NeedsRequested)
    indirect case needsSubmitted(NeedsSubmitted)
    case milestoneSet(MilestoneSet)
    case milestoneMoved(MilestoneMoved)
    case partnersNotified(PartnersNotified)
    case milestoneDone(MilestoneDone)
    case decisionRecorded(DecisionRecorded)
    case disagreementRaised(DisagreementRaised)
    case disagreementResolved(DisagreementResolved)
    indirect case datasetProposed(DatasetProposed)
    indirect case datasetRevised(DatasetRevised)
    case mockupVerified(MockupVerified)
    case datasetAgreed(DatasetAgreed)
    case datasetKept(DatasetKept)
    case datasetDropped(DatasetDropped)
    case roundStarted(RoundStarted)
    case roundClosed(RoundClosed)
    case datasetAnalysed(DatasetAnalysed)
    case datasetUsed(DatasetUsed)
    case mouSigned(MoUSigned)
    case mouEnded(MoUEnded)
    case dataShared(DataShared)
    indirect case feedbackSubmitted(FeedbackSubmitted)
    indirect case feedbackAddressed(FeedbackAddressed)
    case eventRetracted(EventRetracted)
    case memberAdded(MemberAdded)
    case memberRemoved(MemberRemoved)
    indirect case urgentSetUp(UrgentSetUp)
    indirect case trainingHeld(TrainingHeld)
    case urgentReported(UrgentReported)
    indirect case responseSet(ResponseSet)
    indirect case reportPublished(ReportPublished)
    indirect case interpretationHeld(InterpretationHeld)
    /// A type this version does not know (written by a newer `engage`): shown in the log,
    /// ignored by projections.
    case unrecognised(type: String, version: Int)

    /// The payload, for what every kind of event shares (its type, its codec).
    package var payload: (any EventPayload)? {
        switch self {
        case .partnerMapped(let e): e
        case .partnerUpdated(let e): e
        case .contactAdded(let e): e
        case .contactLeft(let e): e
        case .contactForgotten(let e): e
        case .approachPlanned(let e): e
        case .meetingHeld(let e): e
        case .actionAssigned(let e): e
        case .actionDone(let e): e
        case .needsRequested(let e): e
        case .needsSubmitted(let e): e
        case .milestoneSet(let e): e
        case .milestoneMoved(let e): e
        case .partnersNotified(let e): e
        case .milestoneDone(let e): e
        case .decisionRecorded(let e): e
        case .disagreementRaised(let e): e
        case .disagreementResolved(let e): e
        case .datasetProposed(let e): e
        case .datasetRevised(let e): e
        case .mockupVerified(let e): e
        case .datasetAgreed(let e): e
        case .datasetKept(let e): e
        case .datasetDropped(let e): e
        case .roundStarted(let e): e
        case .roundClosed(let e): e
        case .datasetAnalysed(let e): e
        case .datasetUsed(let e): e
        case .mouSigned(let e): e
        case .mouEnded(let e): e
        case .dataShared(let e): e
        case .feedbackSubmitted(let e): e
        case .feedbackAddressed(let e): e
        case .eventRetracted(let e): e
        case .memberAdded(let e): e
        case .memberRemoved(let e): e
        case .urgentSetUp(let e): e
        case .trainingHeld(let e): e
        case .urgentReported(let e): e
        case .responseSet(let e): e
        case .reportPublished(let e): e
        case .interpretationHeld(let e): e
        case .unrecognised: nil
        }
    }

    package var type: String {
        guard let payload else {
            guard case .unrecognised(let type, _) = self else { preconditionFailure("every known event has a payload") }
            return type
        }
        return Swift.type(of: payload).type
    }

    /// Every event type this version knows, once. Decoding, upcasting and the reading rule
    /// derive from this list; `EventRegistryTests` fail for a type missing from it.
    package static let registry: [any EventPayload.Type] = [
        PartnerMapped.self,
        PartnerUpdated.self,
        ContactAdded.self,
        ContactLeft.self,
        ContactForgotten.self,
        ApproachPlanned.self,
        MeetingHeld.self,
        ActionAssigned.self,
        ActionDone.self,
        NeedsRequested.self,
        NeedsSubmitted.self,
        MilestoneSet.self,
        MilestoneMoved.self,
        PartnersNotified.self,
        MilestoneDone.self,
        DecisionRecorded.self,
        DisagreementRaised.self,
        DisagreementResolved.self,
        DatasetProposed.self,
        DatasetRevised.self,
        MockupVerified.self,
        DatasetAgreed.self,
        DatasetKept.self,
        DatasetDropped.self,
        RoundStarted.self,
        RoundClosed.self,
        DatasetAnalysed.self,
        DatasetUsed.self,
        MoUSigned.self,
        MoUEnded.self,
        DataShared.self,
        FeedbackSubmitted.self,
        FeedbackAddressed.self,
        EventRetracted.self,
        MemberAdded.self,
        MemberRemoved.self,
        UrgentSetUp.self,
        TrainingHeld.self,
        UrgentReported.self,
        ResponseSet.self,
        ReportPublished.self,
        InterpretationHeld.self,
    ]

    /// The registry by type name. Every record a replay decodes looks its type up here.
    static let registered = TypeTable(registry)

    /// The event as the log stores it, at the current schema version.
    ///
    /// `checked` (a person confirmed with `checked=yes` that its text holds no individual's
    /// case details) adds `"checked":true` to the payload, for any type: readers skip members
    /// they do not ask for, so the type's schema version stays. `salt`, random bytes from
    /// outside the domain, goes last in the payload of a record some reader may not see
    /// (`mayBeHidden`): its hash is public, and without the salt a guess of its content plus
    /// the previous hash would confirm the guess.
    package func newEvent(actor: String, at time: Timestamp, audience: Audience = .coordinators, checked: Bool = false,
                          salt: String? = nil) -> NewEvent {
        guard let payload else {
            guard case .unrecognised(let type, let version) = self else { preconditionFailure() }
            return NewEvent(timestamp: time, actor: actor, type: type, version: version, payload: .object([]), audience: audience)
        }
        var builder = PayloadBuilder()
        payload.encode(into: &builder)
        var object = builder.object
        if checked || salt != nil, case .object(var members) = object {
            if checked { members.append(JSONMember("checked", .bool(true))) }
            if let salt { members.append(JSONMember("salt", .string(salt))) }
            object = .object(members)
        }
        return NewEvent(timestamp: time, actor: actor, type: Swift.type(of: payload).type,
                        version: Swift.type(of: payload).version, payload: object, audience: audience)
    }

    /// Decodes a stored payload of any version this code has known, upcasting older ones;
    /// with `texts`, sharing the text it reads with the events decoded there before.
    package init(type: String, version: Int, payload bytes: UnsafeBufferPointer<UInt8>,
                 texts: UnsafeMutablePointer<SharedTexts>? = nil) throws(PayloadError) {
        guard let decoder = Self.registered[type], version <= decoder.version else {
            self = .unrecognised(type: type, version: version)
            return
        }
        guard version >= 1 else { throw PayloadError("schema version \(version) of \(type) does not exist") }
        var reader: PayloadReader
        if version == decoder.version {
            reader = try PayloadReader(bytes: bytes, texts: texts)
        } else {
            let parsed: JSONValue
            do {
                parsed = try JSONParser.parse(bytes)
            } catch {
                throw PayloadError("payload: \(error)")
            }
            reader = try PayloadReader(try Upcaster.upcast(type: type, version: version, payload: parsed))
        }
        self = try decoder.event(from: &reader)
    }

    /// Decodes a payload value (tests, upcasting).
    package init(type: String, version: Int, payload: JSONValue) throws(PayloadError) {
        var bytes: [UInt8] = []
        JSONWriter.write(payload, into: &bytes)
        self = try bytes.withUnsafeBufferPointer { buffer throws(PayloadError) in
            try DomainEvent(type: type, version: version, payload: buffer)
        }
    }
}

/// Event types by name, for the lookup each decoded record makes: open addressing over a
/// hash of the name's length and its first and last eight bytes. A dictionary hashed each
/// whole name with SipHash.
struct TypeTable: Sendable {
    private var slots: [(name: [UInt8], type: any EventPayload.Type)?]

    init(_ types: [any EventPayload.Type]) {
        var count = 8
        while count < types.count * 4 { count *= 2 }
        slots = Array(repeating: nil, count: count)
        for type in types {
            let name = Array(type.type.utf8)
            var slot = name.withUnsafeBufferPointer(Self.hash) & (count - 1)
            while let held = slots[slot] {
                precondition(held.name != name, "\(type.type) is registered twice")
                slot = (slot + 1) & (count - 1)
            }
            slots[slot] = (name, type)
        }
    }

    var count: Int { slots.reduce(0) { $0 + ($1 == nil ? 0 : 1) } }

    subscript(name: String) -> (any EventPayload.Type)? {
        var name = name
        return name.withUTF8 { bytes in
            let mask = slots.count - 1
            var slot = Self.hash(bytes) & mask
            while let held = slots[slot] {
                if held.name.withUnsafeBytes({ Bytes.equal($0, UnsafeRawBufferPointer(bytes)) }) { return held.type }
                slot = (slot + 1) & mask
            }
            return nil
        }
    }

    /// The names are few and fixed; two with the same hash only cost a probe.
    private static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        Int(truncatingIfNeeded: Bytes.quickHash(UnsafeRawBufferPointer(bytes)) >> 32)
    }
}

/// Old event versions stay readable forever: each step lifts a payload one version up,
/// and decoding applies the steps from the stored version to the current one.
package enum Upcaster {
    static func upcast(type: String, version: Int, payload: JSONValue) throws(PayloadError) -> JSONValue {
        var payload = payload
        var version = version
        while let step = steps[type]?[version] {
            payload = try step(payload)
            version += 1
        }
        return payload
    }

    /// `steps[type][v]` turns a version-`v` payload into a version-`v + 1` one.
    static let steps: [String: [Int: Upcast]] = Dictionary(uniqueKeysWithValues: DomainEvent.registry.map { ($0.type, $0.upcasts) })
}

/// A domain event with its place in the log.
package struct RecordedEvent: Equatable, Sendable {
    package var sequence: Int
    package var timestamp: Timestamp
    package var actor: String
    package var event: DomainEvent

    package init(sequence: Int, timestamp: Timestamp, actor: String, event: DomainEvent) {
        self.sequence = sequence
        self.timestamp = timestamp
        self.actor = actor
        self.event = event
    }

    /// Decodes a log record, upcasting old versions.
    /// Borrows `record`: a copy of it would retain each of its references, a million times
    /// in a replay.
    package init(_ record: borrowing LogRecord) throws(PayloadError) {
        try self.init(record, texts: nil)
    }

    /// Decodes a log record, sharing the text it reads with the events decoded before it
    /// with `texts` (a replay's chunk).
    package init(_ record: borrowing LogRecord, sharing texts: inout SharedTexts) throws(PayloadError) {
        self = try withUnsafeMutablePointer(to: &texts) { texts throws(PayloadError) in try RecordedEvent(record, texts: texts) }
    }

    private init(_ record: borrowing LogRecord, texts: UnsafeMutablePointer<SharedTexts>?) throws(PayloadError) {
        let event: DomainEvent
        do {
            event = try record.payloadBytes.withUnsafeBufferPointer { buffer throws(PayloadError) in
                try DomainEvent(type: record.type, version: record.version, payload: buffer, texts: texts)
            }
        } catch {
            throw PayloadError("record #\(record.sequence) (\(record.type) v\(record.version)): \(error.reason)")
        }
        self.init(sequence: record.sequence, timestamp: record.timestamp, actor: record.actor, event: event)
    }
}

extension Model {
    /// Folds in one event that is not retracted, by its type's own step, which is beside the
    /// type in its file. `apply` folds retractions itself: they change what is skipped.
    mutating func fold(_ event: DomainEvent, sequence: Int, day: Day) {
        switch event {
        case .partnerMapped(let e): fold(e, sequence: sequence, day: day)
        case .partnerUpdated(let e): fold(e, sequence: sequence, day: day)
        case .contactAdded(let e): fold(e, sequence: sequence, day: day)
        case .contactLeft(let e): fold(e, sequence: sequence, day: day)
        case .contactForgotten(let e): fold(e, sequence: sequence, day: day)
        case .approachPlanned(let e): fold(e, sequence: sequence, day: day)
        case .meetingHeld(let e): fold(e, sequence: sequence, day: day)
        case .actionAssigned(let e): fold(e, sequence: sequence, day: day)
        case .actionDone(let e): fold(e, sequence: sequence, day: day)
        case .needsRequested(let e): fold(e, sequence: sequence, day: day)
        case .needsSubmitted(let e): fold(e, sequence: sequence, day: day)
        case .milestoneSet(let e): fold(e, sequence: sequence, day: day)
        case .milestoneMoved(let e): fold(e, sequence: sequence, day: day)
        case .partnersNotified(let e): fold(e, sequence: sequence, day: day)
        case .milestoneDone(let e): fold(e, sequence: sequence, day: day)
        case .decisionRecorded(let e): fold(e, sequence: sequence, day: day)
        case .disagreementRaised(let e): fold(e, sequence: sequence, day: day)
        case .disagreementResolved(let e): fold(e, sequence: sequence, day: day)
        case .datasetProposed(let e): fold(e, sequence: sequence, day: day)
        case .datasetRevised(let e): fold(e, sequence: sequence, day: day)
        case .mockupVerified(let e): fold(e, sequence: sequence, day: day)
        case .datasetAgreed(let e): fold(e, sequence: sequence, day: day)
        case .datasetKept(let e): fold(e, sequence: sequence, day: day)
        case .datasetDropped(let e): fold(e, sequence: sequence, day: day)
        case .roundStarted(let e): fold(e, sequence: sequence, day: day)
        case .roundClosed(let e): fold(e, sequence: sequence, day: day)
        case .datasetAnalysed(let e): fold(e, sequence: sequence, day: day)
        case .datasetUsed(let e): fold(e, sequence: sequence, day: day)
        case .mouSigned(let e): fold(e, sequence: sequence, day: day)
        case .mouEnded(let e): fold(e, sequence: sequence, day: day)
        case .dataShared(let e): fold(e, sequence: sequence, day: day)
        case .feedbackSubmitted(let e): fold(e, sequence: sequence, day: day)
        case .feedbackAddressed(let e): fold(e, sequence: sequence, day: day)
        case .memberAdded(let e): fold(e, sequence: sequence, day: day)
        case .memberRemoved(let e): fold(e, sequence: sequence, day: day)
        case .urgentSetUp(let e): fold(e, sequence: sequence, day: day)
        case .trainingHeld(let e): fold(e, sequence: sequence, day: day)
        case .urgentReported(let e): fold(e, sequence: sequence, day: day)
        case .responseSet(let e): fold(e, sequence: sequence, day: day)
        case .reportPublished(let e): fold(e, sequence: sequence, day: day)
        case .interpretationHeld(let e): fold(e, sequence: sequence, day: day)
        case .eventRetracted, .unrecognised: break
        }
    }
}

extension DomainEvent {
    /// Whether folding the event can change the state's `Model.Listing` (other than what every
    /// record moves on: the last sequence number, the time of the last record and the last
    /// one out of time order): a retraction, a member added or removed, a contact forgotten. (The
    /// log's first record changes it too, whatever it is: its actor founds the log. No
    /// checkpoint comes before it.)
    /// (`CheckpointFormatTests.onlyTheEventsThatSaySoChangeTheListing` folds random logs to
    /// hold every other event to it.)
    package var changesListing: Bool {
        switch self {
        case .eventRetracted, .memberAdded, .memberRemoved, .contactForgotten: true
        default: false
        }
    }
}
