/// One field a verb takes.
package struct FieldSpec: Sendable {
    package enum Kind: Sendable {
        /// Free text: notes, reasons, purposes, questions.
        case text
        /// A new name: a partner's, a contact's, a milestone's title.
        case name
        /// A current contact's name, of the partner given beside it.
        case contact
        /// A user name (`UserName`).
        case user
        /// A user-chosen identifier (`Slug`).
        case slug
        case email
        /// One of a fixed set of values.
        case choice([String])
        /// A comma-separated list drawn from a fixed set.
        case choices([String])
        /// An existing partner id.
        case partner
        /// A comma-separated list of existing partner ids.
        case partners
        /// A comma-separated list of existing dataset ids.
        case datasets
        /// A date, `YYYY-MM-DD` (or `today`).
        case day
        /// A whole number.
        case number
        /// An existing dataset, milestone, action, disagreement, feedback id, round number or
        /// sequence number.
        case dataset, milestone, action, disagreement, feedback, round, sequence
        /// A current member's user name.
        case member

        /// Whether what is typed is kept as written, and so may carry an individual's case
        /// details (`CaseDetails`): free text and new names. Ids, choices, dates, numbers and
        /// references to what the log already holds cannot.
        package var mayHoldCaseDetails: Bool {
            switch self {
            case .text, .name: true
            default: false
            }
        }
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

    /// Free text and names are checked for an individual's protection case before they are
    /// recorded; `checked=yes` records them anyway once a person has looked, and the events
    /// say so (`checked: true`).
    package static let checked = FieldSpec.optional("checked", .choice(["yes"]), "confirm the text holds no individual's case details")
}

/// One verb of the command language: what it takes, what it does, how it is used.
package struct VerbSpec: Sendable {
    package var name: String
    package var summary: String
    package var fields: [FieldSpec]
    /// Field keys that bare words fill, in order (`partner update wash name=…`).
    package var positional: [String] = []
    /// Every bare word fills the one positional field (`help partner add`).
    var joinsWords = false
    package var examples: [String]
    /// The verb records only facts (`urgent report`): a field it does not take is refused as
    /// text it will never hold, not as a typo.
    package var factsOnly = false

    package func field(_ key: String) -> FieldSpec? { fields.first { $0.key == key } }

    /// Whether the verb records events (rather than showing something).
    package var records: Bool { CommandCatalog.command(named: name) is any RecordingCommand.Type }

    /// The fields checked for an individual's case details before recording: those whose
    /// kind may hold them.
    package var caseDetailKeys: [String] {
        fields.filter(\.kind.mayHoldCaseDetails).map(\.key)
    }
}

/// The vocabulary: every verb, as its type. Names are a contract: logs, scripts and
/// docs/events.md use them.
package enum CommandCatalog {
    /// Every command, in the order help lists them: each area's list is in its file, beside
    /// its commands.
    package static let commands: [any Command.Type] =
        partnerCommands + engagementCommands + scheduleCommands + datasetCommands + sharingCommands + urgentCommands
        + publicationCommands + logCommands + viewCommands

    /// Every verb's spec, in the order of `commands`.
    package static let verbs: [VerbSpec] = commands.map { $0.spec }

    private static let byName: [String: any Command.Type] = Dictionary(uniqueKeysWithValues: commands.map { ($0.spec.name, $0) })

    package static func command(named name: String) -> (any Command.Type)? { byName[name] }

    package static func spec(named name: String) -> VerbSpec? { byName[name]?.spec }

    /// The command a line's words start with (a two-word verb first), and how many words
    /// its name takes.
    package static func command(for words: [String]) -> (type: any Command.Type, words: Int)? {
        guard let first = words.first else { return nil }
        if words.count >= 2, let two = byName["\(first) \(words[1])"] { return (two, 2) }
        return byName[first].map { ($0, 1) }
    }

    /// The verbs partner members may record for their own partner.
    static var partnerVerbs: [String] {
        commands.compactMap { ($0 as? any RecordingCommand.Type)?.recordedBy == .coordinatorsAndOwnPartner ? $0.spec.name : nil }.sorted()
    }

    /// The verbs a partner member may use on the events it recorded itself (`retract`).
    static var ownEventVerbs: [String] {
        commands.compactMap { ($0 as? any RecordingCommand.Type)?.recordedBy == .coordinatorsAndOwnEvents ? $0.spec.name : nil }.sorted()
    }

    /// The views that read everything, closed to readers with public views only.
    static var privateViews: [String] {
        commands.compactMap { ($0 as? any ViewCommand.Type)?.readers == .coordinatorsAndReviewers ? $0.spec.name : nil }
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

    package var spec: VerbSpec { type.spec }

    /// The command's type: the verb was checked against the catalogue when resolving.
    package var type: any Command.Type { CommandCatalog.command(named: verb)! }

    /// Whether the command records events (rather than showing something).
    package var records: Bool { type is any RecordingCommand.Type }

    /// Resolves a parsed line against the catalog. Missing required fields are reported
    /// last, after every other mistake, so that a dialogue can ask for exactly those.
    /// `defaults[verb][key]` fills a field the line leaves out (a partner member's `partner=`).
    package static func resolve(_ line: ParsedLine, defaults: [String: [String: String]] = [:]) throws(CommandError) -> ResolvedCommand {
        guard let first = line.words.first else {
            if let field = line.fields.first { throw .syntax("a command starts with a verb, not '\(field.key)=' (try 'help')") }
            throw .syntax("empty command")
        }
        let spec: VerbSpec
        var rest: ArraySlice<String>
        if let (type, count) = CommandCatalog.command(for: line.words) {
            spec = type.spec
            rest = line.words.dropFirst(count)
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
                if spec.factsOnly { throw .factsOnly(verb: spec.name, key: field.key, fields: spec.fields.map(\.key)) }
                throw .unknownField(verb: spec.name, key: field.key, suggestions: Suggestions.nearest(to: field.key, in: spec.fields.map(\.key)))
            }
            guard values[field.key] == nil else { throw .duplicateField(verb: spec.name, key: field.key) }
            values[field.key] = field.value
        }
        if spec.joinsWords, let key = spec.positional.first, !rest.isEmpty {
            guard values[key] == nil else { throw .duplicateField(verb: spec.name, key: key) }
            values[key] = rest.joined(separator: " ")
            rest = []
        }
        for key in spec.positional where !rest.isEmpty {
            guard values[key] == nil else { break }
            values[key] = rest.removeFirst()
        }
        guard rest.isEmpty else { throw .unexpectedWords(verb: spec.name, words: Array(rest)) }
        for (key, value) in defaults[spec.name] ?? [:] where values[key] == nil { values[key] = value }

        let missing = spec.fields.filter { $0.required && (values[$0.key] ?? "").isEmpty }.map(\.key)
        guard missing.isEmpty else { throw .missingFields(verb: spec.name, keys: missing) }
        return ResolvedCommand(verb: spec.name, values: values)
    }
}
