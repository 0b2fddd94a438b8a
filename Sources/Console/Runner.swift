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
        /// Remarks for the person after recording (stderr in scripts).
        package var notes: [String] = []
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
            var text = ""
            for (event, hash) in zip(recorded.events, recorded.hashes) {
                let summary = event.event.summary()
                let stop = summary.last.map { ".?!".contains($0) } ?? false ? "" : "."
                text += "Recorded #\(event.sequence): \(summary)\(stop) [hash \(hash.shortDescription)]\n"
            }
            return Answer(text: text, notes: recorded.notes)
        case .shows:
            return try show(command)
        }
    }

    /// The day views judge "overdue" and "in force" on: the `--as-of` day, else today.
    var viewDay: Day {
        guard let asOf else { return session.today }
        return Day(asOf).adding(days: -1)
    }

    private func show(_ command: ResolvedCommand) throws(ConsoleError) -> Answer {
        switch command.verb {
        case "help":
            return Answer(text: try Help.text(topic: command.values["topic"]))
        case "verify":
            return try verify()
        default:
            break
        }
        do {
            try session.catchUp()
        } catch {
            throw .store(error)
        }
        let model = session.model(before: asOf)
        let personal = format == .text || format == .json
        let report: Report
        switch command.verb {
        case "log":
            return Answer(text: LogView(type: command.values["type"], partner: command.values["partner"])
                .render(session.events(before: asOf), hashes: session.hashes, model: model, format: format, width: width))
        case "plan":
            report = ViewReports.plan(model, today: viewDay)
        case "unused":
            let rounds: Int
            do {
                rounds = try command.optionalNumber("rounds", in: 1...1000) ?? 2
            } catch {
                throw .command(error)
            }
            report = ViewReports.unused(model, rounds: rounds)
        case "dap":
            report = ViewReports.dap(model)
        case "partner show":
            let id = command.values["id"] ?? ""
            guard let partner = model.partners[id] else {
                throw .command(.unknownPartner(id, suggestions: Suggestions.nearest(to: id, in: model.partnerOrder)))
            }
            report = ViewReports.partner(partner, model: model, events: session.events(before: asOf), today: viewDay, personal: personal)
        case "feedback list":
            let partner = command.values["partner"]
            if let partner, model.partners[partner] == nil {
                throw .command(.unknownPartner(partner, suggestions: Suggestions.nearest(to: partner, in: model.partnerOrder)))
            }
            report = ViewReports.feedback(model, partner: partner)
        case "sharing":
            report = ViewReports.sharing(model, today: viewDay)
        case "schedule":
            report = ViewReports.schedule(model)
        case "overdue":
            report = ViewReports.overdue(model, today: viewDay)
        default:
            preconditionFailure("no view for '\(command.verb)'")
        }
        return Answer(text: report.render(format, width: width))
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
