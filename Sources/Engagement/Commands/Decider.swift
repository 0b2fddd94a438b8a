/// Turns a command into the events to record, given the state it was decided on.
///
/// Pure: the same command on the same state and day always yields the same events or the
/// same refusal, which is what lets a writer retry after another process appended.
package enum Decider {
    package static func decide(_ command: ResolvedCommand, by actor: String, given model: Model, today: Day) throws(CommandError) -> Decision {
        try Access.checkRecording(command, by: actor, in: model)
        let checked = command.values["checked"] == "yes"
        if !checked {
            for key in command.spec.caseDetailKeys {
                if let text = command.values[key], let why = CaseDetails.reason(in: text) {
                    throw .possibleCaseDetails(key: key, why: why)
                }
            }
        }
        guard let type = command.type as? any RecordingCommand.Type else {
            throw .notForRecording("'\(command.verb)' is a view; it records nothing")
        }
        var decision = try type.init(context: DecisionContext(command: command, model: model, today: today)).decide()
        decision.checked = checked
        return decision
    }
}

