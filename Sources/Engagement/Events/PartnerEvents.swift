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

extension Model {
    /// Its step in the fold (`Model.apply`, for an event that is not retracted).
    mutating func fold(_ e: PartnerMapped, sequence seq: Int, day: Day) {
        partners.insert(Partner(id: e.id, name: e.name, category: e.category, levels: e.levels, mapped: day))
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

extension Model {
    /// Its step in the fold (`Model.apply`, for an event that is not retracted).
    mutating func fold(_ e: PartnerUpdated, sequence seq: Int, day: Day) {
        partners.update(e.id) { p in
            if let name = e.name { p.name = name }
            if let category = e.category { p.category = category }
            if let levels = e.levels { p.levels = levels }
        }
    }
}

/// Whether a contact's name and e-mail can be read.
///
/// Recorded contacts carry their name and e-mail sealed under a key of their own, kept in
/// a key store beside the log (docs/events.md, "Contacts' personal data"). The domain never
/// holds a key: a record read from the log is `sealed` until the application opens it.
package enum PersonalState: Int, Equatable, Sendable, Codable {
    /// The name and e-mail are known: written in plain text (logs from before sealing), or opened.
    case open
    /// Sealed, and not opened: the key is not at hand (a lost key store, or a reader the
    /// key store refuses).
    case sealed
    /// The contact was forgotten: the key is destroyed, and nothing can open it again.
    case forgotten

    /// What stands for a name that cannot be read.
    package var placeholder: String {
        switch self {
        case .open: ""
        case .sealed: "(unreadable)"
        case .forgotten: "(forgotten)"
        }
    }
}

/// Someone at a partner joined the mailing list, with the skillsets they bring.
///
/// Version 1 had no `skills`; they read as none. Version 3 may carry the name and e-mail
/// sealed (`contact`, the id of the contact's key, and `sealed`, the sealed bytes) instead
/// of in plain text; a version-2 record reads as a plain-text one.
package struct ContactAdded: EventPayload {
    package static let type = "contact.added"
    package static let version = 3

    package var partner: String
    /// Empty unless `personal` is `.open`.
    package var name: String
    package var email: String?
    package var skills: [Skill]
    /// The contact's id, which is its key's id; `nil` for a plain-text record, and for a
    /// decided one until the application seals it.
    package var contact: String?
    /// The name and e-mail, sealed under the contact's key (base64).
    package var sealed: String?
    package var personal: PersonalState

    package init(partner: String, name: String, email: String?, skills: [Skill], contact: String? = nil, sealed: String? = nil,
                 personal: PersonalState = .open) {
        self.partner = partner
        self.name = name
        self.email = email
        self.skills = skills
        self.contact = contact
        self.sealed = sealed
        self.personal = personal
    }

    package init(from p: inout PayloadReader) throws(PayloadError) {
        let partner = try p.string("partner")
        if let contact = try p.optionalString("contact") {
            self.init(partner: partner, name: "", email: nil, skills: [], contact: contact, sealed: try p.string("sealed"),
                      personal: .sealed)
        } else {
            self.init(partner: partner, name: try p.string("name"), email: try p.optionalString("email"), skills: [])
        }
        skills = try p.identifiers("skills")
    }

    package func encode(into b: inout PayloadBuilder) {
        b.set("partner", partner)
        if let contact, let sealed {
            b.set("contact", contact)
            b.set("sealed", sealed)
        } else {
            b.set("name", name)
            b.set("email", email)
        }
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
        // v2 → v3: a version-2 record is in plain text, which version 3 still reads.
        2: { payload throws(PayloadError) in payload },
    ]

    package var event: DomainEvent { .contactAdded(self) }

    package func summary(personal shown: Bool) -> String {
        let skills = skills.isEmpty ? "" : " (\(EventText.ids(skills)))"
        guard shown else { return "added a contact to \(partner)\(skills)" }
        guard personal == .open else { return "added contact \(personal.placeholder) to \(partner)\(skills)" }
        let email = email.map { " <\($0)>" } ?? ""
        return "added contact \(name)\(email) to \(partner)\(skills)"
    }

    package var partnersConcerned: [String] { [partner] }

    package var visibility: Visibility { .private }
}

extension Model {
    /// Its step in the fold (`Model.apply`, for an event that is not retracted).
    mutating func fold(_ e: ContactAdded, sequence seq: Int, day: Day) {
        var contact = Contact(id: e.contact ?? "#\(seq)", name: e.name, email: e.email, skills: e.skills,
                              sealed: e.sealed, personal: e.personal)
        // A record read after its contact's forgetting: the same state the forgetting leaves.
        if e.personal == .forgotten { contact.forget() }
        partners.update(e.partner) { $0.contacts.append(contact) }
    }
}

/// Someone left a partner (staff turnover): they drop off the mailing list.
///
/// Version 2 names a sealed contact by its id (`contact`) and carries the name sealed under
/// that contact's key (`sealed`); a contact recorded in plain text is still named in plain text.
package struct ContactLeft: EventPayload {
    package static let type = "contact.left"
    package static let version = 2

    package var partner: String
    /// Empty unless `personal` is `.open`.
    package var name: String
    /// The contact's id when it is sealed; `nil` for a plain-text contact.
    package var contact: String?
    /// The name, sealed under the contact's key (base64); `nil` until the application seals it.
    package var sealed: String?
    package var personal: PersonalState

    package init(from p: inout PayloadReader) throws(PayloadError) {
        let partner = try p.string("partner")
        if let contact = try p.optionalString("contact") {
            self.init(partner: partner, name: "", contact: contact, sealed: try p.string("sealed"), personal: .sealed)
        } else {
            self.init(partner: partner, name: try p.string("name"))
        }
    }

    package init(partner: String, name: String, contact: String? = nil, sealed: String? = nil, personal: PersonalState = .open) {
        self.partner = partner
        self.name = name
        self.contact = contact
        self.sealed = sealed
        self.personal = personal
    }

    package func encode(into b: inout PayloadBuilder) {
        b.set("partner", partner)
        if let contact, let sealed {
            b.set("contact", contact)
            b.set("sealed", sealed)
        } else {
            b.set("name", name)
        }
    }
}

extension ContactLeft {
    package static let upcasts: [Int: Upcast] = [
        // v1 → v2: a version-1 record names the contact in plain text, which version 2 still reads.
        1: { payload throws(PayloadError) in payload },
    ]

    package var event: DomainEvent { .contactLeft(self) }

    package func summary(personal shown: Bool) -> String {
        guard shown else { return "a contact left \(partner)" }
        return "contact \(personal == .open ? name : personal.placeholder) left \(partner)"
    }

    package var partnersConcerned: [String] { [partner] }

    package var visibility: Visibility { .private }
}

extension Model {
    /// Its step in the fold (`Model.apply`, for an event that is not retracted).
    mutating func fold(_ e: ContactLeft, sequence seq: Int, day: Day) {
        partners.update(e.partner) { p in
            let found = if let id = e.contact { p.contacts.firstIndex { $0.id == id } }
                        else { p.contacts.firstIndex { $0.personal == .open && $0.name.equalsIgnoringCase(e.name) } }
            guard let index = found else { return }
            p.formerContacts.append(p.contacts.remove(at: index))
        }
    }
}

/// A contact was forgotten: their key was destroyed, so their name and e-mail can no longer
/// be read anywhere the sealed bytes went. The record names the contact by id only.
package struct ContactForgotten: EventPayload {
    package static let type = "contact.forgotten"
    package static let version = 1

    package var partner: String
    /// The contact's id: its key's id, or `#N` (the record that added it) for a contact
    /// recorded in plain text.
    package var contact: String

    package init(partner: String, contact: String) {
        self.partner = partner
        self.contact = contact
    }

    package init(from p: inout PayloadReader) throws(PayloadError) {
        self.init(partner: try p.string("partner"), contact: try p.string("contact"))
    }

    package func encode(into b: inout PayloadBuilder) {
        b.set("partner", partner)
        b.set("contact", contact)
    }
}

extension ContactForgotten {
    package static let upcasts: [Int: Upcast] = [:]

    package var event: DomainEvent { .contactForgotten(self) }

    package func summary(personal: Bool) -> String { "forgot a contact of \(partner): their name and e-mail are destroyed" }

    /// Whether the contact was recorded in plain text, before contacts were sealed: its
    /// name stays in the log's bytes, which an append-only log cannot erase.
    package var wasPlainText: Bool { contact.hasPrefix("#") }

    package var partnersConcerned: [String] { [partner] }

    package var visibility: Visibility { .private }
}

extension Model {
    /// Its step in the fold (`Model.apply`, for an event that is not retracted).
    mutating func fold(_ e: ContactForgotten, sequence seq: Int, day: Day) {
        partners.update(e.partner) { $0.forget(e.contact) }
    }
}
