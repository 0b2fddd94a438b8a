/// Turns a command into the events to record, given the state it was decided on.
///
/// Pure: the same command on the same state and day always yields the same events or the
/// same refusal, which is what lets a writer retry after another process appended.
package enum Decider {
    package static func decide(_ command: ResolvedCommand, by actor: String, given model: Model, today: Day) throws(CommandError) -> Decision {
        try Access.checkRecording(command, by: actor, in: model)
        if command.values["checked"] != "yes" {
            for key in command.spec.freeTextKeys {
                if let text = command.values[key], let why = CaseDetails.reason(in: text) {
                    throw .possibleCaseDetails(key: key, why: why)
                }
            }
        }
        guard let type = command.type as? any RecordingCommand.Type else {
            throw .notForRecording("'\(command.verb)' is a view; it records nothing")
        }
        return try type.init(context: DecisionContext(command: command, model: model, today: today)).decide()
    }
}

