import EventLog

/// A view's rows, typed, with the columns people see and the members scripts read: text,
/// CSV (with an HXL hashtag row), Markdown and HTML are rendered from its `grid`, and the
/// JSON from its columns' keys (`Report.jsonValue`).
package struct Table: Sendable {
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
    var rows: [[Cell]]

    package init(columns: [Column], rows: [[Cell]]) {
        // A column added without its cell (or a cell without its column) fails the first test
        // that shows the view, rather than shifting every cell after it.
        assert(rows.allSatisfy { $0.count == columns.count }, "a row has one cell per column")
        self.columns = columns
        self.rows = rows
    }

    /// A table of words only (every cell `.text`).
    package init(columns: [Column], rows: [[some StringProtocol]]) {
        self.init(columns: columns, rows: rows.map { $0.map { .text(String($0)) } })
    }

    /// The table as people see it: the shown columns, their cells in words.
    var grid: Grid {
        let shown = columns.indices.filter { columns[$0].shown }
        if shown.count == columns.count { return Grid(columns: columns, rows: rows.map { $0.map(\.text) }) }
        return Grid(columns: shown.map { columns[$0] }, rows: rows.map { row in shown.map { row[$0].text } })
    }

    package func text(width: Int?) -> String { grid.text(width: width) }
    package func csv() -> String { grid.csv() }

    /// The rows in JSON: an object per row of the columns that have a key, in their order.
    var jsonObjects: JSONValue {
        let keyed = columns.indices.compactMap { i in columns[i].key.map { (i, $0) } }
        return .array(rows.map { row in .object(keyed.map { JSONMember($0.1, row[$0.0].json) }) })
    }

    /// The rows in JSON as their values in the column keyed `key` (the plan's open actions:
    /// their ids).
    func jsonValues(of key: String) -> JSONValue {
        guard let column = columns.firstIndex(where: { $0.key == key }) else { preconditionFailure("no column is keyed \(key)") }
        return .array(rows.map { $0[column].json })
    }

    /// The rows in JSON as an object: a member per row, named by its words in the column keyed
    /// `by`, holding its value in the column keyed `value`.
    func jsonNamed(by: String, value: String) -> JSONValue {
        guard let name = columns.firstIndex(where: { $0.key == by }), let column = columns.firstIndex(where: { $0.key == value }) else {
            preconditionFailure("no columns are keyed \(by) and \(value)")
        }
        return .object(rows.map { JSONMember($0[name].text, $0[column].json) })
    }
}

/// Hands on the text appended so far, if it likes, and empties it: a file written in pieces
/// as it is made (`Review.write`) is never held whole. Offered after each row of a table.
typealias Spill = (inout String) -> Void

/// A table as people see it: the titles and the words of each cell. Text, CSV, Markdown and
/// HTML are rendered from it, whole or (`TableStream`) a row at a time.
struct Grid {
    typealias Column = Table.Column

    var columns: [Column]
    var rows: [[String]]

    /// Aligned columns; with a `width`, flexible columns are narrowed to fit it and their
    /// long cells wrap onto more lines: nothing is cut. Built as bytes, made a string once: a
    /// large plan is a million cells and their padding, and appending to an array of bytes
    /// costs a fraction of appending to a string.
    func text(width: Int?) -> String {
        var out: [UInt8] = []
        appendText(width: width, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// `text(width:)`, appended to `out`.
    func appendText(width: Int?, to out: inout [UInt8]) {
        let rows = rows.map { $0.map(TerminalText.visible) }
        let widths = textWidths(for: rows, width: width)
        var layout = TextLayout()
        appendTextHeader(widths: widths, layout: &layout, to: &out)
        for row in rows { appendTextRow(row, widths: widths, width: width, layout: &layout, to: &out) }
    }

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

    /// The titles and the rule under them.
    func textHeader(widths: [Int]) -> String {
        var out: [UInt8] = []
        var layout = TextLayout()
        appendTextHeader(widths: widths, layout: &layout, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    private func appendTextHeader(widths: [Int], layout: inout TextLayout, to out: inout [UInt8]) {
        appendTextLines(columns.map(\.title), widths: widths, wrapping: 0, layout: &layout, to: &out)
        appendTextLines(widths.map { String(repeating: "─", count: $0) }, widths: widths, wrapping: 0, layout: &layout, to: &out)
    }

    /// A row (made visible) as one or more lines, each cell wrapped to its column. Without a
    /// terminal `width` the last column, which is never padded, does not wrap.
    func textRow(_ cells: [String], widths: [Int], width: Int?) -> String {
        var out: [UInt8] = []
        var layout = TextLayout()
        appendTextRow(cells, widths: widths, width: width, layout: &layout, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// `textRow`, appended to `out`.
    private func appendTextRow(_ cells: [String], widths: [Int], width: Int?, layout: inout TextLayout,
                               to out: inout [UInt8]) {
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

    /// RFC 4180 CSV: a header row, then the HXL hashtag row, then the data. A data cell a
    /// spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`, a tab or a
    /// carriage return) gets a leading `'`, unless it is a number (OWASP's rule).
    func csv() -> String {
        var out = columns.map { Table.csvCell($0.title) }.joined(separator: ",") + "\r\n"
        out += columns.map { Table.quoted($0.hxl) }.joined(separator: ",") + "\r\n"
        for row in rows { out += Table.csvRow(row) }
        return out
    }

    /// The header and HXL rows of `csv()`.
    func csvHeader() -> String {
        columns.map { Table.csvCell($0.title) }.joined(separator: ",") + "\r\n"
            + columns.map { Table.quoted($0.hxl) }.joined(separator: ",") + "\r\n"
    }

    /// A GitHub-flavoured Markdown table, appended to `out`; `spill` is offered it after each row.
    func appendMarkdown(to out: inout String, spill: Spill = { _ in }) {
        out += markdownHeader()
        for row in rows {
            Table.appendMarkdownRow(row, to: &out)
            spill(&out)
        }
    }

    /// The titles and alignment row of `appendMarkdown(to:)`.
    func markdownHeader() -> String {
        "| " + columns.map { Table.markdownCell($0.title) }.joined(separator: " | ") + " |\n"
            + "|" + columns.map { $0.alignRight ? " ---: |" : " --- |" }.joined() + "\n"
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

    /// One data row of `csv()`.
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

    /// One data row of `Grid.appendMarkdown(to:)`.
    static func markdownRow(_ row: [String]) -> String {
        var out = ""
        appendMarkdownRow(row, to: &out)
        return out
    }

    /// Appends one data row of `Grid.appendMarkdown(to:)` to `out`, cell by cell (no string per cell).
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
