/// One line of the command language, split into words and `key=value` fields.
///
/// Values with spaces are double-quoted (`text="Water trucking ends"`); inside quotes,
/// `\"` and `\\` stand for a quote and a backslash. A field's key is everything before the
/// first `=` of an unquoted token.
package struct ParsedLine: Equatable, Sendable {
    package struct Field: Equatable, Sendable {
        package var key: String
        package var value: String

        package init(key: String, value: String) {
            self.key = key
            self.value = value
        }
    }

    package var words: [String]
    package var fields: [Field]

    package init(words: [String], fields: [Field]) {
        self.words = words
        self.fields = fields
    }

    /// The longest command a line may hold; longer input is refused before it is parsed,
    /// looked up or suggested from.
    package static let maximumBytes = 64 * 1024

    /// Refuses a command of `bytes` bytes if it is longer than `maximumBytes`.
    package static func checkLength(_ bytes: Int) throws(CommandError) {
        guard bytes <= maximumBytes else { throw tooLong(bytes: bytes) }
    }

    /// The refusal of a command of `bytes` bytes, longer than `maximumBytes`.
    package static func tooLong(bytes: Int) -> CommandError {
        .syntax("a command holds at most 64 KiB; this one has \(bytes) bytes. Nothing was recorded")
    }

    package static func parse(_ line: String) throws(CommandError) -> ParsedLine {
        try checkLength(line.utf8.count)
        var words: [String] = []
        var fields: [Field] = []
        var iterator = Array(line.unicodeScalars)[...]
        while true {
            while let first = iterator.first, first.properties.isWhitespace { iterator.removeFirst() }
            guard !iterator.isEmpty else { break }
            var token = ""
            var key: String?
            var quoted = false
            while let c = iterator.first, quoted || !c.properties.isWhitespace {
                iterator.removeFirst()
                if quoted {
                    if c == "\\", let next = iterator.first, next == "\"" || next == "\\" {
                        token.unicodeScalars.append(next)
                        iterator.removeFirst()
                    } else if c == "\"" {
                        quoted = false
                    } else {
                        token.unicodeScalars.append(c)
                    }
                } else if c == "\"" {
                    quoted = true
                } else if c == "=", key == nil {
                    key = token
                    token = ""
                } else {
                    token.unicodeScalars.append(c)
                }
            }
            if quoted { throw .syntax("a double quote is not closed") }
            if let key {
                guard !key.isEmpty else { throw .syntax("'=\(token)' has no field name before '='") }
                fields.append(Field(key: key, value: token))
            } else {
                words.append(token)
            }
        }
        return ParsedLine(words: words, fields: fields)
    }

    /// Quotes a value for display in a command, if it needs quoting.
    package static func quote(_ value: String) -> String {
        let needsQuotes = value.isEmpty || value.unicodeScalars.contains { $0.properties.isWhitespace || $0 == "\"" || $0 == "=" || $0 == "\\" }
        guard needsQuotes else { return value }
        let escaped = value.replacing("\\", with: "\\\\").replacing("\"", with: "\\\"")
        return "\"\(escaped)\""
    }
}

extension ParsedLine {
    /// Command words as the shell split them (`engage partner add id=wash "name=WASH Cluster"`):
    /// each argument is a word or, when it has an `=`, a whole field; no further quoting.
    package init(arguments: [String]) throws(CommandError) {
        try Self.checkLength(arguments.reduce(0) { $0 + $1.utf8.count + 1 })
        var words: [String] = []
        var fields: [Field] = []
        for argument in arguments {
            if let equals = argument.firstIndex(of: "=") {
                let key = String(argument[..<equals])
                guard !key.isEmpty else { throw .syntax("'\(argument)' has no field name before '='") }
                fields.append(Field(key: key, value: String(argument[argument.index(after: equals)...])))
            } else {
                words.append(argument)
            }
        }
        self.init(words: words, fields: fields)
    }
}
