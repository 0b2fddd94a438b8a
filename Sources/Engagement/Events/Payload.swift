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
/// payloads are written with a fixed member order and no whitespace. One pass over the
/// object finds each member (`Spans`); a lookup is then usually the member after the last
/// one read, and a value is decoded only when asked for. Anything outside that layout
/// (whitespace, escapes in a key, nested objects, odd numbers, a key twice, more than sixteen
/// members) makes the reader parse the payload once with the general parser and read from
/// that value. Byte mode borrows the buffer: use a reader only inside the closure that lent it.
package struct PayloadReader {
    private enum Source {
        case bytes(UnsafeBufferPointer<UInt8>)
        case members([JSONMember])
    }

    /// Where a member's value lies.
    private enum Slot {
        /// Its bytes; `plain` for a string of ASCII without escapes, whose text is its bytes.
        case bytes(Range<Int>, plain: Bool)
        case value(JSONValue)
    }

    /// The members of a payload in the compact layout, as the one pass over it found them:
    /// room for sixteen, more than any event has, kept inline (in tuples: `InlineArray` is
    /// not on every platform the package builds for). Written and read one offset at a time
    /// through a pointer: kept in SIMD vectors, each write spilled the whole vector and read
    /// it back, and reading a payload's members cost half of it.
    private struct Spans {
        typealias Sixteen = (Int32, Int32, Int32, Int32, Int32, Int32, Int32, Int32,
                             Int32, Int32, Int32, Int32, Int32, Int32, Int32, Int32)
        private var keyStarts: Sixteen = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        private var keyEnds: Sixteen = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        private var valueEnds: Sixteen = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        /// Bit k: member k's value is a plain string (`CompactJSON.stringEnd`).
        private var plain: UInt16 = 0
        private(set) var count = 0

        var isFull: Bool { count == 16 }

        @inline(__always)
        private static func set(_ values: inout Sixteen, _ k: Int, _ value: Int) {
            withUnsafeMutableBytes(of: &values) { $0.storeBytes(of: Int32(value), toByteOffset: k * 4, as: Int32.self) }
        }

        /// Keeps a member; only when not full, its offsets under 2³¹ (`init(bytes:)` checks both).
        mutating func append(key: Range<Int>, value: Range<Int>, plain isPlain: Bool) {
            Self.set(&keyStarts, count, key.lowerBound)
            Self.set(&keyEnds, count, key.upperBound)
            Self.set(&valueEnds, count, value.upperBound)
            if isPlain { plain |= 1 << count }
            count += 1
        }

        // Read through a pointer to where they lie, hence `mutating`: read as values, the
        // tuples were copied to the stack at every read.
        @inline(__always)
        private static func get(_ values: inout Sixteen, _ k: Int) -> Int {
            withUnsafeMutableBytes(of: &values) { Int($0.load(fromByteOffset: k * 4, as: Int32.self)) }
        }

        mutating func key(_ k: Int) -> Range<Int> { Self.get(&keyStarts, k)..<Self.get(&keyEnds, k) }

        /// Whether one of the members kept has the key `name` (whose bytes are in `b`).
        mutating func holds(_ name: UnsafeBufferPointer<UInt8>, in b: UnsafeBufferPointer<UInt8>) -> Bool {
            for k in 0..<count {
                let key = key(k)
                if key.count == name.count, CompactJSON.equal(b, key, name) { return true }
            }
            return false
        }
        /// After the key's closing quote and the colon.
        mutating func value(_ k: Int) -> Range<Int> { Self.get(&keyEnds, k) + 2..<Self.get(&valueEnds, k) }
        func isPlain(_ k: Int) -> Bool { plain & (1 << k) != 0 }
    }

    private var source: Source
    /// Where text read in byte mode is shared with the events decoded before it, if anywhere.
    private var texts: UnsafeMutablePointer<SharedTexts>?
    /// In byte mode, the payload's members in order.
    private var spans = Spans()
    /// In byte mode, the member expected next.
    private var cursor = 0

    /// A reader over a payload's stored bytes; with `texts`, the text it reads is shared
    /// with what was read there before (a replay's chunk of events). `texts` must outlive
    /// the reader: use it only inside the closure that lent the pointer.
    package init(bytes: UnsafeBufferPointer<UInt8>, texts: UnsafeMutablePointer<SharedTexts>? = nil) throws(PayloadError) {
        source = .bytes(bytes)
        self.texts = texts
        // One pass over the members checks the whole object is in the compact layout, so a
        // payload is never half-read: anything else goes to the general parser, which
        // accepts exactly what JSON allows.
        var position = 1
        var compact = bytes.count >= 2 && bytes.count <= Int(Int32.max)
            && bytes[0] == UInt8(ascii: "{") && bytes[bytes.count - 1] == UInt8(ascii: "}")
        while compact, position < bytes.count - 1 {
            // A key twice goes to the parser too, so that its first value is read however many
            // members the payload has.
            guard !spans.isFull, let member = CompactJSON.member(in: bytes, at: position),
                  !spans.holds(UnsafeBufferPointer(rebasing: bytes[member.key]), in: bytes) else {
                compact = false
                break
            }
            spans.append(key: member.key, value: member.value, plain: member.plain)
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

    private mutating func slot(_ key: StaticString) -> Slot? {
        switch source {
        case .members(let members):
            let name = key.description
            return members.first { $0.key == name }.map { .value($0.value) }
        case .bytes(let b):
            let keyBytes = UnsafeBufferPointer(start: key.utf8Start, count: key.utf8CodeUnitCount)
            // Usually the member after the last one read; otherwise each of the others once.
            var k = cursor
            for _ in 0..<spans.count {
                if k == spans.count { k = 0 }
                let key = spans.key(k)
                if key.count == keyBytes.count, CompactJSON.equal(b, key, keyBytes) {
                    cursor = k + 1
                    return .bytes(spans.value(k), plain: spans.isPlain(k))
                }
                k += 1
            }
            return nil
        }
    }

    // MARK: Decoding a value

    private func value(of slot: Slot) throws(PayloadError) -> JSONValue {
        switch slot {
        case .value(let value): return value
        case .bytes(let range, _):
            guard case .bytes(let b) = source else { preconditionFailure("byte slot without bytes") }
            do {
                return try JSONParser.parse(UnsafeBufferPointer(rebasing: b[range]))
            } catch {
                throw PayloadError("payload: \(error)")
            }
        }
    }

    private func text(of slot: Slot, _ key: StaticString) throws(PayloadError) -> String? {
        if case .bytes(let range, let plain) = slot, case .bytes(let b) = source, b[range.lowerBound] == UInt8(ascii: "\"") {
            let inner = UnsafeBufferPointer(rebasing: b[(range.lowerBound + 1)..<(range.upperBound - 1)])
            // Every string in byte mode was checked when the payload was scanned
            // (`CompactJSON.stringEnd`): valid UTF-8, and escapes only of the simple kind.
            if plain || !inner.contains(UInt8(ascii: "\\")) { return texts?.pointee.text(inner) ?? String(decoding: inner, as: UTF8.self) }
            return try value(of: slot).stringValue
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
        guard let slot = slot(key) else { return nil }
        return try text(of: slot, key)
    }

    /// A list of strings; absent or `null` reads as empty.
    package mutating func strings(_ key: StaticString) throws(PayloadError) -> [String] {
        try optionalStrings(key) ?? []
    }

    mutating func optionalStrings(_ key: StaticString) throws(PayloadError) -> [String]? {
        guard let slot = slot(key) else { return nil }
        if case .bytes(let range, _) = slot, case .bytes(let b) = source, b[range.lowerBound] == UInt8(ascii: "[") {
            var out: [String] = []
            var i = range.lowerBound + 1
            while i < range.upperBound - 1 {
                guard let (end, plain) = CompactJSON.value(b, from: i) else { break }
                guard let s = try text(of: .bytes(i..<end, plain: plain), key) else { throw PayloadError("'\(key)' holds a null") }
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
        guard let slot = slot(key) else { return nil }
        if case .bytes(let range, _) = slot, case .bytes(let b) = source, range.count <= 18 {
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
        guard let slot = slot(key) else { return nil }
        if case .bytes(let range, _) = slot, case .bytes(let b) = source, range.count == 12,
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
        guard let slot = slot(key) else { return false }
        switch try value(of: slot) {
        case .bool(let b): return b
        case .null: return false
        default: throw PayloadError("'\(key)' is not true or false")
        }
    }
}

/// Text read from payloads, shared by the events decoded with it. A replay reads the same
/// dataset ids and purposes thousands of times, and each one read was a string of its own,
/// made on one thread and freed on another. A text of 16 to 64 bytes (shorter ones are kept
/// inline and cost nothing) is looked up by a hash of its length and its first and last
/// eight bytes, in slots that a text with the same hash takes over; any other text is made
/// as before.
package struct SharedTexts: Sendable {
    /// None until the first text it could share.
    private var slots: [String?] = []

    package init() {}

    mutating func text(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        let count = bytes.count
        guard count >= 16, count <= 64 else { return String(decoding: bytes, as: UTF8.self) }
        if slots.isEmpty { slots = [String?](repeating: nil, count: 1024) }
        let raw = UnsafeRawBufferPointer(bytes)
        let slot = Int(truncatingIfNeeded: Bytes.quickHash(raw) >> 54)
        if let held = slots[slot], held.utf8.count == count,
           held.utf8.withContiguousStorageIfAvailable({ Bytes.equal(UnsafeRawBufferPointer($0), raw) }) == true {
            return held
        }
        let made = String(decoding: bytes, as: UTF8.self)
        slots[slot] = made
        return made
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
