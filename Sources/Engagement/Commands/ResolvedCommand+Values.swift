/// Typed, validated access to a command's field values.
extension ResolvedCommand {
    package func has(_ key: String) -> Bool { values[key] != nil }

    /// Free text: trimmed, non-empty, one line.
    package func text(_ key: String) throws(CommandError) -> String {
        try Self.checkText(key, values[key] ?? "")
    }

    func optionalText(_ key: String) throws(CommandError) -> String? {
        guard let raw = values[key] else { return nil }
        return try Self.checkText(key, raw)
    }

    /// An id, read in NFC like a user name (ids are ASCII: anything else is refused, composed
    /// or not, with the composed form in the message).
    package func slug(_ key: String) throws(CommandError) -> String {
        let raw = (values[key] ?? "").nfc
        guard Slug.isValid(raw) else {
            throw .invalidValue(key: key, value: raw,
                                reason: "an id is 1–64 lower-case letters, digits, '-', '_' or '.', starting with a letter or digit")
        }
        return raw
    }

    /// A user name, as `--as` takes it (`UserName`).
    package func user(_ key: String) throws(CommandError) -> String {
        let raw = UserName.read(values[key] ?? "")
        if let problem = UserName.problem(raw) {
            throw .invalidValue(key: key, value: raw, reason: problem)
        }
        return raw
    }

    func optionalEmail(_ key: String) throws(CommandError) -> String? {
        guard let raw = values[key] else { return nil }
        let parts = raw.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), !parts[1].hasPrefix("."), !parts[1].hasSuffix("."),
              !raw.unicodeScalars.contains(where: { $0.properties.isWhitespace || $0.value < 0x20 }) else {
            throw .invalidValue(key: key, value: raw, reason: "not an e-mail address")
        }
        return raw
    }

    func identifier<T: FixedIdentifier>(_ key: String, as type: T.Type = T.self) throws(CommandError) -> T {
        let raw = values[key] ?? ""
        guard let value = T(rawValue: raw) else { throw Self.notAllowed(key, raw, T.self) }
        return value
    }

    func optionalIdentifier<T: FixedIdentifier>(_ key: String, as type: T.Type = T.self) throws(CommandError) -> T? {
        guard values[key] != nil else { return nil }
        return try identifier(key, as: T.self)
    }

    /// A comma-separated list of fixed identifiers, without repeats, in the order given.
    package func identifiers<T: FixedIdentifier>(_ key: String, as type: T.Type = T.self, allowEmpty: Bool = false) throws(CommandError) -> [T] {
        let raw = values[key] ?? ""
        var out: [T] = []
        for item in raw.split(separator: ",") {
            let trimmed = item.trimmingWhitespace()
            guard !trimmed.isEmpty else { continue }
            guard let value = T(rawValue: trimmed) else { throw Self.notAllowed(key, trimmed, T.self) }
            if !out.contains(value) { out.append(value) }
        }
        if out.isEmpty, !allowEmpty {
            throw .invalidValue(key: key, value: raw, reason: "give at least one \(T.noun): \(T.allowedValues)")
        }
        return out
    }

    private static func notAllowed<T: FixedIdentifier>(_ key: String, _ raw: String, _ type: T.Type) -> CommandError {
        let near = Suggestions.nearest(to: raw, in: T.allCases.map(\.rawValue), limit: 1)
        let hint = near.isEmpty ? "" : " Did you mean '\(near[0])'?"
        return .invalidValue(key: key, value: raw, reason: "not a \(T.noun); use one of \(T.allowedValues).\(hint)")
    }

    private static func checkText(_ key: String, _ raw: String) throws(CommandError) -> String {
        let trimmed = raw.trimmingWhitespace()
        guard !trimmed.isEmpty else { throw .invalidValue(key: key, value: raw, reason: "must not be empty") }
        guard !trimmed.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw .invalidValue(key: key, value: raw, reason: "contains a control character")
        }
        guard trimmed.utf8.count <= 4000 else { throw .invalidValue(key: key, value: String(trimmed.prefix(20)) + "…", reason: "longer than 4000 bytes") }
        return trimmed
    }
}

extension StringProtocol {
    package func trimmingWhitespace() -> String {
        let scalars = String(self).unicodeScalars
        guard let start = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
              let end = scalars.lastIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        return String(String.UnicodeScalarView(scalars[start...end]))
    }
}

extension ResolvedCommand {
    /// A date: `YYYY-MM-DD`, or `today` (the clock's day, which a test or replay pins).
    package func day(_ key: String, today: Day) throws(CommandError) -> Day {
        let raw = (values[key] ?? "").trimmingWhitespace()
        guard let day = Day.typed(raw, today: today) else {
            throw .invalidValue(key: key, value: raw, reason: "not a date; use \(Day.forms)")
        }
        return day
    }

    /// The day something already happened (a report made, a training held): never after
    /// today, since a fact dated later would hide what it shows until that day.
    func pastDay(_ key: String, today: Day, what: String) throws(CommandError) -> Day {
        let date = try day(key, today: today)
        if date > today {
            throw .invalidValue(key: key, value: date.description, reason: "\(what) is recorded once it has happened (today is \(today))")
        }
        return date
    }

    func optionalDay(_ key: String, today: Day) throws(CommandError) -> Day? {
        guard has(key) else { return nil }
        return try day(key, today: today)
    }

    package func number(_ key: String, in range: ClosedRange<Int>) throws(CommandError) -> Int {
        let raw = (values[key] ?? "").trimmingWhitespace()
        guard let value = Int(raw), range.contains(value) else {
            throw .invalidValue(key: key, value: raw, reason: "give a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return value
    }

    func optionalNumber(_ key: String, in range: ClosedRange<Int>) throws(CommandError) -> Int? {
        guard has(key) else { return nil }
        return try number(key, in: range)
    }

    /// A comma-separated list of ids, without repeats, in the order given.
    package func list(_ key: String) -> [String] {
        var out: [String] = []
        for item in (values[key] ?? "").split(separator: ",") {
            let trimmed = item.trimmingWhitespace()
            if !trimmed.isEmpty, !out.contains(trimmed) { out.append(trimmed) }
        }
        return out
    }
}
