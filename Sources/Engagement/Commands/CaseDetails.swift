/// Spots free text that looks like an individual's protection case.
///
/// DTM does not collect case information (docs/process.md, urgent action): urgent cases are referred, and
/// the log records only that a referral was made. The log is append-only, so text must be
/// stopped before it is written; a retraction would hide it from views, not erase it.
package enum CaseDetails {
    /// Why `text` looks like case details, or `nil`.
    package static func reason(in text: String) -> String? {
        if containsPhoneNumber(text) { return "it holds a phone number" }
        if let word = namedPerson(text) { return "'\(word)' followed by a name" }
        return nil
    }

    /// Nine or more digits in one run of digits, spaces, dots, dashes and brackets (a
    /// leading `+` included), after dates (`2026-11-20`) are set aside.
    static func containsPhoneNumber(_ text: String) -> Bool {
        var scalars = Array(text.unicodeScalars)
        // Blank out dates so that "2026-11-20 2026-12-01" is not read as a number.
        var i = 0
        while i + 10 <= scalars.count {
            let slice = scalars[i..<(i + 10)]
            let isDate = slice.enumerated().allSatisfy { k, c in
                k == 4 || k == 7 ? c == "-" : c.properties.numericType == .decimal && c.isASCII
            }
            if isDate {
                for k in i..<(i + 10) { scalars[k] = "_" }
                i += 10
            } else {
                i += 1
            }
        }
        var digits = 0
        for c in scalars {
            if c.isASCII, c.properties.numericType == .decimal {
                digits += 1
                if digits >= 9 { return true }
            } else if c == " " || c == "-" || c == "." || c == "(" || c == ")" || c == "+" || c == "/" {
                continue
            } else {
                digits = 0
            }
        }
        return false
    }

    static let caseWords: Set<String> = ["survivor", "survivors", "victim", "victims", "victim's", "survivor's"]

    /// "survivor", "victim" followed, within three words, by a capitalised word (a name).
    static func namedPerson(_ text: String) -> String? {
        let words = text.split(whereSeparator: { $0.isWhitespace || $0 == "," || $0 == ":" || $0 == ";" }).map(String.init)
        for (index, word) in words.enumerated() {
            let lowered = word.lowercased().trimmingCharacters(in: ".!?\"()")
            guard caseWords.contains(lowered) else { continue }
            for next in words.dropFirst(index + 1).prefix(3) {
                let bare = next.trimmingCharacters(in: ".!?\"()")
                if let first = bare.first, first.isUppercase, bare.count >= 2, bare.dropFirst().allSatisfy(\.isLetter),
                   !notNames.contains(bare) {
                    return lowered
                }
            }
        }
        return nil
    }

    /// Capitalised words that follow "victim" without being a name.
    static let notNames: Set<String> = ["The", "A", "An", "In", "At", "Of", "And", "Or", "From", "With", "By", "For", "To",
                                        "Assistance", "Support", "Protection", "Referral", "Services", "DTM", "GBV", "CP", "IDP", "IDPs"]
}

extension String {
    func trimmingCharacters(in set: String) -> String {
        var s = Substring(self)
        while let f = s.first, set.contains(f) { s = s.dropFirst() }
        while let l = s.last, set.contains(l) { s = s.dropLast() }
        return String(s)
    }
}
