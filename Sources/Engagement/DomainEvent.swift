import EventLog

/// Everything that can happen in the cooperation, as recorded in the log.
package enum DomainEvent: Equatable, Sendable {
    case partnerMapped(PartnerMapped)
    case partnerUpdated(PartnerUpdated)
    case contactAdded(ContactAdded)
    case contactLeft(ContactLeft)
    /// A type this version does not know (written by a newer `engage`): shown in the log,
    /// ignored by projections.
    case unrecognised(type: String, version: Int)

    package var type: String {
        switch self {
        case .partnerMapped: PartnerMapped.type
        case .partnerUpdated: PartnerUpdated.type
        case .contactAdded: ContactAdded.type
        case .contactLeft: ContactLeft.type
        case .unrecognised(let type, _): type
        }
    }

    /// The partner the event concerns, for `log partner=`.
    package var partner: String? {
        switch self {
        case .partnerMapped(let e): e.id
        case .partnerUpdated(let e): e.id
        case .contactAdded(let e): e.partner
        case .contactLeft(let e): e.partner
        case .unrecognised: nil
        }
    }

    /// The event as the log stores it, at the current schema version.
    package func newEvent(actor: String, at time: Timestamp) -> NewEvent {
        let (version, payload): (Int, JSONValue) = switch self {
        case .partnerMapped(let e): (PartnerMapped.version, e.payload)
        case .partnerUpdated(let e): (PartnerUpdated.version, e.payload)
        case .contactAdded(let e): (ContactAdded.version, e.payload)
        case .contactLeft(let e): (ContactLeft.version, e.payload)
        case .unrecognised(_, let version): (version, .object([]))
        }
        return NewEvent(timestamp: time, actor: actor, type: type, version: version, payload: payload)
    }

    /// Decodes a stored payload of any version this code has known, upcasting older ones.
    package init(type: String, version: Int, payload: JSONValue) throws(PayloadError) {
        let current = try Upcaster.upcast(type: type, version: version, payload: payload)
        switch type {
        case PartnerMapped.type where version <= PartnerMapped.version:
            self = .partnerMapped(try PartnerMapped(payload: current))
        case PartnerUpdated.type where version <= PartnerUpdated.version:
            self = .partnerUpdated(try PartnerUpdated(payload: current))
        case ContactAdded.type where version <= ContactAdded.version:
            self = .contactAdded(try ContactAdded(payload: current))
        case ContactLeft.type where version <= ContactLeft.version:
            self = .contactLeft(try ContactLeft(payload: current))
        default:
            self = .unrecognised(type: type, version: version)
        }
    }
}

/// Old event versions stay readable forever: each step lifts a payload one version up,
/// and decoding applies the steps from the stored version to the current one.
package enum Upcaster {
    package static func upcast(type: String, version: Int, payload: JSONValue) throws(PayloadError) -> JSONValue {
        guard version >= 1 else { throw PayloadError("schema version \(version) of \(type) does not exist") }
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
        let payload: JSONValue
        do {
            payload = try record.payload()
        } catch {
            throw PayloadError("record #\(record.sequence): \(error)")
        }
        do {
            let event = try DomainEvent(type: record.type, version: record.version, payload: payload)
            self.init(sequence: record.sequence, timestamp: record.timestamp, actor: record.actor, event: event)
        } catch {
            throw PayloadError("record #\(record.sequence) (\(record.type) v\(record.version)): \(error.reason)")
        }
    }
}
