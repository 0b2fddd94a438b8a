/// Text from the log made safe for a terminal: control characters (C0, DEL, C1), bidi
/// overrides and invisible characters are shown as visible escapes (`\u{1B}`), so that a
/// forged record cannot move the cursor, recolour the screen or reorder what is read.
///
/// Applied where data becomes text for people: table cells, titles and summaries, receipts
/// and announcements, error messages. The renderer's own layout and colours come after.
enum TerminalText {
    static func visible(_ text: String) -> String {
        guard !isPrintableASCII(text), text.unicodeScalars.contains(where: needsEscape) else { return text }
        var out = ""
        out.reserveCapacity(text.utf8.count + 8)
        for scalar in text.unicodeScalars {
            if needsEscape(scalar) {
                out += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// The columns `text` takes in a table: its characters, which for printable ASCII, most
    /// cells, is its bytes (counting characters walks every grapheme, and a large plan counts
    /// each cell's more than once).
    static func width(_ text: some StringProtocol) -> Int {
        isPrintableASCII(text) ? text.utf8.count : text.count
    }

    /// Whether every byte of `text` is printable ASCII (a space to a tilde): text whose
    /// columns are its bytes. Read from the string's storage where it is contiguous.
    static func isPrintableASCII(_ text: some StringProtocol) -> Bool {
        // One comparison a byte: below the space, the subtraction wraps past 0x5E.
        func printable(_ byte: UInt8) -> Bool { byte &- 0x20 < 0x5F }
        if let answer = text.utf8.withContiguousStorageIfAvailable({ bytes in
            for byte in bytes where !printable(byte) { return false }
            return true
        }) { return answer }
        return text.utf8.allSatisfy(printable)
    }

    static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00..<0x20, 0x7F...0x9F: true                       // C0, DEL, C1
        case 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: true  // bidi marks and overrides
        case 0x200B...0x200D, 0x2060...0x2064, 0xFEFF: true       // invisible
        default: false
        }
    }
}
