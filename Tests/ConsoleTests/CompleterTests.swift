import EventLog
import Testing
@testable import Console
@testable import Engagement

/// Tab follows the reading rule: a partner member completes only verbs it may run, and
/// only values it may read.
@Suite struct CompleterTests {
    static let today = Day("2026-11-20")!

    /// A log founded by `lena`: two partners, contacts, feedback from each, a partner member
    /// for wash and a reviewer.
    static func model() throws -> Model {
        var model = Model()
        var sequence = 0
        let lines = [
            "partner add id=wash name=WASH category=cluster levels=operational",
            "partner add id=edu name=Education category=cluster levels=operational",
            #"contact add partner=wash name="Amina Yusuf" email=amina@example.org"#,
            "contact add partner=edu name=Karim email=karim@example.org",
            "feedback partner=wash topic=process text=late",
            "feedback partner=edu topic=process text=early",
            "member add user=bashir role=partner partner=wash",
            "member add user=omar role=reviewer",
        ]
        for line in lines {
            let command = try ResolvedCommand.resolve(ParsedLine.parse(line))
            for event in try Decider.decide(command, by: "lena", given: model, today: today).events {
                sequence += 1
                _ = model.apply(RecordedEvent(sequence: sequence, timestamp: Timestamp(secondsSinceEpoch: 0), actor: "lena", event: event))
            }
        }
        return model
    }

    func complete(_ line: String, as actor: String) throws -> [String] {
        let word = line.hasSuffix(" ") ? "" : String(line.split(separator: " ").last ?? "")
        return Completer(model: try Self.model(), actor: actor, today: Self.today).candidates(line: line, word: word)
    }

    @Test func aPartnerMemberIsOfferedNoMemberNameAfterMemberRemove() throws {
        #expect(try complete("member remove user=", as: "bashir").isEmpty)
        #expect(Set(try complete("member remove user=", as: "lena")) == ["user=bashir", "user=lena", "user=omar"])
    }

    @Test func aPartnerMemberIsOfferedOnlyTheVerbsItMayRun() throws {
        let firsts = try complete("", as: "bashir")
        #expect(firsts.contains("feedback"))
        #expect(firsts.contains("used"))
        #expect(firsts.contains("plan"))
        #expect(!firsts.contains("member"))
        #expect(try complete("partner ", as: "bashir") == ["list", "show"])
        #expect(try complete("member remove ", as: "bashir").isEmpty)
        #expect(!firsts.contains("contact"))
        #expect(firsts.contains("retract"), "a partner member retracts the events it recorded itself")
        #expect(try complete("contact left partner=wash name=", as: "bashir").isEmpty)
        #expect(try complete("", as: "lena").contains("contact"))
    }

    @Test func aPartnerMemberCompletesOnlyItsOwnFeedbackAndPartner() throws {
        #expect(try complete("feedback address id=", as: "bashir").isEmpty)
        #expect(try complete("feedback partner=", as: "bashir") == ["partner=wash"])
        #expect(try complete("feedback list partner=", as: "bashir") == ["partner=wash", "partner=edu"])
        #expect(try complete("feedback address id=", as: "lena") == ["id=f1", "id=f2"])
    }

    @Test func contactsAreOfferedToCoordinatorsOnly() throws {
        #expect(try complete("contact left partner=wash name=", as: "lena") == [#"name="Amina Yusuf""#])
        let reader = Completer(model: try Self.model(), actor: "bashir", today: Self.today)
        #expect(reader.options(for: .required("name", .contact, "")).isEmpty)
    }
}
