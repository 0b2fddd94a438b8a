/// The fixed identifiers (docs/events.md lists them), lower-case as they appear in commands and JSON.
///
/// `Codable` by the name (the raw value), never the position among the cases: a checkpoint
/// keeps its meaning when cases are added or reordered.
package protocol FixedIdentifier: RawRepresentable, CaseIterable, Hashable, Sendable, Codable where RawValue == String {
    /// What a value of this kind is called in messages ("category", "level of use").
    static var noun: String { get }
}

extension FixedIdentifier {
    static var allowedValues: String { allCases.map(\.rawValue).joined(separator: ", ") }
    package static var names: [String] { allCases.map(\.rawValue) }
}

/// The six kinds of potential data users (docs/process.md, who takes part).
package enum PartnerCategory: String, FixedIdentifier {
    case coordination, cluster
    case unAgency = "un-agency"
    case ngo, iom, government
    package static let noun = "category"
}

/// How a data user uses DTM data: to set strategy, to design programmes, or to act in
/// specific locations.
package enum UseLevel: String, FixedIdentifier {
    case strategic, programmatic, operational
    package static let noun = "level of use"
}

/// The four complementary skillsets of evidence-based decisions (docs/process.md, who takes part).
package enum Skill: String, FixedIdentifier {
    case decisionMaker = "decision-maker"
    case subjectMatter = "subject-matter"
    case context, im
    package static let noun = "skill"
}

/// The kinds of engagement meeting (docs/process.md: bilateral follow-up, joint meeting,
/// the IMWG, the inter-sectoral WG, the joint workshop).
package enum MeetingKind: String, FixedIdentifier {
    case bilateral, joint, imwg
    case interSectoral = "inter-sectoral"
    case workshop
    package static let noun = "meeting kind"
}

/// The outcomes (a)–(e) of an engagement meeting (docs/process.md, preparing the engagement).
package enum Outcome: String, FixedIdentifier, Comparable {
    case a, b, c, d, e
    package static let noun = "outcome"
    package static func < (l: Outcome, r: Outcome) -> Bool { l.rawValue < r.rawValue }

    /// What the outcome means, in the seed's words, shortened.
    package var meaning: String {
        switch self {
        case .a: "partners understand what DTM is and how it is run in the country"
        case .b: "partners know they are engaged through a clear, structured process"
        case .c: "partners understand the main steps and roles"
        case .d: "partners understand what DTM provides and needs from them"
        case .e: "main timeline and practicalities agreed"
        }
    }
}

/// Who commits to analyse a dataset (docs/process.md, step 16); `none` makes it a drop candidate.
package enum AnalysisOwner: String, FixedIdentifier {
    case dtm, partner, joint, none
    package static let noun = "analysis owner"
}

/// How a dataset is shared (docs/process.md, step 14): publicly, confidentially under an MoU, or
/// through the urgent-action protocol (also under an MoU).
package enum Dissemination: String, FixedIdentifier {
    case `public`, confidential
    case urgentAction = "urgent-action"
    package static let noun = "dissemination category"
    /// Whether sharing needs an MoU in force with the receiving partner.
    var needsMoU: Bool { self != .public }
}

/// What a partner's feedback is about (docs/process.md, step 19 and partner feedback).
package enum FeedbackTopic: String, FixedIdentifier {
    case dataset, methodology, resources, report, process
    package static let noun = "feedback topic"
}

/// How DTM answered a piece of feedback.
package enum FeedbackResponse: String, FixedIdentifier {
    case done, declined, planned
    package static let noun = "response"
}

/// The five minimum criteria for including a question (docs/process.md, Annex 1).
package enum Criterion: String, FixedIdentifier {
    /// The information cannot be obtained through other existing means.
    case noOtherSource = "no-other-source"
    /// The purpose is explained by partners and documented in the analysis plan.
    case purposeDocumented = "purpose-documented"
    /// Capacity to analyse all the data is confirmed.
    case analysisCapacity = "analysis-capacity"
    /// Tools for complex analysis exist (met by datasets that need none).
    case analysisTools = "analysis-tools"
    /// The DTM methodology captures the information accurately.
    case methodAdequate = "method-adequate"
    package static let noun = "inclusion criterion"
}

/// A yes/no field (`force=yes`).
package enum YesNo: String, FixedIdentifier {
    case yes, no
    package static let noun = "yes or no"
}

/// Identifiers chosen by users (partner ids, dataset ids): lower-case, and safe to type
/// at a prompt and to use in a file name or a CSV cell.
package enum Slug {
    package static func isValid(_ text: String) -> Bool {
        guard let first = text.utf8.first, text.utf8.count <= 64 else { return false }
        guard (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(first) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(first) else { return false }
        return text.utf8.allSatisfy { c in
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(c) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(c)
                || c == UInt8(ascii: "-") || c == UInt8(ascii: "_") || c == UInt8(ascii: ".")
        }
    }
}
