import Foundation
import Testing

/// `engage repair`: damage at the tail of a file log is moved aside, after a confirmation;
/// damage before the tail is refused.
@Suite struct RepairTests {
    typealias E = EngageProcess

    /// A log of two records, as a coordinator recorded them.
    static func log(in folder: E.Folder) throws {
        #expect(try E.command("partner add id=wash name=WASH category=cluster levels=strategic", in: folder).status == 0)
        #expect(try E.command("partner add id=edu name=Education category=cluster levels=strategic", in: folder).status == 0)
    }

    static func append(_ bytes: String, to folder: E.Folder) throws {
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: folder.path("events.jsonl")))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(bytes.utf8))
        try handle.close()
    }

    static func sideFiles(in folder: E.Folder) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder.url.path).filter { $0.hasPrefix("events.jsonl.repair-") }
    }

    @Test func aTrailingBlankLineBlocksWritesUntilRepairMovesItAside() throws {
        let folder = E.Folder()
        try Self.log(in: folder)
        try Self.append("\n", to: folder)
        let blocked = try E.command("partner add id=unicef name=UNICEF category=un-agency levels=strategic", in: folder)
        #expect(blocked.status == 1)
        #expect(blocked.stderr.contains("damaged"))

        let repaired = try E.run(["--log", "events.jsonl", "repair", "--yes"], in: folder)
        #expect(repaired.status == 0, "\(repaired.stderr)")
        #expect(repaired.stdout.contains("moved 1 byte (1 line) after record #2 to"), "\(repaired.stdout)")
        let sides = try Self.sideFiles(in: folder)
        #expect(sides == ["events.jsonl.repair-20261120T100000Z"])
        #expect(repaired.stdout.contains(sides.first ?? "?"))
        #expect(folder.read(sides.first ?? "") == "\n")

        #expect(try E.command("partner add id=unicef name=UNICEF category=un-agency levels=strategic", in: folder).status == 0)
        let verified = try E.run(["--log", "events.jsonl", "verify"], in: folder)
        #expect(verified.status == 0, "\(verified.stdout)\(verified.stderr)")
        #expect(try E.loggedIDs(in: folder).sequences == [1, 2, 3])
    }

    @Test func theSideFileHoldsExactlyTheMovedBytes() throws {
        let folder = E.Folder()
        try Self.log(in: folder)
        let before = folder.read("events.jsonl")
        let tail = "\n\ngarbage that is not a record\n{\"seq\":3,\"ts\":\"2026-11-20T10:00:00Z\",\"actor\":\"coordinator\",\"type\":\"partner.ma"
        try Self.append(tail, to: folder)
        let repaired = try E.run(["--log", "events.jsonl", "repair", "--yes"], in: folder)
        #expect(repaired.status == 0, "\(repaired.stderr)")
        #expect(repaired.stdout.contains("moved \(tail.utf8.count) bytes (4 lines) after record #2"), "\(repaired.stdout)")
        #expect(folder.read(try Self.sideFiles(in: folder).first ?? "") == tail)
        #expect(folder.read("events.jsonl") == before)
        #expect(try E.run(["--log", "events.jsonl", "repair", "--yes"], in: folder).stdout.contains("nothing to repair"))
    }

    @Test func garbageInTheMiddleIsRefusedNamingTheFirstBadRecord() throws {
        let folder = E.Folder()
        try Self.log(in: folder)
        var lines = folder.read("events.jsonl").split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        lines.insert("garbage", at: 1)
        folder.write("events.jsonl", lines.joined(separator: "\n"))
        let before = folder.read("events.jsonl")
        let refused = try E.run(["--log", "events.jsonl", "repair", "--yes"], in: folder)
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("record #2 (line 2)") || refused.stderr.contains("#2"), "\(refused.stderr)")
        #expect(refused.stderr.contains("nothing was moved"), "\(refused.stderr)")
        #expect(folder.read("events.jsonl") == before)
        #expect(try Self.sideFiles(in: folder).isEmpty)
    }

    @Test func withoutATerminalOrYesNothingIsMoved() throws {
        let folder = E.Folder()
        try Self.log(in: folder)
        try Self.append("\n", to: folder)
        let refused = try E.run(["--log", "events.jsonl", "repair"], in: folder)
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("confirm on a terminal, or pass --yes"), "\(refused.stderr)")
        #expect(try Self.sideFiles(in: folder).isEmpty)
    }

    @Test func onlyACoordinatorRepairs() throws {
        let folder = E.Folder()
        try Self.log(in: folder)
        #expect(try E.command("member add user=omar role=reviewer", in: folder).status == 0)
        try Self.append("\n", to: folder)
        let refused = try E.run(["--log", "events.jsonl", "--as", "omar", "repair", "--yes"], in: folder)
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("only a coordinator"), "\(refused.stderr)")
        #expect(try Self.sideFiles(in: folder).isEmpty)
    }
}
