#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A part of a log file held whole in memory, to be checked on its own: its lines from byte
/// `start` up to `end`, the first of them record `firstSequence`, chained to `previousHash`.
///
/// Each record's hash covers the hash before it, and the record before it states that hash
/// as its own last member. So a piece that starts in the middle of a log can be checked from
/// the hash its previous line states, on another core; the pieces together check the whole
/// chain once each ends with the record, and the hash, the next one starts from.
package struct LogPiece: Equatable, Sendable {
    package var start: Int
    package var end: Int
    package var firstSequence: Int
    package var previousHash: ChainHash
}

/// How checking a piece ended.
package struct PieceOutcome: Sendable {
    /// The last record checked and its hash (`firstSequence - 1` and `previousHash` for none).
    package var lastSequence: Int
    package var lastHash: ChainHash
    /// Whether something stopped it before its end: damage, bytes after the last newline, or
    /// the visitor.
    package var stopped: Bool
}

extension MappedFile {
    /// Cuts the file at line boundaries into at most `count` pieces of about the same size,
    /// each starting from what the line before it states. `nil` when a cut falls where no
    /// record states its number or hash: the caller checks the file as one piece, which
    /// finds the damage and names it.
    package func logPieces(_ count: Int) -> [LogPiece]? {
        let size = bytes.count
        var pieces = [LogPiece(start: 0, end: size, firstSequence: 1, previousHash: .genesis)]
        guard count > 1, size > 0, let base = bytes.baseAddress else { return pieces }
        for k in 1..<count {
            let target = pieces[pieces.count - 1].start + (size - pieces[pieces.count - 1].start) / (count - k + 1)
            guard target > pieces[pieces.count - 1].start, let newline = memchr(base + target, 0x0A, size - target) else { break }
            let cut = base.distance(to: newline.assumingMemoryBound(to: UInt8.self)) + 1
            guard cut < size else { break }
            guard let sequence = Self.sequence(of: UnsafeBufferPointer(rebasing: bytes[cut...])),
                  let hash = Self.statedHash(before: cut, in: bytes) else { return nil }
            pieces[pieces.count - 1].end = cut
            pieces.append(LogPiece(start: cut, end: size, firstSequence: sequence, previousHash: hash))
        }
        return pieces
    }

    /// Checks each record of `piece` against the chain and hands it to `visit` with its line
    /// (without the newline); stops at the first damage, or when `visit` returns false. A
    /// line longer than a log file may hold is damage, as it is to `verify`. `progress` is
    /// told of the bytes checked every few MiB (the caller says when the whole begins and ends).
    package func forEachRecord(in piece: LogPiece, progress: (any ReadProgress)? = nil,
                               _ visit: (LogRecord, UnsafeBufferPointer<UInt8>) -> Bool) -> PieceOutcome {
        var scanner = LogScanner(after: piece.firstSequence - 1, hash: piece.previousHash)
        guard let base = bytes.baseAddress else {
            return PieceOutcome(lastSequence: scanner.lastSequence, lastHash: scanner.lastHash, stopped: false)
        }
        var start = piece.start
        var stopped = false
        var told = start
        defer { progress?.advanced(by: Int64(start - told)) }
        while start < piece.end {
            if let progress, start - told >= Self.progressStep {
                progress.advanced(by: Int64(start - told))
                told = start
            }
            guard let newline = memchr(base + start, 0x0A, piece.end - start) else {
                stopped = true
                break
            }
            let end = base.distance(to: newline.assumingMemoryBound(to: UInt8.self))
            let line = UnsafeBufferPointer(start: base + start, count: end - start)
            guard line.count <= FileEventStore.maximumLineLength, let record = try? scanner.next(line), visit(record, line) else {
                stopped = true
                break
            }
            start = end + 1
        }
        return PieceOutcome(lastSequence: scanner.lastSequence, lastHash: scanner.lastHash, stopped: stopped)
    }

    /// How many bytes a reader of a mapped file reads between two words to its `progress`.
    package static let progressStep = 4 << 20

    /// The sequence number a line starting `{"seq":N,` states.
    private static func sequence(of line: UnsafeBufferPointer<UInt8>) -> Int? {
        let prefix = #"{"seq":"#.utf8
        guard line.count > prefix.count, line.starts(with: prefix) else { return nil }
        guard let (value, end) = CompactJSON.integer(line, at: prefix.count), end < line.count, line[end] == UInt8(ascii: ",") else {
            return nil
        }
        return value
    }

    /// The hash the line ending just before `offset` states as its last member.
    private static func statedHash(before offset: Int, in bytes: UnsafeBufferPointer<UInt8>) -> ChainHash? {
        // …,"hash":"<64 hex digits>"}\n
        guard offset >= LogLine.hashSuffixLength + 1 else { return nil }
        let end = offset - 1
        guard bytes[end - 1] == UInt8(ascii: "}"), bytes[end - 2] == UInt8(ascii: "\"") else { return nil }
        return ChainHash(hex: UnsafeBufferPointer(rebasing: bytes[(end - 66)..<(end - 2)]))
    }
}
