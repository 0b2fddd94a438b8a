import Application
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
    let asOf: Timestamp?
    /// The terminal's width for text tables, `nil` when not writing to a terminal. The
    /// prompt sets it before each command, so a resized terminal is honoured.
    package var width: Int?
    /// Where a view is written while it is made (`log` as the log is read, the others a row
    /// at a time from the state), instead of being gathered into the answer; `nil` gathers
    /// it (the prompt's pager, `out=`, tests).
    package var streamsTo: Int32?
    /// Whether this runner answers one command only, the one command of a one-shot process:
    /// `log` may then be listed from the checkpoint's listing (`listFromCheckpoint`) and a
    /// past day's view answered from an interval checkpoint (`pastDayFromCheckpoint`), without
    /// today's state, since a session started so can do nothing else.
    package var answersOneCommand = false
    /// How far a long read has come, on the terminal (`ProgressLine`); `nil` shows nothing.
    var progress: ProgressLine?

    package init(session: Session, format: OutputFormat, asOf: Timestamp?, width: Int?, streamsTo: Int32? = nil) {
        self.session = session
        self.format = format
        self.asOf = asOf
        self.width = width
        self.streamsTo = streamsTo
    }

    /// What a command printed, and the exit status it asks for.
    package struct Answer: Equatable {
        package var text: String
        var exitCode: Int32 = 0
        /// Remarks for the person after recording (stderr in scripts).
        package var notes: [String] = []
        /// The sequence numbers the command recorded, if it recorded.
        package var recorded: [Int] = []
    }

    package func run(_ line: ParsedLine) throws(ConsoleError) -> Answer {
        var line = line
        let output: ViewOutput
        do throws(CommandError) {
            output = try ViewOutput.take(from: &line)
        } catch {
            throw .command(error)
        }
        guard output.format != nil || output.path != nil else { return try answer(line) }
        let format = output.format ?? output.path.flatMap(OutputFormat.suggested(by:)) ?? self.format
        // A file gets whole lines, not ones cut to the terminal's width.
        var runner = Runner(session: session, format: format, asOf: asOf, width: output.path == nil ? width : nil,
                            streamsTo: output.path == nil ? streamsTo : nil)
        runner.progress = progress
        var answer = try runner.answer(line)
        if let path = output.path {
            do throws(StoreError) {
                try Files.writeNamed(answer.text, to: path)
            } catch {
                throw .store(error)
            }
            answer.text = "Wrote \(answer.text.utf8.count) bytes to \(path).\n"
        }
        return answer
    }

    /// `format=` and `out=` given to a view that has no field of that name (`review out=DIR`
    /// keeps its own): the format to render in, and the file to write instead of printing.
    struct ViewOutput {
        var format: OutputFormat?
        var path: String?

        /// Takes the fields out of `line`, leaving the view's own.
        static func take(from line: inout ParsedLine) throws(CommandError) -> ViewOutput {
            var output = ViewOutput()
            guard let view = CommandCatalog.command(for: line.words)?.type as? any ViewCommand.Type else { return output }
            var kept: [ParsedLine.Field] = []
            for field in line.fields {
                guard view.spec.field(field.key) == nil else {
                    kept.append(field)
                    continue
                }
                switch field.key {
                case "format":
                    guard let format = OutputFormat(rawValue: field.value.trimmingWhitespace()) else {
                        throw .invalidValue(key: "format", value: field.value,
                                            reason: "not a format; use one of \(OutputFormat.allCases.map(\.rawValue).joined(separator: ", "))")
                    }
                    output.format = format
                case "out":
                    let path = field.value.trimmingWhitespace()
                    guard !path.isEmpty else { throw .invalidValue(key: "out", value: field.value, reason: "name the file to write") }
                    output.path = path
                default:
                    kept.append(field)
                }
            }
            line.fields = kept
            return output
        }
    }

    /// Runs a line without `format=` or `out=`.
    private func answer(_ line: ParsedLine) throws(ConsoleError) -> Answer {
        // The review's files are always Markdown, JSON and HTML; what it prints is a summary,
        // in text or JSON. Any other format is refused before the log is read.
        if CommandCatalog.command(for: line.words)?.type is WriteReview.Type, format != .text, format != .json {
            throw .command(.invalidValue(key: "format", value: format.rawValue,
                                         reason: "the review always writes its files as md, json and html; its summary is text or json"))
        }
        if let listed = try listFromCheckpoint(line) { return listed }
        if let past = try pastDayFromCheckpoint(line) { return past }
        // Everything but `help` and `verify` needs the log read, and the actor's role in it.
        if (CommandCatalog.command(for: line.words)?.type as? any ViewCommand.Type)?.readsLog != false {
            do {
                try session.catchUp()
            } catch {
                throw .store(error)
            }
        }
        let command: ResolvedCommand
        do throws(CommandError) {
            command = try Self.resolve(line, by: session.actor, in: session.model)
        } catch {
            throw .command(error)
        }
        guard command.records else { return try show(command) }
        if asOf != nil {
            throw .command(.notForRecording("--as-of replays the past for views; it cannot be used to record '\(command.verb)'"))
        }
        let recorded: Session.Recorded
        do {
            recorded = try session.record(command)
        } catch {
            throw ConsoleError(error)
        }
        // Nudges speak to coordinators, and may name what a partner may not read.
        return Answer(text: Self.receipts(recorded.events, hashes: recorded.hashes), notes: coordinating ? recorded.notes : [],
                      recorded: recorded.events.map(\.sequence))
    }

    /// `log` as the one command of a one-shot process (`engage log`), for a reader who sees
    /// everything, listed from the checkpoint's `Model.Listing` without reading the state
    /// (`Session.startListing`); `nil` where the state is needed: another command, a session
    /// already started, `--as-of` (the marks of that day), a partner filter (the partner must
    /// be known), a reader of public views only.
    private func listFromCheckpoint(_ line: ParsedLine) throws(ConsoleError) -> Answer? {
        guard answersOneCommand, asOf == nil, CommandCatalog.command(for: line.words)?.type is ShowLog.Type else { return nil }
        guard case .log(let filter) = requestOfAReaderOfEverything(line, view: ShowLog.self), filter.partner == nil else { return nil }
        let listing: Model.Listing?
        do {
            listing = try session.startListing(if: readsEverything)
        } catch {
            throw .store(error)
        }
        guard let listing else { return nil }
        return try log(filter, retracted: listing.retracted, isPublic: nil, personal: format == .text || format == .json)
    }

    /// Whether the actor reads everything (nudges speak only to them).
    private var coordinating: Bool { Access.reading(of: session.actor, in: session.model) == .everything }

    /// A view of a past day (`--as-of`) as the one command of a one-shot process, for a reader
    /// who sees everything, from the checkpoint's listing and the last interval checkpoint
    /// before the day (`Session.startPastDay`), without decoding today's state; `nil` where
    /// the full start is needed: another command, a view that reads records as well as the
    /// state (`Self.answeredFromTheState`), a reader of public views only, a log the interval
    /// checkpoints do not serve.
    private func pastDayFromCheckpoint(_ line: ParsedLine) throws(ConsoleError) -> Answer? {
        guard answersOneCommand, let asOf,
              let view = CommandCatalog.command(for: line.words)?.type as? any ViewCommand.Type, view.readsLog else { return nil }
        guard let request = requestOfAReaderOfEverything(line, view: view), Self.answeredFromTheState(request) else { return nil }
        let started: (Model.Listing, Model)?
        do {
            started = try session.startPastDay(before: asOf, if: readsEverything)
        } catch {
            throw .store(error)
        }
        guard let (_, past) = started else { return nil }
        return try show(request, of: past, to: .everything)
    }

    /// The view `line` asks for, as a reader who sees everything asks it (no field is filled
    /// in by role); `nil` where that refuses it, to be refused as the full start refuses it,
    /// with the state read.
    private func requestOfAReaderOfEverything(_ line: ParsedLine, view: any ViewCommand.Type) -> ViewRequest? {
        do throws(CommandError) {
            return try view.request(try ResolvedCommand.resolve(line, defaults: [:]), today: viewDay)
        } catch {
            return nil
        }
    }

    /// Whether the actor reads everything, judged on a checkpoint's listing (who is a member
    /// today), for the starts that do not read the state.
    private func readsEverything(_ listing: Model.Listing) -> Bool {
        Access.reading(of: session.actor, members: listing.members, lastSequence: listing.lastSequence) == .everything
    }

    /// Whether a view is made from the state of its day alone, without reading records.
    static func answeredFromTheState(_ request: ViewRequest) -> Bool {
        switch request {
        case .plan, .unused, .dap, .partners, .contacts, .actions, .decisions, .datasets, .dataset, .feedback, .feedbackItem,
             .sharing, .schedule, .overdue, .members:
            true
        case .partner, .meetings, .meeting, .log, .review, .receipt, .verify, .help:
            false
        }
    }

    /// Resolves `line` on `model`, with the fields the actor's role fills in.
    static func resolve(_ line: ParsedLine, by actor: String, in model: Model) throws(CommandError) -> ResolvedCommand {
        do throws(CommandError) {
            return try ResolvedCommand.resolve(line, defaults: Access.defaults(for: actor, in: model))
        } catch {
            // A command the actor may not record is refused for that, not for a missing field.
            if case .missingFields(let verb, _) = error, CommandCatalog.spec(named: verb)?.records == true {
                let given = Dictionary(line.fields.map { ($0.key, $0.value) }, uniquingKeysWith: { first, _ in first })
                try Access.checkRecording(verb: verb, values: given, by: actor, in: model)
            }
            throw error
        }
    }

    /// One receipt line per event: its number, summary and the start of its chain hash
    /// (none in a dry run, where nothing was appended).
    static func receipts(_ events: [RecordedEvent], hashes: [ChainHash]) -> String {
        var text = ""
        for (i, event) in events.enumerated() {
            let summary = TerminalText.visible(event.event.summary())
            let stop = summary.last.map { ".?!".contains($0) } ?? false ? "" : "."
            if i < hashes.count {
                text += "Recorded #\(event.sequence): \(summary)\(stop) [hash \(hashes[i].shortDescription)]\n"
            } else {
                text += "Would record #\(event.sequence): \(summary)\(stop)\n"
            }
        }
        return text
    }

    /// A line of a script: its number in the file and what it says.
    package struct ScriptLine {
        package var number: Int
        package var line: ParsedLine

        package init(number: Int, line: ParsedLine) {
            self.number = number
            self.line = line
        }
    }

    /// A script's line was refused (or the store failed): nothing of the script was appended.
    package struct ScriptFailure: Error {
        /// The line refused; `nil` when the store failed while appending them all.
        package var line: Int?
        package var error: ConsoleError
    }

    /// `--atomic` and `--check`: decides every line in order, each on the state the lines
    /// before it leave, then appends all their events in one durable append (`commit`), or
    /// nothing. Only commands that record belong in such a script.
    package func runAll(_ script: [ScriptLine], commit: Bool) throws(ScriptFailure) -> Answer {
        if asOf != nil, let first = script.first {
            throw ScriptFailure(line: first.number, error: .command(.notForRecording("--as-of replays the past for views; a script cannot be recorded with it")))
        }
        let actor = session.actor
        let decided: [Session.BatchLine]
        do {
            decided = try session.recordAll(script, commit: commit) { (entry, model) throws(CommandError) -> ResolvedCommand in
                let command = try Self.resolve(entry.line, by: actor, in: model)
                guard command.records else {
                    throw .notForRecording("'\(command.verb)' is a view; --atomic and --check take only commands that record")
                }
                return command
            }
        } catch {
            switch error {
            case .line(let index, let error): throw ScriptFailure(line: script[index].number, error: .command(error))
            case .store(let error): throw ScriptFailure(line: nil, error: .store(error))
            }
        }
        var text = ""
        var notes: [String] = []
        for line in decided {
            text += Self.receipts(line.events, hashes: line.hashes)
            notes += line.notes
        }
        let count = decided.reduce(0) { $0 + $1.events.count }
        if !commit { text += "Checked \(script.count) line\(script.count == 1 ? "" : "s"): \(count) event\(count == 1 ? "" : "s") would be recorded; nothing was appended.\n" }
        return Answer(text: text, notes: coordinating ? notes : [], recorded: decided.flatMap { $0.events.map(\.sequence) })
    }

    /// The command a question in words stands for, or `nil` when `text` is not a question
    /// (`QuestionTranslator.isQuestion`). The names it knows are those the reader may see;
    /// "last month" is judged from the view day. A question no one command answers exactly
    /// is refused with suggestions, never answered with a broader view.
    package func question(_ text: String) throws(ConsoleError) -> String? {
        // The same bound as a command: nothing longer is read, translated or suggested from.
        guard text.utf8.count <= ParsedLine.maximumBytes else { throw .command(ParsedLine.tooLong(bytes: text.utf8.count)) }
        guard QuestionTranslator.isQuestion(text) else { return nil }
        do {
            try session.catchUp()
        } catch {
            throw .store(error)
        }
        var model = session.model
        if case .publicViews(let partner) = Access.reading(of: session.actor, in: model) {
            model = model.publicView(for: partner, on: viewDay)
        }
        switch QuestionTranslator(vocabulary: .init(model), today: viewDay).translate(text) {
        case .command(let command): return command
        case .cannot(let suggestions): throw .unansweredQuestion(text.trimmingWhitespace(), suggestions: suggestions)
        }
    }

    /// The day views judge "overdue" and "in force" on: the `--as-of` day, else today.
    var viewDay: Day {
        guard let asOf else { return session.today }
        return Day(asOf).adding(days: -1)
    }

    private func show(_ command: ResolvedCommand) throws(ConsoleError) -> Answer {
        guard let view = command.type as? any ViewCommand.Type else { preconditionFailure("'\(command.verb)' neither records nor shows") }
        let request: ViewRequest
        do throws(CommandError) {
            request = try view.request(command, today: viewDay)
            if view.readsLog { try Access.checkReading(command.verb, by: session.actor, in: session.model) }
        } catch {
            throw .command(error)
        }
        if case .help(let topic) = request { return Answer(text: try Help.text(topic: topic)) }
        // A view of no log at all is a mistyped path, not an empty answer. (A log that
        // vanishes mid-session was said once already; the session keeps what it read.)
        do throws(StoreError) {
            if session.lastSequence == 0, try !session.store.exists() {
                throw StoreError.backend(location: session.store.location, BackendError(FileStoreError.missing))
            }
        } catch {
            throw .store(error)
        }
        if case .verify = request { return try verify() }
        let reading = Access.reading(of: session.actor, in: session.model)
        let model: Model
        do {
            model = try session.model(before: asOf)
        } catch {
            throw .store(error)
        }
        return try show(request, of: model, to: reading)
    }

    /// A view's answer from `model`, the state as of the view's day, for `reading`.
    private func show(_ request: ViewRequest, of model: Model, to reading: Access.Reading) throws(ConsoleError) -> Answer {
        var model = model
        if case .publicViews(let partner) = reading {
            model = model.publicView(for: partner, on: viewDay)
        }
        let personal = format == .text || format == .json
        let report: Report
        switch request {
        case .help, .verify:
            preconditionFailure("answered above, without reading the log")
        case .review(let directory):
            return try review(model: model, directory: directory)
        case .receipt(let sequence, let prefix):
            return try receipt(sequence: sequence, hashPrefix: prefix)
        case .members:
            report = ViewReports.members(model)
        case .log(let filter):
            try known(filter.partner, in: model)
            var isPublic: ((RecordedEvent) -> Bool)?
            if case .publicViews(let partner) = reading {
                isPublic = { Access.isPublic($0.event, to: partner, in: model) }
            }
            return try log(filter, retracted: model.retracted, isPublic: isPublic, personal: personal)
        case .plan:
            report = ViewReports.plan(model, today: viewDay)
        case .unused(let rounds):
            report = ViewReports.unused(model, rounds: rounds)
        case .dap:
            report = ViewReports.dap(model)
        case .partner(let id):
            guard let partner = model.partners[id] else {
                throw .command(.unknownPartner(id, suggestions: Suggestions.nearest(to: id, in: model.partnerOrder)))
            }
            report = ViewReports.partner(partner, model: model, events: try visibleEvents(reading, model), today: viewDay, personal: personal)
        case .partners(let filter):
            report = ViewReports.partners(model, filter: filter, today: viewDay)
        case .contacts(let partner):
            try known(partner, in: model)
            report = ViewReports.contacts(model, partner: partner, personal: personal)
        case .meetings(let filter):
            try known(filter.partner, in: model)
            report = ViewReports.meetings(model.meetingList(try visibleEvents(reading, model), filter), filter: filter)
        case .meeting(let sequence):
            guard let meeting = try visibleEvents(reading, model).first(where: { $0.sequence == sequence }).flatMap(model.meeting) else {
                throw .command(.unknown(kind: "meeting", id: "#\(sequence)", suggestions: []))
            }
            report = ViewReports.meeting(meeting)
        case .actions(let filter):
            try known(filter.owner, kind: "action owner", among: model.actionsInOrder.map(\.owner))
            report = ViewReports.actions(model, filter: filter, today: viewDay)
        case .decisions(let filter):
            try known(filter.partner, in: model)
            report = ViewReports.decisions(model, filter: filter)
        case .datasets(let filter):
            try known(filter.sector, kind: "sector", among: model.datasetsInOrder.map(\.sector))
            report = ViewReports.datasets(model, filter: filter)
        case .dataset(let id):
            guard let dataset = model.datasets[id] else {
                throw .command(.unknown(kind: "dataset", id: id, suggestions: Suggestions.nearest(to: id, in: model.datasetOrder)))
            }
            report = ViewReports.dataset(dataset, model: model)
        case .feedback(let filter):
            try known(filter.partner, in: model)
            report = ViewReports.feedback(model, filter: filter)
        case .feedbackItem(let id):
            // A partner member's model holds only its own feedback: another's is unknown, not withheld.
            guard let item = model.feedback[id] else {
                throw .command(.unknown(kind: "feedback", id: id, suggestions: Suggestions.nearest(to: id, in: model.feedbackOrder)))
            }
            report = ViewReports.feedbackItem(item)
        case .sharing:
            report = ViewReports.sharing(model, today: viewDay)
        case .schedule:
            report = ViewReports.schedule(model)
        case .overdue:
            report = ViewReports.overdue(model, today: viewDay)
        }
        return written(report)
    }

    /// A view's report as the answer: written to `streamsTo` as it is made when set (the
    /// answer's text is then empty), so that a view as long as the log is never held whole.
    private func written(_ report: Report) -> Answer {
        guard let streamsTo else { return Answer(text: report.render(format, width: width)) }
        let out = OutputSink(descriptor: streamsTo)
        report.write(format, width: width, to: out)
        out.flush()
        return Answer(text: "")
    }

    /// The `log` view, written as the log is read: to `streamsTo` when set (the answer's
    /// text is then empty), else gathered into the answer. `retracted` marks the records
    /// taken back; `isPublic`, for a reader of public views only, says which it may see.
    private func log(_ filter: LogFilter, retracted: [Int: Int], isPublic: ((RecordedEvent) -> Bool)?,
                     personal: Bool) throws(ConsoleError) -> Answer {
        let out = streamsTo.map(OutputSink.init(descriptor:)) ?? OutputSink()
        let asOf = asOf
        func write() throws(StoreError) {
            try LogView(filter: filter).write(format, width: width, retracted: retracted, personal: personal, lastSequence: session.lastSequence,
                                              visible: { recorded in
                if let asOf, recorded.timestamp >= asOf { return false }
                return isPublic?(recorded) ?? true
            }, events: session.forEachEvent, to: out)
        }
        do throws(StoreError) {
            // Lines written as the log is read are their own progress.
            if streamsTo != nil, let progress { try progress.quiet(write) } else { try write() }
        } catch {
            out.flush()
            throw .store(error)
        }
        return Answer(text: streamsTo == nil ? out.text : "")
    }

    /// Refuses a filter's partner that is not mapped, suggesting the nearest ids.
    private func known(_ partner: String?, in model: Model) throws(ConsoleError) {
        guard let partner, model.partners[partner] == nil else { return }
        throw .command(.unknownPartner(partner, suggestions: Suggestions.nearest(to: partner, in: model.partnerOrder)))
    }

    /// Refuses a filter's name that nothing in the log carries (a mistyped owner or sector),
    /// suggesting the nearest; names match in any case.
    private func known(_ name: String?, kind: String, among names: [String]) throws(ConsoleError) {
        guard let name, !names.contains(where: { $0.lowercased() == name.lowercased() }) else { return }
        var distinct: [String] = []
        for n in names where !distinct.contains(n) { distinct.append(n) }
        throw .command(.unknown(kind: kind, id: name, suggestions: Suggestions.nearest(to: name, in: distinct)))
    }

    /// Every event up to `--as-of` the reader may see. Only the views that list events ask:
    /// after a checkpoint, reading them all costs a full read of the log.
    private func visibleEvents(_ reading: Access.Reading, _ model: Model) throws(ConsoleError) -> ArraySlice<RecordedEvent> {
        let all: ArraySlice<RecordedEvent>
        do {
            all = try session.events(before: asOf)
        } catch {
            throw .store(error)
        }
        guard case .publicViews(let partner) = reading else { return all }
        return all.filter { Access.isPublic($0.event, to: partner, in: model) }[...]
    }

    /// Writes the review's three files; exit status 3 when something needs action.
    private func review(model: Model, directory: String) throws(ConsoleError) -> Answer {
        let review = Review(model: model, today: viewDay, log: session.store.location)
        // A review vouches for the record: it checks the whole chain, whatever a checkpoint
        // says, and a damaged log is an error, not a report. The chain is checked by hash
        // (the records behind the checkpoint on the other core since the session started,
        // while the review was computed from the checkpoint's state and its files written
        // under temporary names): no file takes its name before the log is known sound.
        let paths = try review.write(into: directory) { () throws(ConsoleError) in
            do throws(StoreError) {
                if let damage = try session.checkWholeChain() { throw StoreError.damaged(location: session.store.location, damage) }
            } catch {
                throw .store(error)
            }
        }
        if format == .json { return Answer(text: review.jsonText(), exitCode: review.facts.needsAction ? 3 : 0) }
        var text = "Review as of \(viewDay): \(review.verdict)\n"
        for violation in review.facts.violations { text += "  - \(violation)\n" }
        text += "Wrote \(paths.joined(separator: ", ")).\n"
        return Answer(text: text, exitCode: review.facts.needsAction ? 3 : 0)
    }

    /// Checks a receipt against the log: the record is there, with that hash, and the chain
    /// from the first record up to it is intact.
    private func receipt(sequence seq: Int, hashPrefix prefix: String) throws(ConsoleError) -> Answer {
        let report: VerifyReport
        do {
            report = try session.store.verify()
        } catch {
            throw .store(error)
        }
        let hash: String
        let event: RecordedEvent
        do {
            guard let known = try session.hash(of: seq), let recorded = try session.event(seq) else {
                return Answer(text: "receipt: NOT FOUND — the log has no record #\(seq) (it ends at #\(session.lastSequence)).\n", exitCode: 1)
            }
            hash = known.description
            event = recorded
        } catch {
            throw .store(error)
        }
        guard hash.hasPrefix(prefix) else {
            // Nothing of the stored hash: it would let a reader confirm guesses of a record it
            // may not read.
            return Answer(text: "receipt: MISMATCH — record #\(seq) does not have a hash starting \(prefix).\n", exitCode: 1)
        }
        if let damage = report.damage, damage.sequence <= seq {
            return Answer(text: "receipt: UNPROVEN — record #\(seq) has that hash, but the chain is damaged at or before it: \(damage).\n", exitCode: 1)
        }
        // What the event was, as far as the reader may see it.
        let shown = switch Access.reading(of: session.actor, in: session.model) {
        case .everything: true
        case .publicViews(let partner):
            Access.isPublic(event.event, to: partner, in: session.model.publicView(for: partner, on: viewDay))
        }
        let what = shown ? ": \(event.event.summary()) (by \(event.actor), \(event.timestamp))" : ""
        return Answer(text: "receipt: OK — record #\(seq) is in the log with hash \(prefix)…, and the chain up to it is intact\(what).\n")
    }

    private func verify() throws(ConsoleError) -> Answer {
        let report: VerifyReport
        var checkpoint = Session.CheckpointCheck.none
        do {
            let name = ProgressLine.name(of: session.store.location)
            let reading = progress?.label
            defer { if let reading { progress?.label = reading } }
            progress?.label = "checking the chain of \(name)"
            report = try session.store.verify()
            // The checkpoint only saves time: it must be the state the log gives.
            progress?.label = "checking the checkpoint against \(name)"
            if report.damage == nil { checkpoint = try session.checkCheckpoint(against: report) }
        } catch {
            throw .store(error)
        }
        let sound: Bool
        switch checkpoint {
        case .none, .matches: sound = report.damage == nil
        case .differs, .beyondLog: sound = false
        }
        return Answer(text: ViewReports.verify(report, checkpoint: checkpoint, location: session.store.location).render(format, width: width),
                      exitCode: sound ? 0 : 1)
    }
}
