import EventLog

/// A potential data user was added to the map (`seeds/002_*`).
///
/// Version 1 recorded a single `level`; a data user often works at more than one level
/// (a cluster is strategic and operational), so version 2 records `levels`.
package struct PartnerMapped: Equatable, Sendable {
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

    init(payload: JSONValue) throws(PayloadError) {
        let p = try PayloadReader(payload)
        self.init(id: try p.string("id"), name: try p.string("name"), category: try p.identifier("category"),
                  levels: try p.identifiers("levels"))
    }

    var payload: JSONValue {
        var b = PayloadBuilder()
        b.set("id", id)
        b.set("name", name)
        b.set("category", category)
        b.set("levels", levels)
        return b.object
    }
}

/// A partner's name, category or levels of use changed; absent fields stay as they were.
package struct PartnerUpdated: Equatable, Sendable {
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

    init(payload: JSONValue) throws(PayloadError) {
        let p = try PayloadReader(payload)
        let levels: [UseLevel]? = payload["levels"] == nil ? nil : try p.identifiers("levels")
        self.init(id: try p.string("id"), name: try p.optionalString("name"), category: try p.optionalIdentifier("category"),
                  levels: levels)
    }

    var payload: JSONValue {
        var b = PayloadBuilder()
        b.set("id", id)
        b.set("name", name)
        b.set("category", category)
        if let levels { b.set("levels", levels) }
        return b.object
    }
}

/// Someone at a partner joined the mailing list, with the skillsets they bring.
///
/// Version 1 had no `skills`; they read as none.
package struct ContactAdded: Equatable, Sendable {
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

    init(payload: JSONValue) throws(PayloadError) {
        let p = try PayloadReader(payload)
        self.init(partner: try p.string("partner"), name: try p.string("name"), email: try p.optionalString("email"),
                  skills: try p.identifiers("skills"))
    }

    var payload: JSONValue {
        var b = PayloadBuilder()
        b.set("partner", partner)
        b.set("name", name)
        b.set("email", email)
        b.set("skills", skills)
        return b.object
    }
}

/// Someone left a partner (staff turnover): they drop off the mailing list.
package struct ContactLeft: Equatable, Sendable {
    package static let type = "contact.left"
    package static let version = 1

    package var partner: String
    package var name: String

    package init(partner: String, name: String) {
        self.partner = partner
        self.name = name
    }

    init(payload: JSONValue) throws(PayloadError) {
        let p = try PayloadReader(payload)
        self.init(partner: try p.string("partner"), name: try p.string("name"))
    }

    var payload: JSONValue {
        var b = PayloadBuilder()
        b.set("partner", partner)
        b.set("name", name)
        return b.object
    }
}
