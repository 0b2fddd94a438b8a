/// A verb of the command language, as a type: its fields, help text and examples.
///
/// Every verb is one type, listed once in its area's list beside it (`CommandCatalog.partnerCommands`,
/// …), which `CommandCatalog.commands` joins; the catalogue, help, completion and the access
/// rules derive from the types.
package protocol Command: Sendable {
    static var spec: VerbSpec { get }
}

/// A verb that records events.
///
/// Deciding is pure: the same command on the same state and day always yields the same
/// events or the same refusal, which is what lets a writer retry after another process
/// appended.
package protocol RecordingCommand: Command {
    /// Who may record it.
    static var recordedBy: Recorders { get }
    /// Whether deciding it may need every event, not only the state a checkpoint holds
    /// (a retraction can reach back past the checkpoint).
    static var needsEveryEvent: Bool { get }

    init(context: DecisionContext)
    /// The command, the state it is decided on and the day.
    var context: DecisionContext { get }
    /// The events to record, or the refusal, naming the rule.
    func decide() throws(CommandError) -> Decision
}

/// A verb that shows something.
package protocol ViewCommand: Command {
    /// Who may open it.
    static var readers: Readers { get }
    /// Whether it needs the log read first; `help` and `verify` answer without.
    static var readsLog: Bool { get }
    /// What the reader asked for, with its options checked; typed dates (`since=-7d`) are
    /// judged from `today`.
    static func request(_ command: ResolvedCommand, today: Day) throws(CommandError) -> ViewRequest
}

/// A view asked for, with its options: what the console renders. A new view adds a case,
/// and the compiler then asks every place that shows views to handle it.
package enum ViewRequest: Equatable, Sendable {
    case plan
    case unused(rounds: Int)
    case dap
    case partner(id: String)
    case partners(PartnerFilter)
    case contacts(partner: String?)
    case meetings(MeetingFilter)
    case meeting(sequence: Int)
    case actions(ActionFilter)
    case decisions(DecisionFilter)
    case datasets(DatasetFilter)
    case dataset(id: String)
    case feedback(FeedbackFilter)
    case feedbackItem(id: String)
    case sharing
    case schedule
    case overdue
    case log(LogFilter)
    case review(directory: String)
    case receipt(sequence: Int, hashPrefix: String)
    case members
    case verify
    case help(topic: String?)
}

/// Who may record a command.
package enum Recorders: Equatable, Sendable {
    case coordinators
    /// Coordinators, and partner members for their own partner.
    case coordinatorsAndOwnPartner
    /// Coordinators, and partner members for the events they recorded themselves.
    case coordinatorsAndOwnEvents
}

/// Who may open a view.
package enum Readers: Equatable, Sendable {
    /// Everyone, each seeing what the reading rule lets them see.
    case everyone
    /// Views that read everything: coordinators and reviewers only.
    case coordinatorsAndReviewers
}

/// What a recording command is decided on.
package struct DecisionContext: Sendable {
    package var command: ResolvedCommand
    package var model: Model
    package var today: Day

    package init(command: ResolvedCommand, model: Model, today: Day) {
        self.command = command
        self.model = model
        self.today = today
    }
}

/// What a command decided: the events to record, and remarks for the person (a nudge
/// about something that now needs attention).
package struct Decision: Equatable, Sendable {
    package var events: [DomainEvent]
    package var notes: [String] = []
    /// A person confirmed with `checked=yes` that the text holds no individual's case
    /// details; each event then records it (`DomainEvent.newEvent(…checked:)`).
    package var checked = false
}

extension RecordingCommand {
    package static var needsEveryEvent: Bool { false }

    var command: ResolvedCommand { context.command }
    var model: Model { context.model }
    var today: Day { context.today }

    /// Refuses a change that would leave the log with no coordinator to manage it.
    func keepsACoordinator(without user: String) throws(CommandError) {
        let others = model.members.filter { $0.role == .coordinator && $0.user != user }
        if others.isEmpty, model.member(user)?.role == .coordinator {
            throw .refused("'\(user)' is the last coordinator; add another coordinator first")
        }
    }

    // MARK: Lookups with suggestions

    func partner(_ key: String) throws(CommandError) -> Model.Partner {
        let id = (command.values[key] ?? "").trimmingWhitespace()
        guard let partner = model.partners[id] else {
            throw .unknownPartner(id, suggestions: Suggestions.nearest(to: id, in: model.partnerOrder))
        }
        return partner
    }

    /// The contact of `partner` that field `key` names, among those whose name can be read:
    /// its current contacts, and with `former` those who left too.
    func contact(_ key: String, of partner: Model.Partner, former: Bool = false) throws(CommandError) -> Model.Contact {
        let name = try command.text(key)
        guard let contact = former ? partner.anyContact(named: name) : partner.contact(named: name) else {
            let known = (former ? partner.contacts + partner.formerContacts : partner.contacts).filter { $0.personal == .open }.map(\.name)
            throw .unknownContact(partner: partner.id, name: name, suggestions: Suggestions.nearest(to: name, in: known))
        }
        return contact
    }

    func partnerList(_ key: String, required: Bool) throws(CommandError) -> [String] {
        let ids = command.list(key)
        if required, ids.isEmpty { throw .invalidValue(key: key, value: command.values[key] ?? "", reason: "give at least one partner id") }
        for id in ids where model.partners[id] == nil {
            throw .unknownPartner(id, suggestions: Suggestions.nearest(to: id, in: model.partnerOrder))
        }
        return ids
    }

    func dataset(_ key: String) throws(CommandError) -> Model.Dataset {
        try existing("dataset", command.values[key], in: model.datasets, order: model.datasetOrder)
    }

    /// The value under the id `raw` names; `order`, the ids to suggest from, is built only
    /// for an id that names nothing.
    func existing<T>(_ kind: String, _ raw: String?, in table: Keyed<T>, order: @autoclosure () -> [String]) throws(CommandError) -> T {
        let id = (raw ?? "").trimmingWhitespace()
        guard let value = table[id] else {
            throw .unknown(kind: kind, id: id, suggestions: Suggestions.nearest(to: id, in: order()))
        }
        return value
    }

    /// A round that has started.
    func round(_ key: String) throws(CommandError) -> Int {
        let raw = (command.values[key] ?? "").trimmingWhitespace()
        guard let n = Int(raw), n >= 1, n <= model.rounds.count else {
            let known = model.rounds.isEmpty ? "no round has started yet" : "rounds 1–\(model.rounds.count) have started"
            throw .unknown(kind: "round", id: raw, suggestions: []).withReason(known)
        }
        return n
    }

    func datasetNudges(owner: AnalysisOwner?, purpose: String?, dissemination: Dissemination, requestedBy: [String],
                       criteria: [Criterion]) -> [String] {
        var notes: [String] = []
        if owner == nil || owner == AnalysisOwner.none {
            notes.append("no one is committed to analyse it: without an analysis owner it is a drop candidate")
        }
        if (purpose ?? "").isEmpty { notes.append("no documented purpose yet") }
        let unmet = Criterion.allCases.filter { !criteria.contains($0) }
        if !unmet.isEmpty { notes.append("criteria not yet met: \(unmet.map(\.rawValue).joined(separator: ", "))") }
        if dissemination.needsMoU {
            let without = requestedBy.filter { !model.hasMoU($0, on: today) }
            if !without.isEmpty { notes.append("\(dissemination.rawValue) data: no MoU in force with \(without.joined(separator: ", "))") }
        }
        return notes
    }
}

extension CommandError {
    /// An unknown-id error with a sentence instead of suggestions.
    fileprivate func withReason(_ reason: String) -> CommandError {
        guard case .unknown(let kind, let id, _) = self else { return self }
        return .refused("no \(kind) '\(id)': \(reason)")
    }
}
