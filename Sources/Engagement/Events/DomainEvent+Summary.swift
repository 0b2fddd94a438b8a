import EventLog

/// What every event says of itself, for any event including those this version does not know.
extension DomainEvent {
    /// A sentence fragment saying what happened (see `EventPayload.summary`).
    package func summary(personal: Bool = true) -> String {
        guard let payload else {
            guard case .unrecognised(let type, let version) = self else { preconditionFailure("every known event has a payload") }
            if type == LogRecord.withheldType { return "a record this reader may not read" }
            return "\(type) v\(version) (written by a newer engage; not understood here)"
        }
        return payload.summary(personal: personal)
    }

    /// The partners the event concerns, for `log partner=` and a partner's timeline.
    package var partners: [String] { payload?.partnersConcerned ?? [] }

    /// Who may read the event besides coordinators and reviewers. An event this version
    /// does not know is read by nobody else: what it holds cannot be judged.
    var visibility: Visibility { payload?.visibility ?? .private }

    /// Whether some reader may not see the event, so that its record carries a salt.
    package var mayBeHidden: Bool { visibility != .public }
}
