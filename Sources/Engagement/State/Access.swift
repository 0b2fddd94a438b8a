import EventLog

/// Who may record and read what, by the roles recorded in the log.
///
/// On the file backend this is authorisation by name: the actor is whoever `--as` or the
/// environment says. It keeps honest people within their role; file permissions are what
/// keep out people who should not write at all.
package enum Access {
    /// What the actor is to the log.
    package enum Standing: Equatable, Sendable {
        /// The log is empty: whoever writes first founds it and becomes its coordinator.
        case founder
        case member(Model.Member)
        /// Not a member of a log that has members.
        case stranger
    }

    /// How much of the log a reader sees.
    package enum Reading: Equatable, Sendable {
        case everything
        /// Public views only, with the partner's own feedback (none for a stranger).
        case publicViews(partner: String?)
    }

    /// The verbs a partner member may record, for its own partner only.
    static let partnerVerbs = CommandCatalog.partnerVerbs
    /// The verbs a partner member may use on the events it recorded itself.
    static let ownEventVerbs = CommandCatalog.ownEventVerbs

    package static func standing(of actor: String, in model: Model) -> Standing {
        standing(of: actor, members: model.members, lastSequence: model.lastSequence)
    }

    /// `standing(of:in:)` from the members alone (a log listed from its checkpoint's
    /// `Model.Listing`, whose state is not read).
    package static func standing(of actor: String, members: [Model.Member], lastSequence: Int) -> Standing {
        if let member = Model.member(actor, among: members) { return .member(member) }
        return lastSequence == 0 && members.isEmpty ? .founder : .stranger
    }

    package static func reading(of actor: String, in model: Model) -> Reading {
        reading(of: actor, members: model.members, lastSequence: model.lastSequence)
    }

    /// `reading(of:in:)` from the members alone.
    package static func reading(of actor: String, members: [Model.Member], lastSequence: Int) -> Reading {
        switch standing(of: actor, members: members, lastSequence: lastSequence) {
        case .founder: .everything
        case .member(let member):
            switch member.role {
            case .coordinator, .reviewer: .everything
            case .partner: .publicViews(partner: member.partner)
            }
        case .stranger: .publicViews(partner: nil)
        }
    }

    /// Fields filled in for the actor when a command leaves them out, by verb: a partner
    /// member's `partner=`.
    package static func defaults(for actor: String, in model: Model) -> [String: [String: String]] {
        guard case .member(let member) = standing(of: actor, in: model), member.role == .partner,
              let partner = member.partner else { return [:] }
        return Dictionary(uniqueKeysWithValues: partnerVerbs.map { ($0, ["partner": partner]) })
    }

    /// Refuses, naming the rule, a command `actor` may not record.
    package static func checkRecording(_ command: ResolvedCommand, by actor: String, in model: Model) throws(CommandError) {
        try checkRecording(verb: command.verb, values: command.values, by: actor, in: model)
    }

    /// The same check on a command's verb and whatever fields it has (before a dialogue
    /// asks for the missing ones: no use asking for fields of a command that is refused).
    package static func checkRecording(verb: String, values: [String: String], by actor: String, in model: Model) throws(CommandError) {
        switch standing(of: actor, in: model) {
        case .founder:
            return
        case .stranger:
            throw .notPermitted("'\(actor)' is not a member of this log, and only members record; "
                + "a coordinator can add them with 'member add user=\(actor) role=…'. Nothing was recorded")
        case .member(let member):
            switch member.role {
            case .coordinator:
                return
            case .reviewer:
                throw .notPermitted("'\(actor)' is a reviewer: reviewers read the log and record nothing. Nothing was recorded")
            case .partner:
                let own = member.partner ?? ""
                if ownEventVerbs.contains(verb) {
                    // Without a sequence number yet, the decision asks for it and checks again.
                    guard let seq = values["seq"].flatMap(RetractEvent.sequence), model.recordedByPartners[seq] != actor else { return }
                    throw .notPermitted("'\(actor)' may \(verb) only events it recorded itself, and #\(seq) is not one of them. Nothing was recorded")
                }
                guard partnerVerbs.contains(verb) else {
                    throw .notPermitted("'\(actor)' speaks for partner \(own): partner members record only "
                        + partnerVerbs.map { "'\($0)'" }.joined(separator: " and ") + ", and retract their own events. Nothing was recorded")
                }
                if let given = values["partner"]?.trimmingWhitespace(), given != own {
                    throw .notPermitted("'\(actor)' speaks for partner \(own), not '\(given)': partner members record only for their own partner. Nothing was recorded")
                }
            }
        }
    }

    /// Views that read everything, closed to a reader with public views only.
    static let privateViews = CommandCatalog.privateViews

    /// Whether `actor` may run `verb` at all: record with it (for some value of its fields),
    /// or open it. What the prompt offers to complete.
    package static func mayRun(_ verb: String, by actor: String, in model: Model) -> Bool {
        guard let type = CommandCatalog.command(named: verb) else { return false }
        do throws(CommandError) {
            if type is any RecordingCommand.Type {
                try checkRecording(verb: verb, values: [:], by: actor, in: model)
            } else {
                try checkReading(verb, by: actor, in: model)
            }
            return true
        } catch {
            return false
        }
    }

    /// The state as `actor` may read it on `day`: everything, or the public views' state
    /// (`Model.publicView`). Every output that shows the state reads it through here.
    package static func view(of model: Model, for actor: String, on day: Day) -> Model {
        guard case .publicViews(let partner) = reading(of: actor, in: model) else { return model }
        return model.publicView(for: partner, on: day)
    }

    /// Refuses, naming the rule, a view `actor` may not open.
    package static func checkReading(_ verb: String, by actor: String, in model: Model) throws(CommandError) {
        guard case .publicViews = reading(of: actor, in: model), privateViews.contains(verb) else { return }
        throw .notPermitted("'\(actor)' may not open '\(verb)': it reads everything, so it needs a coordinator or a reviewer")
    }

    /// Whether a reader limited to public views may see `event` in the log: the event's
    /// own visibility, judged on what that reader sees.
    package static func isPublic(_ event: DomainEvent, to partner: String?, in view: Model) -> Bool {
        event.visibility.allows(partner, in: view)
    }

    /// Who besides coordinators and reviewers may read `event`'s record, as a store that can
    /// refuse reads keeps it beside the line; decided on `model`, the state it is recorded on.
    /// A record about a dataset whose details are withheld from partners is not theirs to
    /// read, whatever MoU they have later.
    package static func audience(of event: DomainEvent, in model: Model) -> Audience {
        func isPublic(_ dataset: String) -> Bool { model.datasets[dataset]?.dissemination == .public }
        switch event {
        case .memberAdded(let e): return .user(e.user)
        case .memberRemoved(let e): return .user(e.user)
        case .datasetProposed(let e): return e.dissemination == .public ? .everyone : .coordinators
        case .datasetRevised(let e): return isPublic(e.id) && (e.dissemination ?? .public) == .public ? .everyone : .coordinators
        case .dataShared(let e): return isPublic(e.dataset) ? .everyone : .partner(e.partner)
        case .mockupVerified(let e): return isPublic(e.dataset) ? .everyone : .coordinators
        case .feedbackAddressed(let e): return model.feedback[e.id].map { .partner($0.partner) } ?? .coordinators
        default: break
        }
        switch event.visibility {
        case .public: return .everyone
        case .private: return .coordinators
        case .partnerOwn(let partner): return .partner(partner)
        case .dataset, .feedback, .partnerOrDataset: return .coordinators
        }
    }
}
