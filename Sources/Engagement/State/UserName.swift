/// The one rule for the names people act under: `--as`, `ENGAGE_ACTOR`, `member add user=`.
///
/// A name must read as what it is: two members must never look alike. A name is read in NFC
/// (`read`), so "rémy" typed with a combining accent is the same name as with "é"; then,
/// besides spaces and control characters, it refuses invisible and bidi characters (Unicode
/// format characters), combining marks that compose with nothing, and letters of more than
/// one of the scripts that share look-alikes (Latin, Greek, Cyrillic): "lena" with a
/// Cyrillic "е" is refused.
package enum UserName {
    /// What a user name is, in words for messages.
    package static let rule = "1–64 bytes; no spaces, control, invisible or bidi characters; letters of one script"

    package static func isValid(_ name: String) -> Bool { problem(name) == nil }

    /// A user name as typed, the way every reader takes it: trimmed, and in NFC.
    package static func read(_ typed: String) -> String {
        typed.trimmingWhitespace().nfc
    }

    /// Why `name` is not a user name, or `nil` when it is one.
    package static func problem(_ name: String) -> String? {
        guard !name.isEmpty, name.utf8.count <= 64 else { return "a user name has 1 to 64 bytes" }
        var scripts: Set<Script> = []
        for scalar in name.unicodeScalars {
            let properties = scalar.properties
            switch properties.generalCategory {
            case .control, .format, .unassigned, .privateUse, .surrogate, .lineSeparator, .paragraphSeparator, .spaceSeparator:
                return "a user name has no spaces, control, invisible or bidi characters (found U+\(hex(scalar)))"
            case .nonspacingMark, .spacingMark, .enclosingMark:
                return "a user name has no combining marks that compose with no letter (found U+\(hex(scalar)))"
            default:
                break
            }
            if properties.isWhitespace { return "a user name has no spaces" }
            if let script = Script(scalar) { scripts.insert(script) }
        }
        if scripts.count > 1 {
            return "a user name mixes letters of \(scripts.map(\.rawValue).sorted().joined(separator: " and ")), which look alike"
        }
        return nil
    }

    private static func hex(_ scalar: Unicode.Scalar) -> String { String(scalar.value, radix: 16, uppercase: true) }

    /// The scripts whose letters are mistaken for one another.
    private enum Script: String {
        case latin = "Latin", greek = "Greek", cyrillic = "Cyrillic"

        init?(_ scalar: Unicode.Scalar) {
            guard scalar.properties.isAlphabetic else { return nil }
            switch scalar.value {
            case 0x41...0x5A, 0x61...0x7A, 0xC0...0x24F, 0x1E00...0x1EFF: self = .latin
            case 0x370...0x3FF, 0x1F00...0x1FFF: self = .greek
            case 0x400...0x52F, 0x2DE0...0x2DFF, 0xA640...0xA69F: self = .cyrillic
            default: return nil
            }
        }
    }
}
