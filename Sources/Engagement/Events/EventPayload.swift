import EventLog

/// One kind of event: everything `engage` needs to know about it, in one place.
///
/// Conforming types are listed once, in `DomainEvent.registry`; decoding, upcasting,
/// summaries and the reading rule are derived from there, and a test round-trips every
/// registered type through a log line, a checkpoint and its summary.
///
/// Members are written in the order `encode` sets them, and `init(from:)` reads them in
/// the same order, which is what keeps the byte-level reader on its fast path.
package protocol EventPayload: Equatable, Sendable {
    /// The type's name in the log (`partner.mapped`).
    static var type: String { get }
    /// The schema version written today.
    static var version: Int { get }
    /// How older versions are read: `upcasts[v]` lifts a version-`v` payload to `v + 1`.
    /// Old versions stay readable forever.
    static var upcasts: [Int: Upcast] { get }

    init(from payload: inout PayloadReader) throws(PayloadError)
    func encode(into payload: inout PayloadBuilder)

    /// The event as the fold and the views see it.
    var event: DomainEvent { get }
    /// Reads a payload straight into its event. Each type's own copy of the default below,
    /// so that decoding through the registry's metatype is not a generic call that copies
    /// the payload through its value witnesses.
    static func event(from payload: inout PayloadReader) throws(PayloadError) -> DomainEvent
    /// A sentence fragment saying what happened, for receipts, announcements and `log`.
    /// With `personal: false` it leaves out contacts' names and e-mail addresses, which
    /// are personal data and stay out of exports.
    func summary(personal: Bool) -> String
    /// The partners the event concerns, for `log partner=` and a partner's timeline.
    var partnersConcerned: [String] { get }
    /// Who may read the event besides coordinators and reviewers.
    var visibility: Visibility { get }
}

extension EventPayload {
    package static func event(from payload: inout PayloadReader) throws(PayloadError) -> DomainEvent {
        try Self(from: &payload).event
    }
}

/// Lifts a stored payload one schema version up.
package typealias Upcast = @Sendable (JSONValue) throws(PayloadError) -> JSONValue

/// Who may read an event. Coordinators and reviewers read everything; this says what a
/// partner member (or a stranger, who speaks for no partner) may read.
package enum Visibility: Equatable, Sendable {
    /// Everyone.
    case `public`
    /// Nobody but coordinators and reviewers: personal data, membership.
    case `private`
    /// The partner it belongs to (its own feedback).
    case partnerOwn(String)
    /// Whoever may see that dataset: everyone, unless its details are withheld
    /// (confidential and urgent-action datasets).
    case dataset(String)
    /// Whoever may see that piece of feedback.
    case feedback(String)
    /// The partner it names, and whoever may see the dataset.
    case partnerOrDataset(partner: String, dataset: String)

    /// Whether a reader speaking for `partner` may read it, judged on `view`, the state
    /// that reader sees.
    func allows(_ partner: String?, in view: Model) -> Bool {
        switch self {
        case .public: true
        case .private: false
        case .partnerOwn(let owner): owner == partner
        case .dataset(let id): view.datasets[id]?.question != Model.withheld
        case .feedback(let id): view.feedback[id] != nil
        case .partnerOrDataset(let owner, let dataset): owner == partner || Visibility.dataset(dataset).allows(partner, in: view)
        }
    }
}

/// Phrasing shared by the summaries.
package enum EventText {
    /// "a, b, c"
    package static func list(_ items: [String]) -> String { items.joined(separator: ", ") }

    package static func ids<T: FixedIdentifier>(_ items: [T]) -> String { items.map(\.rawValue).joined(separator: ", ") }

    /// "a, b and c"
    package static func letters(_ outcomes: [Outcome]) -> String {
        let names = outcomes.map(\.rawValue)
        guard names.count > 1 else { return names.first ?? "" }
        return names.dropLast().joined(separator: ", ") + " and " + names.last!
    }
}
