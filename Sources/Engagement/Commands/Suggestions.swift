/// "Did you mean …?" for mistyped ids, verbs and field names.
package enum Suggestions {
    /// The candidates closest to `word`, nearest first, within a typo's distance.
    /// Only this many characters of a word and of each candidate are compared: a typo is
    /// short, and an enormous word must not cost an enormous search.
    static let compared = 64

    package static func nearest(to word: String, in candidates: some Sequence<String>, limit: Int = 3) -> [String] {
        let target = Array(word.prefix(compared).lowercased())
        let allowed = max(1, min(3, target.count / 3))
        var scored: [(distance: Int, candidate: String)] = []
        for candidate in candidates {
            // A candidate has no more characters than bytes: one far shorter than the word is
            // out of reach before it is lowercased (a long word against 100,000 ids).
            if candidate.utf8.count < target.count - allowed { continue }
            let lowered = Array(candidate.prefix(compared).lowercased())
            let isPrefix = target.count >= 2 && lowered.starts(with: target)
            // Lengths further apart than a typo cannot be within reach: skip the alignment.
            if abs(lowered.count - target.count) > allowed, !isPrefix { continue }
            var distance = editDistance(target, lowered)
            if distance > allowed, isPrefix { distance = allowed }
            if distance <= allowed { scored.append((distance, candidate)) }
        }
        scored.sort { $0.distance != $1.distance ? $0.distance < $1.distance : $0.candidate < $1.candidate }
        return scored.prefix(limit).map(\.candidate)
    }

    /// " — did you mean 'wash'?" or an empty string.
    static func phrase(_ suggestions: [String]) -> String {
        guard !suggestions.isEmpty else { return "" }
        let quoted = suggestions.map { "'\($0)'" }
        let list = quoted.count == 1 ? quoted[0] : quoted.dropLast().joined(separator: ", ") + " or " + quoted.last!
        return " — did you mean \(list)?"
    }

    /// Optimal string alignment distance: Levenshtein plus adjacent transpositions
    /// ("wahs" is one slip away from "wash").
    static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previousPrevious = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    current[j] = min(current[j], previousPrevious[j - 2] + 1)
                }
            }
            (previousPrevious, previous, current) = (previous, current, previousPrevious)
        }
        return previous[b.count]
    }
}
