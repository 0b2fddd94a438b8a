/// Turns a command into the events to record, given the state it was decided on.
///
/// Pure: the same command on the same state always yields the same events or the same
/// refusal, which is what lets a writer retry after another process appended.
package enum Decider {
    package static func decide(_ command: ResolvedCommand, given directory: Directory) throws(CommandError) -> [DomainEvent] {
        switch command.verb {
        case "partner add":
            let id = try command.slug("id")
            if let existing = directory.partners[id] { throw .duplicatePartner(id: id, name: existing.name) }
            return [.partnerMapped(PartnerMapped(
                id: id, name: try command.text("name"), category: try command.identifier("category"),
                levels: try command.identifiers("levels")))]

        case "partner update":
            let partner = try existingPartner(command.values["id"] ?? "", in: directory)
            var update = PartnerUpdated(id: partner.id)
            if let name = try command.optionalText("name"), name != partner.name { update.name = name }
            if let category: PartnerCategory = try command.optionalIdentifier("category"), category != partner.category {
                update.category = category
            }
            if command.has("levels") {
                let levels: [UseLevel] = try command.identifiers("levels")
                if levels != partner.levels { update.levels = levels }
            }
            guard update != PartnerUpdated(id: partner.id) else {
                if !command.has("name"), !command.has("category"), !command.has("levels") {
                    throw .missingFields(verb: command.verb, keys: ["name", "category", "levels"].filter { !command.has($0) })
                }
                throw .nothingToChange("'\(partner.id)' already has those values")
            }
            return [.partnerUpdated(update)]

        case "contact add":
            let partner = try existingPartner(command.values["partner"] ?? "", in: directory)
            let name = try command.text("name")
            if partner.contact(named: name) != nil { throw .duplicateContact(partner: partner.id, name: name) }
            return [.contactAdded(ContactAdded(
                partner: partner.id, name: name, email: try command.optionalEmail("email"),
                skills: try command.identifiers("skills", allowEmpty: true)))]

        case "contact left":
            let partner = try existingPartner(command.values["partner"] ?? "", in: directory)
            let name = try command.text("name")
            guard let contact = partner.contact(named: name) else {
                throw .unknownContact(partner: partner.id, name: name,
                                      suggestions: Suggestions.nearest(to: name, in: partner.contacts.map(\.name)))
            }
            return [.contactLeft(ContactLeft(partner: partner.id, name: contact.name))]

        default:
            preconditionFailure("'\(command.verb)' does not record events")
        }
    }

    static func existingPartner(_ id: String, in directory: Directory) throws(CommandError) -> Directory.Partner {
        guard let partner = directory.partners[id] else {
            throw .unknownPartner(id, suggestions: Suggestions.nearest(to: id, in: directory.order))
        }
        return partner
    }
}
