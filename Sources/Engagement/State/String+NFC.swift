extension String {
    /// The string in Unicode Normalization Form C: "e" + U+0301 becomes "é", so one name has
    /// one spelling in the log whatever keyboard typed it.
    ///
    /// The standard library's own normaliser (the one `==` and hashing use); the domain does
    /// not import Foundation for `precomposedStringWithCanonicalMapping`. ASCII, the common
    /// case, is returned as it is without a pass.
    package var nfc: String {
        if utf8.allSatisfy({ $0 < 0x80 }) { return self }
        return String(decoding: Array(_nfcCodeUnits), as: UTF8.self)
    }
}
