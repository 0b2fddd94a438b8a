import EventLog

/// The model as bytes, for a checkpoint beside the log: a session that starts from one
/// replays only the events recorded since, instead of the whole log.
///
/// A compact binary layout derived from the state's fields (`CheckpointEncoder`): variable-length
/// integers, length-prefixed UTF-8, fixed identifiers by name. Nothing here is ever
/// trusted blindly: the caller ties the bytes to a position in the log, and decoding
/// refuses anything truncated or out of range.
extension Model {
    /// Bumped whenever the layout or the meaning of the fold changes: a checkpoint of
    /// another version is rebuilt, never read.
    /// 2: fixed identifiers and statuses stored by name, not by position.
    /// 3: the time of the last record, not only its day.
    /// 4: contacts by id, their name and e-mail sealed (or forgotten) unless recorded in plain
    ///    text; each dataset's analyses and use reports by round and party (no double
    ///    counting), and who recorded each event a partner member recorded (they may retract it).
    /// 5: every MoU a partner signed, each with the sectors it covers; each share's sequence
    ///    number and the dataset's sector on its day (sharing is judged share by share).
    /// 6: whether each approach plan was followed by a meeting (a plan past its day is stale).
    /// 7: the Process for Urgent Action (set-ups, trainings, reports) and the response's frame;
    ///    reports published (each dataset with its category that day) and joint interpretations;
    ///    each dataset's remaining DAP columns (frequency, disaggregation, languages, type
    ///    of analysis) and the verifications of its mock-up; each piece of feedback's source.
    ///    and the last record whose time is earlier than the one before it (past days start
    ///    from interval checkpoints only on a log in time order).
    /// 8: the layout is now derived from the model's stored properties (`CheckpointEncoder`):
    ///    every field in declaration order, sets and dictionaries sorted by key; and
    ///    engagement by day (meetings, partners met first, use reports), for the review.
    /// 9: in two parts that can be read at once on two cores: the feedback table (a count of
    ///    its bytes, then the table), then the rest of the model, its feedback table empty.
    /// 10: first of all, what listing the log needs (`Listing`, a count of its bytes first),
    ///    read without the rest.
    /// 11: the listing also holds the time of the last record and the last record out of time
    ///    order, so that a past day starts from it and an interval checkpoint alone.
    package static let checkpointVersion = 11

    /// Runs two pieces of work, on two cores where it can, and returns when both have ended.
    /// The caller says how (the domain starts no threads); the default runs one after the other.
    package typealias BothAtOnce = (_ first: () -> Void, _ second: () -> Void) -> Void

    /// The model in the layout derived from its stored properties (`CheckpointEncoder`): a
    /// stored property added to the state is written and read with no codec edit.
    ///
    /// Three parts, each but the last behind a count of its bytes:
    /// - what listing the log needs (`Listing`), so that `log` reads it without the rest;
    /// - the feedback table: on a large log about half of the state to decode (tens of
    ///   thousands of pieces, each with its text), read on a start's second core;
    /// - the rest of the model, its feedback table empty, read at the same time.
    package func checkpointBytes() -> [UInt8] {
        var pieces: [[UInt8]] = []
        forEachCheckpointPiece { pieces.append($0) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(pieces.reduce(0) { $0 + $1.count })
        for piece in pieces { bytes += piece }
        return bytes
    }

    /// `checkpointBytes()` in the pieces it joins, handed to `body` in order as each is made
    /// and let go after. Each part is one piece; with a `block` size, no piece is much larger,
    /// so that a digest is taken holding one block at a time (`verify`): each part but the
    /// last is then written twice, first to count its bytes.
    package func forEachCheckpointPiece(block: Int? = nil, _ body: ([UInt8]) -> Void) {
        func part<T: Encodable>(_ value: T, counted: Bool) {
            guard let block else {
                let bytes = CheckpointEncoder.bytes(of: value)
                if counted { body(CheckpointEncoder.bytes(of: bytes.count)) }
                body(bytes)
                return
            }
            if counted { body(CheckpointEncoder.bytes(of: CheckpointEncoder.count(of: value))) }
            CheckpointEncoder.forEachBlock(of: value, block: block, body)
        }
        part(listing, counted: true)
        part(feedback, counted: true)
        var rest = self
        rest.feedback = Keyed()
        part(rest, counted: false)
    }

    /// The model `checkpointBytes()` wrote; `nil` for bytes it could not have written.
    /// `bothAtOnce` reads its feedback and the rest (see `checkpointBytes()`) at once.
    /// `letGo` is told, from either, of bytes read that will not be read again (a megabyte
    /// or more at a time), so that their holder may give back their memory.
    package init?(checkpoint bytes: UnsafeRawBufferPointer, bothAtOnce: BothAtOnce = { $0(); $1() },
                  letGo: (@Sendable (UnsafeRawBufferPointer) -> Void)? = nil, letGoEvery: Int = 1 << 20) {
        guard let (listingPart, state) = CheckpointDecoder.split(bytes),
              let listing = CheckpointDecoder.decode(Listing.self, from: listingPart),
              let (feedbackPart, restPart) = CheckpointDecoder.split(state) else { return nil }
        var feedback: Keyed<Feedback>?
        var rest: Model?
        bothAtOnce({ feedback = CheckpointDecoder.decode(Keyed<Feedback>.self, from: feedbackPart, letGo: letGo, every: letGoEvery) },
                   { rest = CheckpointDecoder.decode(Model.self, from: restPart, letGo: letGo, every: letGoEvery) })
        // The rest carries an empty feedback table, and the listing is the state's: one
        // state, one set of bytes.
        guard var model = rest, let feedback, model.feedback.isEmpty else { return nil }
        model.feedback = feedback
        guard model.lastOutOfOrder <= model.lastSequence, model.isConsistent(), model.listing == listing else { return nil }
        self = model
    }

    /// What listing the log (`log`, oldest event first) needs of the state, and all it
    /// needs: who is a member (and so what each reader sees), which records were retracted
    /// and by which, and whose contacts were forgotten (their names are not shown, even in
    /// records before the forgetting). A checkpoint holds it apart, so that listing a large
    /// log does not decode the whole state.
    package struct Listing: Equatable, Sendable, Codable {
        package var lastSequence: Int
        package var members: [Member]
        package var retracted: [Int: Int]
        package var forgottenContacts: Set<String>
        /// When the last record was recorded, and the last record out of time order (0: none),
        /// as the state has them: a past day starts from the listing when every record is in
        /// time order (`Session.startPastDay`).
        package var lastRecorded: Timestamp?
        package var lastOutOfOrder: Int

        /// Sequence numbers within the log (as `Model.isConsistent` asks of the whole state).
        private var isConsistent: Bool {
            func sequence(_ s: Int) -> Bool { Model.isSequence(s, upTo: lastSequence) }
            return (0...Model.mostRecords).contains(lastSequence) && (0...lastSequence).contains(lastOutOfOrder)
                && members.allSatisfy { sequence($0.since) }
                && retracted.allSatisfy { sequence($0.key) && sequence($0.value) }
        }
    }

    /// The listing, as a checkpoint keeps it.
    package var listing: Listing {
        Listing(lastSequence: lastSequence, members: members, retracted: retracted, forgottenContacts: forgottenContacts,
                lastRecorded: lastRecorded, lastOutOfOrder: lastOutOfOrder)
    }
}

extension Model.Listing {
    /// The listing of a checkpoint `checkpointBytes()` wrote, read without the rest of it;
    /// `nil` for bytes it could not have written. (In an extension, so that the memberwise
    /// initialiser `Model.listing` uses is the compiler's.)
    package init?(checkpoint bytes: UnsafeRawBufferPointer) {
        guard let (part, _) = CheckpointDecoder.split(bytes), let listing = CheckpointDecoder.decode(Model.Listing.self, from: part),
              listing.isConsistent else { return nil }
        self = listing
    }
}

extension Model {
    /// Days a person could type and sequence numbers within the log, for the urgent state
    /// and the response's frame (`isConsistent`).
    func urgentIsConsistent(day: (Day) -> Bool, sequence: (Int) -> Bool) -> Bool {
        urgent.setups.allSatisfy { day($0.date) && sequence($0.sequence) }
            && urgent.trainings.allSatisfy { day($0.date) && sequence($0.sequence) }
            && urgent.reports.allSatisfy { day($0.date) && sequence($0.sequence) }
            && (response.map { sequence($0.sequence) && ($0.since.map(day) ?? true) } ?? true)
    }
}

/// A contact in a checkpoint: its id, then what may be read of it, then its skills. The one
/// state type written by hand, because the checkpoint must hold nothing that destroying the contact's key would
/// not make unreadable: a sealed contact's name and e-mail stay sealed (the session opens
/// them again), and a forgotten one has none. (`everyStoredPropertyOfTheStateReadsBackFromACheckpoint`
/// fails if a field added to `Contact` is left out here.)
extension Model.Contact: Codable {
    private enum CodingKeys: CodingKey {
        case id, personal, name, email, sealed, skills
    }

    package func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        if personal == .forgotten {
            try c.encode(PersonalState.forgotten, forKey: .personal)
        } else if let sealed {
            try c.encode(PersonalState.sealed, forKey: .personal)
            try c.encode(sealed, forKey: .sealed)
        } else {
            try c.encode(PersonalState.open, forKey: .personal)
            try c.encode(name, forKey: .name)
            try c.encodeIfPresent(email, forKey: .email)
        }
        try c.encode(skills, forKey: .skills)
    }

    package init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let id = try c.decode(String.self, forKey: .id)
        switch try c.decode(PersonalState.self, forKey: .personal) {
        case .open:
            self.init(id: id, name: try c.decode(String.self, forKey: .name), email: try c.decodeIfPresent(String.self, forKey: .email), skills: [])
        case .sealed:
            self.init(id: id, name: "", email: nil, skills: [], sealed: try c.decode(String.self, forKey: .sealed), personal: .sealed)
        case .forgotten:
            self.init(id: id, name: "", email: nil, skills: [], personal: .forgotten)
        }
        skills = try c.decode([Skill].self, forKey: .skills)
    }
}
