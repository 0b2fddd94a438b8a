import Engagement
import EventLog

/// The `log` view: events oldest first, narrowed by a `LogFilter`.
/// Retracted events stay in the log, marked with the retraction that took them back.
///
/// Written as the events are read, in every format: the first lines come at once and
/// nothing the size of the log is held. The retraction marks come from the state (which
/// knows every retraction already: `Model.retracted`, or a checkpoint's `Model.Listing`),
/// never from reading ahead.
struct LogView {
    /// Which events to show (type family, partner, actor, days, words).
    var filter: LogFilter

    func matches(_ event: RecordedEvent) -> Bool { filter.matches(event) }

    /// Writes the events `events` hands out that `visible` lets through and the filter
    /// selects, in `format`, to `out`, each retracted one (`retracted`: by which) marked.
    /// With `personal: false` (exports) contacts' names and e-mails are left out of the
    /// table; `lastSequence` sizes the number column.
    ///
    /// A read that fails ends the listing and is thrown once what was read is written: a
    /// table is ended as any other (never saying the log is empty), the JSON is left open,
    /// so that no script takes it for the whole log; the exit status says it in every format.
    func write<Failure: Error>(_ format: OutputFormat, width: Int?, retracted: [Int: Int], personal: Bool, lastSequence: Int,
                               visible: @escaping (RecordedEvent) -> Bool,
                               events: ((RecordedEvent, ChainHash) -> Void) throws(Failure) -> Void,
                               to out: OutputSink) throws(Failure) {
        if format == .json {
            out.write(#"{"events":["#)
            var first = true
            try events { recorded, hash in
                guard visible(recorded), matches(recorded) else { return }
                if !first { out.write(",") }
                first = false
                out.write(bytes: json(recorded, hash: hash, retractedBy: retracted[recorded.sequence]))
            }
            out.write("]}\n")
            out.flush()
            return
        }
        // A view of one bare table, its rows read from the log as it is written (once).
        try withoutActuallyEscaping(events) { (events) throws(Failure) in
            var seen = 0
            var failure: Failure?
            let table = Table(columns: columns(lastSequence: lastSequence), rows: .init(each: { body in
                do throws(Failure) {
                    try events { recorded, _ in
                        guard visible(recorded) else { return }
                        seen += 1
                        guard matches(recorded) else { return }
                        body(row(recorded, retractedBy: retracted[recorded.sequence], personal: personal))
                    }
                } catch {
                    failure = error
                }
            }))
            // Said once the rows are written (`Section.empty` is asked then): whether anything
            // was there to match is known only at the end.
            Report(title: nil, sections: [.init(title: nil, table: table,
                                                empty: failure != nil ? nil : seen == 0 ? "The log is empty." : "No events match.")])
                .write(format, width: width, to: out)
            out.flush()
            if let failure { throw failure }
        }
    }

    /// One event in the JSON twin: its record's head, payload, summary, retraction and hash.
    private func json(_ recorded: RecordedEvent, hash: ChainHash, retractedBy: Int?) -> [UInt8] {
        var out: [UInt8] = []
        let stored = recorded.event.newEvent(actor: recorded.actor, at: recorded.timestamp)
        LogLine.writeHead(sequence: recorded.sequence, timestamp: recorded.timestamp, actor: recorded.actor,
                          type: stored.type, version: stored.version, into: &out)
        JSONWriter.write(stored.payload, into: &out)
        out.append(contentsOf: #","summary":"#.utf8)
        JSONWriter.writeString(recorded.event.summary(), into: &out)
        if let by = retractedBy {
            out.append(contentsOf: #","retracted_by":"#.utf8)
            JSONWriter.writeInt(by, into: &out)
        }
        out.append(contentsOf: #","hash":"#.utf8)
        JSONWriter.writeString(hash.description, into: &out)
        out.append(UInt8(ascii: "}"))
        return out
    }

    /// The widest a text column other than "what" is laid out: a meeting with a thousand
    /// partners wraps its own cell instead of padding every row.
    static let widestColumn = 40

    /// The columns.
    private func columns(lastSequence: Int) -> [Table.Column] {
        [
            .init("seq", hxl: "#meta +seq", alignRight: true, minimumWidth: String(lastSequence).count),
            .init("recorded", hxl: "#date +recorded"),
            .init("actor", hxl: "#meta +actor", maximumWidth: Self.widestColumn),
            .init("type", hxl: "#meta +type", maximumWidth: Self.widestColumn),
            .init("partner", hxl: "#org +id", maximumWidth: Self.widestColumn),
            .init("what", hxl: "#description", flexible: true),
        ]
    }

    /// An event's cells. Exports (`personal: false`) leave contacts' names and e-mails out.
    private func row(_ e: RecordedEvent, retractedBy: Int?, personal: Bool) -> [Cell] {
        var what = e.event.summary(personal: personal)
        if let by = retractedBy { what = "[retracted by #\(by)] " + what }
        return [.int(e.sequence), .text(e.timestamp.description), .text(e.actor), .text(e.event.type),
                .text(e.event.partners.joined(separator: ",")), .text(what)]
    }
}
