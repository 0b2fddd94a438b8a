/// The values the checkpoint writes and reads itself instead of through their own
/// `Codable` conformance: lists and optionals count (or presence) first, which an unkeyed
/// container cannot say; sets and dictionaries sorted, because their own order changes from
/// process to process (hash seeding) and the same state must give the same bytes. Reading
/// refuses a set or dictionary out of order, so there is one set of bytes for each state.
///
/// A set or dictionary whose items are not `Comparable` has no conformance here, and
/// writing one traps (`CheckpointEncoder.unkeyedContainer`) in the first test that
/// checkpoints it.
protocol CheckpointCollection {
    func writeCheckpoint(to encoder: CheckpointEncoder) throws
    static func readCheckpoint(from decoder: CheckpointDecoder) throws -> Self
}

extension CheckpointCollection {
    /// `readCheckpoint`, for a caller that knows the type only as `T` (which is `Self`).
    static func readCheckpoint<T>(from decoder: CheckpointDecoder, as type: T.Type) throws -> T {
        unsafeBitCast(try readCheckpoint(from: decoder), to: T.self)
    }

    /// `writeCheckpoint`, for a caller that knows the type only as `T` (which is `Self`).
    static func writeCheckpoint<T>(_ value: T, to encoder: CheckpointEncoder) throws {
        try unsafeBitCast(value, to: Self.self).writeCheckpoint(to: encoder)
    }
}

extension Optional: CheckpointCollection where Wrapped: Codable {
    func writeCheckpoint(to encoder: CheckpointEncoder) throws {
        encoder.bool(self != nil)
        if let self { try encoder.value(self) }
    }

    static func readCheckpoint(from decoder: CheckpointDecoder) throws -> Self {
        try decoder.bool() ? try decoder.value(Wrapped.self) : nil
    }
}

extension Array: CheckpointCollection where Element: Codable {
    func writeCheckpoint(to encoder: CheckpointEncoder) throws {
        encoder.int(count)
        for element in self { try encoder.value(element) }
    }

    static func readCheckpoint(from decoder: CheckpointDecoder) throws -> Self {
        if Element.self == String.self { return unsafeBitCast(try decoder.strings(), to: Self.self) }
        if Element.self == Int.self { return unsafeBitCast(try decoder.ints(), to: Self.self) }
        let n = try decoder.count()
        var out: Self = []
        out.reserveCapacity(n)
        for _ in 0..<n { out.append(try decoder.value(Element.self)) }
        return out
    }
}

extension Set: CheckpointCollection where Element: Codable & Comparable {
    func writeCheckpoint(to encoder: CheckpointEncoder) throws {
        encoder.int(count)
        for element in sorted() { try encoder.value(element) }
    }

    static func readCheckpoint(from decoder: CheckpointDecoder) throws -> Self {
        let n = try decoder.count()
        var out = Self(minimumCapacity: n)
        var previous: Element?
        for _ in 0..<n {
            let element = try decoder.value(Element.self)
            if let previous, !(previous < element) { throw CheckpointDecoder.Invalid() }
            out.insert(element)
            previous = element
        }
        return out
    }
}

extension Dictionary: CheckpointCollection where Key: Codable & Comparable, Value: Codable {
    func writeCheckpoint(to encoder: CheckpointEncoder) throws {
        encoder.int(count)
        for (key, value) in sorted(by: { $0.key < $1.key }) {
            try encoder.value(key)
            try encoder.value(value)
        }
    }

    static func readCheckpoint(from decoder: CheckpointDecoder) throws -> Self {
        let n = try decoder.count()
        var out = Self(minimumCapacity: n)
        var previous: Key?
        for _ in 0..<n {
            let key = try decoder.value(Key.self)
            if let previous, !(previous < key) { throw CheckpointDecoder.Invalid() }
            out[key] = try decoder.value(Value.self)
            previous = key
        }
        return out
    }
}
