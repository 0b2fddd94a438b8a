import EventLog
@testable import Engagement

/// A log in memory, grown by commands of the language as a person would type them:
/// each line is resolved, decided on the current model and folded in.
struct World {
    static let start = Timestamp(year: 2026, month: 11, day: 20, hour: 9)!

    var events: [RecordedEvent] = []
    var model = Model()
    /// The clock: each event is recorded a minute after the previous one.
    var now = World.start
    var actor = "amina"
    /// The verbs of the lines that recorded something.
    var verbsRecorded: Set<String> = []

    var today: Day { Day(now) }

    /// Decides `line` and records its events; returns the decision.
    @discardableResult
    mutating func run(_ line: String) throws(CommandError) -> Decision {
        let decision = try decide(line)
        for event in decision.events { append(event) }
        if !decision.events.isEmpty, let command = try? ResolvedCommand.resolve(ParsedLine.parse(line)) {
            verbsRecorded.insert(command.verb)
        }
        return decision
    }

    /// Runs every line, failing on the first refusal.
    mutating func run(_ lines: [String]) throws(CommandError) {
        for line in lines { try run(line) }
    }

    func decide(_ line: String) throws(CommandError) -> Decision {
        try Decider.decide(ResolvedCommand.resolve(ParsedLine.parse(line), defaults: Access.defaults(for: actor, in: model)), by: actor, given: model, today: today)
    }

    /// The events `line` would record, without recording them.
    func events(for line: String) throws(CommandError) -> [DomainEvent] {
        try decide(line).events
    }

    mutating func append(_ event: DomainEvent) {
        now = Timestamp(secondsSinceEpoch: now.secondsSinceEpoch + 60)
        let recorded = RecordedEvent(sequence: events.count + 1, timestamp: now, actor: actor, event: event)
        events.append(recorded)
        if !model.apply(recorded) {
            var rebuilt = Model(excluding: Set(model.retracted.keys))
            for e in events { rebuilt.apply(e) }
            model = rebuilt
        }
    }

    /// Moves the clock to the start of `day` (YYYY-MM-DD).
    mutating func advance(to day: String) {
        let target = Day(day)!.daysSinceEpoch * 86_400 + 9 * 3600
        precondition(target >= now.secondsSinceEpoch, "the clock only moves forward")
        now = Timestamp(secondsSinceEpoch: target)
    }

    /// Partners and a meeting, the usual start of a scenario.
    static let mapped = [
        #"partner add id=wash name="WASH Cluster" category=cluster levels=strategic,operational"#,
        #"partner add id=edu name="Education Cluster" category=cluster levels=operational"#,
        #"partner add id=unicef name=UNICEF category=un-agency levels=programmatic"#,
    ]

    static let allCriteria = "criteria=no-other-source,purpose-documented,analysis-capacity,analysis-tools,method-adequate"

    /// What a question needs besides its criteria to be agreed: reply options and a mock-up.
    static let readyQuestion = #"options=open mockup="Bar chart: % of sites""#

    /// The check of `dataset`'s mock-up by wash's subject-matter and context experts.
    static func verify(_ dataset: String) -> String {
        "mockup verify dataset=\(dataset) partner=wash skills=subject-matter,context"
    }
}

/// Why `line` would be refused in `world`, or `nil` if it would record: the suites that
/// test refusals share it.
func refusal(_ line: String, in world: World) -> CommandError? {
    do {
        _ = try world.decide(line)
        return nil
    } catch {
        return error
    }
}
