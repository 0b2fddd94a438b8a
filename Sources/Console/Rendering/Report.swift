import EventLog

/// A view ready to render: a title, a few summary lines, and its parts: titled tables, the
/// fields of one thing, and facts for scripts. One value, every format (GRDB's dump formats
/// are the model): text, CSV with its HXL row, Markdown and a self-contained HTML page from
/// what people see, and JSON from the keys the same parts declare (`writeJSON`). It holds
/// no more rows than its tables do (`Table.Rows`): it is written as it is made (`write`).
package struct Report {
    struct Section {
        /// `nil` for a view that is one bare table (`log`).
        var title: String?
        var table: Table
        /// What to say when the table has no rows; `nil` renders the empty table. Asked once
        /// the rows are written: `log` knows only then whether the log was empty or nothing matched.
        var empty: () -> String?
        /// Where the JSON holds the rows; `nil` for a table people only read.
        var json: Listing?

        init(title: String?, table: Table, empty: @autoclosure @escaping () -> String?, json: Listing? = nil) {
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

    /// The report in `format`, as one string (the prompt's pager, a file written whole, tests).
    package func render(_ format: OutputFormat, width: Int?) -> String {
        let out = OutputSink()
        write(format, width: width, to: out)
        return out.text
    }

    /// Writes the report in `format` to `out` as it is made, each table a row at a time: a
    /// view as long as the log holds a row, not its table, its words or its text. Text,
    /// CSV, Markdown and HTML show the sections and fields; JSON holds the parts' keyed
    /// members, in order. The caller flushes `out`.
    package func write(_ format: OutputFormat, width: Int?, to out: OutputSink) {
        switch format {
        case .json:
            writeJSON(to: out)
            out.write("\n")
        case .text:
            writeText(width: width, to: out)
        case .md:
            writeMarkdown(level: 1, to: out)
        case .csv:
            writeCSV(to: out)
        case .html:
            out.write(HTMLPage.head(title: title ?? "engage"))
            writeHTML(level: 1, to: out)
            out.write(HTMLPage.foot)
        }
    }

    /// Writes a section's table in `format`, a row at a time; or, when it has no rows and
    /// says something instead (`Section.empty`), writes nothing and returns what it says.
    private static func writeTable(_ section: Section, _ format: OutputFormat, width: Int?, to out: OutputSink) -> String? {
        var stream = TableStream(section.table.grid, format: format, width: width)
        section.table.forEachShownRow { stream.add($0, to: out) }
        if stream.rows == 0, let says = section.empty() { return says }
        stream.finish(to: out)
        return nil
    }

    private func writeText(width: Int?, to out: OutputSink) {
        if let title { out.write(TerminalText.visible(title) + "\n") }
        for line in summary { out.write(TerminalText.visible(line) + "\n") }
        for section in sections {
            if let title = section.title { out.write("\n" + TerminalText.visible(title) + "\n") }
            if let empty = Self.writeTable(section, .text, width: width, to: out) {
                out.write((section.title == nil ? "" : "  ") + empty + "\n")
            }
        }
    }

    /// One table per section, separated by an empty line; a one-section view is one plain
    /// HXL-tagged table. A view without tables is its lines.
    private func writeCSV(to out: OutputSink) {
        let sections = sections
        guard !sections.isEmpty else {
            for line in [title].compactMap({ $0 }) + summary { out.write(line + "\n") }
            return
        }
        for (i, section) in sections.enumerated() {
            if i > 0 { out.write("\r\n") }
            // Every section is a table here, with or without rows.
            var stream = TableStream(section.table.grid, format: .csv, width: nil)
            section.table.forEachShownRow { stream.add($0, to: out) }
            stream.finish(to: out)
        }
    }

    /// The report in Markdown, its title a heading of `level` and its sections one level below.
    func writeMarkdown(level: Int, to out: OutputSink) {
        let heading = String(repeating: "#", count: level)
        if let title { out.write(heading + " " + Self.markdownText(title) + "\n\n") }
        for line in summary { out.write(Self.markdownText(line) + "\n\n") }
        for section in sections {
            if let title = section.title { out.write(heading + "# " + title + "\n\n") }
            if let empty = Self.writeTable(section, .md, width: nil, to: out) {
                out.write(empty + "\n\n")
            } else if section.title != nil {
                out.write("\n")
            }
        }
    }

    /// Text for Markdown with raw HTML shown as text.
    static func markdownText(_ text: String) -> String {
        text.replacing("&", with: "&amp;").replacing("<", with: "&lt;").replacing(">", with: "&gt;")
    }

    /// The report as HTML, its title a heading of `level` and its sections one level below.
    func writeHTML(level: Int, to out: OutputSink) {
        out.write("<section>\n")
        if let title { out.write("<h\(level)>\(HTML.escape(title))</h\(level)>\n") }
        for line in summary { out.write("<p>\(HTML.escape(line))</p>\n") }
        for section in sections {
            if let title = section.title { out.write("<h\(level + 1)>\(HTML.escape(title))</h\(level + 1)>\n") }
            if let empty = Self.writeTable(section, .html, width: nil, to: out) {
                out.write("<p>\(HTML.escape(empty))</p>\n")
            }
        }
        out.write("</section>\n")
    }

    /// What scripts read: an object of the parts' keyed members, in order, written to `out`.
    func writeJSON(to out: OutputSink) {
        out.write("{")
        var first = true
        writeJSONMembers(to: out, first: &first)
        out.write("}")
    }

    /// The members of `writeJSON(to:)`, each after a comma unless it is the `first` of its
    /// object (a report made of reports: the review); `only` writes the one member of that key.
    func writeJSONMembers(to out: OutputSink, first: inout Bool, only: String? = nil) {
        func member(_ key: String, _ value: () -> Void) {
            guard only == nil || only == key else { return }
            var bytes: [UInt8] = first ? [] : [UInt8(ascii: ",")]
            first = false
            JSONWriter.writeString(key, into: &bytes)
            bytes.append(UInt8(ascii: ":"))
            out.write(bytes: bytes)
            value()
        }
        func member(_ key: String, _ value: JSONValue) {
            member(key) {
                var bytes: [UInt8] = []
                JSONWriter.write(value, into: &bytes)
                out.write(bytes: bytes)
            }
        }
        for part in parts {
            switch part {
            case .section(let section):
                guard let listing = section.json else { continue }
                member(listing.key) { section.table.writeJSON(listing, to: out) }
            case .fields(_, let fields):
                for field in fields { if let key = field.key { member(key, field.value.json) } }
            case .fact(let key, let value):
                member(key, value.json)
            }
        }
    }
}

extension Report.Listing {
    /// The member of the report's JSON that holds the rows.
    var key: String {
        switch self {
        case .objects(let key), .values(let key, _), .named(let key, _, _): key
        }
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
