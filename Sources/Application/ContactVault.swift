import Crypto
import Engagement
import EventLog
import Synchronization

/// Random bytes, from outside the domain like the clock: keys, nonces and salts. `after`
/// is the chain hash of the log's last record, which only a seeded source reads.
package typealias Entropy = @Sendable (_ count: Int, _ after: ChainHash) -> [UInt8]

/// Where random bytes come from.
package enum Randomness {
    /// The system's generator: what every real run uses.
    package static let system: Entropy = { count, _ in
        var generator = SystemRandomNumberGenerator()
        return (0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) }
    }

    /// A fixed stream (SplitMix64) from `seed` and the log's last record, for tests and for
    /// rebuilding the sample byte for byte (`ENGAGE_SEED`): what it makes protects nothing.
    /// Starting again from each record keeps separate runs on one log from drawing the same bytes.
    package static func seeded(_ seed: UInt64) -> Entropy {
        let state = SeededState(seed)
        return { count, after in state.next(count, after: after) }
    }

    private final class SeededState: Sendable {
        private let seed: UInt64
        private let state = Mutex<(after: ChainHash?, value: UInt64)>((nil, 0))
        init(_ seed: UInt64) { self.seed = seed }
        func next(_ count: Int, after: ChainHash) -> [UInt8] {
            state.withLock { state in
                if state.after != after {
                    state.after = after
                    state.value = after.bytes.prefix(8).reduce(seed) { $0 &* 31 &+ UInt64($1) }
                }
                var out: [UInt8] = []
                out.reserveCapacity(count)
                while out.count < count {
                    state.value &+= 0x9E37_79B9_7F4A_7C15
                    var z = state.value
                    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
                    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
                    z ^= z >> 31
                    withUnsafeBytes(of: z.littleEndian) { out += $0.prefix(count - out.count) }
                }
                return out
            }
        }
    }
}

/// Seals contacts' names and e-mails under a key of their own (AES-256-GCM), and opens them
/// again on reading: the domain folds sealed events and never holds a key.
///
/// A contact's key is kept in the key store before the record that needs it is appended;
/// forgetting the contact destroys it, after which no copy of the log, checkpoint or export
/// can be opened for that contact again. The contact's id (the key's id) is the associated
/// data of every box sealed under it, so a box cannot be moved to another contact.
struct ContactVault {
    let keys: any KeyStore
    /// Keys read from the store so far.
    private var cache: [String: [UInt8]] = [:]
    /// Whether the store was read during this pass, so a missing key costs one read, not one each.
    private var readThisPass = false
    /// Contacts whose forgetting has been read.
    private(set) var forgotten: Set<String> = []
    /// Why the key store could not be read, once: contacts then read as unreadable.
    var refusal: StoreError?

    init(keys: any KeyStore) {
        self.keys = keys
    }

    // MARK: Sealing, before appending

    /// The events with every contact's name and e-mail sealed; a new contact's key is kept first.
    mutating func seal(_ events: [DomainEvent], random: (Int) -> [UInt8]) throws(StoreError) -> [DomainEvent] {
        var out: [DomainEvent] = []
        for event in events {
            switch event {
            case .contactAdded(var e) where e.sealed == nil:
                let id = Self.hex(random(16))
                let key = random(32)
                try keys.add(key, id: id)
                cache[id] = key
                var members = [JSONMember("name", .string(e.name))]
                if let email = e.email { members.append(JSONMember("email", .string(email))) }
                e.contact = id
                e.sealed = try seal(.object(members), id: id, key: key, random: random)
                out.append(.contactAdded(e))
            case .contactLeft(var e) where e.contact != nil && e.sealed == nil:
                let id = e.contact!
                guard let key = key(id) else {
                    throw .unavailable(location: keys.location, operation: "seal a contact's name", reason: "the contact's key is not kept")
                }
                e.sealed = try seal(.object([JSONMember("name", .string(e.name))]), id: id, key: key, random: random)
                out.append(.contactLeft(e))
            default:
                out.append(event)
            }
        }
        return out
    }

    private func seal(_ value: JSONValue, id: String, key: [UInt8], random: (Int) -> [UInt8]) throws(StoreError) -> String {
        var plain: [UInt8] = []
        JSONWriter.write(value, into: &plain)
        do {
            let nonce = try AES.GCM.Nonce(data: random(12))
            let box = try AES.GCM.seal(plain, using: SymmetricKey(data: key), nonce: nonce, authenticating: Array(id.utf8))
            return Base64.encode(Array(box.combined!))
        } catch {
            throw .unavailable(location: keys.location, operation: "seal a contact's name", reason: "\(error)")
        }
    }

    /// Destroys a forgotten contact's key. A contact recorded in plain text has none.
    func destroy(_ forgotten: ContactForgotten) throws(StoreError) {
        guard !forgotten.wasPlainText else { return }
        try keys.destroy(forgotten.contact)
    }

    // MARK: Opening, after reading

    /// Opens the sealed contacts among `events[start...]`, and marks forgotten those whose
    /// forgetting is known. Returns whether it read a forgetting not known before: the
    /// caller then marks the earlier events with `markForgotten`.
    mutating func open(_ events: inout [RecordedEvent], from start: Int) -> Bool {
        readThisPass = false
        var learned = false
        for i in start..<events.count {
            switch events[i].event {
            case .contactAdded(var e):
                let id = e.contact ?? "#\(events[i].sequence)"
                if forgotten.contains(id) {
                    e.name = ""; e.email = nil; e.personal = .forgotten
                } else if let contact = e.contact, let sealed = e.sealed, e.personal == .sealed {
                    guard let value = open(sealed, id: contact) else { continue }
                    e.name = value["name"]?.stringValue ?? ""
                    e.email = value["email"]?.stringValue
                    e.personal = .open
                } else {
                    continue
                }
                events[i].event = .contactAdded(e)
            case .contactLeft(var e):
                if let contact = e.contact, forgotten.contains(contact) {
                    e.personal = .forgotten
                } else if let contact = e.contact, let sealed = e.sealed, e.personal == .sealed {
                    guard let value = open(sealed, id: contact) else { continue }
                    e.name = value["name"]?.stringValue ?? ""
                    e.personal = .open
                } else {
                    continue
                }
                events[i].event = .contactLeft(e)
            case .contactForgotten(let e):
                guard forgotten.insert(e.contact).inserted else { continue }
                learned = true
                // A key a forgetting left behind (its destruction failed) goes now, if this
                // reader may destroy it; the record is what counts.
                if cache.removeValue(forKey: e.contact) != nil { try? keys.destroy(e.contact) }
            default:
                continue
            }
        }
        return learned
    }

    /// Marks forgotten, in events read before, every contact whose forgetting has been read:
    /// their name and e-mail leave memory too, and a plain-text contact's with them.
    func markForgotten(_ events: inout [RecordedEvent]) {
        var plainNames = PlainNames()
        markForgotten(&events, plainNames: &plainNames)
    }

    /// Forgotten plain-text contacts' ids, by partner, then by name in lower case.
    typealias PlainNames = [String: [String: String]]

    /// `markForgotten` for a log read in chunks: `plainNames` carries the forgotten
    /// plain-text contacts of earlier chunks, whose `contact.left` may come in a later one.
    func markForgotten(_ events: inout [RecordedEvent], plainNames: inout PlainNames) {
        // Plain-text contacts are named in their `contact.left` records: find those names
        // first (by partner, then name), to give those records the contact's id instead.
        for recorded in events {
            let id = "#\(recorded.sequence)"
            guard case .contactAdded(let e) = recorded.event, e.contact == nil, e.personal == .open, forgotten.contains(id) else { continue }
            plainNames[e.partner, default: [:]][e.name.lowercased()] = id
        }
        for i in events.indices {
            switch events[i].event {
            case .contactAdded(var e) where e.personal != .forgotten && forgotten.contains(e.contact ?? "#\(events[i].sequence)"):
                e.name = ""; e.email = nil; e.personal = .forgotten
                events[i].event = .contactAdded(e)
            case .contactLeft(var e) where e.personal != .forgotten:
                if let contact = e.contact {
                    guard forgotten.contains(contact) else { continue }
                } else {
                    guard let id = plainNames[e.partner]?[e.name.lowercased()] else { continue }
                    e.contact = id
                }
                e.name = ""; e.personal = .forgotten
                events[i].event = .contactLeft(e)
            default:
                continue
            }
        }
    }

    /// Takes forgettings known from elsewhere (the model), so that records read before the
    /// forgetting's own record are marked too.
    mutating func learnForgotten(_ ids: Set<String>) {
        forgotten.formUnion(ids)
    }

    /// The same keys, knowing of no forgetting but `ids`: the records up to an earlier one
    /// are read again as they were then (`verify`), each forgotten by its own forgetting.
    func knowingOnly(_ ids: Set<String>) -> ContactVault {
        var vault = self
        vault.forgotten = ids
        return vault
    }

    /// Opens the sealed contacts of a model read from a checkpoint.
    mutating func open(_ model: inout Model) {
        readThisPass = false
        model.updateSealedContacts { open(&$0) }
        model.forgetContacts(forgotten)
    }

    private mutating func open(_ contact: inout Model.Contact) {
        guard contact.personal == .sealed, let sealed = contact.sealed, let value = open(sealed, id: contact.id) else { return }
        contact.name = value["name"]?.stringValue ?? ""
        contact.email = value["email"]?.stringValue
        contact.personal = .open
    }

    private mutating func open(_ sealed: String, id: String) -> JSONValue? {
        guard let key = key(id), let bytes = Base64.decode(sealed) else { return nil }
        do {
            let box = try AES.GCM.SealedBox(combined: bytes)
            let plain = try AES.GCM.open(box, using: SymmetricKey(data: key), authenticating: Array(id.utf8))
            return try JSONParser.parse(Array(plain))
        } catch {
            return nil
        }
    }

    private mutating func key(_ id: String) -> [UInt8]? {
        if let key = cache[id] { return key }
        guard !readThisPass else { return nil }
        readThisPass = true
        do {
            cache = try keys.keys()
        } catch {
            if refusal == nil { refusal = error }
            return nil
        }
        return cache[id]
    }

    static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        return String(decoding: bytes.flatMap { [digits[Int($0 >> 4)], digits[Int($0 & 0x0F)]] }, as: UTF8.self)
    }
}
