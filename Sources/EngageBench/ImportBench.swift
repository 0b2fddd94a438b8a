import Application
import EventLog
import Foundation
import PostgresLog

#if canImport(Glibc)
import Glibc
#endif

/// `engage import LOG --log NEW.jsonl`, the binary as people run it, against writing the
/// same bytes bare (one `write` of the bytes already in memory, then `fsync`) in the same
/// run. The runs are interleaved, so both see the same load on the machine; the medians are
/// compared, against a target of half the bare write's speed.
func importIntoFile(log: String, events: Int, folder: String, runs: Int = 3) throws {
    guard let engage = ChildRun.engage else {
        print("  (import skipped: no engage binary beside EngageBench)")
        return
    }
    let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: log)))
    let target = folder + "/imported.jsonl"
    let bare = folder + "/imported-bare.jsonl"
    var imports: [Double] = []
    var writes: [Double] = []
    for run in 0..<runs {
        unlink(bare)
        writes.append(seconds {
            let fd = open(bare, O_WRONLY | O_CREAT | O_EXCL, 0o644)
            writeAll(fd, bytes)
            _ = fsync(fd)
            close(fd)
        })
        unlink(bare)
        unlink(target)
        let child = try ChildRun.run(engage, ["import", log, "--log", target], environment: ["NO_COLOR": "1"])
        precondition(child.status == 0, "engage import ran")
        imports.append(child.total)
        if run == 0 {
            precondition(FileManager.default.contents(atPath: target) == Data(bytes), "the import is byte for byte the log")
        }
        unlink(target)
    }
    let median = { (times: [Double]) in times.sorted()[times.count / 2] }
    report("engage import into a new file log", count: events, time: median(imports),
           baselineName: "bare write+fsync of the same bytes", baselineTime: median(writes), target: .ratio(0.5))
    print("  (\(runs) runs, interleaved: import " + imports.map { String(format: "%.0f", $0 * 1000) }.joined(separator: ", ")
          + " ms; bare write " + writes.map { String(format: "%.0f", $0 * 1000) }.joined(separator: ", ")
          + String(format: " ms; %.0f MiB; checked on %d threads while a third writes)",
                   Double(bytes.count) / 1_048_576, LogImport.checkingThreads))
}

/// `EngageBench --copy-rows LOG OUT`: the rows `engage import` sends to PostgreSQL for LOG,
/// as one `COPY … FROM STDIN` text file, for the baseline of scripts/bench-postgres (the
/// same rows copied by psql, with nothing checked).
func copyRows(_ arguments: [String]) throws {
    guard arguments.count >= 3 else {
        print("usage: EngageBench --copy-rows LOG OUT")
        exit(2)
    }
    let file = try MappedFile(path: arguments[1])
    var reader = LogImport.Reader(file)
    var rows = CopyRows(capacity: 2 << 20)
    let fd = open(arguments[2], O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    precondition(fd >= 0, "the rows' file opened")
    while let record = try reader.next() {
        rows.append(record)
        if rows.count >= 1 << 20 {
            writeAll(fd, rows.bytes)
            rows.removeAll()
        }
    }
    writeAll(fd, rows.bytes)
    close(fd)
    print("rows=\(reader.count)")
}
