/// Partners and the people who work for them.

extension CommandCatalog {
    /// Partners and people, in the order help lists them.
    static let partnerCommands: [any Command.Type] = [
        MapPartner.self, UpdatePartner.self, AddContact.self, RecordContactLeft.self, ForgetContact.self,
    ]
}

/// `partner add`: Map a potential data user: a cluster, agency, NGO, IOM programme, government body or coordination forum.
package struct MapPartner: RecordingCommand {
    package static let spec = VerbSpec(
        name: "partner add",
        summary: "Map a potential data user: a cluster, agency, NGO, IOM programme, government body or coordination forum.",
        fields: [
            .required("id", .slug, "short lower-case id used in every other command (e.g. wash)"),
            .required("name", .name, "full name"),
            .required("category", .choice(PartnerCategory.names), "kind of data user"),
            .required("levels", .choices(UseLevel.names), "levels at which it uses DTM data, comma-separated"),
            FieldSpec.checked,
        ],
        positional: ["id"],
        examples: [
            #"partner add id=wash name="WASH Cluster" category=cluster levels=strategic,operational"#,
            #"partner add id=unhcr name=UNHCR category=un-agency levels=programmatic"#,
        ])
    package static let recordedBy: Recorders = .coordinators

    package let context: DecisionContext
    package init(context: DecisionContext) { self.context = context }

    package func decide() throws(CommandError) -> Decision {
        let id = try command.slug("id")
        if let existing = model.partners[id] { throw .duplicatePartner(id: id, name: existing.name) }
        return Decision(events: [.partnerMapped(PartnerMapped(
            id: id, name: try command.text("name"), category: try command.identifier("category"),
            levels: try command.identifiers("levels")))])
    }
}

/// `partner update`: Change a partner's name, category or levels of use.
package struct UpdatePartner: RecordingCommand {
    package static let spec = VerbSpec(
        name: "partner update",
        summary: "Change a partner's name, category or levels of use.",
        fields: [
            .required("id", .partner, "the partner"),
            .optional("name", .name, "new full name"),
            .optional("category", .choice(PartnerCategory.names), "new category"),
            .optional("levels", .choices(UseLevel.names), "new levels of use (replace the old ones)"),
            FieldSpec.checked,
        ],
        positional: ["id"],
        examples: [#"partner update id=wash name="WASH Cluster (national)""#, "partner update id=wash levels=strategic"])
    package static let recordedBy: Recorders = .coordinators

    package let context: DecisionContext
    package init(context: DecisionContext) { self.context = context }

    package func decide() throws(CommandError) -> Decision {
        let partner = try partner("id")
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
                throw .missingFields(verb: command.verb, keys: ["name", "category", "levels"])
            }
            throw .nothingToChange("'\(partner.id)' already has those values")
        }
        return Decision(events: [.partnerUpdated(update)])
    }
}

/// `contact add`: Add someone to a partner's mailing list, with the skillsets they bring.
package struct AddContact: RecordingCommand {
    package static let spec = VerbSpec(
        name: "contact add",
        summary: "Add someone to a partner's mailing list, with the skillsets they bring.",
        fields: [
            .required("partner", .partner, "the partner they work for"),
            .required("name", .name, "their name"),
            .optional("email", .email, "their e-mail address"),
            .optional("skills", .choices(Skill.names), "skillsets, comma-separated"),
            FieldSpec.checked,
        ],
        examples: [#"contact add partner=wash name="Amina Yusuf" email=amina@example.org skills=im,subject-matter"#])
    package static let recordedBy: Recorders = .coordinators

    package let context: DecisionContext
    package init(context: DecisionContext) { self.context = context }

    package func decide() throws(CommandError) -> Decision {
        let partner = try partner("partner")
        let name = try command.text("name")
        if partner.contact(named: name) != nil { throw .duplicateContact(partner: partner.id, name: name) }
        return Decision(events: [.contactAdded(ContactAdded(
            partner: partner.id, name: name, email: try command.optionalEmail("email"),
            skills: try command.identifiers("skills", allowEmpty: true)))])
    }
}

/// `contact left`: Record that someone left a partner, so mailing lists stay current.
package struct RecordContactLeft: RecordingCommand {
    package static let spec = VerbSpec(
        name: "contact left",
        summary: "Record that someone left a partner, so mailing lists stay current.",
        fields: [
            .required("partner", .partner, "the partner"),
            .required("name", .contact, "the contact who left"),
        ],
        examples: [#"contact left partner=wash name="Amina Yusuf""#])
    package static let recordedBy: Recorders = .coordinators

    package let context: DecisionContext
    package init(context: DecisionContext) { self.context = context }

    package func decide() throws(CommandError) -> Decision {
        let partner = try partner("partner")
        let contact = try contact("name", of: partner)
        // A sealed contact is named by id; the application seals the name under its key.
        return Decision(events: [.contactLeft(ContactLeft(partner: partner.id, name: contact.name,
                                                          contact: contact.sealed == nil ? nil : contact.id))])
    }
}

/// `contact forget`: Forget a contact: destroy the key their name and e-mail are sealed with.
package struct ForgetContact: RecordingCommand {
    package static let spec = VerbSpec(
        name: "contact forget",
        summary: "Forget a contact: their name and e-mail become unreadable everywhere, for good.",
        fields: [
            .required("partner", .partner, "the partner they work or worked for"),
            .required("name", .contact, "the contact to forget (current or former)"),
        ],
        examples: [#"contact forget partner=wash name="Amina Yusuf""#])
    package static let recordedBy: Recorders = .coordinators

    package let context: DecisionContext
    package init(context: DecisionContext) { self.context = context }

    package func decide() throws(CommandError) -> Decision {
        let partner = try partner("partner")
        let contact = try contact("name", of: partner, former: true)
        return Decision(events: [.contactForgotten(ContactForgotten(partner: partner.id, contact: contact.id))])
    }
}
