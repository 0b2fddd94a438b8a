import EventLog

/// The model as bytes, for a checkpoint beside the log: a session that starts from one
/// replays only the events recorded since, instead of the whole log.
///
/// A compact binary layout, written and read field by field in one order: variable-length
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
    package static let checkpointVersion = 7

    /// The model in the layout derived from its stored properties (`CheckpointEncoder`):
    /// not yet the checkpoint's, because reading it is still about twice as slow as
    /// `init?(checkpoint:)` on a large log (`EngageBench --checkpoint-codec`), and that read is
    /// most of the first prompt.
    package func derivedCheckpointBytes() -> [UInt8] { CheckpointEncoder.bytes(of: self) }

    /// The model `derivedCheckpointBytes()` wrote; `nil` for bytes it could not have written.
    package init?(derivedCheckpoint bytes: UnsafeRawBufferPointer) {
        guard let model = CheckpointDecoder.decode(Model.self, from: bytes), model.lastOutOfOrder <= model.lastSequence,
              model.isConsistent() else { return nil }
        self = model
    }

    package func checkpointBytes() -> [UInt8] {
        var w = CheckpointWriter()
        w.int(members.count)
        for m in members {
            w.string(m.user); w.identifier(m.role); w.optional(m.partner); w.int(m.since)
        }
        w.int(partners.count)
        for p in partners.values {
            w.string(p.id); w.string(p.name); w.identifier(p.category); w.identifiers(p.levels); w.day(p.mapped)
            w.contacts(p.contacts); w.contacts(p.formerContacts)
            w.bool(p.approach != nil)
            if let approach = p.approach { w.string(approach.how); w.day(approach.by); w.bool(approach.met) }
            w.optional(p.firstMet); w.int(p.meetings); w.optional(p.lastMet)
            w.identifiers(Outcome.allCases.filter { p.outcomes.contains($0) })
            w.bool(p.needsRequest != nil)
            if let request = p.needsRequest { w.day(request.by); w.int(request.sequence) }
            w.int(p.needsSubmitted); w.optional(p.lastNeeds)
            w.int(p.mous.count)
            for mou in p.mous {
                w.string(mou.scope); w.bool(mou.sectors != nil); w.strings(mou.sectors ?? [])
                w.day(mou.signed); w.optional(mou.expires); w.optional(mou.ended)
            }
            w.int(p.feedback)
        }
        w.int(milestones.count)
        for m in milestones.values {
            w.string(m.id); w.string(m.title); w.day(m.date); w.day(m.originalDate); w.int(m.moves)
            w.optional(m.lastMove); w.optional(m.lastReason); w.strings(m.notified.sorted()); w.bool(m.done)
        }
        w.int(actions.count)
        for a in actions.values {
            w.string(a.id); w.string(a.owner); w.string(a.text); w.day(a.due); w.bool(a.done)
        }
        w.int(disagreements.count)
        for d in disagreements.values {
            w.string(d.id); w.string(d.text); w.strings(d.partners); w.optional(d.resolution)
        }
        w.int(decisions.count)
        for d in decisions {
            w.int(d.sequence); w.day(d.day); w.string(d.text); w.strings(d.partners); w.optional(d.about)
        }
        w.int(datasets.count)
        for d in datasets.values {
            w.string(d.id); w.string(d.sector); w.string(d.question); w.optional(d.options); w.optional(d.purpose)
            w.strings(d.requestedBy); w.optionalIdentifier(d.owner); w.identifier(d.dissemination); w.optional(d.mockup)
            w.identifiers(d.criteria); w.string(d.status.rawValue); w.optional(d.statusReason)
            w.ints(d.agreements); w.ints(d.drops); w.ints(d.analysedIn.sorted())
            let uses = d.uses.sorted { $0.key < $1.key }
            w.int(uses.count)
            for (round, count) in uses { w.int(round); w.int(count) }
            for reports in [d.analyses, d.useReports] {
                w.int(reports.count)
                for (key, seq) in reports.sorted(by: { $0.key < $1.key }) { w.int(key.round); w.string(key.party); w.int(seq) }
            }
            w.int(d.shares.count)
            for s in d.shares { w.string(s.partner); w.identifier(s.modality); w.day(s.day); w.int(s.sequence); w.string(s.sector) }
            w.columns(d.columns)
            w.int(d.verifications.count)
            for v in d.verifications { w.string(v.partner); w.identifiers(v.skills); w.day(v.day); w.int(v.sequence) }
        }
        w.int(rounds.count)
        for r in rounds {
            w.int(r.number); w.day(r.started); w.int(r.startSequence); w.optional(r.closed); w.optional(r.closeSequence)
        }
        w.int(feedback.count)
        for f in feedback.values {
            w.string(f.id); w.int(f.sequence); w.day(f.day); w.string(f.partner); w.identifier(f.topic); w.string(f.text)
            w.optional(f.dataset); w.optional(f.rating)
            w.bool(f.response != nil)
            if let r = f.response { w.string(r.id); w.identifier(r.response); w.string(r.text); w.optional(r.date) }
            w.identifier(f.source)
        }
        w.int(feedbackCount); w.int(meetings)
        w.int(firstMeetings.count)
        for m in firstMeetings { w.int(m.sequence); w.string(m.partner) }
        let retractedPairs = retracted.sorted { $0.key < $1.key }
        w.int(retractedPairs.count)
        for (target, by) in retractedPairs { w.int(target); w.int(by) }
        w.ints(retractions.sorted()); w.ints(excluded.sorted())
        let byPartners = recordedByPartners.sorted { $0.key < $1.key }
        w.int(byPartners.count)
        for (seq, user) in byPartners { w.int(seq); w.string(user) }
        w.int(lastSequence); w.bool(lastRecorded != nil)
        if let lastRecorded { w.int(Int(lastRecorded.secondsSinceEpoch)) }
        w.urgent(urgent)
        w.bool(response != nil)
        if let r = response { w.string(r.name); w.string(r.country); w.identifier(r.body); w.optional(r.since); w.int(r.sequence) }
        w.int(publications.count)
        for p in publications.values {
            w.string(p.id); w.string(p.title); w.day(p.day); w.int(p.sequence); w.identifier(p.channel)
            w.int(p.datasets.count)
            for item in p.datasets { w.string(item.dataset); w.identifier(item.dissemination) }
            w.strings(p.partners); w.identifiers(p.checklist)
        }
        w.int(interpretations.count)
        for i in interpretations {
            w.day(i.day); w.int(i.round); w.strings(i.datasets); w.strings(i.partners); w.identifiers(i.skills); w.int(i.sequence)
        }
        w.int(lastOutOfOrder)
        return w.bytes
    }

    /// The model `checkpointBytes()` wrote; `nil` for bytes it could not have written.
    package init?(checkpoint bytes: UnsafeRawBufferPointer) {
        var r = CheckpointReader(bytes)
        do throws(CheckpointReader.Invalid) {
            var model = Model()
            for _ in 0..<(try r.count()) {
                model.members.append(Member(user: try r.string(), role: try r.identifier(), partner: try r.optionalString(), since: try r.int()))
            }
            for _ in 0..<(try r.count()) {
                var p = Partner(id: try r.string(), name: try r.string(), category: try r.identifier(), levels: try r.identifiers(),
                                mapped: try r.day())
                p.contacts = try r.contacts(); p.formerContacts = try r.contacts()
                if try r.bool() { p.approach = Approach(how: try r.string(), by: try r.day(), met: try r.bool()) }
                p.firstMet = try r.optionalInt(); p.meetings = try r.int(); p.lastMet = try r.optionalDay()
                p.outcomes = Set(try r.identifiers() as [Outcome])
                if try r.bool() { p.needsRequest = NeedsRequest(by: try r.day(), sequence: try r.int()) }
                p.needsSubmitted = try r.int(); p.lastNeeds = try r.optionalString()
                for _ in 0..<(try r.count()) {
                    let scope = try r.string()
                    let limited = try r.bool()
                    let sectors = try r.strings()
                    p.mous.append(MoU(scope: scope, sectors: limited ? sectors : nil, signed: try r.day(), expires: try r.optionalDay(),
                                      ended: try r.optionalDay()))
                }
                p.feedback = try r.int()
                model.partners.insert(p.id, p)
            }
            for _ in 0..<(try r.count()) {
                var m = Milestone(id: try r.string(), title: try r.string(), date: try r.day(), originalDate: try r.day())
                m.moves = try r.int(); m.lastMove = try r.optionalInt(); m.lastReason = try r.optionalString()
                m.notified = Set(try r.strings()); m.done = try r.bool()
                model.milestones.insert(m.id, m)
            }
            let actionCount = try r.count()
            model.actions.reserveCapacity(actionCount)
            for _ in 0..<actionCount {
                let a = Action(id: try r.string(), owner: try r.string(), text: try r.string(), due: try r.day(), done: try r.bool())
                model.actions.insert(a.id, a)
            }
            let disagreementCount = try r.count()
            model.disagreements.reserveCapacity(disagreementCount)
            for _ in 0..<disagreementCount {
                let d = Disagreement(id: try r.string(), text: try r.string(), partners: try r.strings(), resolution: try r.optionalString())
                model.disagreements.insert(d.id, d)
            }
            for _ in 0..<(try r.count()) {
                model.decisions.append(Decision(sequence: try r.int(), day: try r.day(), text: try r.string(), partners: try r.strings(),
                                                about: try r.optionalString()))
            }
            for _ in 0..<(try r.count()) {
                var d = Dataset(id: try r.string(), sector: try r.string(), question: try r.string(), options: try r.optionalString(),
                                purpose: try r.optionalString(), requestedBy: try r.strings(), owner: try r.optionalIdentifier(),
                                dissemination: try r.identifier(), mockup: try r.optionalString(), criteria: try r.identifiers())
                guard let status = DatasetStatus(rawValue: try r.string()) else { throw .init() }
                d.status = status
                d.statusReason = try r.optionalString()
                d.agreements = try r.ints(); d.drops = try r.ints(); d.analysedIn = Set(try r.ints())
                for _ in 0..<(try r.count()) { d.uses[try r.int()] = try r.int() }
                for _ in 0..<(try r.count()) { d.analyses[RoundParty(round: try r.int(), party: try r.string())] = try r.int() }
                for _ in 0..<(try r.count()) { d.useReports[RoundParty(round: try r.int(), party: try r.string())] = try r.int() }
                for _ in 0..<(try r.count()) {
                    d.shares.append(Share(partner: try r.string(), modality: try r.identifier(), day: try r.day(), sequence: try r.int(),
                                          sector: try r.string()))
                }
                d.columns = try r.columns()
                for _ in 0..<(try r.count()) {
                    d.verifications.append(Verification(partner: try r.string(), skills: try r.identifiers(), day: try r.day(),
                                                        sequence: try r.int()))
                }
                model.datasets.insert(d.id, d)
            }
            for _ in 0..<(try r.count()) {
                model.rounds.append(Round(number: try r.int(), started: try r.day(), startSequence: try r.int(), closed: try r.optionalDay(),
                                          closeSequence: try r.optionalInt()))
            }
            let feedbackCount = try r.count()
            model.feedback.reserveCapacity(feedbackCount)
            for _ in 0..<feedbackCount {
                var f = Feedback(id: try r.string(), sequence: try r.int(), day: try r.day(), partner: try r.string(), topic: try r.identifier(),
                                 text: try r.string(), dataset: try r.optionalString(), rating: try r.optionalInt())
                if try r.bool() {
                    f.response = FeedbackAddressed(id: try r.string(), response: try r.identifier(), text: try r.string(), date: try r.optionalDay())
                }
                f.source = try r.identifier()
                model.feedback.insert(f.id, f)
            }
            model.feedbackCount = try r.int()
            model.meetings = try r.int()
            for _ in 0..<(try r.count()) { model.firstMeetings.append(FirstMeeting(sequence: try r.int(), partner: try r.string())) }
            for _ in 0..<(try r.count()) { model.retracted[try r.int()] = try r.int() }
            model.retractions = Set(try r.ints())
            model.excluded = Set(try r.ints())
            for _ in 0..<(try r.count()) { model.recordedByPartners[try r.int()] = try r.string() }
            model.lastSequence = try r.int()
            if try r.bool() { model.lastRecorded = Timestamp(secondsSinceEpoch: Int64(try r.int())) }
            model.urgent = try r.urgent()
            if try r.bool() {
                model.response = ResponseFrame(name: try r.string(), country: try r.string(), body: try r.identifier(),
                                               since: try r.optionalDay(), sequence: try r.int())
            }
            for _ in 0..<(try r.count()) {
                var p = Publication(id: try r.string(), title: try r.string(), day: try r.day(), sequence: try r.int(),
                                    channel: try r.identifier(), datasets: [], partners: [], checklist: [])
                for _ in 0..<(try r.count()) { p.datasets.append(PublishedDataset(dataset: try r.string(), dissemination: try r.identifier())) }
                p.partners = try r.strings(); p.checklist = try r.identifiers()
                model.publications.insert(p.id, p)
            }
            for _ in 0..<(try r.count()) {
                model.interpretations.append(Interpretation(day: try r.day(), round: try r.int(), datasets: try r.strings(),
                                                            partners: try r.strings(), skills: try r.identifiers(), sequence: try r.int()))
            }
            model.lastOutOfOrder = try r.int()
            guard model.lastOutOfOrder <= model.lastSequence, r.isAtEnd, model.isConsistent() else { throw .init() }
            self = model
        } catch {
            return nil
        }
    }

}

/// Appends values in the checkpoint layout.
struct CheckpointWriter {
    var bytes: [UInt8] = []

    mutating func int(_ value: Int) {
        // Zig-zag, then 7 bits a byte.
        var v = UInt64(bitPattern: Int64(value) << 1 ^ Int64(value) >> 63)
        while v >= 0x80 {
            bytes.append(UInt8(v & 0x7F) | 0x80)
            v >>= 7
        }
        bytes.append(UInt8(v))
    }
    mutating func bool(_ value: Bool) { bytes.append(value ? 1 : 0) }
    mutating func string(_ value: String) {
        var value = value
        value.withUTF8 { utf8 in
            int(utf8.count)
            bytes.append(contentsOf: utf8)
        }
    }
    mutating func day(_ value: Day) { int(Int(value.daysSinceEpoch)) }
    /// By its name, never its position in `allCases`: reordering or adding a case keeps
    /// old checkpoints' meaning.
    mutating func identifier<T: FixedIdentifier>(_ value: T) { string(value.rawValue) }
    mutating func identifiers<T: FixedIdentifier>(_ values: [T]) {
        int(values.count)
        for v in values { identifier(v) }
    }
    mutating func optionalIdentifier<T: FixedIdentifier>(_ value: T?) {
        bool(value != nil)
        if let value { identifier(value) }
    }
    mutating func strings(_ values: [String]) {
        int(values.count)
        for v in values { string(v) }
    }
    mutating func ints(_ values: [Int]) {
        int(values.count)
        for v in values { int(v) }
    }
    mutating func optional(_ value: String?) {
        bool(value != nil)
        if let value { string(value) }
    }
    mutating func optional(_ value: Int?) {
        bool(value != nil)
        if let value { int(value) }
    }
    mutating func optional(_ value: Day?) {
        bool(value != nil)
        if let value { day(value) }
    }
    mutating func columns(_ c: PlanColumns) {
        optionalIdentifier(c.frequency)
        bool(c.disaggregation != nil); identifiers(c.disaggregation ?? [])
        bool(c.languages != nil); strings(c.languages ?? [])
        optional(c.analysis)
    }

    mutating func contacts(_ values: [Model.Contact]) {
        int(values.count)
        // A sealed contact's name and e-mail stay sealed here: a checkpoint must hold nothing
        // that destroying the contact's key would not make unreadable.
        for c in values {
            string(c.id)
            if c.personal == .forgotten {
                int(2)
            } else if let sealed = c.sealed {
                int(1); string(sealed)
            } else {
                int(0); string(c.name); optional(c.email)
            }
            identifiers(c.skills)
        }
    }
}

/// Reads values in the checkpoint layout, refusing anything out of bounds.
struct CheckpointReader {
    struct Invalid: Error {}

    private let bytes: UnsafeRawBufferPointer
    private var index = 0

    init(_ bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    var isAtEnd: Bool { index == bytes.count }

    mutating func int() throws(Invalid) -> Int {
        var v: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard index < bytes.count, shift < 64 else { throw Invalid() }
            let byte = bytes[index]
            index += 1
            v |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 { break }
            shift += 7
        }
        return Int(Int64(bitPattern: v >> 1) ^ -Int64(bitPattern: v & 1))
    }
    /// A count of items that follow (each at least one byte).
    mutating func count() throws(Invalid) -> Int {
        let n = try int()
        guard n >= 0, n <= bytes.count - index else { throw Invalid() }
        return n
    }
    mutating func bool() throws(Invalid) -> Bool {
        guard index < bytes.count, bytes[index] <= 1 else { throw Invalid() }
        index += 1
        return bytes[index - 1] == 1
    }
    mutating func string() throws(Invalid) -> String {
        let n = try count()
        guard n > 0 else { return "" }
        let utf8 = UnsafeBufferPointer(start: (bytes.baseAddress! + index).assumingMemoryBound(to: UInt8.self), count: n)
        index += n
        // The file's digest vouches for the bytes: they are the UTF-8 that was written.
        return String(decoding: utf8, as: UTF8.self)
    }
    mutating func day() throws(Invalid) -> Day { Day(daysSinceEpoch: Int64(try int())) }
    mutating func identifier<T: FixedIdentifier>(_ type: T.Type = T.self) throws(Invalid) -> T {
        guard let value = T(rawValue: try string()) else { throw Invalid() }
        return value
    }
    mutating func identifiers<T: FixedIdentifier>(_ type: T.Type = T.self) throws(Invalid) -> [T] {
        var out: [T] = []
        for _ in 0..<(try count()) { out.append(try identifier()) }
        return out
    }
    mutating func optionalIdentifier<T: FixedIdentifier>(_ type: T.Type = T.self) throws(Invalid) -> T? {
        try bool() ? try identifier() : nil
    }
    mutating func strings() throws(Invalid) -> [String] {
        var out: [String] = []
        for _ in 0..<(try count()) { out.append(try string()) }
        return out
    }
    mutating func ints() throws(Invalid) -> [Int] {
        let n = try count()
        var out: [Int] = []
        out.reserveCapacity(n)
        for _ in 0..<n { out.append(try int()) }
        return out
    }
    mutating func optionalString() throws(Invalid) -> String? { try bool() ? try string() : nil }
    mutating func optionalInt() throws(Invalid) -> Int? { try bool() ? try int() : nil }
    mutating func optionalDay() throws(Invalid) -> Day? { try bool() ? try day() : nil }
    mutating func columns() throws(Invalid) -> PlanColumns {
        let frequency: CollectionFrequency? = try optionalIdentifier()
        let stated = try bool()
        let disaggregation: [Disaggregation] = try identifiers()
        let named = try bool()
        let languages = try strings()
        return PlanColumns(frequency: frequency, disaggregation: stated ? disaggregation : nil, languages: named ? languages : nil,
                           analysis: try optionalString())
    }

    mutating func contacts() throws(Invalid) -> [Model.Contact] {
        var out: [Model.Contact] = []
        for _ in 0..<(try count()) {
            let id = try string()
            var contact: Model.Contact
            switch try int() {
            case 0: contact = Model.Contact(id: id, name: try string(), email: try optionalString(), skills: [])
            case 1: contact = Model.Contact(id: id, name: "", email: nil, skills: [], sealed: try string(), personal: .sealed)
            case 2: contact = Model.Contact(id: id, name: "", email: nil, skills: [], personal: .forgotten)
            default: throw Invalid()
            }
            contact.skills = try identifiers()
            out.append(contact)
        }
        return out
    }
}

/// A contact in a checkpoint: its id, then what may be read of it, then its skills. Written
/// by hand, because the checkpoint must hold nothing that destroying the contact's key would
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
