/// A row of a text table laid out in lines: each cell's lines, as bytes, with the columns each
/// takes. Emptied and refilled for every row of a table (`removeAll()` keeps the room), so that
/// once its arrays have grown a row of printable ASCII is laid out without allocating, and a
/// wrapped cell's lines are copied bytes, never strings made line by line.
struct TextLayout {
    struct Line {
        var start: Int
        var end: Int
        var width: Int
    }

    /// Every line's bytes, one after the other.
    private(set) var bytes: [UInt8] = []
    private var lines: [Line] = []
    /// Where each cell's lines begin in `lines`; the cell after the last ends them.
    private var firstLines: [Int] = []
    /// The most lines a cell has.
    private(set) var height = 0
    /// The words of the cell being wrapped, as ranges of its bytes.
    private var words: [Range<Int>] = []

    mutating func removeAll() {
        bytes.removeAll(keepingCapacity: true)
        lines.removeAll(keepingCapacity: true)
        firstLines.removeAll(keepingCapacity: true)
        height = 0
    }

    /// Line `k` of cell `cell`; empty past its last line.
    func line(_ k: Int, ofCell cell: Int) -> Line {
        let first = firstLines[cell]
        let end = cell + 1 < firstLines.count ? firstLines[cell + 1] : lines.count
        return first + k < end ? lines[first + k] : Line(start: 0, end: 0, width: 0)
    }

    /// A cell on one line, however long.
    mutating func appendCell(_ text: String) {
        firstLines.append(lines.count)
        appendLine(text, width: TerminalText.width(text))
        endCell()
    }

    /// A cell in lines of at most `width` columns, broken at spaces where it can be and
    /// inside a word only when the word is longer than a line; a list without spaces
    /// (`wash,edu,cp`) breaks after a comma where it can. Laid out on the cell's bytes: words
    /// are measured once each, the line's width kept as it grows, and printable ASCII, most
    /// cells, is measured by its bytes.
    mutating func appendCell(_ text: String, wrappedTo width: Int) {
        firstLines.append(lines.count)
        defer { endCell() }
        let ascii = TerminalText.isPrintableASCII(text)
        let textWidth = ascii ? text.utf8.count : text.count
        guard textWidth > width, width > 0 else {
            appendLine(text, width: textWidth)
            return
        }
        words.removeAll(keepingCapacity: true)
        if !ascii {
            // Split by characters, so that a space a mark combines with is kept.
            for word in text.split(separator: " ") {
                let start = text.utf8.distance(from: text.startIndex, to: word.startIndex)
                words.append(start..<start + word.utf8.count)
            }
        }
        var contiguous = text
        contiguous.withUTF8 { utf8 in
            if ascii {
                var start: Int?
                for i in utf8.indices {
                    if utf8[i] == UInt8(ascii: " ") {
                        if let begun = start { words.append(begun..<i) }
                        start = nil
                    } else if start == nil {
                        start = i
                    }
                }
                if let begun = start { words.append(begun..<utf8.count) }
            }
            wrap(utf8, ascii: ascii, to: width)
        }
    }

    /// Lays out `words` of `utf8` in lines of at most `width` columns.
    private mutating func wrap(_ utf8: UnsafeBufferPointer<UInt8>, ascii: Bool, to width: Int) {
        func columns(_ range: Range<Int>) -> Int {
            ascii ? range.count : TerminalText.width(String(decoding: UnsafeBufferPointer(rebasing: utf8[range]), as: UTF8.self))
        }
        /// Where a word too long for a line is broken: after the last comma of its first
        /// `width` columns, or after them.
        func cut(_ range: Range<Int>) -> Int {
            guard !ascii else {
                let head = range.lowerBound..<range.lowerBound + width
                return (utf8[head].lastIndex(of: UInt8(ascii: ",")).map { $0 + 1 }) ?? head.upperBound
            }
            let word = String(decoding: UnsafeBufferPointer(rebasing: utf8[range]), as: UTF8.self)
            let head = word.prefix(width)
            let end = head.lastIndex(of: ",").map { word.index(after: $0) } ?? head.endIndex
            return range.lowerBound + word.utf8.distance(from: word.startIndex, to: end)
        }
        let first = lines.count
        var lineStart = bytes.count
        var lineWidth = 0
        var open = false
        func close() {
            lines.append(Line(start: lineStart, end: bytes.count, width: lineWidth))
            lineStart = bytes.count
            lineWidth = 0
            open = false
        }
        for index in words.indices {
            var word = words[index]
            let wordWidth = columns(word)
            if !open, wordWidth <= width {
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[word]))
                lineWidth = wordWidth
                open = true
            } else if open, lineWidth + 1 + wordWidth <= width {
                bytes.append(UInt8(ascii: " "))
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[word]))
                lineWidth += 1 + wordWidth
            } else {
                if open { close() }
                var rest = wordWidth
                while rest > width {
                    let end = cut(word)
                    bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[word.lowerBound..<end]))
                    lineWidth = columns(word.lowerBound..<end)
                    close()
                    word = end..<word.upperBound
                    rest = columns(word)
                }
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[word]))
                lineWidth = rest
                open = true
            }
        }
        // A cell of spaces only is one empty line.
        if open || lines.count == first { close() }
    }

    private mutating func appendLine(_ text: String, width: Int) {
        let start = bytes.count
        bytes.append(contentsOf: text.utf8)
        lines.append(Line(start: start, end: bytes.count, width: width))
    }

    private mutating func endCell() {
        height = max(height, lines.count - firstLines[firstLines.count - 1])
    }
}
