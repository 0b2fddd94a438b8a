/// Why a command was refused. Nothing is appended when a command throws one.
package enum CommandError: Error, Equatable, Sendable {
    /// The line is not well-formed (an unclosed quote, a field without a name).
    case syntax(String)
    case unknownVerb(String, suggestions: [String])
    case unknownField(verb: String, key: String, suggestions: [String])
    case duplicateField(verb: String, key: String)
    case unexpectedWords(verb: String, words: [String])
    /// Required fields are absent; the REPL asks for them, a script stops.
    case missingFields(verb: String, keys: [String])
    case invalidValue(key: String, value: String, reason: String)
    case unknownPartner(String, suggestions: [String])
    case duplicatePartner(id: String, name: String)
    case unknownContact(partner: String, name: String, suggestions: [String])
    case duplicateContact(partner: String, name: String)
    /// An id of another kind that does not exist (`dataset`, `milestone`, `action`, …).
    case unknown(kind: String, id: String, suggestions: [String])
    /// An id of another kind that is already taken.
    case duplicate(kind: String, id: String)
    /// The command breaks a rule of the process; `reason` names it.
    case refused(String)
    /// The actor's role does not allow the command; the text names the rule.
    case notPermitted(String)
    /// Free text that looks like an individual's protection case (docs/process.md, urgent action).
    case possibleCaseDetails(key: String, why: String)
    case nothingToChange(String)
    /// A view flag given to a command that records (`--as-of` with `partner add`).
    case notForRecording(String)
    /// A use or analysis identical to a live one (same dataset, party and round): counted once.
    case alreadyReported(verb: String, dataset: String, by: String, round: Int, first: Int)
    /// A field a facts-only verb (`urgent report`) does not take: it records that something
    /// happened, never words about a person or an incident.
    case factsOnly(verb: String, key: String, fields: [String])
    /// A question `dataset agree` cannot put in the questionnaire yet: what it lacks, in
    /// the order of `AgreementRequirement`, with the unmet criteria and the skills no
    /// verification covers.
    case notReadyToAgree(dataset: String, missing: [AgreementRequirement], unmetCriteria: [Criterion], unverified: [VerifyingSkill])

    /// Whether the command was misused (exit status 2) rather than refused on its merits.
    package var isUsage: Bool {
        switch self {
        case .syntax, .unknownVerb, .unknownField, .duplicateField, .unexpectedWords: true
        default: false
        }
    }
}

extension CommandError: CustomStringConvertible {
    package var description: String {
        switch self {
        case .syntax(let reason):
            return reason
        case .unknownVerb(let verb, let suggestions):
            return "unknown command '\(verb)'\(Suggestions.phrase(suggestions)) (try 'help')"
        case .unknownField(let verb, let key, let suggestions):
            return "'\(verb)' has no field '\(key)'\(Suggestions.phrase(suggestions)) (try 'help \(verb)')"
        case .duplicateField(let verb, let key):
            return "'\(verb)' got '\(key)=' twice"
        case .unexpectedWords(let verb, let words):
            return "'\(verb)' does not take '\(words.joined(separator: " "))': give fields as key=value (try 'help \(verb)')"
        case .missingFields(let verb, let keys):
            return "'\(verb)' needs \(keys.map { "\($0)=" }.joined(separator: ", ")) (try 'help \(verb)')"
        case .invalidValue(let key, let value, let reason):
            return "\(key)=\(ParsedLine.quote(value)): \(reason)"
        case .unknownPartner(let id, let suggestions):
            return "no partner '\(id)'\(Suggestions.phrase(suggestions))"
        case .duplicatePartner(let id, let name):
            return "partner '\(id)' is already mapped (\(name)); use 'partner update id=\(id)' to change it"
        case .unknownContact(let partner, let name, let suggestions):
            return "'\(partner)' has no current contact '\(name)'\(Suggestions.phrase(suggestions))"
        case .duplicateContact(let partner, let name):
            return "'\(name)' is already a contact of '\(partner)'"
        case .unknown(let kind, let id, let suggestions):
            return "no \(kind) '\(id)'\(Suggestions.phrase(suggestions))"
        case .duplicate(let kind, let id):
            return "\(kind) '\(id)' already exists; choose another id"
        case .refused(let reason):
            return reason
        case .notPermitted(let rule):
            return "not permitted: \(rule)"
        case .possibleCaseDetails(let key, let why):
            return "\(key)= looks like an individual's case details (\(why)), which DTM never records: "
                + "remove the personal details, or add checked=yes if it is not case information; "
                + "to record that an urgent case was reported or referred, use 'urgent report' (the fact only). Nothing was recorded"
        case .nothingToChange(let reason):
            return "nothing to record: \(reason)"
        case .notForRecording(let reason):
            return reason
        case .factsOnly(let verb, let key, let fields):
            return "'\(verb)' records only the fact of a report or referral, never the person or the incident: "
                + "it takes no '\(key)=' (its fields: \(fields.joined(separator: ", "))). Nothing was recorded"
        case .alreadyReported(let verb, let dataset, let by, let round, let first):
            return "'\(verb)' of \(dataset) by \(by) in round \(round) is already recorded as #\(first); "
                + "it counts once (retract #\(first) first to replace it). Nothing was recorded"
        case .notReadyToAgree(let id, let missing, let unmet, let unverified):
            let gaps = missing.map { requirement -> String in
                switch requirement {
                case .criteria:
                    "minimum inclusion criteria unmet: \(EventText.ids(unmet)) (dataset revise id=\(id) criteria=…)"
                case .mockup:
                    "no mock-up (dataset revise id=\(id) mockup=\"…\")"
                case .options:
                    "no reply options (dataset revise id=\(id) options=… with the set list, or options=open for a free answer)"
                case .verification:
                    "mock-up not verified for \(EventText.ids(unverified)) (mockup verify dataset=\(id) partner=… skills=\(unverified.map(\.rawValue).joined(separator: ",")))"
                case .purpose:
                    "purpose-documented is claimed but no purpose is written (dataset revise id=\(id) purpose=\"…\")"
                case .owner:
                    "analysis-capacity is claimed but no one owns the analysis (dataset revise id=\(id) owner=dtm, partner or joint)"
                }
            }
            return "dataset '\(id)' cannot be agreed yet: \(gaps.joined(separator: "; ")). "
                + "Give \(missing.count == 1 ? "it" : "them"), or agree it anyway with force=yes reason=\"…\""
        }
    }
}
