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
