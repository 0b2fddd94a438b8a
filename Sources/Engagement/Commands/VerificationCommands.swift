/// Verified questions (docs/process.md, steps 20–22): the mock-up's check by partners'
/// experts, and the DAP's remaining columns that `dataset propose` and `dataset revise` take.

/// `mockup verify`: Record that a partner's experts checked a question's mock-up.
package struct VerifyMockup: RecordingCommand {
    package static let spec = VerbSpec(
        name: "mockup verify",
        summary: "Record that a partner's subject-matter or context experts checked a question's mock-up: that its wording gives the information needed.",
        fields: [
            .required("dataset", .dataset, "the dataset whose mock-up was checked"),
            .required("partner", .partner, "the partner whose experts checked it"),
            .required("skills", .choices(VerifyingSkill.names), "the experts who checked it"),
            .optional("date", .day, "when it was checked (default today)"),
        ],
        examples: ["mockup verify dataset=wash.water partner=wash skills=subject-matter,context",
                   "mockup verify dataset=cp.uasc partner=cp skills=context date=2026-10-12"])
    package static let recordedBy: Recorders = .coordinators

    package let context: DecisionContext
    package init(context: DecisionContext) { self.context = context }

    package func decide() throws(CommandError) -> Decision {
        let dataset = try dataset("dataset")
        let partner = try partner("partner")
        let skills: [VerifyingSkill] = try command.identifiers("skills")
        let date = command.has("date") ? try command.pastDay("date", today: today, what: "a verification") : today
        guard dataset.mockup != nil else {
            throw .refused("dataset '\(dataset.id)' has no mock-up to verify; add one first (dataset revise id=\(dataset.id) mockup=\"…\")")
        }
        let already = dataset.verifications.filter { $0.partner == partner.id }
        if skills.allSatisfy({ skill in already.contains { $0.skills.contains(skill) } }) {
            throw .nothingToChange("\(partner.id) already verified the current mock-up of \(dataset.id) for \(EventText.ids(skills)) (#\(already.last!.sequence))")
        }
        var decision = Decision(events: [.mockupVerified(MockupVerified(dataset: dataset.id, partner: partner.id, skills: skills, date: date))])
        let still = dataset.unverifiedSkills.filter { !skills.contains($0) }
        decision.notes.append(still.isEmpty
            ? "the mock-up of \(dataset.id) is verified for subject-matter and context"
            : "the mock-up of \(dataset.id) still needs a check by \(EventText.ids(still)) experts")
        return decision
    }
}

extension RecordingCommand {
    /// The DAP columns given on the line (`frequency=`, `disaggregation=`, `languages=`,
    /// `analysis=`); those absent are `nil`.
    func planColumns() throws(CommandError) -> PlanColumns {
        var columns = PlanColumns()
        columns.frequency = try command.optionalIdentifier("frequency")
        if let raw = command.values["disaggregation"] {
            if raw.trimmingWhitespace() == "none" {
                columns.disaggregation = []
            } else {
                if command.list("disaggregation").contains("none") {
                    throw .invalidValue(key: "disaggregation", value: raw, reason: "none stands alone: give sex, age or sex,age, or none")
                }
                columns.disaggregation = try command.identifiers("disaggregation")
            }
        }
        if command.has("languages") {
            let codes = command.list("languages").map { $0.lowercased() }
            if codes.isEmpty {
                throw .invalidValue(key: "languages", value: command.values["languages"] ?? "", reason: "give at least one language code, e.g. en,ur")
            }
            for code in codes where !LanguageCode.isValid(code) {
                let hint = LanguageCode.byName[code].map { " Did you mean '\($0)'?" } ?? ""
                throw .invalidValue(key: "languages", value: code,
                                    reason: "not a short language code; use two or three letters (ISO 639), e.g. en, fr, ar, ur.\(hint)")
            }
            var unique: [String] = []
            for code in codes where !unique.contains(code) { unique.append(code) }
            columns.languages = unique
        }
        columns.analysis = try command.optionalText("analysis")
        return columns
    }
}

extension RecordingCommand {
    /// What a proposed question still lacks before `dataset agree` (besides its criteria,
    /// which `datasetNudges` names): reply options, a mock-up, and its verification.
    func agreementNudge(id: String, options: String?, mockup: String?, unverified: [VerifyingSkill]) -> [String] {
        var missing: [String] = []
        if (options ?? "").isEmpty { missing.append("reply options (options=… or options=open)") }
        if (mockup ?? "").isEmpty { missing.append("a mock-up (mockup=\"…\")") }
        if !unverified.isEmpty {
            let skills = unverified.map(\.rawValue).joined(separator: ",")
            missing.append("its check by \(EventText.ids(unverified)) experts (mockup verify dataset=\(id) partner=… skills=\(skills))")
        }
        return missing.isEmpty ? [] : ["to agree it, still needed: " + missing.joined(separator: "; ")]
    }
}

/// The DAP field kinds and help shared by `dataset propose` and `dataset revise`.
extension FieldSpec {
    static let planColumns: [FieldSpec] = [
        .optional("frequency", .choice(CollectionFrequency.names), "how often it is collected"),
        .optional("disaggregation", .choices(Disaggregation.names + ["none"]), "how results are broken down: sex, age, sex,age, or none"),
        .optional("languages", .slug, "languages of the outputs, as short codes (e.g. en,ur)"),
        .optional("analysis", .text, "the type of analysis agreed (e.g. \"% of sites by main source, by district\")"),
    ]
}

extension LanguageCode {
    /// A few languages' names in English, to suggest their code when a name is typed.
    static let byName: [String: String] = [
        "english": "en", "french": "fr", "arabic": "ar", "spanish": "es", "portuguese": "pt", "urdu": "ur", "pashto": "ps",
        "dari": "prs", "hausa": "ha", "somali": "so", "swahili": "sw", "amharic": "am", "kanuri": "kr", "bengali": "bn",
        "burmese": "my", "ukrainian": "uk", "russian": "ru", "turkish": "tr", "kurdish": "ku", "tigrinya": "ti",
    ]
}
