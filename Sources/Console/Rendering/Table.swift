/// A view's rows, ready to be rendered as text, CSV (with an HXL hashtag row) or Markdown.
package struct Table: Sendable {
    package struct Column: Sendable {
        package var title: String
        /// The HXL hashtag and attributes for the CSV export (`#org +id`).
        var hxl: String
        var alignRight = false
        /// Whether this column may be narrowed to fit the terminal (its cells then wrap).
        var flexible = false

        package init(_ title: String, hxl: String, alignRight: Bool = false, flexible: Bool = false) {
            self.title = title
            self.hxl = hxl
            self.alignRight = alignRight
            self.flexible = flexible
        }
    }

    var columns: [Column]
    var rows: [[String]]

    package init(columns: [Column], rows: [[String]]) {
        self.columns = columns
        self.rows = rows
    }

    /// Aligned columns; with a `width`, flexible columns are narrowed to fit it and their
    /// long cells wrap onto more lines: nothing is cut.
    package func text(width: Int?) -> String {
        let rows = rows.map { $0.map(TerminalText.visible) }
        var widths = columns.indices.map { i in
            rows.reduce(columns[i].title.count) { max($0, $1[i].count) }
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
        func line(_ cells: [String]) -> String {
            var out = ""
            for (i, value) in cells.enumerated() {
                let padding = String(repeating: " ", count: max(0, widths[i] - value.count))
                let isLast = i == cells.count - 1
                if columns[i].alignRight {
                    out += padding + value
                } else {
                    out += isLast ? value : value + padding
                }
                if !isLast { out += "  " }
            }
            while out.last == " " { out.removeLast() }
            return out + "\n"
        }
        /// A row as one or more lines, each cell wrapped to its column.
        func lines(_ cells: [String]) -> String {
            let wrapped = cells.enumerated().map { i, cell in Self.wrap(cell, to: widths[i]) }
            let height = wrapped.map(\.count).max() ?? 1
            return (0..<height).map { k in line(wrapped.map { k < $0.count ? $0[k] : "" }) }.joined()
        }
        var out = line(columns.map(\.title))
        out += line(widths.map { String(repeating: "─", count: $0) })
        for row in rows { out += lines(row) }
        return out
    }

    /// `text` in lines of at most `width` characters, broken at spaces where it can be and
    /// inside a word only when the word is longer than a line.
    static func wrap(_ text: String, to width: Int) -> [String] {
        guard text.count > width, width > 0 else { return [text] }
        var lines: [String] = []
        var current = ""
        for word in text.split(separator: " ", omittingEmptySubsequences: true) {
            var word = Substring(word)
            if current.isEmpty, word.count <= width {
                current = String(word)
            } else if !current.isEmpty, current.count + 1 + word.count <= width {
                current += " " + word
            } else {
                if !current.isEmpty { lines.append(current) }
                current = ""
                while word.count > width {
                    lines.append(String(word.prefix(width)))
                    word = word.dropFirst(width)
                }
                current = String(word)
            }
        }
        if !current.isEmpty || lines.isEmpty { lines.append(current) }
        return lines
    }

    /// RFC 4180 CSV: a header row, then the HXL hashtag row, then the data. A data cell a
    /// spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`, a tab or a
    /// carriage return) gets a leading `'`, unless it is a number (OWASP's rule).
    package func csv() -> String {
        func quoted(_ value: String) -> String {
            guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return value }
            return "\"" + value.replacing("\"", with: "\"\"") + "\""
        }
        func cell(_ value: String) -> String { quoted(Self.defused(value)) }
        var out = columns.map { cell($0.title) }.joined(separator: ",") + "\r\n"
        out += columns.map { quoted($0.hxl) }.joined(separator: ",") + "\r\n"
        for row in rows { out += row.map(cell).joined(separator: ",") + "\r\n" }
        return out
    }

    /// `value`, made inert for a spreadsheet.
    static func defused(_ value: String) -> String {
        guard let first = value.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) else { return value }
        if Double(value) != nil { return value }
        return "'" + value
    }

    /// A GitHub-flavoured Markdown table.
    func markdown() -> String {
        func cell(_ value: String) -> String {
            // Raw HTML stays text: Markdown renderers pass it through otherwise.
            value.replacing("\\", with: "\\\\").replacing("|", with: "\\|")
                .replacing("&", with: "&amp;").replacing("<", with: "&lt;").replacing(">", with: "&gt;")
        }
        var out = "| " + columns.map { cell($0.title) }.joined(separator: " | ") + " |\n"
        out += "|" + columns.map { $0.alignRight ? " ---: |" : " --- |" }.joined() + "\n"
        for row in rows { out += "| " + row.map(cell).joined(separator: " | ") + " |\n" }
        return out
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
