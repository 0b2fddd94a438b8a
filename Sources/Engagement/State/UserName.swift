/// The one rule for the names people act under: `--as`, `ENGAGE_ACTOR`, `member add user=`.
package enum UserName {
    /// What a user name is, in words for messages.
    package static let rule = "no spaces or control characters, at most 64 bytes"

    package static func isValid(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.count <= 64
            && !name.unicodeScalars.contains { $0.properties.isWhitespace || $0.properties.generalCategory == .control }
    }
}
