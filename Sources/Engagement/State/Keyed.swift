/// Values by id, in the order they were added: lookups by id, in-place updates, and
/// iteration in a stable order for views.
///
/// The fold updates one entry per event; keeping values in an array (with an index by id)
/// changes them in place, where a dictionary of large structs moves each value out and back.
///
/// The index holds no ids of its own: each slot holds a position in `values` (plus one; 0 is
/// an empty slot), and the id is the value's own. On a large log the feedback table holds
/// tens of thousands of entries, and a `[String: Int]` beside an array of the ids cost 40
/// bytes an entry and more; this costs about 5 to 11, the slots between three eighths and
/// three quarters full.
///
/// A slot's bits above the position's hold more of its id's hash (a tag): a probe reads the
/// value's id only when the tags agree. The values of a large table are far larger than the
/// caches, and reading an id at every occupied slot it passed was a cache miss each time:
/// most of the time it took to index a checkpoint's feedback table.
package struct Keyed<Value: Identifiable & Equatable & Sendable>: Sendable where Value.ID == String {
    /// The values, oldest first.
    package private(set) var values: [Value] = []
    /// Open addressing, linear probing; a power of two slots (none before the first insert),
    /// each its value's position plus one in its low bits (as many as the slot count's
    /// exponent) and its tag above them.
    private var slots: [UInt32] = []

    package init() {}

    /// The ids, oldest first.
    package var ids: [String] { values.map(\.id) }

    package subscript(id: String) -> Value? {
        guard let i = position(of: id) else { return nil }
        return values[i]
    }

    /// Where the value under `id` is in `values`: `values[i].field` reads one field of it,
    /// where `self[id]?.field` copies the whole value out first.
    package func position(of id: String) -> Int? {
        guard !slots.isEmpty else { return nil }
        let mask = slots.count - 1
        var (slot, tag) = probe(id)
        while true {
            let held = slots[slot]
            if held == 0 { return nil }
            if held & ~UInt32(truncatingIfNeeded: mask) == tag {
                let i = Int(held & UInt32(truncatingIfNeeded: mask)) - 1
                if values[i].id == id { return i }
            }
            slot = (slot + 1) & mask
        }
    }

    /// The slot where `id`'s probe starts, and the tag its slot carries: the hash's low bits
    /// choose the slot, the next ones (as many as a slot has above a position) are the tag.
    @inline(__always)
    private func probe(_ id: String) -> (slot: Int, tag: UInt32) {
        let hash = id.hashValue
        let bits = slots.count.trailingZeroBitCount
        // Bits `bits` to 31 of the hash: none for a table of 2^32 slots or more, whose
        // positions take all 32 bits (`rebuildIndex` allows no more).
        let tag = UInt32(truncatingIfNeeded: (hash >> bits) << bits)
        return (hash & (slots.count - 1), tag)
    }

    /// `id` as this table stores it, if it holds it: a reference kept in the state then
    /// shares the table's storage instead of holding a copy of its own (on a large log, tens
    /// of thousands of pieces of feedback and decisions name a dataset).
    func stored(_ id: String) -> String? {
        position(of: id).map { values[$0].id }
    }

    /// `stored(id)`, or `id` when the table does not hold it.
    func sharing(_ id: String) -> String { stored(id) ?? id }

    package var count: Int { values.count }
    package var isEmpty: Bool { values.isEmpty }

    /// Adds `value` under its id, unless the id is taken; returns whether it was added.
    @discardableResult
    mutating func insert(_ value: Value) -> Bool {
        guard position(of: value.id) == nil else { return false }
        values.append(value)
        if Self.slotCount(for: values.count) > slots.count {
            rebuildIndex(slots: Self.slotCount(for: values.count))
        } else {
            place(values.count - 1)
        }
        return true
    }

    /// Changes the value under `id` in place, if there is one. The id stays: the index finds
    /// the value by it.
    mutating func update(_ id: String, _ body: (inout Value) -> Void) {
        guard let i = position(of: id) else { return }
        body(&values[i])
        precondition(values[i].id == id, "a table's value keeps its id")
    }

    /// The fewest slots (a power of two, at least 8) that keep `count` entries at most three
    /// quarters full.
    private static func slotCount(for count: Int) -> Int {
        var slots = 8
        while slots / 4 * 3 < count { slots *= 2 }
        return slots
    }

    /// Puts the value at `position` in the first free slot from its id's; `false`, and
    /// nothing placed, when an earlier value has the same id.
    @discardableResult
    private mutating func place(_ position: Int) -> Bool {
        let mask = slots.count - 1
        let id = values[position].id
        var (slot, tag) = probe(id)
        while slots[slot] != 0 {
            let held = slots[slot]
            if held & ~UInt32(truncatingIfNeeded: mask) == tag, values[Int(held & UInt32(truncatingIfNeeded: mask)) - 1].id == id {
                return false
            }
            slot = (slot + 1) & mask
        }
        slots[slot] = tag | UInt32(position + 1)
        return true
    }

    /// Indexes every value again in `count` slots; the first id found twice, if any.
    @discardableResult
    private mutating func rebuildIndex(slots count: Int) -> String? {
        precondition(values.count < Int(UInt32.max), "a table of more than four billion entries")
        slots = Array(repeating: 0, count: count)
        for i in values.indices where !place(i) { return values[i].id }
        return nil
    }
}

/// Two tables are equal when they hold the same values in the same order: the index is
/// derived from them (its layout depends on the process's hash seed).
extension Keyed: Equatable {
    package static func == (a: Keyed, b: Keyed) -> Bool { a.values == b.values }
}

/// A table is written as its values in order (the checkpoint's layout): each value carries
/// its own id, so the index is rebuilt on reading, and an id twice is refused.
extension Keyed: Codable where Value: Codable {
    package init(from decoder: any Decoder) throws {
        let values = try decoder.singleValueContainer().decode([Value].self)
        self.values = values
        if let twice = rebuildIndex(slots: Self.slotCount(for: values.count)) {
            throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "the id \(twice) twice"))
        }
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(values)
    }
}
