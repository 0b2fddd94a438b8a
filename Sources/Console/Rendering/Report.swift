import EventLog

/// A view ready to render: a title, a few summary lines, titled tables, and the JSON twin
/// that scripts read. One value, every format (GRDB's dump formats are the model): text,
/// JSON, CSV with its HXL row, Markdown and a self-contained HTML page.
package struct Report {
    struct Section {
        /// `nil` for a view that is one bare table (`log`).
        var title: String?
        var table: Table
        /// What to say when the table has no rows; `nil` renders the empty table.
        var empty: String?
    }

    /// The JSON twin: a value, or bytes written straight out (a long log).
    enum JSONBody {
        case value(JSONValue)
        case stream((inout [UInt8]) -> Void)
    }

    /// `nil` for a view that is one bare table.
    var title: String?
    var summary: [String] = []
    var sections: [Section] = []
    var json: JSONBody

    init(title: String?, summary: [String] = [], sections: [Section] = [], json: JSONValue) {
        self.init(title: title, summary: summary, sections: sections, json: .value(json))
    }

    init(title: String?, summary: [String] = [], sections: [Section] = [], json: JSONBody) {
        self.title = title
        self.summary = summary
        self.sections = sections
        self.json = json
    }

    /// The JSON twin as a value, for a report built from views (the review's).
    var jsonValue: JSONValue {
        guard case .value(let value) = json else { preconditionFailure("a streamed report has no JSON value") }
        return value
    }

    package func render(_ format: OutputFormat, width: Int?) -> String {
        switch format {
        case .json:
            switch json {
            case .value(let value):
                return JSONWriter.string(value) + "\n"
            case .stream(let write):
                var out: [UInt8] = []
                write(&out)
                out.append(0x0A)
                return String(decoding: out, as: UTF8.self)
            }
        case .text:
            var out = title.map { TerminalText.visible($0) + "\n" } ?? ""
            for line in summary { out += TerminalText.visible(line) + "\n" }
            for section in sections {
                if let title = section.title { out += "\n" + TerminalText.visible(title) + "\n" }
                if section.table.rows.isEmpty, let empty = section.empty {
                    out += (section.title == nil ? "" : "  ") + empty + "\n"
                } else {
                    out += section.table.text(width: width)
                }
            }
            return out
        case .md:
            var out = title.map { "# " + Self.markdownText($0) + "\n\n" } ?? ""
            for line in summary { out += Self.markdownText(line) + "\n\n" }
            for section in sections {
                if let title = section.title { out += "## " + title + "\n\n" }
                if section.table.rows.isEmpty, let empty = section.empty {
                    out += empty + "\n\n"
                } else {
                    out += section.table.markdown() + (section.title == nil ? "" : "\n")
                }
            }
            return out
        case .csv:
            // One table per section, separated by an empty line; a one-section view is one
            // plain HXL-tagged table. A view without tables is its lines.
            guard !sections.isEmpty else { return ([title].compactMap { $0 } + summary).map { $0 + "\n" }.joined() }
            return sections.map { $0.table.csv() }.joined(separator: "\r\n")
        case .html:
            return HTMLPage.page(title: title ?? "engage", body: html(level: 1))
        }
    }

    /// Text for Markdown with raw HTML shown as text.
    static func markdownText(_ text: String) -> String {
        text.replacing("&", with: "&amp;").replacing("<", with: "&lt;").replacing(">", with: "&gt;")
    }

    /// The report as HTML, its title a heading of `level` and its sections one level below.
    func html(level: Int) -> String {
        var out = "<section>\n"
        if let title { out += "<h\(level)>\(HTML.escape(title))</h\(level)>\n" }
        for line in summary { out += "<p>\(HTML.escape(line))</p>\n" }
        for section in sections {
            if let title = section.title { out += "<h\(level + 1)>\(HTML.escape(title))</h\(level + 1)>\n" }
            if section.table.rows.isEmpty, let empty = section.empty {
                out += "<p>\(HTML.escape(empty))</p>\n"
            } else {
                out += section.table.html()
            }
        }
        return out + "</section>\n"
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

    static func page(title: String, body: String) -> String {
        head(title: title) + body + foot
    }

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

/// Shorthands for building JSON values.
extension JSONValue {
    static func strings(_ items: [String]) -> JSONValue { .array(items.map { .string($0) }) }
    static func optional(_ text: String?) -> JSONValue { text.map { .string($0) } ?? .null }
    static func optional(_ number: Int?) -> JSONValue { number.map { .int($0) } ?? .null }
    static func object(_ pairs: KeyValuePairs<String, JSONValue>) -> JSONValue {
        .object(pairs.map { JSONMember($0.key, $0.value) })
    }
}
