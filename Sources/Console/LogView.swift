import Engagement
import EventLog

/// The `log` view: events oldest first, optionally of one type family or about one partner.
struct LogView {
    /// `partner.mapped` exactly, or a family: `partner` matches `partner.*`.
    var type: String?
    var partner: String?

    func matches(_ event: RecordedEvent) -> Bool {
        if let type, event.event.type != type, !event.event.type.hasPrefix(type + ".") { return false }
        if let partner, event.event.partner != partner { return false }
        return true
    }

    func render(_ events: ArraySlice<RecordedEvent>, records: [LogRecord], format: OutputFormat, width: Int?) -> String {
        let selected = events.filter(matches)
        switch format {
        case .json:
            // Records are read in order and never skipped, so sequence n sits at index n - 1.
            var out: [UInt8] = Array(#"{"events":["#.utf8)
            for (i, event) in selected.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                let record = records[event.sequence - 1]
                LogLine.writeHead(sequence: record.sequence, timestamp: record.timestamp, actor: record.actor,
                                  type: record.type, version: record.version, into: &out)
                out.append(contentsOf: record.payloadBytes)
                out.append(contentsOf: #","summary":"#.utf8)
                JSONWriter.writeString(event.event.summary(), into: &out)
                out.append(contentsOf: #","hash":"#.utf8)
                JSONWriter.writeString(record.hash.description, into: &out)
                out.append(UInt8(ascii: "}"))
            }
            out.append(contentsOf: "]}\n".utf8)
            return String(decoding: out, as: UTF8.self)
        case .text:
            if selected.isEmpty { return events.isEmpty ? "The log is empty.\n" : "No events match.\n" }
            return table(selected, personal: true).text(width: width)
        case .csv:
            return table(selected, personal: false).csv()
        case .md:
            return table(selected, personal: false).markdown()
        }
    }

    /// Exports (`personal: false`) leave contacts' names and e-mails out.
    private func table(_ events: [RecordedEvent], personal: Bool) -> Table {
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
                [String(e.sequence), e.timestamp.description, e.actor, e.event.type, e.event.partner ?? "", e.event.summary(personal: personal)]
            })
    }
}
