/// The fixed identifiers of DESIGN.md, lower-case as they appear in commands and JSON.
package protocol FixedIdentifier: RawRepresentable, CaseIterable, Hashable, Sendable where RawValue == String {
    /// What a value of this kind is called in messages ("category", "level of use").
    static var noun: String { get }
}

extension FixedIdentifier {
    package static var allowedValues: String { allCases.map(\.rawValue).joined(separator: ", ") }
}

/// The six kinds of potential data users in `seeds/002_*`.
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

/// The four complementary skillsets of evidence-based decisions (`seeds/000_*`).
package enum Skill: String, FixedIdentifier {
    case decisionMaker = "decision-maker"
    case subjectMatter = "subject-matter"
    case context, im
    package static let noun = "skill"
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
