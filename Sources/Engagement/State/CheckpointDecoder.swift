import EventLog

/// Reads what `CheckpointEncoder` wrote, through the types' synthesised `init(from:)`,
/// refusing anything truncated or out of range: a count larger than the bytes left, a byte
/// that is not a `Bool`, a raw value no case has, a set or dictionary out of order, bytes
/// left over.
///
/// Built for the first prompt on a large log, where this decode is most of the start-up:
/// the cursor lives behind a pointer (no exclusivity checks on a class property), and the
/// leaves and lists that make up most of a checkpoint (strings, integers, days, lists of
/// them) are read directly instead of through a container.
final class CheckpointDecoder: Decoder {
    /// The bytes are not a checkpoint this build could have written.
    struct Invalid: Error {}

    private let base: UnsafePointer<UInt8>
    private let end: Int
    /// The next byte to read, behind a pointer so that moving it is a plain store.
    private let cursor: UnsafeMutablePointer<Int>

    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    /// Told of the bytes read, a megabyte or more at a time, which are never read again.
    private let letGo: LetGo?
    /// Where the bytes not yet let go start.
    private var kept = 0
    /// Where reading must have come before `lettingGo()` has anything to do: asked at every
    /// string, the one comparison is all it costs until then.
    private var letGoAt = Int.max

    typealias LetGo = (UnsafeRawBufferPointer) -> Void

    /// How many bytes read make a part to let go.
    private let letGoEvery: Int

    init(_ bytes: UnsafeRawBufferPointer, letGo: LetGo? = nil, every: Int = 1 << 20) {
        // An empty buffer may have no address; any address does when nothing is read from it.
        base = bytes.baseAddress.map { $0.assumingMemoryBound(to: UInt8.self) } ?? UnsafePointer(bitPattern: 1)!
        end = bytes.count
        cursor = .allocate(capacity: 1)
        cursor.initialize(to: 0)
        self.letGo = letGo
        letGoEvery = every
        if letGo != nil { letGoAt = every }
    }

    deinit { cursor.deallocate() }

    /// The value `CheckpointEncoder.bytes(of:)` wrote, or `nil` for bytes it could not have
    /// written (every byte must be used). `letGo` is told of the bytes read as reading goes
    /// on (it reads forward only), so that they need not be held until the end.
    static func decode<T: Decodable>(_ type: T.Type, from bytes: UnsafeRawBufferPointer, letGo: LetGo? = nil, every: Int = 1 << 20) -> T? {
        let decoder = CheckpointDecoder(bytes, letGo: letGo, every: every)
        guard let value = try? decoder.value(T.self), decoder.cursor.pointee == decoder.end else { return nil }
        return value
    }

    /// Room for a list of `n` items read, and for a long one an eighth more. The fold goes
    /// on appending to the state's tables (the records after the checkpoint); a table read
    /// with no room to spare would be copied whole into one twice its size at its first
    /// append, both held at once: on 10,000,000 events, 80 MB more at the peak. For the
    /// large tables this is about, the room costs nothing until used: the allocator maps an
    /// allocation of megabytes on its own, and its pages cost memory only once touched.
    static func capacity(for n: Int) -> Int { n >= 4_096 ? n + n / 8 : n }

    /// Room for `n` items of `T` (for a table of the state, `capacity(for:)`), but never more
    /// than sixteen times the bytes left could hold. A count is at most the bytes left; a
    /// crafted one (its file's checksum computed again) then cannot ask for gigabytes of room
    /// for items as large as the state's tables' and trap. The state's items take more than
    /// a sixteenth of their size in a checkpoint, so a true count is not cut (were it cut, the
    /// list would only grow as it is read).
    func room<T>(for n: Int, of type: T.Type, spare: Bool = false) -> Int {
        min(spare ? Self.capacity(for: n) : n, 16 * (end - cursor.pointee) / max(1, MemoryLayout<T>.stride) + 1)
    }

    /// Where the bytes still to be read again start, while a reader needs them (`references()`).
    private var holding: Int?

    /// Tells `letGo` of the bytes read since it was last told, once they make `letGoEvery`
    /// (a megabyte, but in tests). Each part told starts 64 KiB before the last one ended: a holder that gives back only
    /// whole pages gives back the page on the boundary too.
    private func lettingGo() {
        let upTo = min(cursor.pointee, holding ?? .max)
        guard let letGo, upTo - kept >= letGoEvery else { return }
        let from = max(0, kept - (1 << 16))
        letGo(UnsafeRawBufferPointer(start: base + from, count: upTo - from))
        kept = upTo
        letGoAt = upTo > Int.max - letGoEvery ? .max : upTo + letGoEvery
    }

    /// A count of bytes, then that many bytes, then the rest: the two parts, or `nil` when
    /// the count is not one the encoder writes or runs past the end.
    static func split(_ bytes: UnsafeRawBufferPointer) -> (UnsafeRawBufferPointer, UnsafeRawBufferPointer)? {
        let decoder = CheckpointDecoder(bytes)
        guard let count = try? decoder.count() else { return nil }
        let start = decoder.cursor.pointee
        return (UnsafeRawBufferPointer(rebasing: bytes[start..<start + count]), UnsafeRawBufferPointer(rebasing: bytes[(start + count)...]))
    }

    // MARK: The layout's primitives

    func int64() throws(Invalid) -> Int64 {
        var i = cursor.pointee
        guard i < end else { throw Invalid() }
        var byte = base[i]
        i += 1
        var v = UInt64(byte)
        if byte >= 0x80 {
            v &= 0x7F
            var shift: UInt64 = 7
            repeat {
                guard i < end, shift < 64 else { throw Invalid() }
                byte = base[i]
                i += 1
                // The tenth byte holds the 64th bit alone; more would be lost.
                guard shift < 63 || byte <= 1 else { throw Invalid() }
                v |= UInt64(byte & 0x7F) << shift
                shift += 7
            } while byte >= 0x80
            // The encoder never ends a number with a zero byte: one value, one spelling.
            guard byte != 0 else { throw Invalid() }
        }
        cursor.pointee = i
        return Int64(bitPattern: v >> 1) ^ -Int64(bitPattern: v & 1)
    }

    func int() throws(Invalid) -> Int { Int(try int64()) }

    /// A count of items that follow (each at least one byte).
    func count() throws(Invalid) -> Int {
        let n = try int()
        guard n >= 0, n <= end - cursor.pointee else { throw Invalid() }
        return n
    }

    func bool() throws(Invalid) -> Bool {
        let i = cursor.pointee
        guard i < end, base[i] <= 1 else { throw Invalid() }
        cursor.pointee = i + 1
        return base[i] == 1
    }

    /// A string's bytes, its count first. Strings are most of a checkpoint's bytes, and every
    /// table's values have some: the place to let go of what was read, item by item.
    private func utf8() throws(Invalid) -> UnsafeBufferPointer<UInt8> {
        if cursor.pointee >= letGoAt { lettingGo() }
        let n = try count()
        let i = cursor.pointee
        cursor.pointee = i + n
        return UnsafeBufferPointer(start: base + i, count: n)
    }

    func string() throws(Invalid) -> String {
        // The checkpoint's checksum vouches for the bytes: they are the UTF-8 that was written.
        String(decoding: try utf8(), as: UTF8.self)
    }

    /// A string that names something the state holds (a partner, a dataset): read once and
    /// then shared, as the fold shares such ids (`Keyed.sharing`), so that the hundreds of
    /// thousands of pieces of feedback that name a few hundred datasets hold no copy each.
    /// Free text is read with `string()`: it is seldom said twice.
    func reference() throws(Invalid) -> String {
        let bytes = try utf8()
        // A short one (15 bytes or fewer) is held inline by `String`, with nothing to share.
        guard bytes.count > 15 else { return String(decoding: bytes, as: UTF8.self) }
        return sharedStrings.value(for: bytes) { String(decoding: $0, as: UTF8.self) }
    }

    /// A list of references (the partners a decision was taken with): each list read once and
    /// then shared, as `reference()` shares each of its items.
    func references() throws(Invalid) -> [String] {
        // The list's bytes are its key: none of them is let go before it is found.
        let start = cursor.pointee
        let outer = holding
        holding = min(start, outer ?? .max)
        defer { holding = outer }
        let list = try list(reference)
        let bytes = UnsafeBufferPointer(start: base + start, count: cursor.pointee - start)
        return sharedLists.value(for: bytes) { _ in list }
    }

    /// The references and lists of them read so far.
    private var sharedStrings = Shared<String>()
    private var sharedLists = Shared<[String]>()

    func integer<T: FixedWidthInteger>(_ type: T.Type) throws -> T {
        guard let value = T(exactly: try int64()) else { throw Invalid() }
        return value
    }

    func strings() throws(Invalid) -> [String] { try list(string) }

    func ints() throws(Invalid) -> [Int] { try list(int) }

    /// A count, then that many items, each read by `item`.
    private func list<T>(_ item: () throws(Invalid) -> T) throws(Invalid) -> [T] {
        let n = try count()
        var out: [T] = []
        out.reserveCapacity(room(for: n, of: T.self))
        for _ in 0..<n { out.append(try item()) }
        return out
    }

    /// Any value: the common leaves and lists directly, collections count first, the rest
    /// through their own `init(from:)`.
    func value<T: Decodable>(_ type: T.Type) throws -> T {
        if T.self == String.self { return unsafeBitCast(try string(), to: T.self) }
        if T.self == Int.self { return unsafeBitCast(try int(), to: T.self) }
        if T.self == Day.self { return unsafeBitCast(Day(daysSinceEpoch: try int64()), to: T.self) }
        if T.self == Bool.self { return unsafeBitCast(try bool(), to: T.self) }
        if let collection = collectionTypes.of(T.self) { return try collection.readCheckpoint(from: self, as: T.self) }
        return try T(from: self)
    }

    /// Which types read themselves as a `CheckpointCollection`: asking the runtime for a
    /// conformance at every value was most of the decoding time.
    private var collectionTypes = CheckpointCollectionTypes()

    // MARK: Decoder

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedDecodingContainer<Key> {
        KeyedDecodingContainer(FieldReader<Key>(decoder: self))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        // Collections are read count first (`CheckpointCollection`); the encoder writes no
        // unkeyed container either.
        throw DecodingError.typeMismatch([Any].self, .init(codingPath: [], debugDescription: "no unkeyed containers in a checkpoint"))
    }

    func singleValueContainer() -> any SingleValueDecodingContainer { ValueReader(decoder: self) }
}

/// A struct's fields, in the order its `init(from:)` asks for them; there are no keys.
private struct FieldReader<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let decoder: CheckpointDecoder
    var codingPath: [any CodingKey] { [] }
    var allKeys: [Key] { [] }

    func contains(_ key: Key) -> Bool { true }
    func decodeNil(forKey key: Key) throws -> Bool { try !decoder.bool() }
    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try decoder.bool() }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { try decoder.string() }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { Double(bitPattern: UInt64(bitPattern: try decoder.int64())) }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { Float(bitPattern: try decoder.integer(UInt32.self)) }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try decoder.int() }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try decoder.integer(type) }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try decoder.integer(type) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try decoder.integer(type) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try decoder.int64() }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try decoder.integer(type) }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try decoder.integer(type) }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try decoder.integer(type) }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try decoder.integer(type) }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try decoder.integer(type) }
    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T { try decoder.value(type) }

    // An optional field: whether it is there, then its value.
    func decodeIfPresent(_ type: Bool.Type, forKey key: Key) throws -> Bool? { try decoder.bool() ? try decoder.bool() : nil }
    func decodeIfPresent(_ type: String.Type, forKey key: Key) throws -> String? { try decoder.bool() ? try decoder.string() : nil }
    func decodeIfPresent(_ type: Double.Type, forKey key: Key) throws -> Double? { try decoder.bool() ? try decode(type, forKey: key) : nil }
    func decodeIfPresent(_ type: Float.Type, forKey key: Key) throws -> Float? { try decoder.bool() ? try decode(type, forKey: key) : nil }
    func decodeIfPresent(_ type: Int.Type, forKey key: Key) throws -> Int? { try decoder.bool() ? try decoder.int() : nil }
    func decodeIfPresent(_ type: Int8.Type, forKey key: Key) throws -> Int8? { try decoder.bool() ? try decoder.integer(type) : nil }
    func decodeIfPresent(_ type: Int16.Type, forKey key: Key) throws -> Int16? { try decoder.bool() ? try decoder.integer(type) : nil }
    func decodeIfPresent(_ type: Int32.Type, forKey key: Key) throws -> Int32? { try decoder.bool() ? try decoder.integer(type) : nil }
    func decodeIfPresent(_ type: Int64.Type, forKey key: Key) throws -> Int64? { try decoder.bool() ? try decoder.int64() : nil }
    func decodeIfPresent(_ type: UInt.Type, forKey key: Key) throws -> UInt? { try decoder.bool() ? try decoder.integer(type) : nil }
    func decodeIfPresent(_ type: UInt8.Type, forKey key: Key) throws -> UInt8? { try decoder.bool() ? try decoder.integer(type) : nil }
    func decodeIfPresent(_ type: UInt16.Type, forKey key: Key) throws -> UInt16? { try decoder.bool() ? try decoder.integer(type) : nil }
    func decodeIfPresent(_ type: UInt32.Type, forKey key: Key) throws -> UInt32? { try decoder.bool() ? try decoder.integer(type) : nil }
    func decodeIfPresent(_ type: UInt64.Type, forKey key: Key) throws -> UInt64? { try decoder.bool() ? try decoder.integer(type) : nil }
    func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? { try decoder.bool() ? try decoder.value(type) : nil }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) -> KeyedDecodingContainer<NestedKey> {
        decoder.container(keyedBy: type)
    }
    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer { try decoder.unkeyedContainer() }
    func superDecoder() -> any Decoder { decoder }
    func superDecoder(forKey key: Key) -> any Decoder { decoder }
}

/// One value (a raw value, or what a type's own `init(from:)` reads itself from).
private struct ValueReader: SingleValueDecodingContainer {
    let decoder: CheckpointDecoder
    var codingPath: [any CodingKey] { [] }

    /// Reads an optional's presence byte: `true` when the value is absent.
    func decodeNil() -> Bool { (try? decoder.bool()) == false }
    func decode(_ type: Bool.Type) throws -> Bool { try decoder.bool() }
    func decode(_ type: String.Type) throws -> String { try decoder.string() }
    func decode(_ type: Double.Type) throws -> Double { Double(bitPattern: UInt64(bitPattern: try decoder.int64())) }
    func decode(_ type: Float.Type) throws -> Float { Float(bitPattern: try decoder.integer(UInt32.self)) }
    func decode(_ type: Int.Type) throws -> Int { try decoder.int() }
    func decode(_ type: Int8.Type) throws -> Int8 { try decoder.integer(type) }
    func decode(_ type: Int16.Type) throws -> Int16 { try decoder.integer(type) }
    func decode(_ type: Int32.Type) throws -> Int32 { try decoder.integer(type) }
    func decode(_ type: Int64.Type) throws -> Int64 { try decoder.int64() }
    func decode(_ type: UInt.Type) throws -> UInt { try decoder.integer(type) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try decoder.integer(type) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try decoder.integer(type) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try decoder.integer(type) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try decoder.integer(type) }
    func decode<T: Decodable>(_ type: T.Type) throws -> T { try decoder.value(type) }
}

/// Values read by `CheckpointDecoder.reference()` and `references()`, each kept once, found
/// by the bytes they were read from: open addressing, up to a bound past which a value is
/// made anew each time.
private struct Shared<Value> {
    private var slots: [(bytes: [UInt8], value: Value)?] = Array(repeating: nil, count: 1_024)
    private var count = 0
    private static var most: Int { 1 << 16 }

    mutating func value(for bytes: UnsafeBufferPointer<UInt8>, _ make: (UnsafeBufferPointer<UInt8>) -> Value) -> Value {
        var slot = Self.hash(bytes) & (slots.count - 1)
        while let held = slots[slot] {
            // Not the generic `elementsEqual`, a byte at a time: it was a twentieth of reading
            // a large checkpoint.
            if held.bytes.withUnsafeBytes({ Bytes.equal($0, UnsafeRawBufferPointer(bytes)) }) { return held.value }
            slot = (slot + 1) & (slots.count - 1)
        }
        let made = make(bytes)
        guard count < Self.most else { return made }
        slots[slot] = (Array(bytes), made)
        count += 1
        if count * 4 > slots.count * 3 { grow() }
        return made
    }

    private static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var hasher = Hasher()
        hasher.combine(bytes: UnsafeRawBufferPointer(bytes))
        return hasher.finalize()
    }

    private mutating func grow() {
        let held = slots.compactMap { $0 }
        slots = Array(repeating: nil, count: slots.count * 2)
        for entry in held {
            var slot = entry.bytes.withUnsafeBufferPointer { Self.hash($0) } & (slots.count - 1)
            while slots[slot] != nil { slot = (slot + 1) & (slots.count - 1) }
            slots[slot] = entry
        }
    }
}
