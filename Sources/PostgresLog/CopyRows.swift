import EventLog

/// Rows of `engage.events` in `COPY … FROM STDIN` text format: the columns `engage.append`
/// fills for each record (`seq, line, hash, ts, actor, type, audience`), the rest left to
/// their defaults (`written_by` is the importing login, `written_at` the commit's time).
///
/// The line goes as a `bytea` in escape form, nearly its own size: printable ASCII as it is,
/// every other byte as an octal escape, so the stream is plain ASCII whatever the line holds.
/// The hash goes in hex.
package struct CopyRows {
    package static let columns = ["seq", "line", "hash", "ts", "actor", "type", "audience"]

    package private(set) var bytes: [UInt8] = []

    package init(capacity: Int) {
        bytes.reserveCapacity(capacity)
    }

    package var count: Int { bytes.count }

    package mutating func removeAll() {
        bytes.removeAll(keepingCapacity: true)
    }

    package mutating func append(_ imported: ImportedRecord) {
        let record = imported.record
        JSONWriter.writeInt(record.sequence, into: &bytes)
        bytes.append(0x09)
        appendLine(imported.line)
        bytes.append(0x09)
        // `\\x` then hex: COPY reads `\\` as one backslash, and bytea reads `\x…` as hex.
        bytes.append(contentsOf: [0x5C, 0x5C, 0x78])
        record.hash.writeHex(into: &bytes)
        bytes.append(0x09)
        record.timestamp.write(into: &bytes)
        bytes.append(0x09)
        appendText(record.actor.utf8)
        bytes.append(0x09)
        appendText(record.type.utf8)
        bytes.append(0x09)
        appendText(imported.audience.tag.utf8)
        bytes.append(0x0A)
    }

    /// A line as bytea escape input, itself escaped for COPY: a backslash is `\\` to bytea,
    /// `\\\\` in the stream; any byte outside printable ASCII is `\ooo` to bytea, `\\ooo` in
    /// the stream.
    private mutating func appendLine(_ line: UnsafeBufferPointer<UInt8>) {
        var start = 0
        var i = 0
        while i < line.count {
            let byte = line[i]
            if byte >= 0x20, byte < 0x7F, byte != 0x5C {
                i += 1
                continue
            }
            // A run of bytes that go as they are, copied at once.
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: line[start..<i]))
            if byte == 0x5C {
                bytes.append(contentsOf: [0x5C, 0x5C, 0x5C, 0x5C])
            } else {
                bytes.append(contentsOf: [0x5C, 0x5C, 0x30 + (byte >> 6), 0x30 + ((byte >> 3) & 7), 0x30 + (byte & 7)])
            }
            i += 1
            start = i
        }
        bytes.append(contentsOf: UnsafeBufferPointer(rebasing: line[start..<i]))
    }

    /// A text column, escaped for COPY: backslash, tab, newline and carriage return.
    private mutating func appendText(_ text: String.UTF8View) {
        for byte in text {
            switch byte {
            case 0x5C: bytes.append(contentsOf: [0x5C, 0x5C])
            case 0x09: bytes.append(contentsOf: [0x5C, 0x74])
            case 0x0A: bytes.append(contentsOf: [0x5C, 0x6E])
            case 0x0D: bytes.append(contentsOf: [0x5C, 0x72])
            default: bytes.append(byte)
            }
        }
    }
}
