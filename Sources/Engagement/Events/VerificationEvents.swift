/// The DAP's remaining columns on a question (docs/process.md, step 22: the agreed types
/// of analysis), and the verification of its mock-up (step 21).

/// How often a question's data is collected, how its results are broken down, the
/// languages its outputs are given in, and the type of analysis agreed. Each is `nil`
/// when not stated; `disaggregation` is an empty list when stated as `none`.
package struct PlanColumns: Equatable, Sendable, Codable {
    package var frequency: CollectionFrequency?
    package var disaggregation: [Disaggregation]?
    package var languages: [String]?
    package var analysis: String?

    package init(frequency: CollectionFrequency? = nil, disaggregation: [Disaggregation]? = nil, languages: [String]? = nil,
                 analysis: String? = nil) {
        self.frequency = frequency
        self.disaggregation = disaggregation
        self.languages = languages
        self.analysis = analysis
    }

    /// Read after the members every version wrote, in the order `encode` writes them.
    init(from p: inout PayloadReader) throws(PayloadError) {
        self.init(frequency: try p.optionalIdentifier("frequency"), disaggregation: try p.optionalIdentifiers("disaggregation"),
                  languages: try p.optionalStrings("languages"), analysis: try p.optionalString("analysis"))
    }

    func encode(into b: inout PayloadBuilder) {
        b.set("frequency", frequency)
        b.set("disaggregation", disaggregation)
        b.set("languages", languages)
        b.set("analysis", analysis)
    }

    var isEmpty: Bool { self == PlanColumns() }

    /// "frequency → monthly", … for a revision's summary.
    var changes: [String] {
        var out: [String] = []
        if let v = frequency { out.append("frequency → \(v.rawValue)") }
        if let v = disaggregation { out.append("disaggregation → \(PlanColumns.describe(v))") }
        if let v = languages { out.append("languages → \(EventText.list(v))") }
        if let v = analysis { out.append("analysis → \(v)") }
        return out
    }

    /// "sex, age", or "none".
    package static func describe(_ disaggregation: [Disaggregation]) -> String {
        disaggregation.isEmpty ? "none" : EventText.ids(disaggregation)
    }

    /// These columns over `old`: what is given replaces what was.
    package func over(_ old: PlanColumns) -> PlanColumns {
        PlanColumns(frequency: frequency ?? old.frequency, disaggregation: disaggregation ?? old.disaggregation,
                    languages: languages ?? old.languages, analysis: analysis ?? old.analysis)
    }
}

/// A partner's experts checked a question's mock-up: that the wording can give the
/// information needed (step 21). Subject-matter and context together make a question
/// ready to agree; a later change of its mock-up or wording asks for a new check.
package struct MockupVerified: EventPayload {
    package static let type = "mockup.verified"
    package static let version = 1

    package var dataset: String
    package var partner: String
    package var skills: [VerifyingSkill]
    package var date: Day

    package init(from p: inout PayloadReader) throws(PayloadError) {
        self.init(dataset: try p.string("dataset"), partner: try p.string("partner"), skills: try p.identifiers("skills"),
                  date: try p.day("date"))
    }

    package init(dataset: String, partner: String, skills: [VerifyingSkill], date: Day) {
        self.dataset = dataset
        self.partner = partner
        self.skills = skills
        self.date = date
    }

    package func encode(into b: inout PayloadBuilder) {
        b.set("dataset", dataset)
        b.set("partner", partner)
        b.set("skills", skills)
        b.set("date", date)
    }
}

extension MockupVerified {
    package static let upcasts: [Int: Upcast] = [:]

    package var event: DomainEvent { .mockupVerified(self) }

    package func summary(personal: Bool) -> String {
        "\(partner) verified the mock-up of \(dataset) (\(EventText.ids(skills))) on \(date)"
    }

    package var partnersConcerned: [String] { [partner] }

    package var visibility: Visibility { .dataset(dataset) }
}

extension Model {
    /// Its step in the fold (`Model.apply`, for an event that is not retracted).
    mutating func fold(_ e: MockupVerified, sequence seq: Int, day: Day) {
        datasets.update(e.dataset) { d in
            d.verifications.append(Verification(partner: e.partner, skills: e.skills, day: e.date, sequence: seq))
        }
    }
}

extension AgreementRequirement {
    /// What is missing, as a forced agreement's summary says it.
    package var missingPhrase: String {
        switch self {
        case .criteria: "unmet criteria"
        case .mockup: "no mock-up"
        case .options: "no reply options"
        case .verification: "an unverified mock-up"
        case .purpose: "no documented purpose"
        case .owner: "no analysis owner"
        }
    }
}

extension Model.Dataset {
    /// What keeps the question out of the questionnaire (docs/process.md, steps 20–22 and
    /// Annex 1), in the order of `AgreementRequirement`. A decision rule: a dataset agreed
    /// before these checks existed stays agreed.
    package var agreementGaps: [AgreementRequirement] {
        var gaps: [AgreementRequirement] = []
        if !unmetCriteria.isEmpty { gaps.append(.criteria) }
        if (mockup ?? "").isEmpty { gaps.append(.mockup) }
        if (options ?? "").isEmpty { gaps.append(.options) }
        if !unverifiedSkills.isEmpty { gaps.append(.verification) }
        if criteria.contains(.purposeDocumented), (purpose ?? "").isEmpty { gaps.append(.purpose) }
        if criteria.contains(.analysisCapacity), owner == nil || owner == AnalysisOwner.none { gaps.append(.owner) }
        return gaps
    }
}
