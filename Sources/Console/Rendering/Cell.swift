import Engagement
import EventLog

/// One value of a view, typed: the words a table shows for it and the value its JSON
/// carries, from one description, so that a column added to a view is in every format.
///
/// Most values read the same in both (`.text`, `.int`, `.day`, `.list`); where people and
/// scripts are told it differently (the plan's MoU column says "in force", its JSON
/// `true`), `.shown` carries both.
package indirect enum Cell: Sendable, Equatable {
    case text(String)
    case int(Int)
    /// `true` or `false` in JSON; "yes" or "no" in a table.
    case bool(Bool)
    case day(Day)
    /// Names: "wash, edu" in a table (or joined by `separator`), an array of strings in JSON.
    case list([String], separator: String = ", ")
    /// Numbers: "1, 2" in a table, an array of numbers in JSON.
    case ints([Int])
    /// Nothing: an empty cell, `null` in JSON.
    case null
    /// The table says it in words, the JSON as a value: "in force" and `true`.
    case shown(String, as: Cell)
    /// Values nested in a value (a dataset's verifications): their words joined by ", " in a
    /// table, an array in JSON.
    case array([Cell])
    /// Named values (the urgent-action facts): "key: words" joined by ", " in a table, an
    /// object in JSON, its members in this order.
    case record([Member])

    /// A named value of a `record`.
    package struct Member: Sendable, Equatable {
        package var key: String
        package var value: Cell
    }

    /// A record from a literal, its members in the order written.
    static func record(_ pairs: KeyValuePairs<String, Cell>) -> Cell {
        .record(pairs.map { Member(key: $0.key, value: $0.value) })
    }

    /// The text, or an empty cell and `null`.
    static func optional(_ text: String?) -> Cell { text.map { .text($0) } ?? .null }
    static func optional(_ number: Int?) -> Cell { number.map { .int($0) } ?? .null }
    static func optional(_ day: Day?) -> Cell { day.map { .day($0) } ?? .null }

    /// The words a table shows.
    var text: String {
        switch self {
        case .text(let text): text
        case .int(let number): String(number)
        case .bool(let flag): flag ? "yes" : "no"
        case .day(let day): day.description
        case .list(let items, let separator): items.joined(separator: separator)
        case .ints(let numbers): numbers.map(String.init).joined(separator: ", ")
        case .null: ""
        case .shown(let words, _): words
        case .array(let cells): cells.map(\.text).joined(separator: ", ")
        case .record(let members): members.map { "\($0.key): \($0.value.text)" }.joined(separator: ", ")
        }
    }

    /// The value scripts read.
    var json: JSONValue {
        switch self {
        case .text(let text): .string(text)
        case .int(let number): .int(number)
        case .bool(let flag): .bool(flag)
        case .day(let day): .string(day.description)
        case .list(let items, _): .array(items.map { .string($0) })
        case .ints(let numbers): .array(numbers.map { .int($0) })
        case .null: .null
        case .shown(_, let value): value.json
        case .array(let cells): .array(cells.map(\.json))
        case .record(let members): .object(members.map { JSONMember($0.key, $0.value.json) })
        }
    }
}
