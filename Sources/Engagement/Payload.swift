import EventLog

/// Why a stored payload could not be turned into a domain event.
package struct PayloadError: Error, Equatable, Sendable, CustomStringConvertible {
    package var reason: String
    package init(_ reason: String) { self.reason = reason }
    package var description: String { reason }
}

/// Reads the fields of a payload object, with errors that name the field.
package struct PayloadReader {
    let payload: JSONValue

    package init(_ payload: JSONValue) throws(PayloadError) {
        guard case .object = payload else { throw PayloadError("payload is not an object") }
        self.payload = payload
    }

    package func string(_ key: String) throws(PayloadError) -> String {
        guard let value = payload[key]?.stringValue else { throw PayloadError("'\(key)' missing or not text") }
        return value
    }

    package func optionalString(_ key: String) throws(PayloadError) -> String? {
        guard let value = payload[key], value != .null else { return nil }
        guard let string = value.stringValue else { throw PayloadError("'\(key)' is not text") }
        return string
    }

    package func strings(_ key: String) throws(PayloadError) -> [String] {
        guard let value = payload[key], value != .null else { return [] }
        guard let items = value.arrayValue else { throw PayloadError("'\(key)' is not a list") }
        var out: [String] = []
        for item in items {
            guard let s = item.stringValue else { throw PayloadError("'\(key)' holds a non-text item") }
            out.append(s)
        }
        return out
    }

    package func identifier<T: FixedIdentifier>(_ key: String, as type: T.Type = T.self) throws(PayloadError) -> T {
        let raw = try string(key)
        guard let value = T(rawValue: raw) else { throw PayloadError("'\(key)' is not a known \(T.noun): \(raw)") }
        return value
    }

    package func optionalIdentifier<T: FixedIdentifier>(_ key: String, as type: T.Type = T.self) throws(PayloadError) -> T? {
        guard let raw = try optionalString(key) else { return nil }
        guard let value = T(rawValue: raw) else { throw PayloadError("'\(key)' is not a known \(T.noun): \(raw)") }
        return value
    }

    package func identifiers<T: FixedIdentifier>(_ key: String, as type: T.Type = T.self) throws(PayloadError) -> [T] {
        var out: [T] = []
        for raw in try strings(key) {
            guard let value = T(rawValue: raw) else { throw PayloadError("'\(key)' holds an unknown \(T.noun): \(raw)") }
            out.append(value)
        }
        return out
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
    package mutating func set<T: FixedIdentifier>(_ key: String, _ value: T) { set(key, value.rawValue) }
    package mutating func set<T: FixedIdentifier>(_ key: String, _ value: T?) { set(key, value?.rawValue) }
    package mutating func set<T: FixedIdentifier>(_ key: String, _ values: [T]) { set(key, values.map(\.rawValue)) }

    package var object: JSONValue { .object(members) }
}
