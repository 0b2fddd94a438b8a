/// One field a verb takes.
package struct FieldSpec: Sendable {
    package enum Kind: Sendable {
        case text
        /// A user-chosen identifier (`Slug`).
        case slug
        case email
        /// One of a fixed set of values.
        case choice([String])
        /// A comma-separated list drawn from a fixed set.
        case choices([String])
        /// An existing partner id.
        case partner
    }

    package var key: String
    package var required: Bool
    package var kind: Kind
    package var help: String

    package static func required(_ key: String, _ kind: Kind, _ help: String) -> FieldSpec {
        FieldSpec(key: key, required: true, kind: kind, help: help)
    }

    package static func optional(_ key: String, _ kind: Kind, _ help: String) -> FieldSpec {
        FieldSpec(key: key, required: false, kind: kind, help: help)
    }
}

/// One verb of the command language: what it takes, what it does, how it is used.
package struct VerbSpec: Sendable {
    package enum Role: Sendable {
        /// Appends events.
        case records
        /// Reads the log and shows something.
        case shows
    }

    package var name: String
    package var role: Role
    package var summary: String
    package var fields: [FieldSpec]
    /// Field keys that bare words fill, in order (`partner update wash name=…`).
    package var positional: [String] = []
    package var examples: [String]

    package func field(_ key: String) -> FieldSpec? { fields.first { $0.key == key } }
}

/// The vocabulary. Names are the contract of DESIGN.md.
package enum CommandCatalog {
    package static let verbs: [VerbSpec] = [
        VerbSpec(
            name: "partner add", role: .records,
            summary: "Map a potential data user: a cluster, agency, NGO, IOM programme, government body or coordination forum.",
            fields: [
                .required("id", .slug, "short lower-case id used in every other command (e.g. wash)"),
                .required("name", .text, "full name"),
                .required("category", .choice(PartnerCategory.allCases.map(\.rawValue)), "kind of data user"),
                .required("levels", .choices(UseLevel.allCases.map(\.rawValue)), "levels at which it uses DTM data, comma-separated"),
            ],
            positional: ["id"],
            examples: [
                #"partner add id=wash name="WASH Cluster" category=cluster levels=strategic,operational"#,
                #"partner add id=unhcr name=UNHCR category=un-agency levels=programmatic"#,
            ]),
        VerbSpec(
            name: "partner update", role: .records,
            summary: "Change a partner's name, category or levels of use.",
            fields: [
                .required("id", .partner, "the partner"),
                .optional("name", .text, "new full name"),
                .optional("category", .choice(PartnerCategory.allCases.map(\.rawValue)), "new category"),
                .optional("levels", .choices(UseLevel.allCases.map(\.rawValue)), "new levels of use (replace the old ones)"),
            ],
            positional: ["id"],
            examples: [#"partner update id=wash name="WASH Cluster (national)""#, "partner update id=wash levels=strategic"]),
        VerbSpec(
            name: "contact add", role: .records,
            summary: "Add someone to a partner's mailing list, with the skillsets they bring.",
            fields: [
                .required("partner", .partner, "the partner they work for"),
                .required("name", .text, "their name"),
                .optional("email", .email, "their e-mail address"),
                .optional("skills", .choices(Skill.allCases.map(\.rawValue)), "skillsets, comma-separated"),
            ],
            examples: [#"contact add partner=wash name="Amina Yusuf" email=amina@example.org skills=im,subject-matter"#]),
        VerbSpec(
            name: "contact left", role: .records,
            summary: "Record that someone left a partner, so mailing lists stay current.",
            fields: [
                .required("partner", .partner, "the partner"),
                .required("name", .text, "the contact who left"),
            ],
            examples: [#"contact left partner=wash name="Amina Yusuf""#]),
        VerbSpec(
            name: "log", role: .shows,
            summary: "List the events in the log, oldest first.",
            fields: [
                .optional("type", .text, "only events of this type, or of this family (type=partner)"),
                .optional("partner", .text, "only events about this partner"),
            ],
            examples: ["log", "log type=contact partner=wash", "engage --format json log"]),
        VerbSpec(
            name: "verify", role: .shows,
            summary: "Check the whole hash chain; exit status 1 names the first damaged record.",
            fields: [], examples: ["verify"]),
        VerbSpec(
            name: "help", role: .shows,
            summary: "List the commands, or explain one.",
            fields: [.optional("topic", .text, "a command, e.g. 'partner add'")],
            positional: ["topic"],
            examples: ["help", "help partner add"]),
    ]

    package static func spec(named name: String) -> VerbSpec? {
        verbs.first { $0.name == name }
    }
}

/// A command whose verb and fields have been checked against the catalog.
package struct ResolvedCommand: Equatable, Sendable {
    package var verb: String
    package var values: [String: String]

    package init(verb: String, values: [String: String]) {
        self.verb = verb
        self.values = values
    }

    package var spec: VerbSpec { CommandCatalog.spec(named: verb)! }

    /// Resolves a parsed line against the catalog. Missing required fields are reported
    /// last, after every other mistake, so that a dialogue can ask for exactly those.
    package static func resolve(_ line: ParsedLine) throws(CommandError) -> ResolvedCommand {
        guard let first = line.words.first else {
            if let field = line.fields.first { throw .syntax("a command starts with a verb, not '\(field.key)=' (try 'help')") }
            throw .syntax("empty command")
        }
        let spec: VerbSpec
        var rest: ArraySlice<String>
        if line.words.count >= 2, let two = CommandCatalog.spec(named: "\(first) \(line.words[1])") {
            spec = two
            rest = line.words.dropFirst(2)
        } else if let one = CommandCatalog.spec(named: first) {
            spec = one
            rest = line.words.dropFirst()
        } else {
            let typed = line.words.prefix(2).joined(separator: " ")
            let names = CommandCatalog.verbs.map(\.name)
            var suggestions = Suggestions.nearest(to: typed, in: names)
            if suggestions.isEmpty { suggestions = names.filter { $0.hasPrefix(first + " ") } }
            if suggestions.isEmpty { suggestions = Suggestions.nearest(to: first, in: names.map { String($0.split(separator: " ")[0]) }) }
            throw .unknownVerb(line.words.count >= 2 && CommandCatalog.verbs.contains { $0.name.hasPrefix(first + " ") } ? typed : first,
                               suggestions: Array(Set(suggestions)).sorted())
        }

        var values: [String: String] = [:]
        for field in line.fields {
            guard spec.field(field.key) != nil else {
                throw .unknownField(verb: spec.name, key: field.key, suggestions: Suggestions.nearest(to: field.key, in: spec.fields.map(\.key)))
            }
            guard values[field.key] == nil else { throw .duplicateField(verb: spec.name, key: field.key) }
            values[field.key] = field.value
        }
        if spec.name == "help", !rest.isEmpty {
            // `help partner add`: every word is the topic.
            guard values["topic"] == nil else { throw .duplicateField(verb: spec.name, key: "topic") }
            values["topic"] = rest.joined(separator: " ")
            rest = []
        }
        for key in spec.positional where !rest.isEmpty {
            guard values[key] == nil else { break }
            values[key] = rest.removeFirst()
        }
        guard rest.isEmpty else { throw .unexpectedWords(verb: spec.name, words: Array(rest)) }

        let missing = spec.fields.filter { $0.required && (values[$0.key] ?? "").isEmpty }.map(\.key)
        guard missing.isEmpty else { throw .missingFields(verb: spec.name, keys: missing) }
        return ResolvedCommand(verb: spec.name, values: values)
    }
}
