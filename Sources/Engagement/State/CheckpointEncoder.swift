/// Writes any `Encodable` value in the checkpoint's compact binary layout, so that the
/// layout follows the types' stored properties (their synthesised `encode(to:)`) and no
/// field can be left out by hand.
///
/// The layout: no keys, fields in declaration order; integers as zig-zag varints (7 bits a
/// byte); strings as a count of UTF-8 bytes, then the bytes; `Bool` and an optional's
/// presence as one byte (0 or 1); enums by their raw value (a fixed identifier's name), never
/// their position; collections as a count, then the items (`CheckpointCollection`), sets
/// and dictionaries sorted, so that the same state always gives the same bytes.
final class CheckpointEncoder: Encoder {
    private var bytes: [UInt8] = []
    /// Where full blocks go as they are written, when the bytes are not held whole
    /// (`forEachBlock`); `nil` holds them all.
    private let drain: (block: Int, body: ([UInt8]) -> Void)?
    /// How many bytes were handed to `drain`.
    private var drained = 0

    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    private init(drain: (block: Int, body: ([UInt8]) -> Void)? = nil) {
        self.drain = drain
    }

    /// The bytes of `value`.
    static func bytes<T: Encodable>(of value: T) -> [UInt8] {
        let encoder = CheckpointEncoder()
        encoder.write(value)
        return encoder.bytes
    }

    /// The bytes of `value`, handed to `body` in order, in blocks of about `block` bytes,
    /// each let go after: a large value's bytes are never held whole. Returns their count.
    @discardableResult
    static func forEachBlock<T: Encodable>(of value: T, block: Int, _ body: ([UInt8]) -> Void) -> Int {
        withoutActuallyEscaping(body) { body in
            let encoder = CheckpointEncoder(drain: (block, body))
            encoder.write(value)
            if !encoder.bytes.isEmpty { body(encoder.bytes) }
            return encoder.drained + encoder.bytes.count
        }
    }

    /// How many bytes `bytes(of: value)` has, found holding one block at a time.
    static func count<T: Encodable>(of value: T) -> Int {
        forEachBlock(of: value, block: 1 << 16) { _ in }
    }

    private func write<T: Encodable>(_ value: T) {
        do {
            try self.value(value)
        } catch {
            // Nothing here throws; a type's own `encode(to:)` would have to.
            preconditionFailure("a checkpoint could not be written: \(error)")
        }
    }

    /// Hands the bytes to `drain` once they fill a block; called after each primitive.
    @inline(__always)
    private func drainIfFull() {
        guard let drain, bytes.count >= drain.block else { return }
        drain.body(bytes)
        drained += bytes.count
        bytes.removeAll(keepingCapacity: true)
    }

    // MARK: The layout's primitives

    func int(_ value: Int) { int64(Int64(value)) }

    func int64(_ value: Int64) {
        // Zig-zag, then 7 bits a byte.
        var v = UInt64(bitPattern: value << 1 ^ value >> 63)
        while v >= 0x80 {
            bytes.append(UInt8(v & 0x7F) | 0x80)
            v >>= 7
        }
        bytes.append(UInt8(v))
        drainIfFull()
    }

    func bool(_ value: Bool) {
        bytes.append(value ? 1 : 0)
        drainIfFull()
    }

    func string(_ value: String) {
        var value = value
        value.withUTF8 { utf8 in
            int(utf8.count)
            bytes.append(contentsOf: utf8)
        }
        drainIfFull()
    }

    func integer<T: FixedWidthInteger>(_ value: T) throws {
        guard let wide = Int64(exactly: value) else {
            throw EncodingError.invalidValue(value, .init(codingPath: [], debugDescription: "beyond the checkpoint's 64-bit integers"))
        }
        int64(wide)
    }

    /// Any value: the common leaves directly, collections count first, the rest through
    /// their own `encode(to:)`.
    func value<T: Encodable>(_ value: T) throws {
        if T.self == String.self {
            string(unsafeBitCast(value, to: String.self))
        } else if T.self == Int.self {
            int(unsafeBitCast(value, to: Int.self))
        } else if T.self == Day.self {
            int64(unsafeBitCast(value, to: Day.self).daysSinceEpoch)
        } else if T.self == Bool.self {
            bool(unsafeBitCast(value, to: Bool.self))
        } else if let collection = collectionTypes.of(T.self) {
            try collection.writeCheckpoint(value, to: self)
        } else {
            try value.encode(to: self)
        }
    }

    /// Which types write themselves as a `CheckpointCollection` (a cast of each value would
    /// copy it into an existential, and ask the runtime every time).
    private var collectionTypes = CheckpointCollectionTypes()

    // MARK: Encoder

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        KeyedEncodingContainer(FieldWriter<Key>(encoder: self))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        // A collection is written count first (`CheckpointCollection`), which an unkeyed
        // container cannot do: one reaching here is a set or dictionary whose items are not
        // `Comparable` (their order, and so the bytes, would change from run to run), or a
        // type writing a list of its own.
        preconditionFailure("the checkpoint writes only collections it can count and order: make the items Comparable, or the type a CheckpointCollection")
    }

    func singleValueContainer() -> any SingleValueEncodingContainer { ValueWriter(encoder: self) }
}

/// A struct's fields, in the order its `encode(to:)` gives them; the keys are not written.
private struct FieldWriter<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let encoder: CheckpointEncoder
    var codingPath: [any CodingKey] { [] }

    mutating func encodeNil(forKey key: Key) { encoder.bool(false) }
    mutating func encode(_ value: Bool, forKey key: Key) { encoder.bool(value) }
    mutating func encode(_ value: String, forKey key: Key) { encoder.string(value) }
    mutating func encode(_ value: Double, forKey key: Key) { encoder.int64(Int64(bitPattern: value.bitPattern)) }
    mutating func encode(_ value: Float, forKey key: Key) { encoder.int64(Int64(value.bitPattern)) }
    mutating func encode(_ value: Int, forKey key: Key) { encoder.int(value) }
    mutating func encode(_ value: Int8, forKey key: Key) throws { try encoder.integer(value) }
    mutating func encode(_ value: Int16, forKey key: Key) throws { try encoder.integer(value) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { try encoder.integer(value) }
    mutating func encode(_ value: Int64, forKey key: Key) { encoder.int64(value) }
    mutating func encode(_ value: UInt, forKey key: Key) throws { try encoder.integer(value) }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { try encoder.integer(value) }
    mutating func encode(_ value: UInt16, forKey key: Key) throws { try encoder.integer(value) }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { try encoder.integer(value) }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { try encoder.integer(value) }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws { try encoder.value(value) }

    // An optional field: whether it is there, then its value.
    mutating func encodeIfPresent(_ value: Bool?, forKey key: Key) throws { try encoder.value(value) }
    mutating func encodeIfPresent(_ value: String?, forKey key: Key) throws { try encoder.value(value) }
    mutating func encodeIfPresent(_ value: Double?, forKey key: Key) throws { try encoder.value(value) }
    mutating func encodeIfPresent(_ value: Float?, forKey key: Key) throws { try encoder.value(value) }
    mutating func encodeIfPresent(_ value: Int?, forKey key: Key) throws { try encoder.value(value) }
    mutating func encodeIfPresent(_ value: Int8?, forKey key: Key) throws { try encoder.value(value) }
    mutating func encodeIfPresent(_ value: Int16?, forKey key: Key) throws { try encoder.value(value) }
    mutating func encodeIfPresent(_ value: Int32?, forKey key: Key) throws { try encoder.value(value) }
    mutating func encodeIfPresent(_ value: Int64?, forKey key: Key) throws { try encoder.value(value) }
    mutating func encodeIfPresent(_ value: UInt?, forKey key: Key) throws { try encoder.value(value) }
    mutating func encodeIfPresent(_ value: UInt8?, forKey key: Key) throws { try encoder.value(value) }
    mutating func encodeIfPresent(_ value: UInt16?, forKey key: Key) throws { try encoder.value(value) }
    mutating func encodeIfPresent(_ value: UInt32?, forKey key: Key) throws { try encoder.value(value) }
    mutating func encodeIfPresent(_ value: UInt64?, forKey key: Key) throws { try encoder.value(value) }
    mutating func encodeIfPresent<T: Encodable>(_ value: T?, forKey key: Key) throws { try encoder.value(value) }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        encoder.container(keyedBy: keyType)
    }
    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer { encoder.unkeyedContainer() }
    mutating func superEncoder() -> any Encoder { encoder }
    mutating func superEncoder(forKey key: Key) -> any Encoder { encoder }
}

/// One value (a raw value, or what a type's own `encode(to:)` reduces itself to).
private struct ValueWriter: SingleValueEncodingContainer {
    let encoder: CheckpointEncoder
    var codingPath: [any CodingKey] { [] }

    /// Absent, as an optional's presence byte says (`Optional` writes the 1 itself).
    mutating func encodeNil() { encoder.bool(false) }
    mutating func encode(_ value: Bool) { encoder.bool(value) }
    mutating func encode(_ value: String) { encoder.string(value) }
    mutating func encode(_ value: Double) { encoder.int64(Int64(bitPattern: value.bitPattern)) }
    mutating func encode(_ value: Float) { encoder.int64(Int64(value.bitPattern)) }
    mutating func encode(_ value: Int) { encoder.int(value) }
    mutating func encode(_ value: Int8) throws { try encoder.integer(value) }
    mutating func encode(_ value: Int16) throws { try encoder.integer(value) }
    mutating func encode(_ value: Int32) throws { try encoder.integer(value) }
    mutating func encode(_ value: Int64) { encoder.int64(value) }
    mutating func encode(_ value: UInt) throws { try encoder.integer(value) }
    mutating func encode(_ value: UInt8) throws { try encoder.integer(value) }
    mutating func encode(_ value: UInt16) throws { try encoder.integer(value) }
    mutating func encode(_ value: UInt32) throws { try encoder.integer(value) }
    mutating func encode(_ value: UInt64) throws { try encoder.integer(value) }
    mutating func encode<T: Encodable>(_ value: T) throws { try encoder.value(value) }
}
