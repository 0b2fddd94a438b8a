/// Spots text that looks like an individual's protection case.
///
/// DTM does not collect case information (docs/process.md, urgent action): urgent cases are
/// referred, and the log records only that a referral was made. The log is append-only, so
/// text must be stopped before it is written; a retraction would hide it from views, not
/// erase it. Every free-text and name field of every recording verb passes through here
/// (`FieldSpec.Kind.mayHoldCaseDetails`), in English, French, Spanish and Arabic.
///
/// Two kinds of sign are looked for:
/// * **numbers that identify someone**: a phone number (eight or more digits in one run, in
///   any script's digits and with any separators, or seven digits written as words), an ID
///   or case number (a code mixing letters and five or more digits, or three or more digits
///   after "case", "file", "ID", "no.", "#", "dossier", "caso", "رقم", …);
/// * **an incident with a person**: rape, assault, abduction, "survivor", "victim", "case
///   of" (and their French, Spanish and Arabic words) near a name (capitalised, or a common
///   given name in lowercase), a person ("girl", "her", "femme", "niña", "طفلة", …) or an age
///   ("14-year-old", "of 14 years", "14 ans", "14 años", "١٤ سنة"); and an age given for
///   one person ("a girl of 14 years") on its own.
///
/// The work is linear in the text, which a line's length bounds before it gets here.
package enum CaseDetails {
    /// Why `text` looks like case details, or `nil`.
    package static func reason(in text: String) -> String? {
        let scalars = folded(text)
        if containsPhoneNumber(scalars) { return "it holds a phone number" }
        let tokens = Token.split(scalars)
        if containsIDNumber(tokens) { return "it holds an ID or case number" }
        if containsDigitsAsWords(tokens) { return "it holds a phone number written in words" }
        if let word = incidentWithPerson(tokens) { return "'\(word)' next to a name, an age or a person" }
        if containsPersonsAge(tokens) { return "it gives one person's age" }
        return nil
    }

    // MARK: Folding

    /// The text with every decimal digit as its ASCII digit, Latin accents and Arabic
    /// diacritics removed, and Arabic letter variants unified (`أ إ آ` → `ا`,
    /// `ة` → `ه`, `ى` → `ي`), so one word list serves every spelling.
    static func folded(_ text: String) -> [Unicode.Scalar] {
        var out: [Unicode.Scalar] = []
        out.reserveCapacity(text.unicodeScalars.count)
        for scalar in text.unicodeScalars {
            let properties = scalar.properties
            if properties.numericType == .decimal, let value = properties.numericValue, value >= 0, value <= 9 {
                out.append(Unicode.Scalar(UInt8(48 + Int(value))))
                continue
            }
            switch scalar.value {
            case 0x064B...0x0652, 0x0640: continue  // Arabic diacritics and the tatweel
            case 0x0623, 0x0625, 0x0622: out.append("\u{0627}")
            case 0x0629: out.append("\u{0647}")
            case 0x0649: out.append("\u{064A}")
            default:
                if properties.generalCategory == .nonspacingMark { continue }
                out.append(latinBase[scalar] ?? scalar)
            }
        }
        return out
    }

    /// Accented Latin letters as their plain letter, in the same case.
    private static let latinBase: [Unicode.Scalar: Unicode.Scalar] = {
        let groups: [(String, Unicode.Scalar)] = [
            ("àáâãäå", "a"), ("ÀÁÂÃÄÅ", "A"), ("ç", "c"), ("Ç", "C"), ("èéêë", "e"), ("ÈÉÊË", "E"), ("ìíîï", "i"),
            ("ÌÍÎÏ", "I"), ("ñ", "n"), ("Ñ", "N"), ("òóôõö", "o"), ("ÒÓÔÕÖ", "O"), ("ùúûü", "u"), ("ÙÚÛÜ", "U"), ("ýÿ", "y"),
        ]
        var table: [Unicode.Scalar: Unicode.Scalar] = [:]
        for (letters, plain) in groups { for s in letters.unicodeScalars { table[s] = plain } }
        return table
    }()

    static func isDigit(_ s: Unicode.Scalar) -> Bool { s.value >= 48 && s.value <= 57 }

    static func isLetter(_ s: Unicode.Scalar) -> Bool { s.properties.isAlphabetic }

    /// Characters that may sit between the digits of one number: spaces of any width, dashes
    /// of any kind, dots, slashes, brackets, `+`, `_`, `·`, and invisible format characters.
    static func isNumberSeparator(_ s: Unicode.Scalar) -> Bool {
        switch s {
        case ".", "/", "(", ")", "+", "_", "\u{00B7}", "\u{2212}", "'": return true
        default:
            switch s.properties.generalCategory {
            case .spaceSeparator, .dashPunctuation, .format: return true
            default: return s == " " || s == "\t"
            }
        }
    }

    // MARK: Numbers

    /// Eight or more digits in one run of digits and separators, after ISO dates
    /// (`2026-11-20`) are set aside.
    static func containsPhoneNumber(_ folded: [Unicode.Scalar]) -> Bool {
        var scalars = folded
        var i = 0
        while i + 10 <= scalars.count {
            let isDate = (0..<10).allSatisfy { k in
                k == 4 || k == 7 ? scalars[i + k] == "-" : isDigit(scalars[i + k])
            } && (i + 10 == scalars.count || !isDigit(scalars[i + 10])) && (i == 0 || !isDigit(scalars[i - 1]))
            if isDate {
                for k in i..<(i + 10) { scalars[k] = "_" }
                scalars[i + 4] = ","
                i += 10
            } else {
                i += 1
            }
        }
        // Runs of digits and separators, as groups of digits; a run of years only
        // ("2026 2027", "2026-2027") is not a number.
        var groups: [[Unicode.Scalar]] = []
        var group: [Unicode.Scalar] = []
        func endRun() -> Bool {
            if !group.isEmpty { groups.append(group) }
            defer { groups = []; group = [] }
            let digits = groups.reduce(0) { $0 + $1.count }
            let years = groups.allSatisfy { $0.count == 4 && ($0[0] == "1" && $0[1] == "9" || $0[0] == "2" && $0[1] == "0") }
            return digits >= 8 && !years
        }
        for c in scalars {
            if isDigit(c) {
                group.append(c)
            } else if isNumberSeparator(c) {
                if !group.isEmpty { groups.append(group); group = [] }
            } else if endRun() {
                return true
            }
        }
        return endRun()
    }

    /// A code mixing letters with five or more digits (`A1234567`, `123-14C00456`), or a number
    /// of three or more digits just after a word that introduces a case or ID number.
    static func containsIDNumber(_ tokens: [Token]) -> Bool {
        for (index, token) in tokens.enumerated() {
            if token.digits >= 5, token.letters > 0, !token.isAgePhrase { return true }
            guard token.digits >= 3, !token.isYear else { continue }
            if token.startsWithMarker { return true }
            for previous in tokens[max(0, index - 3)..<index] where previous.words.contains(where: idWords.contains) {
                return true
            }
        }
        return false
    }

    static let idWords: Set<String> = [
        "case", "file", "id", "ref", "reference", "registration", "passport", "card", "no", "n", "nº", "ctn",
        "cas", "dossier", "numero", "passeport", "carte", "identite",
        "caso", "expediente", "cedula", "identificacion", "pasaporte", "tarjeta", "documento",
        "رقم", "ملف", "حاله", "هويه", "بطاقه", "جواز",
    ]

    /// Seven or more digits in a row written as words ("zero eight zero three…", "zéro six…",
    /// "cero nueve…", "صفر تسعة…"), digits between them counting one each.
    static func containsDigitsAsWords(_ tokens: [Token]) -> Bool {
        var run = 0
        var written = 0
        for token in tokens {
            var counted = false
            for word in token.words {
                if digitWords.contains(word) || (word.hasPrefix("و") && digitWords.contains(String(word.dropFirst()))) {
                    run += 1
                    written += 1
                    counted = true
                } else {
                    counted = false
                    break
                }
            }
            if token.words.isEmpty, token.digits > 0, token.digits <= 4, token.letters == 0 {
                run += token.digits
                counted = true
            }
            if !counted {
                run = 0
                written = 0
            }
            if run >= 7, written >= 4 { return true }
        }
        return false
    }

    static let digitWords: Set<String> = [
        "zero", "oh", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "double", "triple",
        "un", "deux", "trois", "quatre", "cinq", "sept", "huit", "neuf", "dix", "douze", "trente", "quarante",
        "cinquante", "soixante", "vingt",
        "cero", "uno", "dos", "tres", "cuatro", "cinco", "seis", "siete", "ocho", "nueve",
        "صفر", "واحد", "اثنان", "اثنين", "ثلاثه", "اربعه", "خمسه", "سته", "سبعه", "ثمانيه", "تسعه",
    ]

    // MARK: An incident with a person

    /// The first incident word that has a name, a person or an age near it.
    static func incidentWithPerson(_ tokens: [Token]) -> String? {
        let anyAge = tokens.indices.contains { isAge(at: $0, in: tokens) }
        for (index, token) in tokens.enumerated() {
            for word in token.words {
                guard let incident = incidentWord(word) ?? caseOf(at: index, in: tokens) else { continue }
                // "victim assistance", "survivor-centred", "Survivors Network": a service, not a person.
                let next = word == token.words.last ? (index + 1 < tokens.count ? tokens[index + 1].words.first : nil)
                    : token.words.drop(while: { $0 != word }).dropFirst().first
                if let next, serviceWords.contains(next) { continue }
                if anyAge { return incident }
                let window = tokens[max(0, index - 5)..<min(tokens.count, index + 6)]
                for (offset, near) in zip(window.indices, window) where offset != index {
                    if near.words.contains(where: isPerson) || isName(at: offset, in: tokens) { return incident }
                }
            }
        }
        return nil
    }

    /// Words that make "victim", "survivor" the name of a service or a group.
    static let serviceWords: Set<String> = [
        "assistance", "support", "services", "service", "centred", "centered", "centric", "network", "networks",
        "group", "groups", "association", "associations", "fund", "programme", "program", "programmes", "referral",
        "referrals", "care", "response", "prevention", "sensitive", "friendly", "led", "working", "rights", "data",
        "soutien", "prise", "apoyo", "asistencia", "atencion", "centre", "center",
    ]

    static func incidentWord(_ word: String) -> String? {
        if incidentWords.contains(word) { return word }
        if word.unicodeScalars.first.map({ $0.value >= 0x0600 && $0.value <= 0x06FF }) == true {
            return arabicIncidentStems.first { word.contains($0) }
        }
        return nil
    }

    static let incidentWords: Set<String> = [
        "rape", "raped", "raping", "rapist", "assault", "assaulted", "abduction", "abducted", "abduct", "kidnap",
        "kidnapped", "kidnapping", "survivor", "survivors", "victim", "victims", "defilement", "defiled", "trafficked",
        "viol", "violee", "viole", "violees", "agression", "agressee", "agresse", "enlevement", "enlevee", "enleve",
        "survivante", "survivant", "victime", "victimes",
        "violacion", "violada", "violado", "agresion", "agredida", "agredido", "secuestro", "secuestrada",
        "secuestrado", "sobreviviente", "superviviente", "victima", "victimas",
    ]

    static let arabicIncidentStems = ["اغتصاب", "مغتصب", "اعتداء", "اختطاف", "خطف", "ناجي", "ضحي"]

    /// "case of", "cas de", "caso de", "حالة" (an Arabic word containing it).
    static func caseOf(at index: Int, in tokens: [Token]) -> String? {
        guard let word = tokens[index].words.last else { return nil }
        if word.contains("حاله") { return "حالة" }
        guard index + 1 < tokens.count, let next = tokens[index + 1].words.first else { return nil }
        switch (word, next) {
        case ("case", "of"): return "case of"
        case ("cas", "de"), ("cas", "d"): return "cas de"
        case ("caso", "de"): return "caso de"
        default: return nil
        }
    }

    /// A word for one person: "girl", "her", "femme", "niña", "طفلة", ….
    static func isPerson(_ word: String) -> Bool {
        if personWords.contains(word) { return true }
        if word.unicodeScalars.first.map({ $0.value >= 0x0600 && $0.value <= 0x06FF }) == true {
            return arabicPersonStems.contains { word.contains($0) }
        }
        return false
    }

    static let personWords: Set<String> = [
        "girl", "boy", "woman", "man", "child", "daughter", "son", "wife", "mother", "father", "sister", "brother",
        "widow", "teenager", "minor", "she", "her", "he", "his", "him",
        "fille", "fillette", "garcon", "femme", "homme", "enfant", "mere", "pere", "soeur", "frere", "elle", "veuve",
        "nina", "nino", "mujer", "hombre", "hija", "hijo", "madre", "padre", "ella", "chica", "chico", "viuda",
    ]

    static let arabicPersonStems = ["فتا", "طفل", "امرا", "رجل", "صبي", "بنت", "سيده", "ابن", "زوج", "اسمها", "اسمه"]

    /// A name at `index`: a capitalised word that is not a common word, a common given name
    /// written in lowercase, or the word after "named"/"name is".
    static func isName(at index: Int, in tokens: [Token]) -> Bool {
        let token = tokens[index]
        if token.words.contains(where: givenNames.contains) { return true }
        // A capitalised word after "near", "in", "from", … names a place or an organisation;
        // one followed by another capitalised word is a title ("Victim Assistance Group").
        let after = index > 0 ? tokens[index - 1].words.last : nil
        let titled = index + 1 < tokens.count && tokens[index + 1].isCapitalisedWord
            && !givenNames.contains(tokens[index + 1].words.first ?? "")
        if token.isCapitalisedWord, let word = token.words.first, !notNames.contains(word), incidentWord(word) == nil,
           !isPerson(word), !idWords.contains(word), !serviceWords.contains(word), !titled,
           !(after.map(placeWords.contains) ?? false) {
            return true
        }
        if index > 0, let before = tokens[index - 1].words.last, ["named", "name", "nommee", "nomme", "llamada", "llamado", "اسمها", "اسمه"].contains(before) {
            return true
        }
        if index > 1, tokens[index - 1].words == ["is"], tokens[index - 2].words.last == "name" { return true }
        return false
    }

    /// Words after which a capitalised word is a place or an organisation.
    static let placeWords: Set<String> = [
        "near", "in", "at", "from", "by", "to", "for", "with", "into", "across", "around", "outside", "inside", "via",
        "a", "au", "aux", "en", "dans", "pres", "vers", "chez", "par", "cerca", "hacia", "desde", "por", "con",
    ]

    /// Capitalised words that sit near an incident word without being a name.
    static let notNames: Set<String> = [
        "the", "a", "an", "in", "at", "of", "and", "or", "from", "with", "by", "for", "to", "on", "this", "that", "all",
        "assistance", "support", "protection", "referral", "referrals", "services", "service", "site", "sites", "block",
        "camp", "zone", "round", "cluster", "health", "sexual", "gender", "violence", "prevention", "response", "data",
        "le", "la", "les", "de", "des", "du", "et", "el", "los", "las", "y", "del", "en", "une", "una",
    ]

    /// Common given names of the places DTM works, for names written in lowercase.
    static let givenNames: Set<String> = [
        "amina", "aminata", "fatima", "fatuma", "fatou", "aisha", "aicha", "khadija", "zainab", "zeinab", "mariam",
        "maryam", "halima", "hawa", "salma", "asha", "hodan", "fadumo", "nasra", "amal", "nour", "hajar", "grace",
        "joy", "blessing", "mercy", "esther", "maria", "ana", "carmen", "lucia", "rosa", "paola",
        "mohammed", "mohamed", "muhammad", "ahmed", "ali", "hassan", "hussein", "ibrahim", "yusuf", "musa", "moussa",
        "abdi", "omar", "osman", "abdullahi", "adam", "john", "joseph", "pedro", "juan",
        "فاطمه", "امينه", "عائشه", "خديجه", "زينب", "مريم", "حليمه", "سلمي", "هاجر", "نور",
        "محمد", "احمد", "علي", "حسن", "حسين", "ابراهيم", "يوسف", "موسي", "عمر",
    ]

    // MARK: Ages

    /// An age: a number up to 120 next to "years", "ans", "años", "سنة" (or "year" inside
    /// "14-year-old"), or after "aged", "âgée de", "edad", "عمرها"; or "عمرها" on its own.
    static func isAge(at index: Int, in tokens: [Token]) -> Bool {
        let token = tokens[index]
        if token.isAgePhrase { return true }
        if token.words.contains(where: { $0 == "عمرها" || $0 == "عمره" || $0 == "العمر" }) { return true }
        guard token.words.isEmpty, token.digits >= 1, token.digits <= 3, token.letters == 0 else { return false }
        if index + 1 < tokens.count, let unit = tokens[index + 1].words.first, ageUnits.contains(unit) { return true }
        if index > 0, let before = tokens[index - 1].words.last, ageIntroductions.contains(before) { return true }
        if index > 1, tokens[index - 1].words == ["de"], let before = tokens[index - 2].words.last,
           ageIntroductions.contains(before) {
            return true
        }
        return false
    }

    static let ageUnits: Set<String> = ["year", "years", "yr", "yrs", "ans", "an", "anos", "ano", "سنه", "سنوات", "عاما", "عام", "سنين"]
    static let ageIntroductions: Set<String> = ["aged", "age", "agee", "edad", "عمر", "عمرها", "عمره", "العمر"]

    /// An age given for one person on its own: "a girl of 14 years", "a 14-year-old", "niña
    /// de 12 años".
    static func containsPersonsAge(_ tokens: [Token]) -> Bool {
        for index in tokens.indices where isAge(at: index, in: tokens) {
            if tokens[index].isAgePhrase { return true }
            let window = tokens[max(0, index - 3)..<min(tokens.count, index + 3)]
            if window.contains(where: { $0.words.contains(where: isPerson) }) { return true }
        }
        return false
    }

    // MARK: Tokens

    /// A run of text between spaces (and commas, colons, semicolons), with its words and the
    /// digits and letters it holds.
    struct Token {
        /// The folded words (letters only) the token holds, in order.
        var words: [String] = []
        var digits = 0
        var letters = 0
        /// Starts with `#` or `№` (`#2026-0042`).
        var startsWithMarker = false
        /// Written with a capital first letter and lowercase after it (`Halima`), before folding.
        var isCapitalisedWord = false
        /// A number joined to "year" (`14-year-old`, `14yrs`).
        var isAgePhrase = false
        /// Exactly four digits, 19xx or 20xx.
        var isYear = false

        static func split(_ scalars: [Unicode.Scalar]) -> [Token] {
            var tokens: [Token] = []
            var current: [Unicode.Scalar] = []
            func flush() {
                if !current.isEmpty { tokens.append(Token(current)) }
                current.removeAll(keepingCapacity: true)
            }
            for s in scalars {
                if s == " " || s == "," || s == ";" || s == ":" || s == "\u{060C}" || s == "\u{061B}"
                    || s.properties.generalCategory == .spaceSeparator || s == "\n" || s == "\t" {
                    flush()
                } else {
                    current.append(s)
                }
            }
            flush()
            return tokens
        }

        init(_ scalars: [Unicode.Scalar]) {
            var word = String.UnicodeScalarView()
            var digitText = ""
            for s in scalars {
                if CaseDetails.isLetter(s) {
                    word.append(s)
                    letters += 1
                } else {
                    if !word.isEmpty { words.append(String(word)); word = String.UnicodeScalarView() }
                    if CaseDetails.isDigit(s) {
                        digits += 1
                        digitText.unicodeScalars.append(s)
                    }
                }
            }
            if !word.isEmpty { words.append(String(word)) }
            if let first = words.first?.unicodeScalars, let initial = first.first, initial.properties.isUppercase,
               first.count >= 2, first.dropFirst().allSatisfy({ $0.properties.isLowercase }) {
                isCapitalisedWord = true
            }
            words = words.map { $0.lowercased() }
            startsWithMarker = scalars.first == "#" || scalars.first == "\u{2116}"
            isYear = digits == 4 && letters == 0 && (digitText.hasPrefix("19") || digitText.hasPrefix("20"))
            isAgePhrase = digits >= 1 && digits <= 3 && words.contains { $0 == "year" || $0 == "yr" || $0 == "yrs" || $0 == "years" }
        }
    }
}
