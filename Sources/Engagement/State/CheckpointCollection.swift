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

/// Which types are a `CheckpointCollection`, asked of the runtime once per type: the
/// encoder and the decoder each keep one.
struct CheckpointCollectionTypes {
    private var known: [ObjectIdentifier: (any CheckpointCollection.Type)?] = [:]

    mutating func of<T>(_ type: T.Type) -> (any CheckpointCollection.Type)? {
        if let found = known[ObjectIdentifier(type)] { return found }
        let found = type as? any CheckpointCollection.Type
        known[ObjectIdentifier(type)] = found
        return found
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
        if encoder.bulk(self) { return }
        encoder.int(count)
        for element in self { try encoder.value(element) }
    }

    static func readCheckpoint(from decoder: CheckpointDecoder) throws -> Self {
        if let bulk = try decoder.bulk(Self.self) { return bulk }
        if Element.self == String.self { return unsafeBitCast(try decoder.strings(), to: Self.self) }
        if Element.self == Int.self { return unsafeBitCast(try decoder.ints(), to: Self.self) }
        let n = try decoder.count()
        var out: Self = []
        out.reserveCapacity(decoder.room(for: n, of: Element.self, spare: true))
        for _ in 0..<n { out.append(try decoder.value(Element.self)) }
        return out
    }
}

extension Set: CheckpointCollection where Element: Codable & Comparable {
    func writeCheckpoint(to encoder: CheckpointEncoder) throws {
        if encoder.bulk(self) { return }
        encoder.int(count)
        for element in sorted() { try encoder.value(element) }
    }

    static func readCheckpoint(from decoder: CheckpointDecoder) throws -> Self {
        if let bulk = try decoder.bulk(Self.self) { return bulk }
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
        if encoder.bulk(self) { return }
        encoder.int(count)
        for (key, value) in sorted(by: { $0.key < $1.key }) {
            try encoder.value(key)
            try encoder.value(value)
        }
    }

    static func readCheckpoint(from decoder: CheckpointDecoder) throws -> Self {
        if let bulk = try decoder.bulk(Self.self) { return bulk }
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

// MARK: The state's bulk

/// The collections the state holds hundreds of thousands of items in (each dataset's
/// analyses, use reports, uses, rounds analysed, shares and verifications; feedback, decisions
/// and actions; the log's maps and sets of sequence numbers), written and read in one specialised loop each instead of through
/// a keyed container per item and unspecialised hashing, which made the derived decode twice
/// as slow as the hand-written one (`EngageBench --checkpoint-codec`). The bytes are exactly
/// those the generic path writes (fields in declaration order, keys sorted), so the two paths
/// read each other; a field added to `RoundParty`, `Share`, `Verification`, `Feedback`,
/// `FeedbackAddressed`, `Decision` or `Action` must be added
/// here too, and `everyStoredPropertyOfTheStateReadsBackFromACheckpoint` fails until it is.
extension CheckpointEncoder {
    /// Writes `value` if it is one of the bulk types; `false` for any other type.
    func bulk<T>(_ value: T) -> Bool {
        if T.self == [Model.RoundParty: Int].self {
            sorted(unsafeBitCast(value, to: [Model.RoundParty: Int].self)) { int($0.round); string($0.party) } value: { int($0) }
        } else if T.self == [Int: Int].self {
            sorted(unsafeBitCast(value, to: [Int: Int].self)) { int($0) } value: { int($0) }
        } else if T.self == [Int: String].self {
            sorted(unsafeBitCast(value, to: [Int: String].self)) { int($0) } value: { string($0) }
        } else if T.self == Set<Int>.self {
            let items = unsafeBitCast(value, to: Set<Int>.self).sorted()
            int(items.count)
            for item in items { int(item) }
        } else if T.self == [Model.Share].self {
            let shares = unsafeBitCast(value, to: [Model.Share].self)
            int(shares.count)
            for s in shares { string(s.partner); string(s.modality.rawValue); int64(s.day.daysSinceEpoch); int(s.sequence); string(s.sector) }
        } else if T.self == [Model.Verification].self {
            let verifications = unsafeBitCast(value, to: [Model.Verification].self)
            int(verifications.count)
            for v in verifications {
                string(v.partner)
                int(v.skills.count)
                for skill in v.skills { string(skill.rawValue) }
                int64(v.day.daysSinceEpoch); int(v.sequence)
            }
        } else if T.self == [Model.Feedback].self {
            let feedback = unsafeBitCast(value, to: [Model.Feedback].self)
            int(feedback.count)
            for f in feedback {
                string(f.id); int(f.sequence); int64(f.day.daysSinceEpoch); string(f.partner); string(f.topic.rawValue); string(f.text)
                optional(f.dataset, string); optional(f.rating, int)
                optional(f.response) { r in string(r.id); string(r.response.rawValue); string(r.text); optional(r.date) { int64($0.daysSinceEpoch) } }
                string(f.source.rawValue)
            }
        } else if T.self == [Model.Decision].self {
            let decisions = unsafeBitCast(value, to: [Model.Decision].self)
            int(decisions.count)
            for d in decisions {
                int(d.sequence); int64(d.day.daysSinceEpoch); string(d.text)
                int(d.partners.count)
                for partner in d.partners { string(partner) }
                optional(d.about, string)
            }
        } else if T.self == [Model.Action].self {
            let actions = unsafeBitCast(value, to: [Model.Action].self)
            int(actions.count)
            for a in actions { string(a.id); string(a.owner); string(a.text); int64(a.due.daysSinceEpoch); bool(a.done) }
        } else {
            return false
        }
        return true
    }

    @inline(__always)
    private func optional<V>(_ item: V?, _ write: (V) -> Void) {
        bool(item != nil)
        if let item { write(item) }
    }

    @inline(__always)
    private func sorted<K: Comparable, V>(_ items: [K: V], key: (K) -> Void, value: (V) -> Void) {
        int(items.count)
        for (k, v) in items.sorted(by: { $0.key < $1.key }) { key(k); value(v) }
    }
}

extension CheckpointDecoder {
    /// Reads a `T` if it is one of the bulk types; `nil` for any other type.
    func bulk<T>(_ type: T.Type) throws(Invalid) -> T? {
        if T.self == [Model.RoundParty: Int].self {
            return unsafeBitCast(try sorted { () throws(Invalid) in Model.RoundParty(round: try int(), party: try string()) } value: { () throws(Invalid) in try int() }, to: T.self)
        }
        if T.self == [Int: Int].self {
            return unsafeBitCast(try sorted { () throws(Invalid) in try int() } value: { () throws(Invalid) in try int() }, to: T.self)
        }
        if T.self == [Int: String].self {
            return unsafeBitCast(try sorted { () throws(Invalid) in try int() } value: { () throws(Invalid) in try string() }, to: T.self)
        }
        if T.self == Set<Int>.self {
            let n = try count()
            var out = Set<Int>(minimumCapacity: n)
            var previous = Int.min
            for i in 0..<n {
                let item = try int()
                guard i == 0 || previous < item else { throw Invalid() }
                out.insert(item)
                previous = item
            }
            return unsafeBitCast(out, to: T.self)
        }
        if T.self == [Model.Share].self {
            let n = try count()
            var out: [Model.Share] = []
            out.reserveCapacity(room(for: n, of: Model.Share.self))
            for _ in 0..<n {
                let partner = try reference()
                guard let modality = Dissemination(rawValue: try string()) else { throw Invalid() }
                out.append(Model.Share(partner: partner, modality: modality, day: Day(daysSinceEpoch: try int64()), sequence: try int(),
                                       sector: try reference()))
            }
            return unsafeBitCast(out, to: T.self)
        }
        if T.self == [Model.Verification].self {
            let n = try count()
            var out: [Model.Verification] = []
            out.reserveCapacity(room(for: n, of: Model.Verification.self))
            for _ in 0..<n {
                let partner = try string()
                let skillCount = try count()
                var skills: [VerifyingSkill] = []
                skills.reserveCapacity(room(for: skillCount, of: VerifyingSkill.self))
                for _ in 0..<skillCount {
                    guard let skill = VerifyingSkill(rawValue: try string()) else { throw Invalid() }
                    skills.append(skill)
                }
                out.append(Model.Verification(partner: partner, skills: skills, day: Day(daysSinceEpoch: try int64()), sequence: try int()))
            }
            return unsafeBitCast(out, to: T.self)
        }
        if T.self == [Model.Feedback].self {
            return unsafeBitCast(try list { () throws(Invalid) in
                var f = Model.Feedback(id: try string(), sequence: try int(), day: Day(daysSinceEpoch: try int64()), partner: try reference(),
                                       topic: try identifier(), text: try string(), dataset: try optional(reference), rating: try optional(int))
                f.response = try optional { () throws(Invalid) in
                    FeedbackAddressed(id: try string(), response: try identifier(), text: try string(),
                                      date: try optional { () throws(Invalid) in Day(daysSinceEpoch: try int64()) })
                }
                f.source = try identifier()
                return f
            }, to: T.self)
        }
        if T.self == [Model.Decision].self {
            return unsafeBitCast(try list { () throws(Invalid) in
                Model.Decision(sequence: try int(), day: Day(daysSinceEpoch: try int64()), text: try string(),
                               partners: try references(), about: try optional(reference))
            }, to: T.self)
        }
        if T.self == [Model.Action].self {
            return unsafeBitCast(try list { () throws(Invalid) in
                Model.Action(id: try string(), owner: try reference(), text: try string(), due: Day(daysSinceEpoch: try int64()), done: try bool())
            }, to: T.self)
        }
        return nil
    }

    @inline(__always)
    private func list<V>(_ item: () throws(Invalid) -> V) throws(Invalid) -> [V] {
        let n = try count()
        var out: [V] = []
        out.reserveCapacity(room(for: n, of: V.self, spare: true))
        for _ in 0..<n { out.append(try item()) }
        return out
    }

    @inline(__always)
    private func optional<V>(_ item: () throws(Invalid) -> V) throws(Invalid) -> V? {
        try bool() ? try item() : nil
    }

    private func identifier<V: FixedIdentifier>() throws(Invalid) -> V {
        guard let value = V(rawValue: try string()) else { throw Invalid() }
        return value
    }

    /// A dictionary written sorted by key, refused out of order.
    @inline(__always)
    private func sorted<K: Comparable & Hashable, V>(key: () throws(Invalid) -> K, value: () throws(Invalid) -> V) throws(Invalid) -> [K: V] {
        let n = try count()
        var out = [K: V](minimumCapacity: n)
        var previous: K?
        for _ in 0..<n {
            let k = try key()
            if let previous, !(previous < k) { throw Invalid() }
            out[k] = try value()
            previous = k
        }
        return out
    }
}
