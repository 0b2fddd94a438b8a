import Foundation
import Testing
@testable import EventLog

/// A whole log written at once (`engage import`) appears complete or not at all, and never
/// over a log someone else started, on file systems with and without hard links.
@Suite struct NewLogFileTests {
    static let bytes = Array("a log's bytes\n".utf8)

    static func write(_ file: NewLogFile) throws {
        try bytes.withUnsafeBufferPointer { buffer throws(StoreError) in try file.write(buffer) }
        try file.sync()
    }

    @Test(arguments: [true, false])
    func aNewLogAppearsWholeAndNothingIsLeftBeside(hardLinks: Bool) throws {
        let log = TestLog()
        let file = try NewLogFile(at: log.path)
        try Self.write(file)
        #expect(!FileManager.default.fileExists(atPath: log.path), "nothing is visible before the commit")
        try file.commit(hardLinks: hardLinks)
        #expect(try Data(contentsOf: URL(fileURLWithPath: log.path)) == Data(Self.bytes))
        #expect(try FileManager.default.contentsOfDirectory(atPath: log.folder.path) == ["events.jsonl"])
    }

    @Test(arguments: [true, false])
    func aLogSomeoneStartedMeanwhileIsKept(hardLinks: Bool) throws {
        let log = TestLog()
        let file = try NewLogFile(at: log.path)
        try Self.write(file)
        try "someone else's record\n".write(toFile: log.path, atomically: false, encoding: .utf8)
        #expect(throws: StoreError.self) { try file.commit(hardLinks: hardLinks) }
        file.discard()
        #expect(try String(contentsOfFile: log.path, encoding: .utf8) == "someone else's record\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: log.folder.path) == ["events.jsonl"])
    }
}
