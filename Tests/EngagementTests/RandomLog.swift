import EventLog
@testable import Engagement

/// SplitMix64: a small seeded generator, so a failing property names its seed.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Random but valid logs: commands of every verb, drawn at random and kept when accepted,
/// over several days, with retractions among them.
enum RandomLog {
    /// `retractions: false` draws no retraction: a log whose every event counts.
    static func make(events count: Int, seed: UInt64, retractions: Bool = true) -> World {
        var rng = SeededGenerator(seed: seed)
        var w = World()
        let partners = ["wash", "edu", "health", "unicef", "ocha", "drc", "gov"]
        let datasets = ["wash.water", "wash.latrines", "edu.schools", "cp.uasc", "health.clinics", "shelter.damage"]
        func pick<T>(_ items: [T]) -> T { items[Int.random(in: 0..<items.count, using: &rng)] }
        func some(_ items: [String]) -> String {
            let n = Int.random(in: 1...min(3, items.count), using: &rng)
            return Array(items.shuffled(using: &rng).prefix(n)).joined(separator: ",")
        }
        func day() -> String { Day(w.now).adding(days: Int.random(in: -20...40, using: &rng)).description }
        var attempts = 0
        while w.events.count < count, attempts < count * 50 {
            attempts += 1
            if Int.random(in: 0..<10, using: &rng) == 0 {
                w.now = Timestamp(secondsSinceEpoch: w.now.secondsSinceEpoch + Int64.random(in: 3_600...200_000, using: &rng))
            }
            let round = max(1, w.model.rounds.count)
            let line: String = switch Int.random(in: 0..<41, using: &rng) {
            case 0: "partner add id=\(pick(partners)) name=\"Partner \(Int.random(in: 1...9, using: &rng))\" category=\(pick(PartnerCategory.names)) levels=\(some(UseLevel.names))"
            case 1: "partner update id=\(pick(partners)) name=\"Renamed \(Int.random(in: 1...9, using: &rng))\""
            case 2: "contact add partner=\(pick(partners)) name=\"Person \(Int.random(in: 1...5, using: &rng))\" skills=\(some(Skill.names))"
            case 3: "contact \(Int.random(in: 0..<4, using: &rng) == 0 ? "forget" : "left") partner=\(pick(partners)) name=\"Person \(Int.random(in: 1...5, using: &rng))\""
            case 4: "approach plan partner=\(pick(partners)) how=bilateral by=\(day())"
            case 5, 6: "meeting date=\(day()) kind=\(pick(MeetingKind.names)) partners=\(some(partners)) outcomes=\(some(Outcome.names))"
            case 7: "action add id=act\(Int.random(in: 1...30, using: &rng)) owner=dtm text=\"follow up\" due=\(day())"
            case 8: "action done id=act\(Int.random(in: 1...30, using: &rng))"
            case 9: "needs request partner=\(pick(partners)) by=\(day())"
            case 10: "needs submit partner=\(pick(partners)) text=needs frequency=monthly purpose=response"
            case 11: "milestone set id=m\(Int.random(in: 1...5, using: &rng)) title=step date=\(day())"
            case 12: "milestone move id=m\(Int.random(in: 1...5, using: &rng)) date=\(day()) reason=late"
            case 13: "notify milestone=m\(Int.random(in: 1...5, using: &rng)) partners=\(some(partners))"
            case 14: "decision text=\"agreed\" partners=\(some(partners)) about=schedule"
            case 15: "disagreement raise id=d\(Int.random(in: 1...5, using: &rng)) text=x partners=\(some(partners))"
            case 16: "disagreement resolve id=d\(Int.random(in: 1...5, using: &rng)) text=settled"
            case 17: "dataset propose id=\(pick(datasets)) sector=wash question=q purpose=p requested-by=\(some(partners)) owner=\(pick(AnalysisOwner.names)) dissemination=\(pick(Dissemination.names)) criteria=\(some(Criterion.names)) options=open mockup=m frequency=\(pick(CollectionFrequency.names)) disaggregation=\(pick(["none", "sex", "sex,age"])) languages=\(pick(["en", "en,ur", "fr"])) analysis=descriptive"
            case 18: "dataset agree id=\(pick(datasets)) force=yes reason=r"
            case 19: Bool.random(using: &rng) ? "dataset keep id=\(pick(datasets)) reason=trend" : "dataset drop id=\(pick(datasets)) reason=unused"
            case 20: w.model.openRound == nil ? "round start n=\(w.model.rounds.count + 1) date=\(Day(w.now))" : "round close n=\(round) date=\(Day(w.now))"
            case 21, 22: "used dataset=\(pick(datasets)) partner=\(pick(partners)) round=\(round) for=planning"
            case 23: "analysed dataset=\(pick(datasets)) by=dtm round=\(round)"
            case 24: "mou sign partner=\(pick(partners)) scope=data sectors=\(pick(["all", "wash", "protection,wash"])) date=\(day())"
            case 25: "mou end partner=\(pick(partners)) date=\(Day(w.now))"
            case 26: "share dataset=\(pick(datasets)) partner=\(pick(partners))"
            case 27: "feedback partner=\(pick(partners)) topic=\(pick(FeedbackTopic.names)) text=\"more\" rating=\(Int.random(in: 1...5, using: &rng)) source=\(pick(FeedbackSource.names))"
            case 28: "feedback address id=f\(Int.random(in: 1...10, using: &rng)) response=done text=ok"
            case 29: "milestone done id=m\(Int.random(in: 1...5, using: &rng))"
            case 30: "dataset revise id=\(pick(datasets)) owner=\(pick(AnalysisOwner.names)) criteria=\(some(Criterion.names)) frequency=\(pick(CollectionFrequency.names))"
                + (Bool.random(using: &rng) ? " mockup=m\(Int.random(in: 1...3, using: &rng))" : "")
            case 39: "mockup verify dataset=\(pick(datasets)) partner=\(pick(partners)) skills=\(some(VerifyingSkill.names))"
            case 31:
                // Other members come and go; the log's founder stays its coordinator.
                switch pick(Role.allCases) {
                case .partner: "member add user=u\(Int.random(in: 1...4, using: &rng)) role=partner partner=\(pick(partners))"
                case let role: "member add user=u\(Int.random(in: 1...4, using: &rng)) role=\(role.rawValue)"
                }
            case 32: "member remove user=u\(Int.random(in: 1...4, using: &rng))"
            case 33: "urgent setup date=\(day()) mode=\(pick(UrgentMode.names)) pathways=\(pick(YesNo.names))"
            case 34: "training date=\(day()) topic=\(pick(TrainingTopic.names)) partners=\(some(partners)) places=north,south"
            case 35: "urgent report date=\(Day(w.now)) kind=life-saving dataset=\(pick(datasets)) to=\(pick(partners)) service=\(pick(ReferralService.names)) consent=\(pick(Consent.names))"
            case 36: "response set name=\"Response \(Int.random(in: 1...3, using: &rng))\" country=Chad body=\(pick(ResponseBody.names))"
            case 37: "report publish id=r\(Int.random(in: 1...9, using: &rng)) title=\"Round report\" date=\(day()) datasets=\(some(datasets)) channel=\(pick(ReportChannel.names)) partners=\(some(partners)) checklist=\(some(ReportCheck.names))"
            case 38: "interpretation date=\(day()) round=\(round) datasets=\(some(datasets)) partners=\(some(partners)) skills=\(some(Skill.names))"
            default: w.events.isEmpty || !retractions ? "plan" : "retract seq=\(Int.random(in: 1...w.events.count, using: &rng)) reason=mistake"
            }
            _ = try? w.run(line)
        }
        return w
    }
}
