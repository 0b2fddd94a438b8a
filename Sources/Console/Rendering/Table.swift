import EventLog

/// A view's rows, typed, with the columns people see and the members scripts read: text,
/// CSV (with an HXL hashtag row), Markdown and HTML are written from its `grid` (the shown
/// columns) and each row's words (`forEachShownRow`), and the JSON from its columns' keys
/// (`writeJSON`).
package struct Table {
    package struct Column: Sendable {
        package var title: String
        /// The HXL hashtag and attributes for the CSV export (`#org +id`).
        var hxl: String
        /// The member's name in the row's JSON object; `nil` for a column people only see.
        var key: String?
        /// Whether people see the column; `false` for a member of the JSON only (`json(_:)`).
        var shown = true
        var alignRight = false
        /// Whether this column may be narrowed to fit the terminal (its cells then wrap).
        var flexible = false
        /// The narrowest the column is laid out, whatever its cells (room for the widest
        /// number a streamed table will reach).
        var minimumWidth = 0
        /// The widest it is laid out in text: a longer cell wraps rather than pad every row.
        var maximumWidth: Int?

        package init(_ title: String, hxl: String, key: String? = nil, alignRight: Bool = false, flexible: Bool = false,
                     minimumWidth: Int = 0, maximumWidth: Int? = nil) {
            self.title = title
            self.hxl = hxl
            self.key = key
            self.alignRight = alignRight
            self.flexible = flexible
            self.minimumWidth = minimumWidth
            self.maximumWidth = maximumWidth
        }

        /// A member of the row's JSON that no table shows (`seq` in the feedback list).
        static func json(_ key: String) -> Column {
            var column = Column("", hxl: "", key: key)
            column.shown = false
            return column
        }

        /// The same member, in the JSON only.
        var jsonOnly: Column {
            var column = self
            column.shown = false
            return column
        }
    }

    var columns: [Column]
    /// One cell per column, shown or not.
    var rows: Rows

    /// A table of rows held.
    package init(columns: [Column], rows: [[Cell]]) {
        self.columns = columns
        self.rows = Rows(rows)
    }

    /// A table of words only (every cell `.text`).
    package init(columns: [Column], rows: [[some StringProtocol]]) {
        self.init(columns: columns, rows: rows.map { $0.map { .text(String($0)) } })
    }

    /// A table whose rows are made from `items` as it is written, one row an item: a table as
    /// long as the log (the feedback awaiting a reply, the shares breaking a rule) is never
    /// held whole, in cells, in words or in its rendered text.
    init<Items: Collection>(columns: [Column], each items: Items, row: @escaping (Items.Element) -> [Cell]) {
        self.init(columns: columns, rows: Rows(each: { body in
            for item in items { body(row(item)) }
        }))
    }

    /// A table of rows made as it is written, however they come (`log`'s, as the log is read).
    init(columns: [Column], rows: Rows) {
        self.columns = columns
        self.rows = rows
    }

    /// A table's rows: held, or made one at a time each time they are read. A report is
    /// written in each format asked for (the review: three), and reads its rows each time.
    struct Rows {
        private let each: (([Cell]) -> Void) -> Void

        init(_ held: [[Cell]]) {
            each = { body in held.forEach(body) }
        }

        /// Rows `each` hands to the function it is given, the same rows each time it is
        /// called (but where the table is written once: `log`'s, read as the log is read).
        init(each: @escaping (([Cell]) -> Void) -> Void) {
            self.each = each
        }

        func forEach(_ body: ([Cell]) -> Void) {
            each(body)
        }
    }

    /// Each row, one cell per column. A column added without its cell (or a cell without its
    /// column) fails the first test that shows the view, rather than shifting every cell after it.
    func forEachRow(_ body: ([Cell]) -> Void) {
        let count = columns.count
        rows.forEach { row in
            assert(row.count == count, "a row has one cell per column")
            body(row)
        }
    }

    /// The table as people see it: the shown columns.
    var grid: Grid { Grid(columns: columns.filter(\.shown)) }

    /// Each row as people see it: the words of its shown cells.
    func forEachShownRow(_ body: ([String]) -> Void) {
        let shown = columns.indices.filter { columns[$0].shown }
        if shown.count == columns.count {
            forEachRow { row in body(row.map(\.text)) }
        } else {
            forEachRow { row in body(shown.map { row[$0].text }) }
        }
    }

    /// The table alone in text (`Report.write`, a report of this one bare table).
    package func text(width: Int?) -> String {
        Report(title: nil, sections: [.init(title: nil, table: self, empty: nil)]).render(.text, width: width)
    }

    /// The rows in JSON as `listing` lists them, written to `out` a row at a time: an array
    /// of an object per row, of the columns that have a key (`.objects`); an array of each
    /// row's value in one column (`.values`: the plan's open actions, by id); or an object of
    /// a member per row, named by its words in one column and holding its value in another
    /// (`.named`: the review's feedback by topic).
    func writeJSON(_ listing: Report.Listing, to out: OutputSink) {
        let array = (open: UInt8(ascii: "["), close: UInt8(ascii: "]")), object = (open: UInt8(ascii: "{"), close: UInt8(ascii: "}"))
        let brackets: (open: UInt8, close: UInt8)
        let value: ([Cell], inout [UInt8]) -> Void
        switch listing {
        case .objects:
            let keyed = columns.indices.compactMap { i in columns[i].key.map { (i, $0) } }
            brackets = array
            value = { row, bytes in JSONWriter.write(.object(keyed.map { JSONMember($0.1, row[$0.0].json) }), into: &bytes) }
        case .values(_, let key):
            let column = column(keyed: key)
            brackets = array
            value = { row, bytes in JSONWriter.write(row[column].json, into: &bytes) }
        case .named(_, let by, let key):
            let name = column(keyed: by), column = column(keyed: key)
            brackets = object
            value = { row, bytes in JSONWriter.write(JSONMember(row[name].text, row[column].json), into: &bytes) }
        }
        var bytes: [UInt8] = [brackets.open]
        var first = true
        forEachRow { row in
            if !first { bytes.append(UInt8(ascii: ",")) }
            first = false
            value(row, &bytes)
            out.write(bytes: bytes)
            bytes.removeAll(keepingCapacity: true)
        }
        bytes.append(brackets.close)
        out.write(bytes: bytes)
    }

    private func column(keyed key: String) -> Int {
        guard let column = columns.firstIndex(where: { $0.key == key }) else { preconditionFailure("no column is keyed \(key)") }
        return column
    }
}

/// A table as people see it: its shown columns, and how each format writes their titles
/// and a row of their words (`TableStream` writes a table a row at a time from them).
struct Grid {
    typealias Column = Table.Column

    var columns: [Column]

    /// The columns' widths in text for these rows (made visible): each fits its longest cell
    /// (within its minimum and maximum); with a `width`, narrowed to fit it.
    func textWidths(for rows: [[String]], width: Int?) -> [Int] {
        var widths = columns.indices.map { i in
            let widest = rows.reduce(max(columns[i].title.count, columns[i].minimumWidth)) { max($0, TerminalText.width($1[i])) }
            return columns[i].maximumWidth.map { min(widest, max($0, columns[i].title.count, columns[i].minimumWidth)) } ?? widest
        }
        if let width {
            let gaps = 2 * (columns.count - 1)
            var excess = widths.reduce(gaps, +) - width
            for i in columns.indices.reversed() where excess > 0 && columns[i].flexible {
                let floor = max(columns[i].title.count, 10)
                let cut = min(excess, max(0, widths[i] - floor))
                widths[i] -= cut
                excess -= cut
            }
            // Still too wide on a narrow terminal: every text column wraps, down to its
            // title or its longest word, so that words are never broken.
            for i in columns.indices.reversed() where excess > 0 && !columns[i].alignRight {
                let longestWord = rows.lazy.flatMap { $0[i].split(separator: " ") }.map(\.count).max() ?? 0
                let floor = max(columns[i].title.count, min(longestWord, widths[i]), 1)
                let cut = min(excess, max(0, widths[i] - floor))
                widths[i] -= cut
                excess -= cut
            }
        }
        return widths
    }

    /// The titles and the rule under them, appended to `out`.
    func appendTextHeader(widths: [Int], layout: inout TextLayout, to out: inout [UInt8]) {
        appendTextLines(columns.map(\.title), widths: widths, wrapping: 0, layout: &layout, to: &out)
        appendTextLines(widths.map { String(repeating: "─", count: $0) }, widths: widths, wrapping: 0, layout: &layout, to: &out)
    }

    /// A row (made visible) as one or more lines, each cell wrapped to its column, appended to
    /// `out`. Without a terminal `width` the last column, which is never padded, does not wrap.
    func appendTextRow(_ cells: [String], widths: [Int], width: Int?, layout: inout TextLayout, to out: inout [UInt8]) {
        appendTextLines(cells, widths: widths, wrapping: width == nil ? cells.count - 1 : cells.count, layout: &layout, to: &out)
    }

    /// `cells` as lines, each padded to its column (the last cell never is), the first
    /// `wrapping` cells wrapped to theirs, appended to `out`. Laid out in `layout`, kept from
    /// row to row (`TextLayout`): each cell is measured once, and wrapped
    /// cells are copied as bytes, never made strings line by line.
    private func appendTextLines(_ cells: [String], widths: [Int], wrapping: Int, layout: inout TextLayout,
                                 to out: inout [UInt8]) {
        let last = cells.count - 1
        layout.removeAll()
        for i in cells.indices {
            if i < wrapping {
                layout.appendCell(cells[i], wrappedTo: widths[i])
            } else {
                layout.appendCell(cells[i])
            }
        }
        let space = UInt8(ascii: " ")
        // A row without cells (every column hidden) is one empty line.
        for k in 0..<max(layout.height, 1) {
            let start = out.count
            for i in cells.indices {
                let line = layout.line(k, ofCell: i)
                let padding = max(0, widths[i] - line.width)
                if columns[i].alignRight {
                    out.append(contentsOf: repeatElement(space, count: padding))
                    out.append(contentsOf: layout.bytes[line.start..<line.end])
                } else {
                    out.append(contentsOf: layout.bytes[line.start..<line.end])
                    // The last cell is never padded.
                    if i != last { out.append(contentsOf: repeatElement(space, count: padding)) }
                }
                if i != last {
                    out.append(space)
                    out.append(space)
                }
            }
            // No spaces at the end of a line (an empty last cell leaves its gap).
            while out.count > start, out.last == space { out.removeLast() }
            out.append(UInt8(ascii: "\n"))
        }
    }

    /// RFC 4180 CSV: a header row, then the HXL hashtag row (`csvHeader`), then the data
    /// (`Table.csvRow`). A data cell a spreadsheet would run as a formula (starting with `=`,
    /// `+`, `-`, `@`, a tab or a carriage return) gets a leading `'`, unless it is a number
    /// (OWASP's rule).
    func csvHeader() -> String {
        columns.map { Table.csvCell($0.title) }.joined(separator: ",") + "\r\n"
            + columns.map { Table.quoted($0.hxl) }.joined(separator: ",") + "\r\n"
    }

    /// A GitHub-flavoured Markdown table: its titles and alignment row, then a row each
    /// (`Table.markdownRow`).
    func markdownHeader() -> String {
        "| " + columns.map { Table.markdownCell($0.title) }.joined(separator: " | ") + " |\n"
            + "|" + columns.map { $0.alignRight ? " ---: |" : " --- |" }.joined() + "\n"
    }

    /// An HTML table: its start and titles, then a row each (`htmlRow`), then `htmlFooter`.
    func htmlHeader() -> String {
        var out = "<table>\n<thead><tr>"
        for column in columns { Self.appendHTMLCell("th", column.title, column, to: &out) }
        return out + "</tr></thead>\n<tbody>\n"
    }

    /// One row of the table in HTML, written cell by cell (a large log's review writes a
    /// million cells, and a string per cell costs more than the escaping).
    func htmlRow(_ row: [String]) -> String {
        var out = "<tr>"
        for (value, column) in zip(row, columns) { Self.appendHTMLCell("td", value, column, to: &out) }
        return out + "</tr>\n"
    }

    static let htmlFooter = "</tbody>\n</table>\n"

    private static func appendHTMLCell(_ tag: String, _ value: String, _ column: Column, to out: inout String) {
        out += "<"
        out += tag
        if column.alignRight { out += " class=\"n\"" }
        out += ">"
        out += HTML.escape(value)
        out += "</"
        out += tag
        out += ">"
    }

}

/// Cells made safe and laid out, a table's or a streamed row's.
extension Table {
    /// `text` in lines of at most `width` characters (`TextLayout.appendCell(_:wrappedTo:)`).
    static func wrap(_ text: String, to width: Int) -> [String] {
        var layout = TextLayout()
        layout.appendCell(text, wrappedTo: width)
        return (0..<layout.height).map { k in
            let line = layout.line(k, ofCell: 0)
            return String(decoding: layout.bytes[line.start..<line.end], as: UTF8.self)
        }
    }

    /// One data row of CSV (`Grid.csvHeader`).
    static func csvRow(_ row: [String]) -> String { row.map(csvCell).joined(separator: ",") + "\r\n" }

    fileprivate static func csvCell(_ value: String) -> String { quoted(defused(value)) }

    fileprivate static func quoted(_ value: String) -> String {
        guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return value }
        return "\"" + value.replacing("\"", with: "\"\"") + "\""
    }

    /// `value`, made inert for a spreadsheet.
    static func defused(_ value: String) -> String {
        guard let first = value.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) else { return value }
        if Double(value) != nil { return value }
        return "'" + value
    }

    /// One data row of Markdown (`Grid.markdownHeader`).
    static func markdownRow(_ row: [String]) -> String {
        var out = ""
        appendMarkdownRow(row, to: &out)
        return out
    }

    /// Appends one data row of Markdown to `out`, cell by cell (no string per cell).
    static func appendMarkdownRow(_ row: [String], to out: inout String) {
        out += "| "
        for (i, cell) in row.enumerated() {
            if i > 0 { out += " | " }
            out += markdownCell(cell)
        }
        out += " |\n"
    }

    fileprivate static func markdownCell(_ value: String) -> String {
        // Most cells hold none of these: a long log's million rows skip five passes each.
        guard value.utf8.contains(where: { $0 == 0x5C || $0 == 0x7C || $0 == 0x26 || $0 == 0x3C || $0 == 0x3E }) else { return value }
        // Raw HTML stays text: Markdown renderers pass it through otherwise.
        return value.replacing("\\", with: "\\\\").replacing("|", with: "\\|")
            .replacing("&", with: "&amp;").replacing("<", with: "&lt;").replacing(">", with: "&gt;")
    }
}

/// How a view is rendered (`--format`).
package enum OutputFormat: String, CaseIterable, Sendable {
    case text, json, csv, md, html

    /// The format a file's extension names (`plan.csv`), if any.
    static func suggested(by path: String) -> OutputFormat? {
        guard let dot = path.lastIndex(of: "."), !path[dot...].contains("/") else { return nil }
        let ext = path[path.index(after: dot)...].lowercased()
        switch ext {
        case "txt": return .text
        case "markdown": return .md
        case "htm": return .html
        default: return OutputFormat(rawValue: ext)
        }
    }
}
