import EventLog

/// A potential data user was added to the map (docs/process.md, who takes part).
///
/// Version 1 recorded a single `level`; a data user often works at more than one level
/// (a cluster is strategic and operational), so version 2 records `levels`.
package struct PartnerMapped: EventPayload {
    package static let type = "partner.mapped"
    package static let version = 2

    package var id: String
    package var name: String
    package var category: PartnerCategory
    package var levels: [UseLevel]

    package init(id: String, name: String, category: PartnerCategory, levels: [UseLevel]) {
        self.id = id
        self.name = name
        self.category = category
        self.levels = levels
    }

    package init(from p: inout PayloadReader) throws(PayloadError) {
        self.init(id: try p.string("id"), name: try p.string("name"), category: try p.identifier("category"),
                  levels: try p.identifiers("levels"))
    }

    package func encode(into b: inout PayloadBuilder) {
        b.set("id", id)
        b.set("name", name)
        b.set("category", category)
        b.set("levels", levels)
    }
}

extension PartnerMapped {
    package static let upcasts: [Int: Upcast] = [
        // v1 → v2: one `level` became the list `levels`.
        1: { payload throws(PayloadError) in
            guard case .object(var members) = payload else { throw PayloadError("payload is not an object") }
            let level = members.first { $0.key == "level" }?.value
            members.removeAll { $0.key == "level" }
            members.append(JSONMember("levels", level.map { .array([$0]) } ?? .array([])))
            return .object(members)
        },
    ]

    package var event: DomainEvent { .partnerMapped(self) }

    package func summary(personal: Bool) -> String {
        return "mapped partner \(id) — \(name) (\(category.rawValue); \(EventText.ids(levels)))"
    }

    package var partnersConcerned: [String] { [id] }

    package var visibility: Visibility { .public }
}

/// A partner's name, category or levels of use changed; absent fields stay as they were.
package struct PartnerUpdated: EventPayload {
    package static let type = "partner.updated"
    package static let version = 1

    package var id: String
    package var name: String?
    package var category: PartnerCategory?
    package var levels: [UseLevel]?

    package init(id: String, name: String? = nil, category: PartnerCategory? = nil, levels: [UseLevel]? = nil) {
        self.id = id
        self.name = name
        self.category = category
        self.levels = levels
    }

    package init(from p: inout PayloadReader) throws(PayloadError) {
        self.init(id: try p.string("id"), name: try p.optionalString("name"), category: try p.optionalIdentifier("category"),
                  levels: try p.optionalIdentifiers("levels"))
    }

    package func encode(into b: inout PayloadBuilder) {
        b.set("id", id)
        b.set("name", name)
        b.set("category", category)
        b.set("levels", levels)
    }
}

extension PartnerUpdated {
    package static let upcasts: [Int: Upcast] = [:]

    package var event: DomainEvent { .partnerUpdated(self) }

    package func summary(personal: Bool) -> String {
        var changes: [String] = []
        if let name = name { changes.append("name → \(name)") }
        if let category = category { changes.append("category → \(category.rawValue)") }
        if let levels = levels { changes.append("levels → \(EventText.ids(levels))") }
        return "updated partner \(id): \(changes.joined(separator: "; "))"
    }

    package var partnersConcerned: [String] { [id] }

    package var visibility: Visibility { .public }
}

/// Someone at a partner joined the mailing list, with the skillsets they bring.
///
/// Version 1 had no `skills`; they read as none.
package struct ContactAdded: EventPayload {
    package static let type = "contact.added"
    package static let version = 2

    package var partner: String
    package var name: String
    package var email: String?
    package var skills: [Skill]

    package init(partner: String, name: String, email: String?, skills: [Skill]) {
        self.partner = partner
        self.name = name
        self.email = email
        self.skills = skills
    }

    package init(from p: inout PayloadReader) throws(PayloadError) {
        self.init(partner: try p.string("partner"), name: try p.string("name"), email: try p.optionalString("email"),
                  skills: try p.identifiers("skills"))
    }

    package func encode(into b: inout PayloadBuilder) {
        b.set("partner", partner)
        b.set("name", name)
        b.set("email", email)
        b.set("skills", skills)
    }
}

extension ContactAdded {
    package static let upcasts: [Int: Upcast] = [
        // v1 → v2: contacts gained skillsets; an old contact has none recorded.
        1: { payload throws(PayloadError) in
            guard case .object(var members) = payload else { throw PayloadError("payload is not an object") }
            if !members.contains(where: { $0.key == "skills" }) { members.append(JSONMember("skills", .array([]))) }
            return .object(members)
        },
    ]

    package var event: DomainEvent { .contactAdded(self) }

    package func summary(personal: Bool) -> String {
        let skills = skills.isEmpty ? "" : " (\(EventText.ids(skills)))"
        guard personal else { return "added a contact to \(partner)\(skills)" }
        let email = email.map { " <\($0)>" } ?? ""
        return "added contact \(name)\(email) to \(partner)\(skills)"
    }

    package var partnersConcerned: [String] { [partner] }

    package var visibility: Visibility { .private }
}

/// Someone left a partner (staff turnover): they drop off the mailing list.
package struct ContactLeft: EventPayload {
    package static let type = "contact.left"
    package static let version = 1

    package var partner: String
    package var name: String

    package init(from p: inout PayloadReader) throws(PayloadError) {
        self.init(partner: try p.string("partner"), name: try p.string("name"))
    }

    package init(partner: String, name: String) {
        self.partner = partner
        self.name = name
    }

    package func encode(into b: inout PayloadBuilder) {
        b.set("partner", partner)
        b.set("name", name)
    }
}

extension ContactLeft {
    package static let upcasts: [Int: Upcast] = [:]

    package var event: DomainEvent { .contactLeft(self) }

    package func summary(personal: Bool) -> String {
        return personal ? "contact \(name) left \(partner)" : "a contact left \(partner)"
    }

    package var partnersConcerned: [String] { [partner] }

    package var visibility: Visibility { .private }
}
