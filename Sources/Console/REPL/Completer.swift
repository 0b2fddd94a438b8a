import Engagement

/// What Tab offers at the prompt: verbs, the field keys of the verb being typed, and live
/// values from the log (partner, dataset, milestone, action ids, rounds, contacts, members,
/// fixed identifiers, outcome letters, `today`). Pure: the line so far and the model in,
/// candidates out.
///
/// It follows the reading rule of every view: only verbs the actor may run
/// (`Access.mayRun`), and only values from the state as the actor may read it
/// (`Access.view`), so Tab never shows a partner member a contact, another partner's
/// feedback or, through a verb it may not run, the members.
struct Completer {
    /// The log's state as the actor may read it.
    let model: Model
    /// The log's whole state, to judge what the actor may run.
    let whole: Model
    let actor: String
    /// Words that are not verbs but work at the prompt.
    static let promptWords = ["undo", "quit"]

    init(model: Model, actor: String, today: Day) {
        whole = model
        self.actor = actor
        self.model = Access.view(of: model, for: actor, on: today)
    }

    /// The verbs the actor may run.
    var verbs: [String] {
        CommandCatalog.verbs.map(\.name).filter { Access.mayRun($0, by: actor, in: whole) }
    }

    /// Candidates for `word`, the last word of `line` (the line up to the cursor).
    func candidates(line: String, word: String) -> [String] {
        let before = line.dropLast(word.count).split(separator: " ").map(String.init)
        let names = verbs
        if before.isEmpty {
            let firsts = Set(names.map { String($0.split(separator: " ")[0]) } + Self.promptWords)
            return firsts.filter { $0.hasPrefix(word) }.sorted()
        }
        if before.count == 1, !word.contains("=") {
            let seconds = names.filter { $0.hasPrefix(before[0] + " ") }.map { String($0.split(separator: " ")[1]) }
            if !seconds.isEmpty {
                let matching = seconds.filter { $0.hasPrefix(word) }.sorted()
                // A one-word verb of the same name takes fields next.
                if !names.contains(before[0]) || !word.isEmpty { return matching }
            }
        }
        let spec: VerbSpec
        if before.count >= 2, names.contains("\(before[0]) \(before[1])"), let two = CommandCatalog.spec(named: "\(before[0]) \(before[1])") {
            spec = two
        } else if names.contains(before[0]), let one = CommandCatalog.spec(named: before[0]) {
            spec = one
        } else {
            return []
        }
        if let equals = word.firstIndex(of: "=") {
            let key = String(word[..<equals])
            let value = String(word[word.index(after: equals)...])
            guard let field = spec.field(key) else { return [] }
            return values(for: field, typed: value, verb: spec.name, line: before).map { "\(key)=\($0)" }
        }
        let given = Set(before.compactMap { $0.split(separator: "=", maxSplits: 1).first.map(String.init) })
        return spec.fields.filter { !given.contains($0.key) && $0.key.hasPrefix(word) }.map { $0.key + "=" }
    }

    /// Values a field takes that start with `typed`; for lists, after the last comma.
    /// `verb` and the words already typed narrow them (a partner member's own partner, the
    /// contacts of the partner named on the line).
    func values(for field: FieldSpec, typed: String, verb: String? = nil, line: [String] = []) -> [String] {
        var prefix = ""
        var current = typed
        if case .partners = field.kind, let comma = typed.lastIndex(of: ",") {
            prefix = String(typed[...comma])
            current = String(typed[typed.index(after: comma)...])
        }
        if case .datasets = field.kind, let comma = typed.lastIndex(of: ",") {
            prefix = String(typed[...comma])
            current = String(typed[typed.index(after: comma)...])
        }
        if case .choices = field.kind, let comma = typed.lastIndex(of: ",") {
            prefix = String(typed[...comma])
            current = String(typed[typed.index(after: comma)...])
        }
        return options(for: field, verb: verb, line: line).filter { $0.hasPrefix(current) }.map { prefix + $0 }
    }

    /// Every value a field can take, as far as the actor may read the log.
    func options(for field: FieldSpec, verb: String? = nil, line: [String] = []) -> [String] {
        if let verb, let own = Access.defaults(for: actor, in: whole)[verb]?[field.key] { return [own] }
        switch field.kind {
        case .partner, .partners: return model.partnerOrder
        case .dataset, .datasets: return model.datasetOrder
        case .milestone: return model.milestoneOrder
        case .action: return model.actionsInOrder.filter { !$0.done }.map(\.id)
        case .disagreement: return model.openDisagreements.map(\.id)
        case .feedback: return model.feedbackOrder
        case .round: return model.rounds.map { String($0.number) }
        case .number: return field.key == "n" ? [String(model.rounds.count + 1)] : []
        case .day: return ["today", "yesterday", "tomorrow"]
        case .choice(let values), .choices(let values): return values
        case .sequence: return model.lastSequence > 0 ? [String(model.lastSequence)] : []
        case .member: return model.members.map(\.user)
        case .contact:
            let partner = line.first { $0.hasPrefix("partner=") }.map { String($0.dropFirst("partner=".count)) }
            let partners = partner.flatMap { model.partners[$0] }.map { [$0] } ?? Array(model.partners.values)
            return partners.flatMap(\.contacts).map { ParsedLine.quote($0.name) }
        case .text, .name, .user, .slug, .email: return []
        }
    }
}
