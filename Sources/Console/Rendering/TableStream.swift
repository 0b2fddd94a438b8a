/// A table written as its rows come, in any format but JSON: its titles before the first row,
/// its rows, and its end. Text columns take their widths from the first `lookAhead` rows (and
/// their minimum and maximum widths): a later cell wider than its column wraps, and one wide
/// row never pads the rest. Every table a view shows is written so (`Report.write`), and the
/// `log` as it is read.
struct TableStream {
    let grid: Grid
    let format: OutputFormat
    /// The terminal's width, for text.
    let width: Int?

    /// Rows held to lay text out, until there are this many.
    static let lookAhead = 1000

    /// How many rows were added.
    private(set) var rows = 0
    private var pending: [[String]] = []
    private var widths: [Int]?
    private var started = false
    /// Text laid out and written a row at a time: each cell measured once, kept as bytes.
    private var layout = TextLayout()
    private var bytes: [UInt8] = []

    init(_ grid: Grid, format: OutputFormat, width: Int?) {
        precondition(format != .json, "a table has no JSON of its own")
        self.grid = grid
        self.format = format
        self.width = width
    }

    /// Writes a row (its shown cells' words), or holds it to lay the text out.
    mutating func add(_ row: [String], to out: OutputSink) {
        rows += 1
        switch format {
        case .text:
            let row = row.map(TerminalText.visible)
            if let widths {
                grid.appendTextRow(row, widths: widths, width: width, layout: &layout, to: &bytes)
                write(to: out)
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

    /// Writes what is left: the titles, if no row came, the rows held, and the table's end.
    mutating func finish(to out: OutputSink) {
        switch format {
        case .text:
            if widths == nil { writePending(to: out) }
        case .csv, .md:
            start(to: out)
        case .html:
            start(to: out)
            out.write(Grid.htmlFooter)
        case .json:
            preconditionFailure("a table has no JSON of its own")
        }
    }

    /// Lays the text out from the rows held, and writes them under the titles.
    private mutating func writePending(to out: OutputSink) {
        let widths = grid.textWidths(for: pending, width: width)
        self.widths = widths
        grid.appendTextHeader(widths: widths, layout: &layout, to: &bytes)
        for row in pending { grid.appendTextRow(row, widths: widths, width: width, layout: &layout, to: &bytes) }
        pending = []
        write(to: out)
    }

    private mutating func write(to out: OutputSink) {
        out.write(bytes: bytes)
        bytes.removeAll(keepingCapacity: true)
    }

    /// The titles, before the first row (even with none).
    private mutating func start(to out: OutputSink) {
        guard !started else { return }
        started = true
        switch format {
        case .csv: out.write(grid.csvHeader())
        case .md: out.write(grid.markdownHeader())
        case .html: out.write(grid.htmlHeader())
        case .text, .json: break
        }
    }
}
