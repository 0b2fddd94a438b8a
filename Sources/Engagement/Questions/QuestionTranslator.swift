import EventLog

/// A question in words, translated into exactly one command of the language, or refused.
///
/// It lives in the domain because it is pure and knows the language: the verbs and their
/// filters, the fixed identifiers, and the names the log gives partners, owners and
/// sectors (its `Vocabulary`). It reads no clock: "last month" is judged from the `today`
/// it is given. Every word of a question must be understood (as a subject, a filter, a
/// period, or a word that carries no meaning here, like "show me the"); a word it cannot
/// place makes it refuse rather than answer a broader question than the one asked.
package struct QuestionTranslator: Sendable {
    /// The names a question may use, taken from the log.
    package struct Vocabulary: Equatable, Sendable {
        package struct Named: Equatable, Sendable {
            package var id: String
            package var name: String

            package init(id: String, name: String) {
                self.id = id
                self.name = name
            }
        }

        package var partners: [Named]
        package var owners: [String]
        package var sectors: [String]
        package var datasets: [String]
        package var feedback: [String]

        package init(partners: [Named] = [], owners: [String] = [], sectors: [String] = [], datasets: [String] = [],
                     feedback: [String] = []) {
            self.partners = partners
            self.owners = owners
            self.sectors = sectors
            self.datasets = datasets
            self.feedback = feedback
        }

        /// The names in `model` (narrowed to what the reader sees).
        package init(_ model: Model) {
            var owners: [String] = []
            var sectors: [String] = []
            for action in model.actionsInOrder where !owners.contains(action.owner.lowercased()) { owners.append(action.owner.lowercased()) }
            for dataset in model.datasetsInOrder where !sectors.contains(dataset.sector.lowercased()) { sectors.append(dataset.sector.lowercased()) }
            self.init(partners: model.partnersInOrder.map { Named(id: $0.id, name: $0.name) }, owners: owners, sectors: sectors,
                      datasets: model.datasetOrder, feedback: model.feedbackOrder)
        }
    }

    /// What a question becomes.
    package enum Translation: Equatable, Sendable {
        /// The one command that answers it exactly.
        case command(String)
        /// It cannot be answered exactly; questions or commands that can.
        case cannot(suggestions: [String])
    }

    package var vocabulary: Vocabulary
    package var today: Day

    package init(vocabulary: Vocabulary, today: Day) {
        self.vocabulary = vocabulary
        self.today = today
    }

    // MARK: Is it a question?

    /// Words a question starts with (none of them is a verb of the language).
    static let openers: Set<String> = [
        "who", "whom", "whose", "what", "which", "when", "where", "how", "any", "anything", "show", "list", "is", "are", "was",
        "were", "do", "does", "did", "has", "have", "give", "tell", "find", "count", "should", "can", "could", "were", "our",
    ]

    /// Whether `line` is a question rather than a command: a line with no `key=value`
    /// field that ends with '?', or that starts with a question word ("which …") or a
    /// subject that is not a verb ("meetings in october").
    package static func isQuestion(_ line: String) -> Bool {
        let words = line.lowercased().split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        guard let first = words.first, !line.contains("=") else { return false }
        if line.trimmingWhitespace().hasSuffix("?") { return true }
        if CommandCatalog.command(for: words) != nil { return false }
        let head = first.replacing("’", with: "'").split(separator: "'").first.map(String.init) ?? first
        return openers.contains(head) || keywords[head] != nil
    }

    // MARK: Translating

    /// What one word of a question contributes.
    enum Clue: Equatable {
        case subject(Subject)
        case negation
        case mou
        case mouState(MoUState)
        /// "met", "meet": a meeting, or whether a partner was met.
        case met
        case actionStatus(ActionState)
        case feedbackStatus(FeedbackState)
        /// "reply", "answer": feedback, and what it awaits.
        case reply
        case datasetStatus(Model.DatasetStatus)
        case dissemination(Dissemination)
        case category(PartnerCategory)
        case level(UseLevel)
        case kind(MeetingKind)
        case topic(FeedbackTopic)
        case partner(String)
        case owner(String)
        case sector(String)
        case dataset(String)
        case feedbackID(String)
        case sequence(Int)
        /// A word that carries no meaning here ("show", "me", "the", "how many").
        case filler
    }

    enum Subject: Equatable {
        case plan, dap, partners, contacts, meetings, actions, decisions, datasets, feedback, log, overdue, unused, sharing, schedule, members
    }

    package func translate(_ question: String) -> Translation {
        var words = Self.words(question)
        guard !words.isEmpty else { return .cannot(suggestions: Self.general) }
        var clues: [Clue] = []
        var days: DayRange?
        // Periods first: they are phrases ("last month", "since monday", "in october").
        if let (range, rest) = period(in: words) {
            days = range
            words = rest
        } else if words.contains(where: { ["since", "until", "before", "after", "during"].contains($0) }) {
            return .cannot(suggestions: Self.periodHelp)
        }
        var index = 0
        // The question word that opens a question asks; it never names a partner or an owner
        // ("who did we meet?", beside a partner whose id is `who`).
        if Self.questionWords.contains(words[0]) {
            let opensAPhrase: Bool = switch phrase(at: 0, in: words)?.0 {
            case .none, .partner: false
            default: true
            }
            if !opensAPhrase { index = 1 }
        }
        while index < words.count {
            if let (clue, length) = phrase(at: index, in: words) {
                clues.append(clue)
                index += length
                continue
            }
            guard let clue = clue(for: words[index], next: index + 1 < words.count ? words[index + 1] : nil) else {
                return .cannot(suggestions: suggestions(for: clues))
            }
            clues.append(clue)
            index += 1
        }
        return build(clues.filter { $0 != .filler }, days: days)
    }

    /// Lower-case words without punctuation, contractions opened ("what's" → "what is",
    /// "haven't" → "have not"), possessives dropped ("amina's" → "amina").
    static func words(_ text: String) -> [String] {
        var out: [String] = []
        let cleaned = text.lowercased().replacing("’", with: "'")
        for raw in cleaned.split(whereSeparator: { $0.isWhitespace || $0 == "," || $0 == "?" || $0 == "!" || $0 == ";" || $0 == ":" }) {
            var word = String(raw)
            while let last = word.last, ".\"()".contains(last) { word.removeLast() }
            while let first = word.first, "\"(".contains(first) { word.removeFirst() }
            if word.isEmpty { continue }
            if word.hasSuffix("n't") {
                let stem = String(word.dropLast(3))
                out.append(stem == "wo" ? "will" : (stem == "ca" ? "can" : stem))
                out.append("not")
                continue
            }
            if word.hasSuffix("'s") {
                out.append(String(word.dropLast(2)))
                if ["what", "who", "where", "how", "that", "there", "it"].contains(out.last!) { out.append("is") }
                continue
            }
            if word.hasSuffix("'ve") || word.hasSuffix("'re") || word.hasSuffix("'ll") || word.hasSuffix("'d") {
                out.append(String(word.prefix(while: { $0 != "'" })))
                continue
            }
            if word.hasSuffix("s'") { word.removeLast() }
            out.append(word)
        }
        return out
    }

    // MARK: Words

    static let questionWords: Set<String> = ["who", "what", "which", "how", "where", "when", "whom", "whose"]

    static let fillers: Set<String> = [
        "a", "an", "the", "me", "us", "we", "our", "i", "you", "my", "your", "show", "list", "give", "tell", "display", "find", "get",
        "see", "view", "what", "which", "who", "whom", "whose", "is", "are", "was", "were", "be", "been", "being", "do", "does", "did",
        "have", "has", "had", "any", "all", "every", "there", "still", "currently", "now", "please", "can", "could", "would", "will",
        "should", "from", "by", "of", "for", "with", "to", "in", "on", "at", "about", "so", "far", "and", "or", "that", "those",
        "these", "them", "they", "it", "its", "their", "how", "many", "much", "number", "count", "total", "some", "yet", "ones",
        "one", "up", "already", "ever", "just", "where", "when", "anything", "things", "thing", "items", "item", "else", "need",
        "needs", "know", "let", "want", "like", "ok", "hi", "hey", "right", "whole", "full", "overview", "detail", "details",
        "info", "current", "each", "been", "go", "doing", "having", "held", "had", "stand", "re", "ve", "ll", "d", "got",
        "whether", "if", "this", "here", "there", "recorded", "made", "take", "taken", "gave", "given", "sent", "received",
        "came", "come", "hold", "send", "look", "looks", "looking", "people", "everything", "everyone", "anyone", "someone", "table", "please",
    ]

    /// Words that name a subject, a status or a category. Ambiguous words are settled in `build`.
    static let keywords: [String: Clue] = {
        var k: [String: Clue] = [:]
        for w in ["partner", "partners", "organisation", "organisations", "organization", "organizations", "org", "orgs", "agencies", "users"] {
            k[w] = .subject(.partners)
        }
        for w in ["contact", "contacts", "focal", "point", "points", "person", "persons"] { k[w] = .subject(.contacts) }
        for w in ["meeting", "meetings"] { k[w] = .subject(.meetings) }
        for w in ["met", "meet"] { k[w] = .met }
        for w in ["action", "actions", "task", "tasks", "todo", "todos", "follow-up", "follow-ups", "followup", "followups"] {
            k[w] = .subject(.actions)
        }
        for w in ["decision", "decisions", "decided", "decide"] { k[w] = .subject(.decisions) }
        for w in ["dataset", "datasets", "indicator", "indicators", "data"] { k[w] = .subject(.datasets) }
        for w in ["feedback", "feedbacks", "complaint", "complaints", "complain", "complained", "comment", "comments"] { k[w] = .subject(.feedback) }
        for w in ["log", "event", "events", "changed", "change", "changes", "happened", "happen", "new", "activity", "history"] {
            k[w] = .subject(.log)
        }
        for w in ["plan", "status", "phase", "summary", "attention", "outstanding", "progress", "state", "situation"] {
            k[w] = .subject(.plan)
        }
        for w in ["dap"] { k[w] = .subject(.dap) }
        for w in ["overdue", "late", "behind", "missed"] { k[w] = .subject(.overdue) }
        for w in ["drop", "dropping", "unused", "cut", "stop", "useless"] { k[w] = .subject(.unused) }
        for w in ["sharing", "shared", "share", "violation", "violations", "breach", "breaches", "leak", "leaks"] {
            k[w] = .subject(.sharing)
        }
        for w in ["notify", "notified", "notifying", "told", "inform", "informed", "schedule", "moved", "milestone",
                  "milestones", "deadline", "deadlines"] {
            k[w] = .subject(.schedule)
        }
        for w in ["member", "members", "role", "roles"] { k[w] = .subject(.members) }
        for w in ["not", "no", "never", "without", "none", "nobody", "unmet", "haven", "hasn"] { k[w] = .negation }
        for w in ["mou", "mous", "agreement", "agreements", "memorandum"] { k[w] = .mou }
        k["expired"] = .mouState(.expired)
        k["lapsed"] = .mouState(.expired)
        k["ended"] = .mouState(.ended)
        k["terminated"] = .mouState(.ended)
        k["signed"] = .mouState(.inForce)
        k["valid"] = .mouState(.inForce)
        for w in ["open", "pending", "unfinished"] { k[w] = .actionStatus(.open) }
        for w in ["done", "completed", "finished", "closed", "complete"] { k[w] = .actionStatus(.done) }
        for w in ["awaiting", "awaits", "await", "waiting", "waits", "unanswered"] { k[w] = .feedbackStatus(.awaiting) }
        for w in ["answered", "replied", "addressed", "responded"] { k[w] = .feedbackStatus(.answered) }
        for w in ["reply", "replies", "answer", "answers", "response", "responses", "respond"] { k[w] = .reply }
        k["proposed"] = .datasetStatus(.proposed)
        k["agreed"] = .datasetStatus(.agreed)
        k["kept"] = .datasetStatus(.kept)
        k["dropped"] = .datasetStatus(.dropped)
        k["public"] = .dissemination(.public)
        k["confidential"] = .dissemination(.confidential)
        k["urgent-action"] = .dissemination(.urgentAction)
        for c in PartnerCategory.allCases { k[c.rawValue] = .category(c); k[c.rawValue + "s"] = .category(c) }
        k["clusters"] = .category(.cluster)
        k["ngos"] = .category(.ngo)
        k["governments"] = .category(.government)
        k["un"] = .category(.unAgency)
        for l in UseLevel.allCases { k[l.rawValue] = .level(l) }
        for kind in MeetingKind.allCases { k[kind.rawValue] = .kind(kind) }
        k["workshops"] = .kind(.workshop)
        k["methodology"] = .topic(.methodology)
        k["resources"] = .topic(.resources)
        k["report"] = .topic(.report)
        k["reports"] = .topic(.report)
        k["process"] = .topic(.process)
        for w in ["how", "many"] { k[w] = .filler }
        return k
    }()

    /// Phrases of several words, and how many words each takes.
    func phrase(at i: Int, in words: [String]) -> (Clue, Int)? {
        func starts(_ phrase: String) -> Bool {
            let parts = phrase.split(separator: " ").map(String.init)
            return i + parts.count <= words.count && Array(words[i..<(i + parts.count)]) == parts
        }
        for (text, clue) in [("data analysis plan", Clue.subject(.dap)), ("analysis plan", .subject(.dap)),
                             ("in force", .mouState(.inForce)), ("urgent action", .dissemination(.urgentAction)),
                             ("un agency", .category(.unAgency)), ("un agencies", .category(.unAgency)),
                             ("inter sectoral", .kind(.interSectoral)), ("where are we", .subject(.plan)),
                             ("going on", .subject(.plan)), ("to do", .subject(.actions)),
                             // "problems" alone could be anything; with sharing it is the sharing view.
                             ("sharing problems", .subject(.sharing)), ("sharing problem", .subject(.sharing)),
                             ("problems with sharing", .subject(.sharing)),
                             ("nobody uses", .subject(.unused)), ("nobody use", .subject(.unused)),
                             ("no one uses", .subject(.unused)), ("not used", .subject(.unused)),
                             // Partners who have not replied to a request: their information needs are overdue.
                             ("who has not replied", .subject(.overdue)), ("who have not replied", .subject(.overdue)),
                             ("who did not reply", .subject(.overdue)), ("who has not answered", .subject(.overdue))] where starts(text) {
            return (clue, text.split(separator: " ").count)
        }
        // A partner by its name ("wash cluster", "unicef").
        for partner in vocabulary.partners.sorted(by: { $0.name.count > $1.name.count }) {
            let name = Self.words(partner.name)
            if !name.isEmpty, i + name.count <= words.count, Array(words[i..<(i + name.count)]) == name {
                return (.partner(partner.id), name.count)
            }
        }
        return nil
    }

    func clue(for word: String, next: String?) -> Clue? {
        if vocabulary.partners.contains(where: { $0.id == word }) { return .partner(word) }
        if vocabulary.datasets.contains(word), !Self.keywords.keys.contains(word) { return .dataset(word) }
        if vocabulary.feedback.contains(word) { return .feedbackID(word) }
        if let clue = Self.keywords[word] { return clue }
        if vocabulary.owners.contains(word) { return .owner(word) }
        if vocabulary.sectors.contains(word) { return .sector(word) }
        if Self.fillers.contains(word) { return .filler }
        let digits = word.hasPrefix("#") ? String(word.dropFirst()) : word
        if let n = Int(digits), n >= 1 { return .sequence(n) }
        return nil
    }

    // MARK: Periods

    static let months = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
                         "november", "december"]
    static let weekdays = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]

    /// The first period phrase in `words`, and the words without it.
    func period(in words: [String]) -> (DayRange, [String])? {
        for start in words.indices {
            for length in (1...min(4, words.count - start)).reversed() {
                if let range = period(Array(words[start..<(start + length)])) {
                    return (range, Array(words[..<start] + words[(start + length)...]))
                }
            }
        }
        return nil
    }

    func period(_ w: [String]) -> DayRange? {
        let (year, month, _) = Timestamp.civilFromDays(today.daysSinceEpoch)
        func monthRange(_ y: Int, _ m: Int) -> DayRange {
            let first = Day(daysSinceEpoch: Timestamp.daysFromCivil(year: y, month: m, day: 1))
            return DayRange(since: first, until: first.adding(days: Timestamp.daysIn(month: m, year: y) - 1))
        }
        /// The most recent `m` not after this month.
        func recent(_ m: Int) -> DayRange { monthRange(m <= month ? year : year - 1, m) }
        let monday = today.adding(days: -Int((today.daysSinceEpoch + 3) % 7))
        func day(_ text: String) -> Day? {
            if let index = Self.weekdays.firstIndex(of: text) {
                // The most recent such day, today included.
                let back = (Int((today.daysSinceEpoch + 3) % 7) - index + 7) % 7
                return today.adding(days: -back)
            }
            return Day.typed(text, today: today)
        }
        switch w {
        case ["today"]: return DayRange(since: today, until: today)
        case ["yesterday"]: return DayRange(since: today.adding(days: -1), until: today.adding(days: -1))
        case ["this", "week"]: return DayRange(since: monday, until: monday.adding(days: 6))
        case ["last", "week"], ["previous", "week"]: return DayRange(since: monday.adding(days: -7), until: monday.adding(days: -1))
        case ["this", "month"]: return monthRange(year, month)
        case ["last", "month"], ["previous", "month"]: return month == 1 ? monthRange(year - 1, 12) : monthRange(year, month - 1)
        case ["this", "year"]:
            return DayRange(since: Day(daysSinceEpoch: Timestamp.daysFromCivil(year: year, month: 1, day: 1)),
                            until: Day(daysSinceEpoch: Timestamp.daysFromCivil(year: year, month: 12, day: 31)))
        default: break
        }
        // "in the last 30 days", "over the past 7 days", "last 30 days"
        if w.count >= 3, ["last", "past"].contains(w[w.count - 3]), let n = Int(w[w.count - 2]), (1...3660).contains(n),
           ["days", "day"].contains(w[w.count - 1]), w.count == 3 || (w.count == 4 && ["in", "over", "the"].contains(w[0])) {
            return DayRange(since: today.adding(days: -n), until: nil)
        }
        // A year is four digits, as in every date typed ("in october 2026"); anything else is
        // not a period (and a huge number must not overflow the calendar).
        let explicitYear = w.count == 3 && w[2].count == 4 ? Int(w[2]).flatMap { (1...9999).contains($0) ? $0 : nil } : nil
        guard w.count == 2 || explicitYear != nil else { return nil }
        if let m = Self.months.firstIndex(of: w[1]).map({ $0 + 1 }) {
            let range = explicitYear.map { monthRange($0, m) } ?? recent(m)
            switch w[0] {
            case "in", "during": return range
            case "since": return DayRange(since: range.since, until: nil)
            case "before": return DayRange(since: nil, until: range.since?.adding(days: -1))
            case "after": return DayRange(since: range.until?.adding(days: 1), until: nil)
            default: return nil
            }
        }
        guard w.count == 2, let d = day(w[1]) else { return nil }
        switch w[0] {
        case "since": return DayRange(since: d, until: nil)
        case "until": return DayRange(since: nil, until: d)
        case "before": return DayRange(since: nil, until: d.adding(days: -1))
        case "after": return DayRange(since: d.adding(days: 1), until: nil)
        case "on": return DayRange(since: d, until: d)
        default: return nil
        }
    }

    // MARK: Building the command

    func build(_ clues: [Clue], days: DayRange?) -> Translation {
        var subjects: [Subject] = []
        var negated = false
        var partner: String?
        var mou: MoUState?
        var mentionsMoU = false
        var met = false
        var actionStatus: ActionState?
        var feedbackStatus: FeedbackState?
        var reply = false
        var datasetStatus: Model.DatasetStatus?
        var dissemination: Dissemination?
        var category: PartnerCategory?
        var level: UseLevel?
        var kind: MeetingKind?
        var topic: FeedbackTopic?
        var owner: String?
        var sector: String?
        var dataset: String?
        var feedbackID: String?
        var sequence: Int?
        func setOnce<T: Equatable>(_ slot: inout T?, _ value: T) -> Bool {
            if let old = slot, old != value { return false }
            slot = value
            return true
        }
        for clue in clues {
            var fits = true
            switch clue {
            case .subject(let s): if !subjects.contains(s) { subjects.append(s) }
            case .negation: negated = true
            case .mou: mentionsMoU = true
            case .mouState(let s): fits = setOnce(&mou, s)
            case .met: met = true
            case .actionStatus(let s): fits = setOnce(&actionStatus, s)
            case .feedbackStatus(let s): fits = setOnce(&feedbackStatus, s)
            case .reply: reply = true
            case .datasetStatus(let s): fits = setOnce(&datasetStatus, s)
            case .dissemination(let d): fits = setOnce(&dissemination, d)
            case .category(let c): fits = setOnce(&category, c)
            case .level(let l): fits = setOnce(&level, l)
            case .kind(let k): fits = setOnce(&kind, k)
            case .topic(let t): fits = setOnce(&topic, t)
            case .partner(let p): fits = setOnce(&partner, p)
            case .owner(let o): fits = setOnce(&owner, o)
            case .sector(let s): fits = setOnce(&sector, s)
            case .dataset(let d): fits = setOnce(&dataset, d)
            case .feedbackID(let f): fits = setOnce(&feedbackID, f)
            case .sequence(let n): fits = setOnce(&sequence, n)
            case .filler: break
            }
            // Two different values for one filter ("wash and unicef"): no single command answers that.
            if !fits { return .cannot(suggestions: suggestions(for: clues)) }
        }
        // Settle the ambiguous words by what else the question holds.
        if subjects.contains(.feedback), subjects.contains(.datasets) {
            subjects.removeAll { $0 == .datasets }
            guard setOnce(&topic, .dataset) else { return .cannot(suggestions: Self.feedbackHelp) }
        }
        if reply || feedbackStatus != nil, !subjects.contains(.feedback), subjects.allSatisfy({ $0 == .overdue || $0 == .partners }) {
            // "what awaits a reply", "who is waiting for an answer": feedback.
            subjects = [.feedback]
        }
        if mentionsMoU, negated, dissemination != nil, dissemination != .public {
            // "who got confidential data without an MoU": the sharing view.
            subjects = [.sharing]
        }
        if subjects.contains(.sharing) {
            // The sharing view is about MoUs and confidential data: those words belong to it.
            if mentionsMoU || dissemination != nil { mentionsMoU = false; dissemination = nil; negated = false }
            if subjects.contains(.partners) { subjects.removeAll { $0 == .partners } }
        }
        if subjects.contains(.schedule) {
            // "who has not been notified": the schedule view lists exactly those.
            negated = false
            subjects.removeAll { $0 == .partners }
        }
        if subjects.contains(.unused) {
            negated = false
            subjects.removeAll { $0 == .datasets }
            if actionStatus != nil || datasetStatus == .dropped { return .cannot(suggestions: ["unused", "dataset list status=dropped"]) }
        }
        if mentionsMoU {
            if mou == nil { mou = negated ? MoUState.none : .inForce } else if negated { return .cannot(suggestions: Self.partnerHelp) }
            negated = false
            if subjects.isEmpty || subjects == [.sharing] { subjects = [.partners] }
        } else if mou != nil, !subjects.contains(.partners) {
            // "expired", "signed" without "MoU" mean other things.
            return .cannot(suggestions: Self.partnerHelp)
        }
        if met {
            if negated {
                // "who have we not met", "partners not met yet"
                guard days == nil, kind == nil, partner == nil else { return .cannot(suggestions: Self.meetingHelp) }
                subjects.removeAll { $0 == .partners || $0 == .meetings }
                guard subjects.isEmpty else { return .cannot(suggestions: Self.meetingHelp) }
                subjects = [.partners]
                negated = false
                return command("partner list", [("category", category?.rawValue), ("level", level?.rawValue), ("mou", mou?.rawValue),
                                                ("met", "no")], unused: anyOf(actionStatus, feedbackStatus, datasetStatus, dissemination, topic, owner,
                                                                             sector, dataset, feedbackID, sequence))
            }
            if days != nil || kind != nil || partner != nil || subjects.contains(.meetings) {
                subjects.removeAll { $0 == .partners }
                if !subjects.contains(.meetings) { subjects.append(.meetings) }
            } else {
                subjects.removeAll { $0 == .meetings }
                if !subjects.contains(.partners) { subjects.append(.partners) }
                return command("partner list", [("category", category?.rawValue), ("level", level?.rawValue), ("mou", mou?.rawValue),
                                                ("met", "yes")], unused: anyOf(actionStatus, feedbackStatus, datasetStatus, dissemination, topic, owner,
                                                                              sector, dataset, feedbackID, sequence) || subjects.count > 1)
            }
        }
        if subjects.contains(.overdue), subjects.contains(.actions) {
            subjects.removeAll { $0 == .overdue }
            guard setOnce(&actionStatus, .overdue) else { return .cannot(suggestions: Self.actionHelp) }
        }
        if subjects.contains(.plan), subjects.contains(.dap) { subjects.removeAll { $0 == .plan } }
        if subjects.contains(.plan), subjects.contains(.datasets) {
            // "the plan's datasets", "data plan": the Data Analysis Plan.
            subjects = subjects.filter { $0 != .plan && $0 != .datasets } + [.dap]
        }
        if subjects.contains(.log), subjects.count > 1 {
            // "new feedback", "what changed in meetings": the other subject, if it takes dates.
            subjects.removeAll { $0 == .log }
        }
        if subjects.contains(.feedback), feedbackStatus == nil, actionStatus == .open {
            // "open feedback": feedback awaiting a reply.
            actionStatus = nil
            feedbackStatus = .awaiting
        }
        if subjects.contains(.feedback), negated, feedbackStatus == .answered {
            feedbackStatus = .awaiting
            negated = false
        }
        if subjects.contains(.feedback), negated, reply, feedbackStatus == nil {
            // "feedback with no reply"
            feedbackStatus = .awaiting
            negated = false
        }
        if subjects.contains(.partners), subjects.count == 2,
           let other = subjects.first(where: { $0 != .partners }), [.feedback, .meetings, .decisions, .contacts, .log].contains(other) {
            // "partners' feedback", "meetings with partners": the other subject, which is about partners.
            subjects = [other]
        }
        // With no subject word, the filters say which list.
        if subjects.isEmpty {
            if feedbackStatus != nil || topic != nil || feedbackID != nil { subjects = [.feedback] }
            else if datasetStatus != nil || dissemination != nil || sector != nil || dataset != nil { subjects = [.datasets] }
            else if category != nil || level != nil || mou != nil { subjects = [.partners] }
            else if kind != nil { subjects = [.meetings] }
            else if owner != nil || actionStatus != nil { subjects = [.actions] }
            else if partner != nil, days == nil { subjects = [.plan] }
            else if days != nil { subjects = [.log] }
        }
        guard subjects.count == 1, !negated else { return .cannot(suggestions: suggestions(for: clues)) }
        if [.actions, .overdue].contains(subjects[0]), owner == nil, let named = partner, vocabulary.owners.contains(named) {
            // A partner that owns actions ("list actions for unicef"): actions have owners, not partners.
            owner = named
            partner = nil
        }
        func dates(_ d: DayRange?) -> [(String, String?)] {
            [("since", d?.since?.description), ("until", d?.until?.description)]
        }
        switch subjects[0] {
        case .plan:
            if let partner {
                return command("partner show \(partner)", [], unused: anyOf(days, mou, actionStatus, feedbackStatus, datasetStatus,
                                                                            dissemination, category, level, kind, topic, owner, sector, dataset, feedbackID, sequence))
            }
            return command("plan", [], unused: anyOf(days, mou, actionStatus, feedbackStatus, datasetStatus, dissemination, category, level,
                                                      kind, topic, owner, sector, dataset, feedbackID, sequence))
        case .dap:
            return command("dap", [], unused: anyOf(partner, days, mou, actionStatus, feedbackStatus, datasetStatus, dissemination, category,
                                                     level, kind, topic, owner, sector, dataset, feedbackID, sequence))
        case .partners:
            if let partner {
                return command("partner show \(partner)", [], unused: anyOf(days, mou, actionStatus, feedbackStatus, datasetStatus,
                                                                            dissemination, category, level, kind, topic, owner, sector, dataset, feedbackID, sequence))
            }
            return command("partner list", [("category", category?.rawValue), ("level", level?.rawValue), ("mou", mou?.rawValue)],
                           unused: anyOf(days, actionStatus, feedbackStatus, datasetStatus, dissemination, kind, topic, owner, sector, dataset,
                                         feedbackID, sequence))
        case .contacts:
            return command("contact list", [("partner", partner)],
                           unused: anyOf(days, mou, actionStatus, feedbackStatus, datasetStatus, dissemination, category, level, kind, topic,
                                         owner, sector, dataset, feedbackID, sequence))
        case .meetings:
            if let sequence {
                return command("meeting show \(sequence)", [], unused: anyOf(partner, days, kind, mou, actionStatus, feedbackStatus, datasetStatus,
                                                                             dissemination, category, level, topic, owner, sector, dataset, feedbackID))
            }
            return command("meeting list", [("partner", partner), ("kind", kind?.rawValue)] + dates(days),
                           unused: anyOf(mou, actionStatus, feedbackStatus, datasetStatus, dissemination, category, level, topic, owner, sector,
                                         dataset, feedbackID, sequence))
        case .actions:
            return command("action list", [("owner", owner), ("status", actionStatus?.rawValue)],
                           unused: anyOf(partner, days, mou, feedbackStatus, datasetStatus, dissemination, category, level, kind, topic, sector,
                                         dataset, feedbackID, sequence))
        case .decisions:
            return command("decision list", [("partner", partner)] + dates(days),
                           unused: anyOf(mou, actionStatus, feedbackStatus, datasetStatus, dissemination, category, level, kind, topic, owner,
                                         sector, dataset, feedbackID, sequence))
        case .datasets:
            if let dataset {
                return command("dataset show \(dataset)", [], unused: anyOf(partner, days, mou, actionStatus, feedbackStatus, datasetStatus,
                                                                            dissemination, category, level, kind, topic, owner, sector, feedbackID, sequence))
            }
            return command("dataset list", [("sector", sector ?? (partner.flatMap { vocabulary.sectors.contains($0) ? $0 : nil })),
                                            ("status", datasetStatus?.rawValue), ("dissemination", dissemination?.rawValue)],
                           unused: anyOf(partner.flatMap { vocabulary.sectors.contains($0) && sector == nil ? nil : $0 }, days, mou,
                                         actionStatus, feedbackStatus, category, level, kind, topic, owner, feedbackID, sequence))
        case .feedback:
            if let feedbackID {
                return command("feedback show \(feedbackID)", [], unused: anyOf(partner, days, mou, actionStatus, feedbackStatus, datasetStatus,
                                                                                dissemination, category, level, kind, topic, owner, sector, dataset, sequence))
            }
            if let days {
                // Feedback received in a period: the feedback events of the log.
                return command("log", [("type", "feedback.submitted"), ("partner", partner)] + dates(days),
                               unused: anyOf(feedbackStatus, topic, mou, actionStatus, datasetStatus, dissemination, category, level, kind,
                                             owner, sector, dataset, sequence))
            }
            return command("feedback list", [("partner", partner), ("topic", topic?.rawValue), ("status", feedbackStatus?.rawValue)],
                           unused: anyOf(mou, actionStatus, datasetStatus, dissemination, category, level, kind, owner, sector, dataset, sequence))
        case .log:
            return command("log", [("partner", partner)] + dates(days),
                           unused: anyOf(mou, actionStatus, feedbackStatus, datasetStatus, dissemination, category, level, kind, topic, owner,
                                         sector, dataset, feedbackID, sequence))
        case .overdue:
            if owner != nil { return command("action list", [("owner", owner), ("status", "overdue")],
                                             unused: anyOf(partner, days, mou, feedbackStatus, datasetStatus, dissemination, category, level,
                                                           kind, topic, sector, dataset, feedbackID, sequence) || actionStatus != nil) }
            return command("overdue", [], unused: anyOf(partner, days, mou, actionStatus, feedbackStatus, datasetStatus, dissemination,
                                                         category, level, kind, topic, owner, sector, dataset, feedbackID, sequence))
        case .unused:
            return command("unused", [], unused: anyOf(partner, days, mou, actionStatus, feedbackStatus, dissemination, category, level, kind,
                                                        topic, owner, sector, dataset, feedbackID, sequence))
        case .sharing:
            return command("sharing", [], unused: anyOf(partner, days, mou, actionStatus, feedbackStatus, datasetStatus, category, level, kind,
                                                         topic, owner, sector, dataset, feedbackID, sequence))
        case .schedule:
            return command("schedule", [], unused: anyOf(partner, days, mou, actionStatus, feedbackStatus, datasetStatus, dissemination,
                                                          category, level, kind, topic, owner, sector, dataset, feedbackID, sequence))
        case .members:
            return command("member list", [], unused: anyOf(partner, days, mou, actionStatus, feedbackStatus, datasetStatus, dissemination,
                                                             category, level, kind, topic, owner, sector, dataset, feedbackID, sequence))
        }
    }

    private func anyOf(_ values: Any?...) -> Bool { values.contains { $0 != nil } }

    /// `verb key=value…`, or a refusal when the question said more than the command can honour.
    private func command(_ verb: String, _ fields: [(String, String?)], unused: Bool) -> Translation {
        guard !unused else { return .cannot(suggestions: Self.suggestions(forVerb: verb)) }
        let given = fields.compactMap { key, value in value.map { "\(key)=\(ParsedLine.quote($0))" } }
        return .command(([verb] + given).joined(separator: " "))
    }

    // MARK: Suggestions

    static let general = ["what's overdue?", "which feedback awaits a reply?", "who did we meet last month?"]
    static let periodHelp = ["what changed since monday?", "who did we meet in october?", "meeting list since=-30d"]
    static let partnerHelp = ["which partners have no MoU?", "partner list mou=expired", "who have we not met?"]
    static let meetingHelp = ["who have we not met?", "meetings with wash last month", "meeting list kind=imwg"]
    static let actionHelp = ["which actions are overdue?", "action list status=open", "what's overdue?"]
    static let feedbackHelp = ["which feedback awaits a reply?", "feedback list topic=dataset", "feedback list status=answered"]

    static func suggestions(forVerb verb: String) -> [String] {
        switch verb.split(separator: " ").first.map(String.init) ?? verb {
        case "partner": partnerHelp
        case "meeting": meetingHelp
        case "action", "overdue": actionHelp
        case "feedback": feedbackHelp
        case "dataset", "dap", "unused": ["dataset list status=agreed", "what should we drop?", "dap"]
        case "decision": ["decision list since=-30d", "decisions with wash", "help decision list"]
        case "log": periodHelp
        default: general
        }
    }

    func suggestions(for clues: [Clue]) -> [String] {
        for clue in clues {
            switch clue {
            case .subject(.partners), .mou, .mouState, .category, .level: return Self.partnerHelp
            case .subject(.meetings), .met, .kind: return Self.meetingHelp
            case .subject(.actions), .actionStatus, .owner, .subject(.overdue): return Self.actionHelp
            case .subject(.feedback), .feedbackStatus, .reply, .topic: return Self.feedbackHelp
            case .subject(.datasets), .datasetStatus, .dissemination, .sector: return Self.suggestions(forVerb: "dataset")
            default: continue
            }
        }
        return Self.general
    }
}
