import Engagement
import EventLog

/// The `log` view: events oldest first, narrowed by a `LogFilter`.
/// Retracted events stay in the log, marked with the retraction that took them back.
struct LogView {
    /// Which events to show (type family, partner, actor, days, words).
    var filter: LogFilter

    func matches(_ event: RecordedEvent) -> Bool { filter.matches(event) }

    /// The selected events as a bare table; the JSON twin is written event by event. With
    /// `personal: false` (exports) contacts' names and e-mails are left out of the table.
    func report(_ events: ArraySlice<RecordedEvent>, hashes: [ChainHash], model: Model, personal: Bool) -> Report {
        let selected = events.filter(matches)
        let json = Report.JSONBody.stream { out in
            out.append(contentsOf: #"{"events":["#.utf8)
            for (i, recorded) in selected.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                let stored = recorded.event.newEvent(actor: recorded.actor, at: recorded.timestamp)
                LogLine.writeHead(sequence: recorded.sequence, timestamp: recorded.timestamp, actor: recorded.actor,
                                  type: stored.type, version: stored.version, into: &out)
                JSONWriter.write(stored.payload, into: &out)
                out.append(contentsOf: #","summary":"#.utf8)
                JSONWriter.writeString(recorded.event.summary(), into: &out)
                if let by = model.retracted[recorded.sequence] {
                    out.append(contentsOf: #","retracted_by":"#.utf8)
                    JSONWriter.writeInt(by, into: &out)
                }
                out.append(contentsOf: #","hash":"#.utf8)
                JSONWriter.writeString(hashes[recorded.sequence - 1].description, into: &out)
                out.append(UInt8(ascii: "}"))
            }
            out.append(contentsOf: "]}".utf8)
        }
        let empty = events.isEmpty ? "The log is empty." : "No events match."
        return Report(title: nil, sections: [.init(title: nil, table: table(selected, model: model, personal: personal), empty: empty)],
                      json: json)
    }

    /// Exports (`personal: false`) leave contacts' names and e-mails out.
    private func table(_ events: [RecordedEvent], model: Model, personal: Bool) -> Table {
        Table(
            columns: [
                .init("seq", hxl: "#meta +seq", alignRight: true),
                .init("recorded", hxl: "#date +recorded"),
                .init("actor", hxl: "#meta +actor"),
                .init("type", hxl: "#meta +type"),
                .init("partner", hxl: "#org +id"),
                .init("what", hxl: "#description", flexible: true),
            ],
            rows: events.map { e in
                var what = e.event.summary(personal: personal)
                if let by = model.retracted[e.sequence] { what = "[retracted by #\(by)] " + what }
                return [String(e.sequence), e.timestamp.description, e.actor, e.event.type,
                        e.event.partners.joined(separator: ","), what]
            })
    }
}
