#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The JSON Lines layout of a record, and the chain that links records.
///
/// A line is written with a fixed key order and no whitespace:
///
///     {"seq":1,"ts":"2026-11-20T10:00:00Z","actor":"amina","type":"partner.mapped","v":2,"data":{…},"hash":"…"}
///
/// The hash is SHA-256 over the previous record's hash (32 zero bytes before the first
/// record) followed by the line's bytes up to, not including, `,"hash":"`. It is always the
/// last member, so a reader checks it without re-encoding anything.
package enum LogLine {
    /// `,"hash":"` + 64 hex digits + `"}`.
    static let hashSuffixLength = 75
    private static let hashMarker = Array(#","hash":""#.utf8)

    /// Encodes `event` as record `sequence` chained to `previous`, appending the line and
    /// its terminating newline to `out`; returns the record's hash and payload bytes.
    @discardableResult
    package static func encode(_ event: NewEvent, sequence: Int, previous: ChainHash, into out: inout [UInt8]) -> (hash: ChainHash, payloadBytes: [UInt8]) {
        let start = out.count
        writeHead(sequence: sequence, timestamp: event.timestamp, actor: event.actor, type: event.type,
                  version: event.version, into: &out)
        let payloadStart = out.count
        JSONWriter.write(event.payload, into: &out)
        let payloadBytes = Array(out[payloadStart...])
        let hash = out.withUnsafeBytes { all in
            ChainHash.chaining(UnsafeRawBufferPointer(rebasing: all[start...]), to: previous)
        }
        out.append(contentsOf: hashMarker)
        hash.writeHex(into: &out)
        out.append(contentsOf: #""}"#.utf8)
        out.append(0x0A)
        return (hash, payloadBytes)
    }

    /// Writes `{"seq":…,"ts":"…","actor":…,"type":…,"v":…,"data":`: every member before
    /// the payload, in the log's order.
    package static func writeHead(sequence: Int, timestamp: Timestamp, actor: String, type: String, version: Int,
                                  into out: inout [UInt8]) {
        out.append(contentsOf: #"{"seq":"#.utf8)
        JSONWriter.writeInt(sequence, into: &out)
        out.append(contentsOf: #","ts":""#.utf8)
        timestamp.write(into: &out)
        out.append(contentsOf: #"","actor":"#.utf8)
        JSONWriter.writeString(actor, into: &out)
        out.append(contentsOf: #","type":"#.utf8)
        JSONWriter.writeString(type, into: &out)
        out.append(contentsOf: #","v":"#.utf8)
        JSONWriter.writeInt(version, into: &out)
        out.append(contentsOf: #","data":"#.utf8)
    }

    /// Decodes one line (without its newline) as record `expected`, chained to `previous`.
    /// With `block`, the line lies in it from `lineStart` on, and the payload is a slice of
    /// it; without, a copy.
    package static func decode(_ line: UnsafeBufferPointer<UInt8>, in block: [UInt8]? = nil, at lineStart: Int = 0,
                               expected: Int, previous: ChainHash, types: inout TypeNames) throws(LogDamage.Kind) -> LogRecord {
        let n = line.count
        guard n > hashSuffixLength + 2, line[0] == UInt8(ascii: "{") else {
            throw .unreadable("not a JSON event record")
        }
        let hashStart = n - hashSuffixLength
        for (i, byte) in hashMarker.enumerated() where line[hashStart + i] != byte {
            throw .unreadable("the hash is missing or not the last field")
        }
        guard line[n - 2] == UInt8(ascii: "\""), line[n - 1] == UInt8(ascii: "}") else {
            throw .unreadable("the hash is missing or not the last field")
        }
        let hex = UnsafeBufferPointer(rebasing: line[(hashStart + 9)..<(n - 2)])
        assert(block.map { block in block.withUnsafeBufferPointer { $0.baseAddress! + lineStart == line.baseAddress } } ?? true,
               "the line lies in its block where it is said to")

        let body = UnsafeBufferPointer(rebasing: line[0..<hashStart])
        var record = try fields(body, in: block, at: lineStart, types: &types)

        guard record.sequence == expected else { throw .sequence(found: record.sequence) }
        let computed = ChainHash.chaining(UnsafeRawBufferPointer(body), to: previous)
        guard computed.matches(hex: hex) else {
            guard ChainHash(hex: hex) != nil else { throw .unreadable("the hash is not 64 lower-case hex digits") }
            throw .hashMismatch
        }
        record.hash = computed
        return record
    }

    /// The envelope, by the fast path where the line is in the layout this module writes.
    private static func fields(_ body: UnsafeBufferPointer<UInt8>, in block: [UInt8]?, at lineStart: Int,
                               types: inout TypeNames) throws(LogDamage.Kind) -> LogRecord {
        if let fast = fastFields(body, in: block, at: lineStart, types: &types) { return fast }
        return try slowFields(body)
    }

    /// Reads the envelope of a line in the layout this module writes; `nil` means "not in
    /// that layout" (escapes in a name, other key order, whitespace), and the general JSON
    /// parser gets a go.
    private static func fastFields(_ b: UnsafeBufferPointer<UInt8>, in block: [UInt8]?, at lineStart: Int,
                                   types: inout TypeNames) -> LogRecord? {
        var i = 0
        func expect(_ literal: StaticString) -> Bool {
            let count = literal.utf8CodeUnitCount
            guard i + count <= b.count, memcmp(b.baseAddress! + i, literal.utf8Start, count) == 0 else { return false }
            i += count
            return true
        }
        func integer() -> Int? {
            guard let (value, end) = CompactJSON.integer(b, at: i) else { return nil }
            i = end
            return value
        }
        /// A string without escapes, its opening quote just before `i`.
        func plainString() -> String? {
            guard let (end, _) = CompactJSON.stringEnd(b, from: i - 1, escapes: false) else { return nil }
            // Checked to be valid UTF-8 already.
            let text = String(decoding: UnsafeBufferPointer(rebasing: b[i..<(end - 1)]), as: UTF8.self)
            i = end
            return text
        }
        /// The type name, shared with earlier records of the same type.
        func typeName() -> String? {
            guard let length = UnsafeBufferPointer(rebasing: b[i...]).firstIndex(of: UInt8(ascii: "\"")) else { return nil }
            let bytes = UnsafeBufferPointer(rebasing: b[i..<(i + length)])
            if let name = types.name(for: bytes) {
                i += length + 1
                return name
            }
            guard let name = plainString() else { return nil }
            types.remember(name)
            return name
        }
        guard expect(#"{"seq":"#), let sequence = integer(),
              expect(#","ts":""#), i + 21 <= b.count, b[i + 20] == UInt8(ascii: "\""),
              let timestamp = Timestamp(utf8: UnsafeBufferPointer(rebasing: b[i..<(i + 20)])) else { return nil }
        i += 21
        guard expect(#","actor":""#), let actor = plainString(),
              expect(#","type":""#), let type = typeName(),
              expect(#","v":"#), let version = integer(),
              expect(#","data":"#), i < b.count, b[i] == UInt8(ascii: "{"), b[b.count - 1] == UInt8(ascii: "}")
        else { return nil }
        let payload = block?[(lineStart + i)..<(lineStart + b.count)] ?? Array(UnsafeBufferPointer(rebasing: b[i...]))[...]
        return LogRecord(sequence: sequence, timestamp: timestamp, actor: actor, type: type, version: version,
                         payloadBytes: payload, hash: .genesis)
    }

    /// Reads the envelope with the general parser: any valid JSON object with the fields.
    private static func slowFields(_ body: UnsafeBufferPointer<UInt8>) throws(LogDamage.Kind) -> LogRecord {
        var object = Array(body)
        object.append(UInt8(ascii: "}"))
        let value: JSONValue
        do {
            value = try JSONParser.parse(object)
        } catch {
            throw .unreadable(error.description)
        }
        guard let sequence = value["seq"]?.intValue else { throw .unreadable("no sequence number") }
        guard let ts = value["ts"]?.stringValue, let timestamp = Timestamp(iso8601: ts) else {
            throw .unreadable("no UTC ISO 8601 timestamp")
        }
        guard let actor = value["actor"]?.stringValue else { throw .unreadable("no actor") }
        guard let type = value["type"]?.stringValue else { throw .unreadable("no event type") }
        guard let version = value["v"]?.intValue else { throw .unreadable("no schema version") }
        guard let data = value["data"], case .object = data else { throw .unreadable("no payload object") }
        var payload: [UInt8] = []
        JSONWriter.write(data, into: &payload)
        return LogRecord(sequence: sequence, timestamp: timestamp, actor: actor, type: type, version: version,
                         payloadBytes: payload[...], hash: .genesis)
    }
}

/// Where and how a log stops being a valid chain of records.
package struct LogDamage: Error, Equatable, Sendable, CustomStringConvertible {
    package enum Kind: Error, Equatable, Sendable {
        /// The line is not an event record at all (garbage, truncated, hand-mangled).
        case unreadable(String)
        /// The line holds another sequence number: records were removed or reordered.
        case sequence(found: Int)
        /// The line's hash does not cover its content and the previous hash: it was edited.
        case hashMismatch
        /// The last line has no newline: a writer died mid-append.
        case torn(byteCount: Int)
    }

    /// The sequence number the damaged line should hold.
    package var sequence: Int
    /// The 1-based line number in the file.
    package var line: Int
    package var kind: Kind

    package init(sequence: Int, line: Int, kind: Kind) {
        self.sequence = sequence
        self.line = line
        self.kind = kind
    }

    /// Damage at the very first line: the file is something other than a log.
    package var meansNotALog: Bool {
        guard sequence == 1, line == 1, case .unreadable = kind else { return false }
        return true
    }

    package var description: String {
        switch kind {
        case .unreadable(let reason):
            return "record #\(sequence) (line \(line)) is not a valid event record: \(reason)"
        case .sequence(let found):
            return "record #\(sequence) is missing or out of order: line \(line) holds #\(found)"
        case .hashMismatch:
            return "record #\(sequence) (line \(line)) does not match its hash: it was edited, or the record before it was changed"
        case .torn(let byteCount):
            return "record #\(sequence) (line \(line)) is torn: \(byteCount) bytes without a newline, left by an interrupted append"
        }
    }
}

/// Event type names seen so far, so that records of one type share one string instead of
/// allocating their own (most type names are longer than a small string's 15 bytes).
package struct TypeNames: Sendable {
    private var known: [(name: String, bytes: [UInt8])] = []

    package init() {}

    func name(for bytes: UnsafeBufferPointer<UInt8>) -> String? {
        guard let first = bytes.first else { return nil }
        for candidate in known where candidate.bytes.count == bytes.count && candidate.bytes[0] == first {
            if candidate.bytes.withUnsafeBytes({ Bytes.equal($0, UnsafeRawBufferPointer(bytes)) }) {
                return candidate.name
            }
        }
        return nil
    }

    mutating func remember(_ name: String) {
        if known.count < 128 { known.append((name, Array(name.utf8))) }
    }
}

/// Walks a log line by line, checking each record against the chain so far.
package struct LogScanner: Sendable {
    private var types = TypeNames()
    package private(set) var nextSequence = 1
    package private(set) var lastHash = ChainHash.genesis
    private(set) var lineNumber = 0

    package init() {}

    /// A scanner that continues after record `sequence`, whose chain hash is `hash`.
    package init(after sequence: Int, hash: ChainHash) {
        nextSequence = sequence + 1
        lastHash = hash
        lineNumber = sequence
    }

    package var lastSequence: Int { nextSequence - 1 }

    /// Checks and decodes the next line (without its newline); with `block`, the line lies
    /// in it from `lineStart` on, and the record's payload is a slice of it.
    package mutating func next(_ line: UnsafeBufferPointer<UInt8>, in block: [UInt8]? = nil, at lineStart: Int = 0) throws(LogDamage) -> LogRecord {
        do {
            let record = try LogLine.decode(line, in: block, at: lineStart, expected: nextSequence, previous: lastHash, types: &types)
            advance(over: record)
            return record
        } catch {
            throw LogDamage(sequence: nextSequence, line: lineNumber + 1, kind: error)
        }
    }

    /// Advances over a record this process has just written.
    package mutating func advance(over record: LogRecord) {
        precondition(record.sequence == nextSequence)
        nextSequence += 1
        lineNumber += 1
        lastHash = record.hash
    }
}
