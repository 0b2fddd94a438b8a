/// The map of data users: partners and the people on their mailing lists.
///
/// A pure fold of the log, and what commands are validated against.
package struct Directory: Equatable, Sendable {
    package struct Partner: Equatable, Sendable {
        package var id: String
        package var name: String
        package var category: PartnerCategory
        package var levels: [UseLevel]
        /// Current contacts, in the order they were added.
        package var contacts: [Contact] = []
        /// People who have left, most recent last.
        package var formerContacts: [Contact] = []

        package func contact(named name: String) -> Contact? {
            contacts.first { $0.name.equalsIgnoringCase(name) }
        }
    }

    package struct Contact: Equatable, Sendable {
        package var name: String
        package var email: String?
        package var skills: [Skill]
    }

    /// Partners by id.
    package private(set) var partners: [String: Partner] = [:]
    /// Partner ids in the order they were mapped.
    package private(set) var order: [String] = []
    /// The sequence number of the last event applied.
    package private(set) var lastSequence = 0

    package init() {}

    package init(_ events: some Sequence<RecordedEvent>) {
        for event in events { apply(event) }
    }

    package var partnersInOrder: [Partner] { order.compactMap { partners[$0] } }

    package mutating func apply(_ recorded: RecordedEvent) {
        lastSequence = recorded.sequence
        switch recorded.event {
        case .partnerMapped(let e):
            guard partners[e.id] == nil else { return }
            partners[e.id] = Partner(id: e.id, name: e.name, category: e.category, levels: e.levels)
            order.append(e.id)
        case .partnerUpdated(let e):
            if let name = e.name { partners[e.id]?.name = name }
            if let category = e.category { partners[e.id]?.category = category }
            if let levels = e.levels { partners[e.id]?.levels = levels }
        case .contactAdded(let e):
            partners[e.partner]?.contacts.append(Contact(name: e.name, email: e.email, skills: e.skills))
        case .contactLeft(let e):
            guard var partner = partners[e.partner],
                  let index = partner.contacts.firstIndex(where: { $0.name.equalsIgnoringCase(e.name) }) else { return }
            partner.formerContacts.append(partner.contacts.remove(at: index))
            partners[e.partner] = partner
        case .unrecognised:
            break
        }
    }
}

extension String {
    /// Case-insensitive equality for people's names typed at a prompt.
    func equalsIgnoringCase(_ other: String) -> Bool {
        lowercased() == other.lowercased()
    }
}
