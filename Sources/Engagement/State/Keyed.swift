/// Values by id, in the order they were added: lookups by id, in-place updates, and
/// iteration in a stable order for views.
///
/// The fold updates one entry per event; keeping values in an array (with an index by id)
/// changes them in place, where a dictionary of large structs moves each value out and back.
package struct Keyed<Value: Equatable & Sendable>: Equatable, Sendable {
    private var index: [String: Int] = [:]
    /// The values, oldest first.
    package private(set) var values: [Value] = []
    /// The ids, oldest first.
    package private(set) var ids: [String] = []

    package init() {}

    package subscript(id: String) -> Value? {
        guard let i = index[id] else { return nil }
        return values[i]
    }

    /// Where the value under `id` is in `values`: `values[i].field` reads one field of it,
    /// where `self[id]?.field` copies the whole value out first.
    package func position(of id: String) -> Int? { index[id] }

    package var count: Int { values.count }
    package var isEmpty: Bool { values.isEmpty }

    mutating func reserveCapacity(_ count: Int) {
        index.reserveCapacity(count)
        values.reserveCapacity(count)
        ids.reserveCapacity(count)
    }

    /// Adds `value` under `id`, unless the id is taken.
    mutating func insert(_ id: String, _ value: Value) {
        guard index[id] == nil else { return }
        index[id] = values.count
        values.append(value)
        ids.append(id)
    }

    /// Changes the value under `id` in place, if there is one.
    mutating func update(_ id: String, _ body: (inout Value) -> Void) {
        guard let i = index[id] else { return }
        body(&values[i])
    }
}

/// A table is written as its values in order (the checkpoint's layout): each value carries
/// its own id, so the ids and the index are rebuilt on reading, and an id twice is refused.
extension Keyed: Codable where Value: Codable & Identifiable, Value.ID == String {
    package init(from decoder: any Decoder) throws {
        let values = try decoder.singleValueContainer().decode([Value].self)
        index.reserveCapacity(values.count)
        ids.reserveCapacity(values.count)
        // By index, not `enumerated()`: unspecialised code would copy each value out.
        for i in values.indices {
            let id = values[i].id
            guard index.updateValue(i, forKey: id) == nil else {
                throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "the id \(id) twice"))
            }
            ids.append(id)
        }
        self.values = values
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(values)
    }
}
