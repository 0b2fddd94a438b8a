/// Corrections and who may use the log.

extension CommandCatalog {
    /// Corrections and members, in the order help lists them.
    static let logCommands: [any Command.Type] = [
        RetractEvent.self, AddMember.self, RemoveMember.self,
    ]
}

/// `retract`: Make an earlier event count as never recorded (the log keeps both).
package struct RetractEvent: RecordingCommand {
    package static let spec = VerbSpec(
        name: "retract",
        summary: "Make an earlier event count as never recorded (the log keeps both).",
        fields: [
            .required("seq", .sequence, "the event's sequence number"),
            .required("reason", .text, "why"),
            FieldSpec.checked,
        ],
        positional: ["seq"],
        examples: [#"retract seq=42 reason="recorded for the wrong partner""#])
    package static let recordedBy: Recorders = .coordinatorsAndOwnEvents
    package static let needsEveryEvent = true

    package let context: DecisionContext
    package init(context: DecisionContext) { self.context = context }

    /// The sequence number `seq=` names (`42` or `#42`), if it names one.
    static func sequence(_ value: String) -> Int? {
        let raw = value.trimmingWhitespace()
        let digits = raw.hasPrefix("#") ? String(raw.dropFirst()) : raw
        guard let seq = Int(digits), seq >= 1 else { return nil }
        return seq
    }

    package func decide() throws(CommandError) -> Decision {
        let raw = (command.values["seq"] ?? "").trimmingWhitespace()
        guard let seq = Self.sequence(raw) else {
            throw .invalidValue(key: "seq", value: raw, reason: "give the sequence number of an event (see 'log')")
        }
        guard seq <= model.lastSequence else { throw .refused("there is no event #\(seq); the log ends at #\(model.lastSequence)") }
        if let by = model.retracted[seq] { throw .refused("event #\(seq) was already retracted by #\(by)") }
        if model.retractions.contains(seq) {
            throw .refused("#\(seq) is a retraction; retractions cannot be retracted: record the event again instead")
        }
        return Decision(events: [.eventRetracted(EventRetracted(sequence: seq, reason: try command.text("reason")))])
    }
}

/// `member add`: Give someone a role: coordinator (records anything), partner (records its own partner's feedback and usage) or reviewer (reads everything, records nothing).
package struct AddMember: RecordingCommand {
    package static let spec = VerbSpec(
        name: "member add",
        summary: "Give someone a role: coordinator (records anything), partner (records its own partner's feedback and usage) or reviewer (reads everything, records nothing).",
        fields: [
            .required("user", .user, "the user name they act as (--as, ENGAGE_ACTOR or their login)"),
            .required("role", .choice(Role.names), "coordinator, partner or reviewer"),
            .optional("partner", .partner, "the partner a partner member speaks for"),
        ],
        examples: ["member add user=amina role=partner partner=wash", "member add user=omar role=reviewer"])
    package static let recordedBy: Recorders = .coordinators

    package let context: DecisionContext
    package init(context: DecisionContext) { self.context = context }

    package func decide() throws(CommandError) -> Decision {
        let user = try command.user("user")
        let role: Role = try command.identifier("role")
        var partner: String?
        if role == .partner {
            guard command.has("partner") else {
                throw .invalidValue(key: "partner", value: "", reason: "a partner member speaks for one partner: give partner=")
            }
            partner = try self.partner("partner").id
        } else if command.has("partner") {
            throw .invalidValue(key: "partner", value: command.values["partner"] ?? "",
                                reason: "only a partner member speaks for a partner; a \(role.rawValue) takes no partner=")
        }
        if let current = model.member(user), current.role == role, current.partner == partner {
            throw .nothingToChange("'\(user)' is already a \(role.rawValue)\(partner.map { " for \($0)" } ?? "")")
        }
        if role != .coordinator { try keepsACoordinator(without: user) }
        return Decision(events: [.memberAdded(MemberAdded(user: user, role: role, partner: partner))])
    }
}

/// `member remove`: Withdraw someone's role: they no longer record, and read only public views.
package struct RemoveMember: RecordingCommand {
    package static let spec = VerbSpec(
        name: "member remove",
        summary: "Withdraw someone's role: they no longer record, and read only public views.",
        fields: [.required("user", .member, "the member")],
        positional: ["user"],
        examples: ["member remove user=amina"])
    package static let recordedBy: Recorders = .coordinators

    package let context: DecisionContext
    package init(context: DecisionContext) { self.context = context }

    package func decide() throws(CommandError) -> Decision {
        let raw = UserName.read(command.values["user"] ?? "")
        guard let member = model.member(raw) else {
            throw .unknown(kind: "member", id: raw, suggestions: Suggestions.nearest(to: raw, in: model.members.map(\.user)))
        }
        try keepsACoordinator(without: member.user)
        return Decision(events: [.memberRemoved(MemberRemoved(user: member.user))])
    }
}
