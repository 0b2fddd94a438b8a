import Engagement
import EventLog

/// Runs commands of the language against a session and renders their answers.
///
/// The same runner serves `-c`, command words, piped scripts and the interactive prompt,
/// so a command that works in one works the same in the others.
package struct Runner {
    package let session: Session
    package let format: OutputFormat
    /// Views replay only events recorded before this instant.
    package let asOf: Timestamp?
    /// The terminal's width for text tables, `nil` when not writing to a terminal.
    package let width: Int?

    package init(session: Session, format: OutputFormat, asOf: Timestamp?, width: Int?) {
        self.session = session
        self.format = format
        self.asOf = asOf
        self.width = width
    }

    /// What a command printed, and the exit status it asks for.
    package struct Answer: Equatable {
        package var text: String
        package var exitCode: Int32 = 0
    }

    package func run(_ line: ParsedLine) throws(ConsoleError) -> Answer {
        let command: ResolvedCommand
        do {
            command = try ResolvedCommand.resolve(line)
        } catch {
            throw .command(error)
        }
        switch command.spec.role {
        case .records:
            if asOf != nil {
                throw .command(.notForRecording("--as-of replays the past for views; it cannot be used to record '\(command.verb)'"))
            }
            let recorded = try session.record(command)
            return Answer(text: recorded.map(receipt).joined())
        case .shows:
            return try show(command)
        }
    }

    /// "Recorded #12: mapped partner wash — … [hash 3fa1c29b04e2]"
    private func receipt(_ event: RecordedEvent) -> String {
        let hash = session.records.last { $0.sequence == event.sequence }?.hash.shortDescription ?? ""
        return "Recorded #\(event.sequence): \(event.event.summary()). [hash \(hash)]\n"
    }

    private func show(_ command: ResolvedCommand) throws(ConsoleError) -> Answer {
        switch command.verb {
        case "help":
            return Answer(text: try Help.text(topic: command.values["topic"]))
        case "verify":
            return try verify()
        case "log":
            do {
                try session.catchUp()
            } catch {
                throw .store(error)
            }
            return Answer(text: LogView(type: command.values["type"], partner: command.values["partner"])
                .render(session.events(before: asOf), records: session.records, format: format, width: width))
        default:
            preconditionFailure("no view for '\(command.verb)'")
        }
    }

    private func verify() throws(ConsoleError) -> Answer {
        let report: VerifyReport
        do {
            report = try session.store.verify()
        } catch {
            throw .store(error)
        }
        let location = session.store.location
        switch format {
        case .json:
            var members = [JSONMember("ok", .bool(report.damage == nil)), JSONMember("records", .int(report.count)),
                           JSONMember("last_hash", .string(report.lastHash.description))]
            if let damage = report.damage {
                members.append(JSONMember("damage", .object([
                    JSONMember("sequence", .int(damage.sequence)), JSONMember("line", .int(damage.line)),
                    JSONMember("problem", .string(damage.description)),
                ])))
            }
            return Answer(text: JSONWriter.string(.object(members)) + "\n", exitCode: report.damage == nil ? 0 : 1)
        default:
            if let damage = report.damage {
                return Answer(text: "verify: FAILED — \(location): \(damage). The \(report.count) records before it are sound.\n", exitCode: 1)
            }
            let last = report.count == 0 ? "the log is empty" : "last #\(report.count), hash \(report.lastHash.shortDescription)"
            return Answer(text: "verify: OK — \(location): \(report.count) records, chain intact (\(last)).\n")
        }
    }
}
