import EventLog

/// A view ready to render: a title, a few summary lines, titled tables, and the JSON twin
/// that scripts read. One value, four formats (GRDB's dump formats are the model).
package struct Report {
    struct Section {
        var title: String
        var table: Table
        /// What to say when the table has no rows.
        var empty: String
    }

    var title: String
    var summary: [String] = []
    var sections: [Section] = []
    var json: JSONValue

    package func render(_ format: OutputFormat, width: Int?) -> String {
        switch format {
        case .json:
            return JSONWriter.string(json) + "\n"
        case .text:
            var out = title + "\n"
            for line in summary { out += line + "\n" }
            for section in sections {
                out += "\n" + section.title + "\n"
                out += section.table.rows.isEmpty ? "  " + section.empty + "\n" : section.table.text(width: width)
            }
            return out
        case .md:
            var out = "# " + title + "\n\n"
            for line in summary { out += line + "\n\n" }
            for section in sections {
                out += "## " + section.title + "\n\n"
                out += section.table.rows.isEmpty ? section.empty + "\n\n" : section.table.markdown() + "\n"
            }
            return out
        case .csv:
            // One table per section, separated by an empty line; a one-section view is one
            // plain HXL-tagged table.
            return sections.map { $0.table.csv() }.joined(separator: "\r\n")
        }
    }
}

/// Shorthands for building JSON values.
extension JSONValue {
    static func strings(_ items: [String]) -> JSONValue { .array(items.map { .string($0) }) }
    static func optional(_ text: String?) -> JSONValue { text.map { .string($0) } ?? .null }
    static func optional(_ number: Int?) -> JSONValue { number.map { .int($0) } ?? .null }
    static func object(_ pairs: KeyValuePairs<String, JSONValue>) -> JSONValue {
        .object(pairs.map { JSONMember($0.key, $0.value) })
    }
}
