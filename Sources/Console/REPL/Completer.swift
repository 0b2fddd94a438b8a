import Engagement

/// What Tab offers at the prompt: verbs, the field keys of the verb being typed, and live
/// values from the log (partner, dataset, milestone, action ids, rounds, fixed identifiers,
/// outcome letters, `today`). Pure: the line so far and the model in, candidates out.
struct Completer {
    let model: Model
    /// Words that are not verbs but work at the prompt.
    static let promptWords = ["undo", "quit"]

    /// Candidates for `word`, the last word of `line` (the line up to the cursor).
    func candidates(line: String, word: String) -> [String] {
        let before = line.dropLast(word.count).split(separator: " ").map(String.init)
        let names = CommandCatalog.verbs.map(\.name)
        if before.isEmpty {
            let firsts = Set(names.map { String($0.split(separator: " ")[0]) } + Self.promptWords)
            return firsts.filter { $0.hasPrefix(word) }.sorted()
        }
        if before.count == 1, !word.contains("=") {
            let seconds = names.filter { $0.hasPrefix(before[0] + " ") }.map { String($0.split(separator: " ")[1]) }
            if !seconds.isEmpty {
                let matching = seconds.filter { $0.hasPrefix(word) }.sorted()
                // A one-word verb of the same name takes fields next.
                if CommandCatalog.spec(named: before[0]) == nil || !word.isEmpty { return matching }
            }
        }
        let spec: VerbSpec
        if before.count >= 2, let two = CommandCatalog.spec(named: "\(before[0]) \(before[1])") {
            spec = two
        } else if let one = CommandCatalog.spec(named: before[0]) {
            spec = one
        } else {
            return []
        }
        if let equals = word.firstIndex(of: "=") {
            let key = String(word[..<equals])
            let value = String(word[word.index(after: equals)...])
            guard let field = spec.field(key) else { return [] }
            return values(for: field, typed: value).map { "\(key)=\($0)" }
        }
        let given = Set(before.compactMap { $0.split(separator: "=", maxSplits: 1).first.map(String.init) })
        return spec.fields.filter { !given.contains($0.key) && $0.key.hasPrefix(word) }.map { $0.key + "=" }
    }

    /// Values a field takes that start with `typed`; for lists, after the last comma.
    func values(for field: FieldSpec, typed: String) -> [String] {
        var prefix = ""
        var current = typed
        if case .partners = field.kind, let comma = typed.lastIndex(of: ",") {
            prefix = String(typed[...comma])
            current = String(typed[typed.index(after: comma)...])
        }
        if case .choices = field.kind, let comma = typed.lastIndex(of: ",") {
            prefix = String(typed[...comma])
            current = String(typed[typed.index(after: comma)...])
        }
        return options(for: field).filter { $0.hasPrefix(current) }.map { prefix + $0 }
    }

    /// Every value a field can take, as far as the log knows.
    func options(for field: FieldSpec) -> [String] {
        switch field.kind {
        case .partner, .partners: model.partnerOrder
        case .dataset: model.datasetOrder
        case .milestone: model.milestoneOrder
        case .action: model.actionsInOrder.filter { !$0.done }.map(\.id)
        case .disagreement: model.openDisagreements.map(\.id)
        case .feedback: model.feedbackOrder
        case .round: model.rounds.map { String($0.number) }
        case .number: field.key == "n" ? [String(model.rounds.count + 1)] : []
        case .day: ["today", "yesterday", "tomorrow"]
        case .choice(let values), .choices(let values): values
        case .sequence: model.lastSequence > 0 ? [String(model.lastSequence)] : []
        case .member: model.members.map(\.user)
        case .text, .name, .contact, .user, .slug, .email: []
        }
    }
}
