#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Engagement
import EventLog

/// The model of a log up to some record, kept in a file beside the log (`LOG.checkpoint`)
/// so that a session on a large log replays only what was recorded since.
///
/// Never trusted: the file carries its own digest, the format and fold versions, and the
/// position it stands for (sequence number, chain hash, byte offsets). A session uses it
/// only after the store has found that very record at that very place in the log;
/// anything that does not match is ignored, and a full replay writes a new one.
package struct CheckpointFile: Sendable {
    package let path: String

    /// Logs smaller than this replay in a blink: no checkpoint.
    package static let minimumEvents = 10_000
    /// A new checkpoint is written once this many events were read past the last one.
    package static let interval = 10_000

    package init(path: String) { self.path = path }

    /// The checkpoint beside the log at `logPath`.
    package init(beside logPath: String) { path = logPath + ".checkpoint" }

    static let magic = Array("engage checkpoint\n".utf8)
    static let formatVersion = 1

    /// The saved position and model, or `nil` when there is none or it cannot be trusted.
    package func load() -> (position: LogPosition, model: Model)? {
        guard let bytes = Self.readFile(path), bytes.count > Self.magic.count + 64,
              bytes.starts(with: Self.magic) else { return nil }
        let body = bytes.count - 64
        let digest = bytes.withUnsafeBytes { all in
            ChainHash.chaining(UnsafeRawBufferPointer(rebasing: all[..<body]), to: .genesis)
        }
        guard digest.description.utf8.elementsEqual(bytes[body...]) else { return nil }
        return bytes.withUnsafeBytes { all -> (LogPosition, Model)? in
            var header = HeaderReader(bytes: UnsafeRawBufferPointer(rebasing: all[Self.magic.count..<body]))
            guard header.int() == Self.formatVersion, header.int() == Model.checkpointVersion,
                  let sequence = header.int(), let hash = header.hash(), let previous = header.hash(),
                  let lineStart = header.int(), let end = header.int(), let length = header.int(),
                  length == header.remaining else { return nil }
            guard let model = Model(checkpoint: header.rest), model.lastSequence == sequence else { return nil }
            return (LogPosition(sequence: sequence, hash: hash, previousHash: previous, lineStart: Int64(lineStart), end: Int64(end)), model)
        }
    }

    /// Writes the model as of `position`, whole or not at all. Best effort: a checkpoint
    /// that cannot be written (a read-only folder) only means the next start replays.
    @discardableResult
    package func save(_ model: Model, at position: LogPosition) -> Bool {
        precondition(model.lastSequence == position.sequence)
        var out = Self.magic
        func int(_ value: Int) { out += Array("\(value)\n".utf8) }
        int(Self.formatVersion)
        int(Model.checkpointVersion)
        int(position.sequence)
        out += Array((position.hash.description + "\n").utf8)
        out += Array((position.previousHash.description + "\n").utf8)
        int(Int(position.lineStart))
        int(Int(position.end))
        let bytes = model.checkpointBytes()
        int(bytes.count)
        out += bytes
        let digest = out.withUnsafeBytes { ChainHash.chaining($0, to: .genesis) }
        out += Array(digest.description.utf8)

        // No fsync: a checkpoint lost in a crash only means the next start replays.
        do {
            try Files.writeAtomically(out, to: path, sync: false)
            return true
        } catch {
            return false
        }
    }

    static func readFile(_ path: String) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, info.st_size < 1 << 32 else { return nil }
        let size = Int(info.st_size)
        var bytes = [UInt8](repeating: 0, count: size)
        var got = 0
        while got < size {
            let n = bytes.withUnsafeMutableBytes { pread(fd, $0.baseAddress! + got, size - got, off_t(got)) }
            if n < 0, errno == EINTR { continue }
            guard n > 0 else { return nil }
            got += n
        }
        return bytes
    }

    /// The header: one decimal number or hash a line, then the model's bytes.
    private struct HeaderReader {
        let bytes: UnsafeRawBufferPointer
        var index = 0

        var remaining: Int { bytes.count - index }
        var rest: UnsafeRawBufferPointer { UnsafeRawBufferPointer(rebasing: bytes[index...]) }

        mutating func line() -> Substring? {
            guard let newline = bytes[index...].firstIndex(of: 0x0A), newline - index <= 64 else { return nil }
            let text = String(decoding: bytes[index..<newline], as: UTF8.self)
            index = newline + 1
            return Substring(text)
        }
        mutating func int() -> Int? { line().flatMap { Int($0) } }
        mutating func hash() -> ChainHash? { line().flatMap { ChainHash(hex: String($0)) } }
    }
}
