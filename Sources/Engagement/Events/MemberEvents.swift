/// Who may do what with a log: a coordinator records anything, a partner member records
/// only its own partner's feedback and usage, a reviewer reads everything and writes nothing.
package enum Role: String, FixedIdentifier {
    case coordinator, partner, reviewer
    package static let noun = "role"
}

/// A person was given a role on the log (or a new one: the latest grant counts).
package struct MemberAdded: EventPayload {
    package static let type = "member.added"
    package static let version = 1

    package var user: String
    package var role: Role
    /// The partner a `partner` member speaks for.
    package var partner: String?

    package init(user: String, role: Role, partner: String?) {
        self.user = user
        self.role = role
        self.partner = partner
    }

    package init(from p: inout PayloadReader) throws(PayloadError) {
        self.init(user: try p.string("user"), role: try p.identifier("role"), partner: try p.optionalString("partner"))
    }

    package func encode(into b: inout PayloadBuilder) {
        b.set("user", user)
        b.set("role", role)
        b.set("partner", partner)
    }
}

extension MemberAdded {
    package static let upcasts: [Int: Upcast] = [:]

    package var event: DomainEvent { .memberAdded(self) }

    package func summary(personal: Bool) -> String {
        let partner = partner.map { " for \($0)" } ?? ""
        return "\(user) is now a \(role.rawValue)\(partner)"
    }

    package var partnersConcerned: [String] { partner.map { [$0] } ?? [] }

    package var visibility: Visibility { .private }
}

extension Model {
    /// Its step in the fold (`Model.apply`, for an event that is not retracted).
    mutating func fold(_ e: MemberAdded, sequence seq: Int, day: Day) {
        let member = Member(user: e.user, role: e.role, partner: e.role == .partner ? e.partner : nil, since: seq)
        if let index = members.firstIndex(where: { $0.user == e.user }) {
            members[index] = member
        } else {
            members.append(member)
        }
    }
}

/// A person's role on the log was withdrawn.
package struct MemberRemoved: EventPayload {
    package static let type = "member.removed"
    package static let version = 1

    package var user: String

    package init(user: String) {
        self.user = user
    }

    package init(from p: inout PayloadReader) throws(PayloadError) {
        self.init(user: try p.string("user"))
    }

    package func encode(into b: inout PayloadBuilder) {
        b.set("user", user)
    }
}

extension MemberRemoved {
    package static let upcasts: [Int: Upcast] = [:]

    package var event: DomainEvent { .memberRemoved(self) }

    package func summary(personal: Bool) -> String {
        return "\(user) is no longer a member"
    }

    package var partnersConcerned: [String] { [] }

    package var visibility: Visibility { .private }
}

extension Model {
    /// Its step in the fold (`Model.apply`, for an event that is not retracted).
    mutating func fold(_ e: MemberRemoved, sequence seq: Int, day: Day) {
        members.removeAll { $0.user == e.user }
    }
}
