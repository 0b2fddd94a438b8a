/// The fixed identifiers of the Process for Urgent Action, training and the response's
/// frame (docs/process.md, urgent action).

/// What enumerators may do when they meet someone in need of life-saving help, as the
/// coordinator decided: only inform the person of the services available (no consent
/// needed), or also refer the case to a service (informed consent required).
package enum UrgentMode: String, FixedIdentifier {
    case inform, refer
    package static let noun = "urgent-action mode"
}

/// What a training covered (docs/process.md, step 10 and urgent action).
package enum TrainingTopic: String, FixedIdentifier {
    case urgentAction = "urgent-action"
    case questionnaire, method, analysis
    package static let noun = "training topic"
}

/// Organisational urgent action (safety risks to staff, rising protection risks, abuses
/// affecting groups) as against a life-saving referral of one person.
package enum UrgentKind: String, FixedIdentifier {
    case organisational
    case lifeSaving = "life-saving"
    package static let noun = "kind of urgent report"
}

/// The service a life-saving case was referred to.
package enum ReferralService: String, FixedIdentifier {
    case medical, legal, police, psychosocial, shelter, other
    package static let noun = "service"
}

/// Whether the person gave informed consent to a referral.
package enum Consent: String, FixedIdentifier {
    case yes, no
    case notAsked = "not-asked"
    package static let noun = "consent"
}

/// Who leads the response DTM supports: a cluster system, the Humanitarian Country Team,
/// the government, an inter-cluster forum, or another arrangement.
package enum ResponseBody: String, FixedIdentifier {
    case cluster, hct, government
    case interCluster = "inter-cluster"
    case other
    package static let noun = "coordination body"
}
