#if canImport(Glibc)
import Glibc
#endif
import Engagement
import EventLog

/// The periodic review: the state of the log written as a dated Markdown report, its JSON
/// twin and a self-contained HTML page with charts. A cron job acts on `needsAction`.
package struct Review {
    var facts: ReviewFacts
    /// The review's parts, each rendered as a section of every file.
    var parts: Parts
    var log: String
    /// The sequence number of the last event replayed.
    var eventCount: Int

    package init(model: Model, today: Day, log: String) {
        let facts = model.review(today: today)
        self.facts = facts
        self.log = log
        eventCount = model.lastSequence
        let unused = ViewReports.unused(model, rounds: 2)
        let sharing = ViewReports.sharing(model, today: today)
        let schedule = ViewReports.schedule(model)
        let overdue = ViewReports.overdue(model, today: today)
        let attention = model.needsAttention(today: today).filter { !$0.isViolation }.map(\.detail)
        let questions = ViewReports.questions(model)

        let status = Report(
            title: "Status",
            summary: ["Phase: \(model.phase). \(model.partners.count) partners, \(model.partnersMet(before: model.lastSequence + 1).count) met; "
                + "\(model.datasetsInOrder.filter(\.isCollected).count) of \(model.datasets.count) datasets agreed; "
                + "\(model.rounds.count) collection round\(model.rounds.count == 1 ? "" : "s") started."],
            parts: [.fact("as_of", .day(today)), .fact("log", .text(log)), .fact("events", .int(model.lastSequence)),
                    .fact("phase", .text(model.phase)), .fact("needs_action", .bool(facts.needsAction)),
                    .section(.init(title: "Policy violations",
                                   table: Table(columns: [.init("violation", hxl: "#description", key: "violation", flexible: true)],
                                                rows: facts.violations.map { [$0] }),
                                   empty: "None: nothing needs action.", json: .values("violations", of: "violation"))),
                    .section(.init(title: "Needs attention (not violations)",
                                   table: Table(columns: [.init("item", hxl: "#description", key: "item", flexible: true)],
                                                rows: attention.map { [$0] }),
                                   empty: "None.", json: .values("needs_attention", of: "item")))])
        let open = model.unaddressedFeedback
        let feedback = Report(
            title: "Feedback",
            summary: ["\(model.feedback.count) received, \(open.count) awaiting a reply."],
            sections: [
                .init(title: "Awaiting a reply (oldest first)", table: ViewReports.feedbackTable(open), empty: "None.",
                      json: .values("feedback_open", of: "id")),
                .init(title: "By topic (most feedback first)",
                      table: Table(columns: [.init("topic", hxl: "#indicator +topic", key: "topic"),
                                             .init("feedback", hxl: "#indicator +num", key: "count", alignRight: true)],
                                   rows: facts.feedbackByTopic.map { [.text($0.topic.rawValue), .int($0.count)] }),
                      empty: "No feedback yet.", json: .named("feedback_by_topic", by: "topic", value: "count")),
                .init(title: "By partner (most feedback first)",
                      table: Table(columns: [.init("partner", hxl: "#org +id", key: "partner"),
                                             .init("feedback", hxl: "#indicator +num", key: "total", alignRight: true),
                                             .init("awaiting a reply", hxl: "#indicator +open +num", key: "open", alignRight: true),
                                             .init("mean rating", hxl: "#indicator +rating", key: "mean_rating", alignRight: true)],
                                   rows: facts.feedbackByPartner.map { p in
                                       [.text(p.partner), .int(p.total), .int(p.open), .optional(p.meanRating.map { Self.rating($0) })]
                                   }),
                      empty: "No feedback yet.", json: .objects("feedback_by_partner")),
            ])
        let activity = Report(
            title: "Engagement and use",
            sections: [
                .init(title: "Engagement over time (by month, oldest first; months with nothing recorded too)",
                      table: Table(columns: [.init("month", hxl: "#date +month", key: "month"),
                                             .init("meetings", hxl: "#indicator +meetings +num", key: "meetings", alignRight: true),
                                             .init("partners met first", hxl: "#indicator +new_partners +num", key: "partners_met", alignRight: true),
                                             .init("feedback", hxl: "#indicator +feedback +num", key: "feedback", alignRight: true),
                                             .init("use reports", hxl: "#indicator +uses +num", key: "uses", alignRight: true)],
                                   rows: facts.months.map { [.text($0.month), .int($0.meetings), .int($0.partnersMet), .int($0.feedback), .int($0.uses)] }),
                      empty: "Nothing recorded yet.", json: .objects("engagement_by_month")),
                .init(title: "Dataset use per round (by round; an open round may still grow)",
                      table: Table(columns: [.init("round", hxl: "#indicator +round", key: "round"), .json("open"),
                                             .init("datasets collected", hxl: "#indicator +collected +num", key: "collected", alignRight: true),
                                             .init("datasets used", hxl: "#indicator +used +num", key: "used", alignRight: true),
                                             .init("use reports", hxl: "#indicator +uses +num", key: "uses", alignRight: true)],
                                   rows: facts.rounds.map { r in
                                       [.shown(r.open ? "\(r.round) (open)" : String(r.round), as: .int(r.round)), .bool(r.open), .int(r.collected),
                                        .int(r.used), .int(r.uses)]
                                   }),
                      empty: "No collection round yet.", json: .objects("use_by_round")),
            ])
        let urgent = ViewReports.urgentReview(model, today: today)
        parts = Parts(status: status, unused: unused, questions: questions, sharing: sharing, schedule: schedule, overdue: overdue,
                      feedback: feedback, urgent: urgent, activity: activity)
    }

    struct Parts {
        var status, unused, questions, sharing, schedule, overdue, feedback, urgent, activity: Report
    }

    /// The parts in the order the Markdown and the page show them.
    var reports: [Report] {
        [parts.status, parts.unused, parts.questions, parts.sharing, parts.schedule, parts.overdue, parts.feedback, parts.urgent,
         parts.activity]
    }

    static func rating(_ mean: Double?) -> String {
        guard let mean else { return "" }
        let tenths = Int((mean * 10).rounded())
        return "\(tenths / 10).\(tenths % 10)"
    }

    var title: String { "Engagement review as of \(facts.today)" }

    var verdict: String {
        facts.needsAction
            ? "Needs action: \(facts.violations.count) policy violation\(facts.violations.count == 1 ? "" : "s")."
            : "Nothing needs action."
    }

    // MARK: Markdown

    /// The Markdown file, written to `out` as it is made.
    func writeMarkdown(to out: OutputSink) {
        out.write("# \(title)\n\nLog `\(log)`, \(eventCount) events: **\(verdict)**\n\n")
        // Each view's own title becomes a second-level heading, its sections third-level.
        for report in reports { report.writeMarkdown(level: 2, to: out) }
    }

    // MARK: JSON

    func jsonText() -> String {
        let out = OutputSink()
        writeJSON(to: out)
        return out.text
    }

    /// The review's JSON, written to `out` a row at a time: the status's members, then each
    /// view's object (of the questions, its list alone), then the members of the last three.
    func writeJSON(to out: OutputSink) {
        out.write("{")
        var first = true
        func member(_ key: String, _ report: Report) {
            out.write((first ? "" : ",") + "\"\(key)\":")
            first = false
            report.writeJSON(to: out)
        }
        parts.status.writeJSONMembers(to: out, first: &first)
        member("unused", parts.unused)
        parts.questions.writeJSONMembers(to: out, first: &first, only: "questions")
        member("sharing", parts.sharing)
        member("schedule", parts.schedule)
        member("overdue", parts.overdue)
        for report in [parts.urgent, parts.feedback, parts.activity] { report.writeJSONMembers(to: out, first: &first) }
        out.write("}\n")
    }

    // MARK: HTML

    /// The page, written to `out` as it is made: one page, no scripts, no network, inline CSS
    /// and SVG charts.
    func writeHTML(to sink: OutputSink) {
        var out = HTMLPage.head(title: title)
        out += """
        <h1>\(HTML.escape(title))</h1>
        <p>Log <code>\(HTML.escape(log))</code>, \(eventCount) events.</p>
        <p class="verdict \(facts.needsAction ? "action" : "clear")">\(HTML.escape(verdict))</p>

        """
        out += "<h2>Charts</h2>\n"
        out += Chart.bars(id: "engagement-over-time", caption: "Engagement over time (per month)",
                          labels: facts.months.map(\.month),
                          series: [("meetings", facts.months.map(\.meetings), "#1f77b4"),
                                   ("partners met first", facts.months.map(\.partnersMet), "#2ca02c"),
                                   ("feedback", facts.months.map(\.feedback), "#ff7f0e")])
        out += Chart.bars(id: "feedback-by-topic", caption: "Feedback by topic",
                          labels: facts.feedbackByTopic.map(\.topic.rawValue),
                          series: [("feedback", facts.feedbackByTopic.map(\.count), "#ff7f0e")])
        out += Chart.bars(id: "dataset-use-per-round", caption: "Dataset use per round",
                          labels: facts.rounds.map { "round \($0.round)\($0.open ? " (open)" : "")" },
                          series: [("datasets collected", facts.rounds.map(\.collected), "#9aa5b1"),
                                   ("datasets used", facts.rounds.map(\.used), "#1f77b4"),
                                   ("use reports", facts.rounds.map(\.uses), "#2ca02c")])
        sink.write(out)
        for report in reports { report.writeHTML(level: 2, to: sink) }
        sink.write(HTMLPage.foot)
    }

    // MARK: Files

    /// The three files' names for the review's day.
    var fileNames: [String] {
        ["md", "json", "html"].map { "engage-review-\(facts.today).\($0)" }
    }

    /// Writes the three files into `directory` (created if need be), each whole or not at all,
    /// and each written as it is made, in pieces: a large log's review never holds a file
    /// whole. They take their names only once `check` has passed (the whole chain checked, on
    /// the other core while they were written); if it throws, they are removed.
    package func write(into directory: String, afterChecking check: () throws(ConsoleError) -> Void) throws(ConsoleError) -> [String] {
        let writers: [(OutputSink) -> Void] = [writeMarkdown, writeJSON, writeHTML]
        var pending: [Files.PendingFile] = []
        var created: [String] = []
        /// Nothing is left behind: the files, and the folders made for them.
        func discard() {
            for file in pending { file.discard() }
            for folder in created.reversed() { rmdir(folder) }
        }
        do {
            created = try Files.makeDirectories(directory)
            for (name, write) in zip(fileNames, writers) {
                pending.append(try Files.PendingFile(for: directory + "/" + name) { fd in
                    let sink = OutputSink(descriptor: fd)
                    write(sink)
                    sink.flush()
                    return sink.failure
                })
            }
        } catch {
            discard()
            throw .store(error)
        }
        do {
            try check()
        } catch {
            discard()
            throw error
        }
        do {
            for file in pending { try file.commit() }
        } catch {
            throw .store(error)
        }
        return pending.map(\.path)
    }
}

/// Escaping for text placed in HTML.
enum HTML {
    /// `text` with the five characters HTML gives a meaning escaped. They are all ASCII, so
    /// the work is on UTF-8 bytes; most cells hold none of them and are returned as they are
    /// (a large log's review escapes a million cells).
    static func escape(_ text: String) -> String {
        func special(_ byte: UInt8) -> Bool { byte == 0x26 || byte == 0x3C || byte == 0x3E || byte == 0x22 || byte == 0x27 }
        guard text.utf8.contains(where: special) else { return text }
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count + 16)
        for byte in text.utf8 {
            switch byte {
            case 0x26: out += "&amp;".utf8
            case 0x3C: out += "&lt;".utf8
            case 0x3E: out += "&gt;".utf8
            case 0x22: out += "&quot;".utf8
            case 0x27: out += "&#39;".utf8
            default: out.append(byte)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}

/// Grouped bar charts as inline SVG.
///
/// Every label is whole and none overlaps another: axis labels that are wider than their
/// group are turned to read upwards, with room made below the axis for the longest; the
/// legend wraps onto as many rows as it needs, and the chart widens for its widest entry.
enum Chart {
    /// The width of text at the page's 11px chart font, a little generous so that nothing
    /// meets its neighbour.
    static func textWidth(_ text: String) -> Double { Double(text.count) * 6.6 + 4 }

    /// Axis labels turned this far (degrees) when they do not fit their group.
    static let slant = 40.0

    static func bars(id: String, caption: String, labels: [String], series: [(name: String, values: [Int], color: String)]) -> String {
        let top = 20.0, left = 40.0, plot = 160.0
        let group = max(36.0, Double(series.count) * 18.0 + 12.0)
        let widest = labels.map(textWidth).max() ?? 0
        let turned = widest > group - 4
        let radians = slant * .pi / 180
        // Below the axis: the labels (turned, they need their width times the sine).
        let labelDepth = turned ? widest * sin(radians) + 12 : 18
        let axis = top + plot
        // The legend's entries, placed in rows under the labels.
        let legendWidths = series.map { 14 + textWidth($0.name) + 12 }
        var width = max(left + Double(max(labels.count, 1)) * group + 20.0, left + (legendWidths.max() ?? 0) + 10)
        // A turned first label reaches left of its group: keep it inside the picture.
        if turned, let first = labels.first { width = max(width, width + max(0, textWidth(first) * cos(radians) - left - group / 2)) }
        var legend: [(x: Double, row: Int)] = []
        var x = left, row = 0
        for w in legendWidths {
            if x > left, x + w > width - 10 { x = left; row += 1 }
            legend.append((x, row))
            x += w
        }
        let legendTop = axis + labelDepth + 6
        let height = legendTop + Double(row + 1) * 16 + 4
        let peak = max(1, series.flatMap(\.values).max() ?? 1)
        var svg = "<figure id=\"\(id)\">\n<figcaption>\(HTML.escape(caption))</figcaption>\n"
        guard !labels.isEmpty else { return svg + "<p>No data yet.</p>\n</figure>\n" }
        svg += "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"\(Int(width.rounded(.up)))\" height=\"\(Int(height.rounded(.up)))\" viewBox=\"0 0 \(Int(width.rounded(.up))) \(Int(height.rounded(.up)))\">\n"
        svg += "<title>\(HTML.escape(caption))</title>\n"
        svg += "<line x1=\"\(left)\" y1=\"\(axis)\" x2=\"\(Self.f(width - 10))\" y2=\"\(axis)\" stroke=\"#888\"/>\n"
        svg += "<text class=\"scale\" x=\"\(left - 6)\" y=\"\(top + 4)\" text-anchor=\"end\">\(peak)</text>\n"
        svg += "<text class=\"scale\" x=\"\(left - 6)\" y=\"\(axis)\" text-anchor=\"end\">0</text>\n"
        let bar = (group - 12.0) / Double(max(series.count, 1))
        for (i, label) in labels.enumerated() {
            let x0 = left + Double(i) * group + 6.0
            for (s, item) in series.enumerated() {
                let value = i < item.values.count ? item.values[i] : 0
                let h = plot * Double(value) / Double(peak)
                let x = x0 + Double(s) * bar
                svg += "<rect class=\"bar\" x=\"\(Self.f(x))\" y=\"\(Self.f(axis - h))\" width=\"\(Self.f(bar - 2))\" height=\"\(Self.f(h))\" fill=\"\(item.color)\"><title>\(HTML.escape("\(label) — \(item.name): \(value)"))</title></rect>\n"
            }
            let cx = x0 + (group - 12) / 2
            if turned {
                let y = axis + 10
                svg += "<text class=\"label\" x=\"\(Self.f(cx))\" y=\"\(Self.f(y))\" text-anchor=\"end\" transform=\"rotate(-\(Self.f(slant)) \(Self.f(cx)) \(Self.f(y)))\">\(HTML.escape(label))</text>\n"
            } else {
                svg += "<text class=\"label\" x=\"\(Self.f(cx))\" y=\"\(Self.f(axis + 14))\" text-anchor=\"middle\">\(HTML.escape(label))</text>\n"
            }
        }
        for (item, place) in zip(series, legend) {
            let y = legendTop + Double(place.row) * 16
            svg += "<g class=\"legend\"><rect x=\"\(Self.f(place.x))\" y=\"\(Self.f(y))\" width=\"10\" height=\"10\" fill=\"\(item.color)\"/>"
            svg += "<text x=\"\(Self.f(place.x + 14))\" y=\"\(Self.f(y + 9))\">\(HTML.escape(item.name))</text></g>\n"
        }
        return svg + "</svg>\n</figure>\n"
    }

    static func f(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        return tenths % 10 == 0 ? String(tenths / 10) : "\(tenths / 10).\(abs(tenths % 10))"
    }
}
