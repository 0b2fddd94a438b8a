import Foundation
import Testing
@testable import Engagement
@testable import EventLog

/// The byte-level payload reader against the general parser and Foundation: same events
/// from the same payloads, the same refusals of what is not JSON.
@Suite struct PayloadReaderTests {
    static let world = RandomLog.make(events: 600, seed: 99)

    static func stored(_ event: DomainEvent) -> (type: String, version: Int, bytes: [UInt8]) {
        let new = event.newEvent(actor: "a", at: World.start)
        var bytes: [UInt8] = []
        JSONWriter.write(new.payload, into: &bytes)
        return (new.type, new.version, bytes)
    }

    static func decode(_ type: String, _ version: Int, _ bytes: [UInt8]) -> Result<DomainEvent, PayloadError> {
        bytes.withUnsafeBufferPointer { buffer in
            Result { () throws(PayloadError) in try DomainEvent(type: type, version: version, payload: buffer) }
        }
    }

    @Test func everyEventRoundTripsThroughItsStoredBytes() throws {
        for recorded in Self.world.events {
            let (type, version, bytes) = Self.stored(recorded.event)
            #expect(try Self.decode(type, version, bytes).get() == recorded.event, "\(String(decoding: bytes, as: UTF8.self))")
        }
    }

    @Test func everyEventDecodedWithSharedTextsIsTheEventDecodedAlone() throws {
        var texts = SharedTexts()
        // Twice over, so that the second time round every text it can share is already there.
        for recorded in Self.world.events + Self.world.events {
            let (type, version, bytes) = Self.stored(recorded.event)
            let shared = try withUnsafeMutablePointer(to: &texts) { texts in
                try bytes.withUnsafeBufferPointer { try DomainEvent(type: type, version: version, payload: $0, texts: texts) }
            }
            #expect(shared == recorded.event, "\(String(decoding: bytes, as: UTF8.self))")
        }
    }

    @Test func textsThatLookAlikeToTheTableStayApart() {
        // The same length and the same first and last eight bytes: the same slot.
        var texts = SharedTexts()
        let variants = (0..<50).map { "dataset-0001." + String(format: "%03d", $0) + "-question-42" }
        for _ in 0..<2 {
            for variant in variants {
                let bytes = Array(variant.utf8)
                #expect(bytes.withUnsafeBufferPointer { texts.text($0) } == variant)
            }
        }
        // Shorter and longer than it shares, and text outside ASCII.
        for text in ["short", String(repeating: "long ", count: 20), "Zoë’s dataset — round 2 ✓"] {
            let bytes = Array(text.utf8)
            #expect(bytes.withUnsafeBufferPointer { texts.text($0) } == text)
            #expect(bytes.withUnsafeBufferPointer { texts.text($0) } == text)
        }
    }

    @Test func escapesAndUnicodeInTextSurviveTheFastPath() throws {
        let text = "say \"hi\" \\ to Zoë — 中文 😀\ttab"
        let event = DomainEvent.feedbackSubmitted(FeedbackSubmitted(id: "f1", partner: "wash", topic: .report, text: text, dataset: nil, rating: 3))
        let (type, version, bytes) = Self.stored(event)
        #expect(try Self.decode(type, version, bytes).get() == event)
    }

    /// Whitespace, another member order, or extra members take the general parser's path,
    /// and read the same.
    @Test func payloadsOutsideTheCompactLayoutReadTheSame() throws {
        for recorded in Self.world.events.prefix(200) {
            let (type, version, bytes) = Self.stored(recorded.event)
            guard case .object(let members) = try JSONParser.parse(bytes) else { Issue.record("not an object"); continue }
            var reordered: [UInt8] = []
            JSONWriter.write(.object(members.reversed() + [JSONMember("extra", .object([JSONMember("x", .int(1))]))]), into: &reordered)
            #expect(try Self.decode(type, version, reordered).get() == recorded.event)
            let spaced = Array(String(decoding: bytes, as: UTF8.self).replacing(",\"", with: " ,\n \"").utf8)
            #expect(try Self.decode(type, version, spaced).get() == recorded.event)
        }
    }

    /// The reader keeps room for more members than any event has; a compact payload with
    /// more goes to the general parser, and reads the same.
    @Test func aCompactPayloadWithMoreMembersThanTheReaderHoldsReadsTheSame() throws {
        for recorded in Self.world.events.prefix(100) {
            let (type, version, bytes) = Self.stored(recorded.event)
            guard case .object(let members) = try JSONParser.parse(bytes) else { Issue.record("not an object"); continue }
            // First, so that the event's own members lie past the reader's room.
            let extra = (0..<20).map { JSONMember("extra\($0)", .string("x")) }
            var many: [UInt8] = []
            JSONWriter.write(.object(extra + members), into: &many)
            #expect(try Self.decode(type, version, many).get() == recorded.event)
        }
    }

    /// A compact payload with a key twice reads its first value, as the general parser does
    /// (before, the member after the last one read won, unless the payload went to the parser).
    @Test func aKeyTwiceReadsItsFirstValue() throws {
        let event = DomainEvent.feedbackSubmitted(FeedbackSubmitted(id: "f1", partner: "wash", topic: .report, text: "first", dataset: nil, rating: 3))
        let (type, version, bytes) = Self.stored(event)
        guard case .object(let members) = try JSONParser.parse(bytes) else { Issue.record("not an object"); return }
        // The first "text" before the others, a second where it is read in order: looking
        // from the member after the last one read would find the second.
        let second = members.map { $0.key == "text" ? JSONMember("text", .string("second")) : $0 }
        var twice: [UInt8] = []
        JSONWriter.write(.object([JSONMember("text", .string("first"))] + second), into: &twice)
        #expect(try JSONParser.parse(twice)["text"] == .string("first"))
        #expect(try Self.decode(type, version, twice).get() == event)
    }

    /// Random damage to stored payloads: when Foundation refuses the bytes, so does the
    /// reader; when it accepts them, the reader reads what the general parser reads.
    @Test func fuzzedPayloadsAgreeWithFoundationAndTheGeneralParser() throws {
        var rng = SeededGenerator(seed: 7)
        let pieces: [[UInt8]] = [Array("\"".utf8), Array(",".utf8), Array("}".utf8), Array("]".utf8), Array("[".utf8), Array(" ".utf8),
                                 Array("\\".utf8), Array("0".utf8), Array("-".utf8), Array("null".utf8), [0xC3], [0x01], Array("é".utf8)]
        var accepted = 0
        for round in 0..<4000 {
            let recorded = Self.world.events[round % Self.world.events.count]
            let (type, version, original) = Self.stored(recorded.event)
            var bytes = original
            for _ in 0..<Int.random(in: 1...3, using: &rng) {
                let at = Int.random(in: 0..<bytes.count, using: &rng)
                switch Int.random(in: 0..<3, using: &rng) {
                case 0: bytes.remove(at: at)
                case 1: bytes.insert(contentsOf: pieces[Int.random(in: 0..<pieces.count, using: &rng)], at: at)
                default: bytes[at] = pieces[Int.random(in: 0..<pieces.count, using: &rng)][0]
                }
                if bytes.isEmpty { bytes = Array("{".utf8) }
            }
            let fast = Self.decode(type, version, bytes)
            let foundation = try? JSONSerialization.jsonObject(with: Data(bytes))
            guard foundation is [String: Any] else {
                if case .success = fast { Issue.record("accepted \(String(decoding: bytes, as: UTF8.self))") }
                continue
            }
            accepted += 1
            guard let oracle = try? JSONParser.parse(bytes) else {
                // Foundation on Linux accepts a trailing comma (`{"a":1,}`), which RFC 8259
                // does not; the log's parsers follow the RFC.
                let text = String(decoding: bytes, as: UTF8.self)
                #expect(text.contains(",}") || text.contains(",]"), "Foundation accepts what the general parser refuses: \(text)")
                if case .success = fast { Issue.record("accepted \(text)") }
                continue
            }
            let expected = Result { () throws(PayloadError) in try DomainEvent(type: type, version: version, payload: oracle) }
            #expect(fast == expected, "\(String(decoding: bytes, as: UTF8.self))")
        }
        #expect(accepted > 200, "the fuzzer also produces valid JSON")
    }
}
