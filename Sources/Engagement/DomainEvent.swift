import EventLog

/// Everything that can happen in the cooperation, as recorded in the log.
///
/// The large, rarer events are `indirect`, so that the frequent ones (usage and analysis
/// reports, meetings) keep a log of a million events small in memory.
package enum DomainEvent: Equatable, Sendable {
    indirect case partnerMapped(PartnerMapped)
    indirect case partnerUpdated(PartnerUpdated)
    indirect case contactAdded(ContactAdded)
    case contactLeft(ContactLeft)
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
        case .unrecognised: nil
        }
    }

    package var type: String {
        if case .unrecognised(let type, _) = self { return type }
        return Swift.type(of: payload!).type
    }

    /// Decoders of the current version of every known type, by type name.
    static let decoders: [String: (version: Int, decode: @Sendable (inout PayloadReader) throws(PayloadError) -> DomainEvent)] = [
        PartnerMapped.type: (PartnerMapped.version, { p throws(PayloadError) in .partnerMapped(try PartnerMapped(from: &p)) }),
        PartnerUpdated.type: (PartnerUpdated.version, { p throws(PayloadError) in .partnerUpdated(try PartnerUpdated(from: &p)) }),
        ContactAdded.type: (ContactAdded.version, { p throws(PayloadError) in .contactAdded(try ContactAdded(from: &p)) }),
        ContactLeft.type: (ContactLeft.version, { p throws(PayloadError) in .contactLeft(try ContactLeft(from: &p)) }),
        ApproachPlanned.type: (ApproachPlanned.version, { p throws(PayloadError) in .approachPlanned(try ApproachPlanned(from: &p)) }),
        MeetingHeld.type: (MeetingHeld.version, { p throws(PayloadError) in .meetingHeld(try MeetingHeld(from: &p)) }),
        ActionAssigned.type: (ActionAssigned.version, { p throws(PayloadError) in .actionAssigned(try ActionAssigned(from: &p)) }),
        ActionDone.type: (ActionDone.version, { p throws(PayloadError) in .actionDone(try ActionDone(from: &p)) }),
        NeedsRequested.type: (NeedsRequested.version, { p throws(PayloadError) in .needsRequested(try NeedsRequested(from: &p)) }),
        NeedsSubmitted.type: (NeedsSubmitted.version, { p throws(PayloadError) in .needsSubmitted(try NeedsSubmitted(from: &p)) }),
        MilestoneSet.type: (MilestoneSet.version, { p throws(PayloadError) in .milestoneSet(try MilestoneSet(from: &p)) }),
        MilestoneMoved.type: (MilestoneMoved.version, { p throws(PayloadError) in .milestoneMoved(try MilestoneMoved(from: &p)) }),
        PartnersNotified.type: (PartnersNotified.version, { p throws(PayloadError) in .partnersNotified(try PartnersNotified(from: &p)) }),
        MilestoneDone.type: (MilestoneDone.version, { p throws(PayloadError) in .milestoneDone(try MilestoneDone(from: &p)) }),
        DecisionRecorded.type: (DecisionRecorded.version, { p throws(PayloadError) in .decisionRecorded(try DecisionRecorded(from: &p)) }),
        DisagreementRaised.type: (DisagreementRaised.version, { p throws(PayloadError) in .disagreementRaised(try DisagreementRaised(from: &p)) }),
        DisagreementResolved.type: (DisagreementResolved.version, { p throws(PayloadError) in .disagreementResolved(try DisagreementResolved(from: &p)) }),
        DatasetProposed.type: (DatasetProposed.version, { p throws(PayloadError) in .datasetProposed(try DatasetProposed(from: &p)) }),
        DatasetRevised.type: (DatasetRevised.version, { p throws(PayloadError) in .datasetRevised(try DatasetRevised(from: &p)) }),
        DatasetAgreed.type: (DatasetAgreed.version, { p throws(PayloadError) in .datasetAgreed(try DatasetAgreed(from: &p)) }),
        DatasetKept.type: (DatasetKept.version, { p throws(PayloadError) in .datasetKept(try DatasetKept(from: &p)) }),
        DatasetDropped.type: (DatasetDropped.version, { p throws(PayloadError) in .datasetDropped(try DatasetDropped(from: &p)) }),
        RoundStarted.type: (RoundStarted.version, { p throws(PayloadError) in .roundStarted(try RoundStarted(from: &p)) }),
        RoundClosed.type: (RoundClosed.version, { p throws(PayloadError) in .roundClosed(try RoundClosed(from: &p)) }),
        DatasetAnalysed.type: (DatasetAnalysed.version, { p throws(PayloadError) in .datasetAnalysed(try DatasetAnalysed(from: &p)) }),
        DatasetUsed.type: (DatasetUsed.version, { p throws(PayloadError) in .datasetUsed(try DatasetUsed(from: &p)) }),
        MoUSigned.type: (MoUSigned.version, { p throws(PayloadError) in .mouSigned(try MoUSigned(from: &p)) }),
        MoUEnded.type: (MoUEnded.version, { p throws(PayloadError) in .mouEnded(try MoUEnded(from: &p)) }),
        DataShared.type: (DataShared.version, { p throws(PayloadError) in .dataShared(try DataShared(from: &p)) }),
        FeedbackSubmitted.type: (FeedbackSubmitted.version, { p throws(PayloadError) in .feedbackSubmitted(try FeedbackSubmitted(from: &p)) }),
        FeedbackAddressed.type: (FeedbackAddressed.version, { p throws(PayloadError) in .feedbackAddressed(try FeedbackAddressed(from: &p)) }),
        EventRetracted.type: (EventRetracted.version, { p throws(PayloadError) in .eventRetracted(try EventRetracted(from: &p)) }),
        MemberAdded.type: (MemberAdded.version, { p throws(PayloadError) in .memberAdded(try MemberAdded(from: &p)) }),
        MemberRemoved.type: (MemberRemoved.version, { p throws(PayloadError) in .memberRemoved(try MemberRemoved(from: &p)) }),
    ]

    /// The event as the log stores it, at the current schema version.
    package func newEvent(actor: String, at time: Timestamp) -> NewEvent {
        guard let payload else {
            guard case .unrecognised(let type, let version) = self else { preconditionFailure() }
            return NewEvent(timestamp: time, actor: actor, type: type, version: version, payload: .object([]))
        }
        var builder = PayloadBuilder()
        payload.encode(into: &builder)
        return NewEvent(timestamp: time, actor: actor, type: Swift.type(of: payload).type,
                        version: Swift.type(of: payload).version, payload: builder.object)
    }

    /// Decodes a stored payload of any version this code has known, upcasting older ones.
    package init(type: String, version: Int, payload bytes: UnsafeBufferPointer<UInt8>) throws(PayloadError) {
        guard let decoder = Self.decoders[type], version <= decoder.version else {
            self = .unrecognised(type: type, version: version)
            return
        }
        guard version >= 1 else { throw PayloadError("schema version \(version) of \(type) does not exist") }
        var reader: PayloadReader
        if version == decoder.version {
            reader = try PayloadReader(bytes: bytes)
        } else {
            let parsed: JSONValue
            do {
                parsed = try JSONParser.parse(bytes)
            } catch {
                throw PayloadError("payload: \(error)")
            }
            reader = try PayloadReader(try Upcaster.upcast(type: type, version: version, payload: parsed))
        }
        self = try decoder.decode(&reader)
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

/// Old event versions stay readable forever: each step lifts a payload one version up,
/// and decoding applies the steps from the stored version to the current one.
package enum Upcaster {
    package static func upcast(type: String, version: Int, payload: JSONValue) throws(PayloadError) -> JSONValue {
        var payload = payload
        var version = version
        while let step = steps[type]?[version] {
            payload = try step(payload)
            version += 1
        }
        return payload
    }

    typealias Step = @Sendable (JSONValue) throws(PayloadError) -> JSONValue

    /// `steps[type][v]` turns a version-`v` payload into a version-`v + 1` one.
    static let steps: [String: [Int: Step]] = [
        PartnerMapped.type: [
            // v1 → v2: one `level` became the list `levels`.
            1: { payload throws(PayloadError) in
                guard case .object(var members) = payload else { throw PayloadError("payload is not an object") }
                let level = members.first { $0.key == "level" }?.value
                members.removeAll { $0.key == "level" }
                members.append(JSONMember("levels", level.map { .array([$0]) } ?? .array([])))
                return .object(members)
            },
        ],
        ContactAdded.type: [
            // v1 → v2: contacts gained skillsets; an old contact has none recorded.
            1: { payload throws(PayloadError) in
                guard case .object(var members) = payload else { throw PayloadError("payload is not an object") }
                if !members.contains(where: { $0.key == "skills" }) { members.append(JSONMember("skills", .array([]))) }
                return .object(members)
            },
        ],
    ]
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
    package init(_ record: LogRecord) throws(PayloadError) {
        let event: DomainEvent
        do {
            event = try record.payloadBytes.withUnsafeBufferPointer { buffer throws(PayloadError) in
                try DomainEvent(type: record.type, version: record.version, payload: buffer)
            }
        } catch {
            throw PayloadError("record #\(record.sequence) (\(record.type) v\(record.version)): \(error.reason)")
        }
        self.init(sequence: record.sequence, timestamp: record.timestamp, actor: record.actor, event: event)
    }
}
