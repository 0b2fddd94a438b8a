/// A table written as its rows come, in any format but JSON, rendering exactly what
/// `Report.render` renders for a view that is one bare table. Text columns take their
/// widths from the first `lookAhead` rows (and their minimum and maximum widths): a later
/// cell wider than its column wraps, and one wide row never pads the rest.
struct TableStream {
    let grid: Grid
    let format: OutputFormat
    /// The terminal's width, for text.
    let width: Int?
    /// What to say instead of a table without rows (`nil` renders the empty table).
    var empty: String?

    /// Rows held to lay text out, until there are this many.
    static let lookAhead = 1000

    private var pending: [[String]] = []
    private var widths: [Int]?
    private var rows = 0
    private var started = false

    init(_ table: Table, format: OutputFormat, width: Int?, empty: String?) {
        grid = table.grid
        self.format = format
        self.width = width
        self.empty = empty
    }

    mutating func add(_ row: [String], to out: OutputSink) {
        rows += 1
        switch format {
        case .text:
            let row = row.map(TerminalText.visible)
            if let widths {
                out.write(grid.textRow(row, widths: widths, width: width))
                return
            }
            pending.append(row)
            if pending.count == Self.lookAhead { writePending(to: out) }
        case .csv:
            start(to: out)
            out.write(Table.csvRow(row))
        case .md:
            start(to: out)
            out.write(Table.markdownRow(row))
        case .html:
            start(to: out)
            out.write(grid.htmlRow(row))
        case .json:
            preconditionFailure("a table has no JSON of its own")
        }
    }

    mutating func finish(to out: OutputSink) {
        let says = rows == 0 ? empty : nil
        switch format {
        case .text:
            if let says {
                out.write(says + "\n")
            } else if widths == nil {
                writePending(to: out)
            }
        case .csv:
            start(to: out)
        case .md:
            if let says { out.write(says + "\n\n") }
        case .html:
            if let says {
                out.write(HTMLPage.head(title: "engage") + "<section>\n<p>\(HTML.escape(says))</p>\n")
            } else {
                start(to: out)
                out.write(Grid.htmlFooter)
            }
            out.write("</section>\n" + HTMLPage.foot)
        case .json:
            preconditionFailure("a table has no JSON of its own")
        }
        out.flush()
    }

    /// Lays the text out from the rows held, and writes them under the titles.
    private mutating func writePending(to out: OutputSink) {
        let widths = grid.textWidths(for: pending, width: width)
        self.widths = widths
        out.write(grid.textHeader(widths: widths))
        for row in pending { out.write(grid.textRow(row, widths: widths, width: width)) }
        pending = []
    }

    /// The titles, before the first row (CSV: even with none).
    private mutating func start(to out: OutputSink) {
        guard !started else { return }
        started = true
        switch format {
        case .csv: out.write(grid.csvHeader())
        case .md: out.write(grid.markdownHeader())
        case .html: out.write(HTMLPage.head(title: "engage") + "<section>\n" + grid.htmlHeader())
        case .text, .json: break
        }
    }
}
