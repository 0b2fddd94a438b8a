/// One event as the log stores it: the envelope around a domain payload.
///
/// The payload stays as the bytes that were written until someone asks for it, so that
/// reading and verifying a log costs one pass over the envelope and the hash, not a full
/// JSON decode.
package struct LogRecord: Equatable, Sendable {
    package var sequence: Int
    package var timestamp: Timestamp
    package var actor: String
    package var type: String
    /// The schema version of `type` that the payload was written with.
    package var version: Int
    /// The payload's JSON bytes exactly as stored: read from a file, a slice of the block
    /// its line was read in (its indices are the block's, not from zero). A record held
    /// keeps its whole block (a megabyte): whatever keeps records for long keeps
    /// `Array(payloadBytes)` instead.
    package var payloadBytes: ArraySlice<UInt8>
    package var hash: ChainHash

    package init(sequence: Int, timestamp: Timestamp, actor: String, type: String, version: Int, payloadBytes: ArraySlice<UInt8>, hash: ChainHash) {
        self.sequence = sequence
        self.timestamp = timestamp
        self.actor = actor
        self.type = type
        self.version = version
        self.payloadBytes = payloadBytes
        self.hash = hash
    }

    /// The type of a record that stands for one its reader may not read (a shared log hands
    /// out its number, time and hash only).
    package static let withheldType = "withheld"

    /// The payload as a JSON value.
    package func payload() throws(JSONParseError) -> JSONValue {
        try payloadBytes.withUnsafeBufferPointer { buffer throws(JSONParseError) in try JSONParser.parse(buffer) }
    }
}

/// An event about to be appended: everything but the position in the log.
package struct NewEvent: Equatable, Sendable {
    package var timestamp: Timestamp
    package var actor: String
    package var type: String
    package var version: Int
    package var payload: JSONValue
    /// Who besides coordinators and reviewers may read it. Not part of the record: a backend
    /// that can refuse reads (PostgreSQL) keeps it beside the line; a file cannot.
    package var audience: Audience

    package init(timestamp: Timestamp, actor: String, type: String, version: Int, payload: JSONValue, audience: Audience = .coordinators) {
        self.timestamp = timestamp
        self.actor = actor
        self.type = type
        self.version = version
        self.payload = payload
        self.audience = audience
    }
}

/// Who may read a record, besides coordinators and reviewers.
package enum Audience: Equatable, Sendable {
    case everyone
    case coordinators
    /// The members who speak for this partner.
    case partner(String)
    /// The member with this login (a record about their own membership).
    case user(String)

    /// As a backend stores it: `everyone`, `coordinators`, `partner:ID`, `user:LOGIN`.
    package var tag: String {
        switch self {
        case .everyone: "everyone"
        case .coordinators: "coordinators"
        case .partner(let id): "partner:" + id
        case .user(let login): "user:" + login
        }
    }
}
