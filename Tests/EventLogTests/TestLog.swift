import Foundation
@testable import EventLog

/// A log file in a fresh temporary folder, removed when the test is done with it.
final class TestLog {
    let folder: URL
    let path: String

    init(name: String = "events.jsonl") {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("engage-test-\(UUID().uuidString)")
        try! FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        path = folder.appendingPathComponent(name).path
    }

    deinit { try? FileManager.default.removeItem(at: folder) }

    static let noon = Timestamp(year: 2026, month: 11, day: 20, hour: 12)!

    func store() -> FileEventStore { FileEventStore(path: path, clock: { TestLog.noon }) }

    var text: String { (try? String(contentsOfFile: path, encoding: .utf8)) ?? "" }
    var lines: [String] { text.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init) }

    func write(_ text: String) { try! text.write(toFile: path, atomically: false, encoding: .utf8) }

    func writeLines(_ lines: [String]) { write(lines.map { $0 + "\n" }.joined()) }

    func appendRaw(_ text: String) {
        let handle = FileHandle(forWritingAtPath: path)!
        handle.seekToEndOfFile()
        handle.write(Data(text.utf8))
        try! handle.close()
    }

    func sideFiles() -> [String] {
        (try? FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.contains(".torn-") }.sorted()) ?? []
    }

    static func event(_ n: Int, actor: String = "amina") -> NewEvent {
        NewEvent(timestamp: noon, actor: actor, type: "test.happened", version: 1,
                 payload: .object([JSONMember("n", .int(n)), JSONMember("text", .string("event \(n) — ünïcode \"quoted\""))]))
    }

    /// Appends `count` single-event records through a store.
    @discardableResult
    func fill(_ count: Int) throws -> [LogRecord] {
        let store = store()
        _ = try store.poll()
        var out: [LogRecord] = []
        for n in 1...count {
            out += try store.append([TestLog.event(n)], expectingLast: store.lastSequence).records
        }
        return out
    }
}
