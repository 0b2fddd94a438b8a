/// One-line descriptions of events, for receipts and the `log` view.
extension DomainEvent {
    /// A sentence fragment saying what happened. With `personal: false` it leaves out
    /// contacts' names and e-mail addresses, which are personal data and stay out of exports.
    package func summary(personal: Bool = true) -> String {
        switch self {
        case .partnerMapped(let e):
            return "mapped partner \(e.id) — \(e.name) (\(e.category.rawValue); \(e.levels.map(\.rawValue).joined(separator: ", ")))"
        case .partnerUpdated(let e):
            var changes: [String] = []
            if let name = e.name { changes.append("name → \(name)") }
            if let category = e.category { changes.append("category → \(category.rawValue)") }
            if let levels = e.levels { changes.append("levels → \(levels.map(\.rawValue).joined(separator: ", "))") }
            return "updated partner \(e.id): \(changes.joined(separator: "; "))"
        case .contactAdded(let e):
            let skills = e.skills.isEmpty ? "" : " (\(e.skills.map(\.rawValue).joined(separator: ", ")))"
            guard personal else { return "added a contact to \(e.partner)\(skills)" }
            let email = e.email.map { " <\($0)>" } ?? ""
            return "added contact \(e.name)\(email) to \(e.partner)\(skills)"
        case .contactLeft(let e):
            return personal ? "contact \(e.name) left \(e.partner)" : "a contact left \(e.partner)"
        case .unrecognised(let type, let version):
            return "\(type) v\(version) (written by a newer engage; not understood here)"
        }
    }
}
