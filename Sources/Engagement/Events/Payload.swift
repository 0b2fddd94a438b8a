import EventLog

/// Why a stored payload could not be turned into a domain event.
package struct PayloadError: Error, Equatable, Sendable, CustomStringConvertible {
    package var reason: String
    package init(_ reason: String) { self.reason = reason }
    package var description: String { reason }
}

/// Reads the members of a payload object, with errors that name the member.
///
/// Replay reads a million payloads a second, so the reader works on the stored bytes:
/// payloads are written with a fixed member order and no whitespace, so each lookup is
/// usually the member at the cursor, and a value is decoded only when asked for. Anything
/// outside that layout (whitespace, escapes in a key, nested objects, odd numbers) makes
/// the reader parse the payload once with the general parser and read from that value.
/// Byte mode borrows the buffer: use a reader only inside the closure that lent it.
package struct PayloadReader {
    private enum Source {
        case bytes(UnsafeBufferPointer<UInt8>)
        case members([JSONMember])
    }

    /// Where a member's value lies.
    private enum Slot {
        case bytes(Range<Int>)
        case value(JSONValue)
    }

    private var source: Source
    /// In byte mode, where the next member is expected to start.
    private var cursor = 1

    /// A reader over a payload's stored bytes.
    package init(bytes: UnsafeBufferPointer<UInt8>) throws(PayloadError) {
        source = .bytes(bytes)
        // One pass over the members checks the whole object is in the compact layout, so a
        // payload is never half-read: anything else goes to the general parser, which
        // accepts exactly what JSON allows.
        var position = 1
        var compact = bytes.count >= 2 && bytes[0] == UInt8(ascii: "{") && bytes[bytes.count - 1] == UInt8(ascii: "}")
        while compact, position < bytes.count - 1 {
            guard let member = CompactJSON.member(in: bytes, at: position) else {
                compact = false
                break
            }
            position = member.next
        }
        if !compact { try fallBack(bytes) }
    }

    /// A reader over a parsed payload (upcast payloads, tests).
    package init(_ payload: JSONValue) throws(PayloadError) {
        guard case .object(let members) = payload else { throw PayloadError("payload is not an object") }
        source = .members(members)
    }

    private mutating func fallBack(_ bytes: UnsafeBufferPointer<UInt8>) throws(PayloadError) {
        let value: JSONValue
        do {
            value = try JSONParser.parse(bytes)
        } catch {
            throw PayloadError("payload: \(error)")
        }
        guard case .object(let members) = value else { throw PayloadError("payload is not an object") }
        source = .members(members)
    }

    // MARK: Finding a member

    private mutating func slot(_ key: StaticString) throws(PayloadError) -> Slot? {
        switch source {
        case .members(let members):
            let name = key.description
            return members.first { $0.key == name }.map { .value($0.value) }
        case .bytes(let b):
            let keyBytes = UnsafeBufferPointer(start: key.utf8Start, count: key.utf8CodeUnitCount)
            // Usually the member at the cursor; otherwise one pass from the start.
            var position = cursor
            var wrapped = false
            while true {
                if position >= b.count - 1 {
                    if wrapped || cursor == 1 { return nil }
                    wrapped = true
                    position = 1
                    continue
                }
                guard let member = CompactJSON.member(in: b, at: position) else {
                    try fallBack(b)
                    return try slot(key)
                }
                if member.key.count == keyBytes.count, CompactJSON.equal(b, member.key, keyBytes) {
                    cursor = member.next
                    return .bytes(member.value)
                }
                position = member.next
                if wrapped, position >= cursor { return nil }
            }
        }
    }

    // MARK: Decoding a value

    private func value(of slot: Slot) throws(PayloadError) -> JSONValue {
        switch slot {
        case .value(let value): return value
        case .bytes(let range):
            guard case .bytes(let b) = source else { preconditionFailure("byte slot without bytes") }
            do {
                return try JSONParser.parse(UnsafeBufferPointer(rebasing: b[range]))
            } catch {
                throw PayloadError("payload: \(error)")
            }
        }
    }

    private func text(of slot: Slot, _ key: StaticString) throws(PayloadError) -> String? {
        if case .bytes(let range) = slot, case .bytes(let b) = source, b[range.lowerBound] == UInt8(ascii: "\"") {
            let inner = UnsafeBufferPointer(rebasing: b[(range.lowerBound + 1)..<(range.upperBound - 1)])
            var ascii = true
            for c in inner {
                if c == UInt8(ascii: "\\") { return try value(of: slot).stringValue }
                if c >= 0x80 { ascii = false }
            }
            if ascii { return String(decoding: inner, as: UTF8.self) }
            guard let s = String(validating: inner, as: UTF8.self) else { throw PayloadError("'\(key)' is not valid UTF-8") }
            return s
        }
        let value = try value(of: slot)
        if value == .null { return nil }
        guard let s = value.stringValue else { throw PayloadError("'\(key)' is not text") }
        return s
    }

    // MARK: Typed members

    package mutating func string(_ key: StaticString) throws(PayloadError) -> String {
        guard let value = try optionalString(key) else { throw PayloadError("'\(key)' is missing") }
        return value
    }

    mutating func optionalString(_ key: StaticString) throws(PayloadError) -> String? {
        guard let slot = try slot(key) else { return nil }
        return try text(of: slot, key)
    }

    /// A list of strings; absent or `null` reads as empty.
    package mutating func strings(_ key: StaticString) throws(PayloadError) -> [String] {
        try optionalStrings(key) ?? []
    }

    mutating func optionalStrings(_ key: StaticString) throws(PayloadError) -> [String]? {
        guard let slot = try slot(key) else { return nil }
        if case .bytes(let range) = slot, case .bytes(let b) = source, b[range.lowerBound] == UInt8(ascii: "[") {
            var out: [String] = []
            var i = range.lowerBound + 1
            while i < range.upperBound - 1 {
                guard let end = CompactJSON.valueEnd(b, from: i) else { break }
                guard let s = try text(of: .bytes(i..<end), key) else { throw PayloadError("'\(key)' holds a null") }
                out.append(s)
                i = end + 1
            }
            return out
        }
        let value = try value(of: slot)
        if value == .null { return nil }
        guard let items = value.arrayValue else { throw PayloadError("'\(key)' is not a list") }
        var out: [String] = []
        for item in items {
            guard let s = item.stringValue else { throw PayloadError("'\(key)' holds a non-text item") }
            out.append(s)
        }
        return out
    }

    package mutating func int(_ key: StaticString) throws(PayloadError) -> Int {
        guard let value = try optionalInt(key) else { throw PayloadError("'\(key)' is missing") }
        return value
    }

    mutating func optionalInt(_ key: StaticString) throws(PayloadError) -> Int? {
        guard let slot = try slot(key) else { return nil }
        if case .bytes(let range) = slot, case .bytes(let b) = source, range.count <= 18 {
            var negative = false
            var value = 0
            var digits = 0
            for i in range {
                let c = b[i]
                if c == UInt8(ascii: "-"), i == range.lowerBound { negative = true; continue }
                guard c >= 48, c <= 57 else { digits = -1; break }
                value = value * 10 + Int(c - 48)
                digits += 1
            }
            if digits > 0 { return negative ? -value : value }
        }
        let value = try value(of: slot)
        if value == .null { return nil }
        guard let i = value.intValue else { throw PayloadError("'\(key)' is not a whole number") }
        return i
    }

    package mutating func day(_ key: StaticString) throws(PayloadError) -> Day {
        guard let value = try optionalDay(key) else { throw PayloadError("'\(key)' is missing") }
        return value
    }

    mutating func optionalDay(_ key: StaticString) throws(PayloadError) -> Day? {
        guard let slot = try slot(key) else { return nil }
        if case .bytes(let range) = slot, case .bytes(let b) = source, range.count == 12,
           let day = Day(utf8: UnsafeBufferPointer(rebasing: b[(range.lowerBound + 1)..<(range.upperBound - 1)])) {
            return day
        }
        guard let text = try text(of: slot, key) else { return nil }
        guard let day = Day(text) else { throw PayloadError("'\(key)' is not a date: \(text)") }
        return day
    }

    mutating func identifier<T: FixedIdentifier>(_ key: StaticString, as type: T.Type = T.self) throws(PayloadError) -> T {
        guard let value: T = try optionalIdentifier(key) else { throw PayloadError("'\(key)' is missing") }
        return value
    }

    mutating func optionalIdentifier<T: FixedIdentifier>(_ key: StaticString, as type: T.Type = T.self) throws(PayloadError) -> T? {
        guard let raw = try optionalString(key) else { return nil }
        guard let value = T(rawValue: raw) else { throw PayloadError("'\(key)' is not a known \(T.noun): \(raw)") }
        return value
    }

    package mutating func identifiers<T: FixedIdentifier>(_ key: StaticString, as type: T.Type = T.self) throws(PayloadError) -> [T] {
        try optionalIdentifiers(key) ?? []
    }

    mutating func optionalIdentifiers<T: FixedIdentifier>(_ key: StaticString, as type: T.Type = T.self) throws(PayloadError) -> [T]? {
        guard let raws = try optionalStrings(key) else { return nil }
        var out: [T] = []
        out.reserveCapacity(raws.count)
        for raw in raws {
            guard let value = T(rawValue: raw) else { throw PayloadError("'\(key)' holds an unknown \(T.noun): \(raw)") }
            out.append(value)
        }
        return out
    }

    package mutating func bool(_ key: StaticString) throws(PayloadError) -> Bool {
        guard let slot = try slot(key) else { return false }
        switch try value(of: slot) {
        case .bool(let b): return b
        case .null: return false
        default: throw PayloadError("'\(key)' is not true or false")
        }
    }
}

/// Builds a payload object with members in a fixed order, leaving out absent optionals.
package struct PayloadBuilder {
    package private(set) var members: [JSONMember] = []

    package init() {}

    package mutating func set(_ key: String, _ value: String) { members.append(JSONMember(key, .string(value))) }
    package mutating func set(_ key: String, _ value: String?) {
        if let value { members.append(JSONMember(key, .string(value))) }
    }
    package mutating func set(_ key: String, _ values: [String]) {
        members.append(JSONMember(key, .array(values.map { .string($0) })))
    }
    package mutating func set(_ key: String, _ values: [String]?) {
        if let values { set(key, values) }
    }
    package mutating func set(_ key: String, _ value: Int) { members.append(JSONMember(key, .int(value))) }
    package mutating func set(_ key: String, _ value: Int?) {
        if let value { set(key, value) }
    }
    package mutating func set(_ key: String, _ value: Bool) {
        if value { members.append(JSONMember(key, .bool(true))) }
    }
    package mutating func set(_ key: String, _ value: Day) { set(key, value.description) }
    package mutating func set(_ key: String, _ value: Day?) { set(key, value?.description) }
    package mutating func set<T: FixedIdentifier>(_ key: String, _ value: T) { set(key, value.rawValue) }
    package mutating func set<T: FixedIdentifier>(_ key: String, _ value: T?) { set(key, value?.rawValue) }
    package mutating func set<T: FixedIdentifier>(_ key: String, _ values: [T]) { set(key, values.map(\.rawValue)) }
    package mutating func set<T: FixedIdentifier>(_ key: String, _ values: [T]?) { set(key, values?.map(\.rawValue)) }

    package var object: JSONValue { .object(members) }
}
