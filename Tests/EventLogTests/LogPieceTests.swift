import Foundation
import Testing
@testable import EventLog

/// A mapped log checked in pieces, one a core (`engage import`), finds what one pass finds.
@Suite struct LogPieceTests {
    /// Checks every piece; returns the last record reached when the pieces join into one
    /// chain, `nil` when any piece stops or two pieces do not meet.
    static func check(_ file: MappedFile, pieces count: Int) -> Int? {
        guard let pieces = file.logPieces(count) else { return nil }
        var last = 0
        for (k, piece) in pieces.enumerated() {
            let outcome = file.forEachRecord(in: piece) { _, _ in true }
            guard !outcome.stopped else { return nil }
            if k + 1 < pieces.count {
                guard outcome.lastSequence + 1 == pieces[k + 1].firstSequence, outcome.lastHash == pieces[k + 1].previousHash else { return nil }
            }
            last = outcome.lastSequence
        }
        return last
    }

    @Test func piecesOfASoundLogJoinIntoItsWholeChain() throws {
        let log = TestLog()
        let records = try log.fill(97)
        let file = try MappedFile(path: log.path)
        for count in 1...5 {
            let pieces = try #require(file.logPieces(count))
            #expect(pieces.count == count)
            #expect(pieces.first?.start == 0 && pieces.last?.end == file.bytes.count)
            #expect(Self.check(file, pieces: count) == 97)
        }
        // Each piece hands out the records a poll hands out, with their lines.
        var seen: [LogRecord] = []
        var lines: [String] = []
        for piece in try #require(file.logPieces(3)) {
            _ = file.forEachRecord(in: piece) { record, line in
                seen.append(record)
                lines.append(String(decoding: line, as: UTF8.self))
                return true
            }
        }
        #expect(seen == records)
        #expect(lines == log.lines)
    }

    @Test func anEditAnywhereStopsSomePiece() throws {
        let log = TestLog()
        try log.fill(40)
        let original = log.lines
        for edited in [0, 12, 19, 20, 21, 39] {
            var lines = original
            lines[edited] = lines[edited].replacingOccurrences(of: "event \(edited + 1) ", with: "event X ")
            log.writeLines(lines)
            let file = try MappedFile(path: log.path)
            for count in 1...4 { #expect(Self.check(file, pieces: count) == nil, "line \(edited + 1), \(count) pieces") }
        }
        // A record removed, or two swapped, at any place but the end (without its last
        // record a log is a sound, shorter log).
        for removed in [0, 13, 19, 20, 21] {
            var lines = original
            lines.remove(at: removed)
            log.writeLines(lines)
            let file = try MappedFile(path: log.path)
            for count in 1...4 { #expect(Self.check(file, pieces: count) == nil, "without line \(removed + 1), \(count) pieces") }
        }
        var swapped = original
        swapped.swapAt(19, 20)
        log.writeLines(swapped)
        for count in 1...4 { #expect(Self.check(try MappedFile(path: log.path), pieces: count) == nil) }
        // A torn last line.
        log.write(original.joined(separator: "\n"))
        for count in 1...4 { #expect(Self.check(try MappedFile(path: log.path), pieces: count) == nil) }
    }
}
