import EventLog

/// A view ready to render: a title, a few summary lines, and its parts: titled tables, the
/// fields of one thing, and facts for scripts. One value, every format (GRDB's dump formats
/// are the model): text, CSV with its HXL row, Markdown and a self-contained HTML page from
/// what people see, and JSON from the keys the same parts declare (`jsonValue`).
package struct Report {
    struct Section {
        /// `nil` for a view that is one bare table (`log`).
        var title: String?
        var table: Table
        /// What to say when the table has no rows; `nil` renders the empty table.
        var empty: String?
        /// Where the JSON holds the rows; `nil` for a table people only read.
        var json: Listing?

        init(title: String?, table: Table, empty: String?, json: Listing? = nil) {
            self.title = title
            self.table = table
            self.empty = empty
            self.json = json
        }
    }

    /// How a section's rows are listed in the JSON.
    enum Listing {
        /// An array under `key`, an object per row of the columns that have a key.
        case objects(String)
        /// An array under `key` of each row's value in the column keyed `column` (the plan's
        /// `open_actions`: the actions' ids).
        case values(String, of: String)
        /// An object under `key`, a member per row, named by its cell in the column keyed
        /// `by` and holding its cell in the column keyed `value` (the review's feedback by topic).
        case named(String, by: String, value: String)
    }

    /// One field of a thing (`meeting show`): a line of its field table, named `label`, and a
    /// member of the JSON, named `key`. Either may be `nil`: a line people only read, or a
    /// member for scripts only.
    struct Field {
        var label: String?
        var key: String?
        var value: Cell

        init(_ label: String?, key: String?, _ value: Cell) {
            self.label = label
            self.key = key
            self.value = value
        }
    }

    /// A part of a report, in the order of its JSON's members; text and the other formats
    /// show the sections and fields in the same order, and leave the facts to the summary.
    enum Part {
        case section(Section)
        /// A thing's fields, as a table of field and value under `title`.
        case fields(title: String?, [Field])
        /// A member of the JSON only (`as_of`, `phase`): the text says it in its summary, if
        /// at all.
        case fact(String, Cell)
    }

    /// `nil` for a view that is one bare table.
    var title: String?
    var summary: [String] = []
    var parts: [Part] = []

    init(title: String?, summary: [String] = [], parts: [Part]) {
        self.title = title
        self.summary = summary
        self.parts = parts
    }

    init(title: String?, summary: [String] = [], sections: [Section] = []) {
        self.init(title: title, summary: summary, parts: sections.map { .section($0) })
    }

    /// What people see: the sections, and each thing's fields as a table of field and value.
    var sections: [Section] {
        parts.compactMap { part in
            switch part {
            case .section(let section): section
            case .fields(let title, let fields): Section(title: title, table: Self.fieldTable(fields), empty: nil)
            case .fact: nil
            }
        }
    }

    /// A table of a thing's fields, for the show views.
    static func fieldTable(_ fields: [Field]) -> Table {
        Table(columns: [.init("field", hxl: "#meta +field"), .init("value", hxl: "#description", flexible: true)],
              rows: fields.compactMap { field in field.label.map { [.text($0), field.value] } })
    }

    /// What scripts read: an object of the parts' keyed members, in order.
    var jsonValue: JSONValue {
        .object(jsonMembers)
    }

    /// The members of `jsonValue`, for a report made of reports (the review).
    var jsonMembers: [JSONMember] {
        var members: [JSONMember] = []
        for part in parts {
            switch part {
            case .section(let section):
                switch section.json {
                case .objects(let key): members.append(JSONMember(key, section.table.jsonObjects))
                case .values(let key, let column): members.append(JSONMember(key, section.table.jsonValues(of: column)))
                case .named(let key, let by, let value): members.append(JSONMember(key, section.table.jsonNamed(by: by, value: value)))
                case nil: break
                }
            case .fields(_, let fields):
                for field in fields { if let key = field.key { members.append(JSONMember(key, field.value.json)) } }
            case .fact(let key, let value):
                members.append(JSONMember(key, value.json))
            }
        }
        return members
    }

    package func render(_ format: OutputFormat, width: Int?) -> String {
        switch format {
        case .json:
            return JSONWriter.string(jsonValue) + "\n"
        case .text:
            // Built as bytes and made a string once: a large plan is megabytes of tables.
            var out: [UInt8] = []
            func line(_ text: String) {
                out.append(contentsOf: text.utf8)
                out.append(UInt8(ascii: "\n"))
            }
            if let title { line(TerminalText.visible(title)) }
            for summaryLine in summary { line(TerminalText.visible(summaryLine)) }
            for section in sections {
                if let title = section.title { line("\n" + TerminalText.visible(title)) }
                if section.table.rows.isEmpty, let empty = section.empty {
                    line((section.title == nil ? "" : "  ") + empty)
                } else {
                    section.table.grid.appendText(width: width, to: &out)
                }
            }
            return String(decoding: out, as: UTF8.self)
        case .md:
            return markdown(level: 1)
        case .csv:
            // One table per section, separated by an empty line; a one-section view is one
            // plain HXL-tagged table. A view without tables is its lines.
            let sections = sections
            guard !sections.isEmpty else { return ([title].compactMap { $0 } + summary).map { $0 + "\n" }.joined() }
            return sections.map { $0.table.csv() }.joined(separator: "\r\n")
        case .html:
            var out = HTMLPage.head(title: title ?? "engage")
            appendHTML(level: 1, to: &out)
            out += HTMLPage.foot
            return out
        }
    }

    /// The report in Markdown, its title a heading of `level` and its sections one level below.
    func markdown(level: Int) -> String {
        var out = ""
        appendMarkdown(level: level, to: &out)
        return out
    }

    /// `markdown(level:)`, appended to `out`, which `spill` is offered after each row.
    func appendMarkdown(level: Int, to out: inout String, spill: Spill = { _ in }) {
        let heading = String(repeating: "#", count: level)
        if let title { out += heading + " " + Self.markdownText(title) + "\n\n" }
        for line in summary { out += Self.markdownText(line) + "\n\n" }
        for section in sections {
            if let title = section.title { out += heading + "# " + title + "\n\n" }
            if section.table.rows.isEmpty, let empty = section.empty {
                out += empty + "\n\n"
            } else {
                section.table.grid.appendMarkdown(to: &out, spill: spill)
                if section.title != nil { out += "\n" }
            }
        }
    }

    /// Text for Markdown with raw HTML shown as text.
    static func markdownText(_ text: String) -> String {
        text.replacing("&", with: "&amp;").replacing("<", with: "&lt;").replacing(">", with: "&gt;")
    }

    /// The report as HTML, its title a heading of `level` and its sections one level below,
    /// appended to `out`, which `spill` is offered after each row.
    func appendHTML(level: Int, to out: inout String, spill: Spill = { _ in }) {
        out += "<section>\n"
        if let title { out += "<h\(level)>\(HTML.escape(title))</h\(level)>\n" }
        for line in summary { out += "<p>\(HTML.escape(line))</p>\n" }
        for section in sections {
            if let title = section.title { out += "<h\(level + 1)>\(HTML.escape(title))</h\(level + 1)>\n" }
            if section.table.rows.isEmpty, let empty = section.empty {
                out += "<p>\(HTML.escape(empty))</p>\n"
            } else {
                section.table.grid.appendHTML(to: &out, spill: spill)
            }
        }
        out += "</section>\n"
    }
}

/// A self-contained HTML page in the house style: every view's `--format html` and the
/// review's page.
enum HTMLPage {
    static let style = """
        body { font: 15px/1.45 system-ui, sans-serif; margin: 2em auto; max-width: 72em; padding: 0 1em; color: #222; }
        table { border-collapse: collapse; margin: .5em 0 1.5em; }
        th, td { border-bottom: 1px solid #ddd; padding: .25em .6em; text-align: left; vertical-align: top; }
        td.n, th.n { text-align: right; }
        .verdict { font-weight: bold; padding: .5em 1em; border-radius: 4px; display: inline-block; }
        .action { background: #fde2e1; } .clear { background: #e3f4e1; }
        figure { margin: 1em 0 2em; } figcaption { font-weight: bold; margin-bottom: .3em; }
        svg text { font: 11px system-ui, sans-serif; fill: #333; }
        """

    /// A page up to its body's content.
    static func head(title: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <title>\(HTML.escape(title))</title>
        <style>
        \(style)
        </style>
        </head>
        <body>

        """
    }

    /// A page after its body's content.
    static let foot = "</body>\n</html>\n"
}
