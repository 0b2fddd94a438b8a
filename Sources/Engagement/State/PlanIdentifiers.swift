/// The fixed identifiers of a question's DAP row beyond its dissemination and owner
/// (docs/process.md, steps 13 and 20–22), and of verified questions.

/// How often a dataset is collected and reported.
package enum CollectionFrequency: String, FixedIdentifier {
    case perRound = "per-round"
    case monthly, quarterly, once
    package static let noun = "frequency"
}

/// A breakdown the results are given by (the toolkit's sex and age disaggregation).
package enum Disaggregation: String, FixedIdentifier {
    case sex, age
    package static let noun = "disaggregation"
}

/// The skills that verify a question's mock-up (step 21): the partners' subject-matter and
/// context experts. Both must have checked it before the question is agreed.
package enum VerifyingSkill: String, FixedIdentifier {
    case subjectMatter = "subject-matter"
    case context
    package static let noun = "verifying skill"
}

/// Who raised a piece of feedback: the partner itself, or the affected population, whose
/// issues the partner relays.
package enum FeedbackSource: String, FixedIdentifier {
    case partner, community
    package static let noun = "feedback source"
}

/// What `dataset agree` checks before a question goes into the questionnaire; a forced
/// agreement records the ones it waived.
package enum AgreementRequirement: String, FixedIdentifier {
    /// Every minimum inclusion criterion met.
    case criteria
    /// A mock-up descriptive analysis (step 21).
    case mockup
    /// A set of reply options, or `open` for a free answer (step 20).
    case options
    /// The mock-up verified by subject-matter and context experts (step 21).
    case verification
    /// A purpose written down, when `purpose-documented` is claimed.
    case purpose
    /// An analysis owner other than `none`, when `analysis-capacity` is claimed.
    case owner
    package static let noun = "agreement requirement"
}

/// Output languages as short codes (ISO 639: `en`, `fr`, `ar`, `ur`, `hau`).
package enum LanguageCode {
    package static func isValid(_ code: String) -> Bool {
        (2...3).contains(code.utf8.count) && code.utf8.allSatisfy { (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0) }
    }
}
