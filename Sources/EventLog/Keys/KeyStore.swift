#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// Where the keys that seal contacts' personal data are kept, beside the log: one key per
/// contact, so that destroying it makes that contact's name and e-mail unreadable wherever
/// the sealed bytes went (the log, checkpoints, exports, backups of the log).
///
/// The store holds bytes under ids and knows nothing of what they seal; the application
/// makes the keys and seals with them. Unlike the log, it is not append-only: `destroy`
/// is the one operation the log itself cannot do.
package protocol KeyStore: Sendable {
    /// Where the keys are, for messages: a path, or a table of a shared log.
    var location: String { get }
    /// Every key kept, by id. An empty store (or none yet) holds none.
    func keys() throws(StoreError) -> [String: [UInt8]]
    /// Keeps `key` under `id` durably: it must outlive the record that needs it, so it is
    /// kept before that record is appended.
    func add(_ key: [UInt8], id: String) throws(StoreError)
    /// Destroys the key under `id` for good; destroying a key that is not kept is no error.
    func destroy(_ id: String) throws(StoreError)
}

/// Keys in memory, beside a `MemoryEventStore`.
package final class MemoryKeyStore: KeyStore {
    private let kept = Mutex<[String: [UInt8]]>([:])

    package init() {}

    package var location: String { "memory" }

    package func keys() -> [String: [UInt8]] { kept.withLock { $0 } }

    package func add(_ key: [UInt8], id: String) { kept.withLock { $0[id] = key } }

    package func destroy(_ id: String) { kept.withLock { _ = $0.removeValue(forKey: id) } }
}

/// Keys in a file beside the log (`LOG.keys`): a header line, then one `id key` line per
/// key, the key in base64.
///
/// The file holds what can read every contact, so it is created with mode 0600, exclusively
/// and never through a symbolic link, and refused when someone else owns it or anyone but
/// its owner may read or write it. A key is destroyed by writing the file again without it
/// and renaming that over the old one.
package struct FileKeyStore: KeyStore {
    package let path: String

    package init(path: String) { self.path = path }

    /// The key store beside the log at `logPath`.
    package init(beside logPath: String) { path = logPath + ".keys" }

    package var location: String { path }

    static let header = "engage keys 1\n"

    private func failure(_ operation: String, _ code: Int32 = errno) -> StoreError {
        .unavailable(location: path, operation: operation, reason: String(cString: strerror(code)))
    }

    /// Refuses a file anyone but its owner, who must be this user, may read or write.
    private func check(_ fd: Int32, _ operation: String) throws(StoreError) {
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw failure(operation) }
        guard info.st_mode & S_IFMT == S_IFREG else {
            throw .unavailable(location: path, operation: operation, reason: "not a regular file")
        }
        guard info.st_uid == geteuid() else {
            throw .unavailable(location: path, operation: operation, reason: "owned by someone else (uid \(info.st_uid))")
        }
        guard info.st_mode & 0o077 == 0 else {
            throw .unavailable(location: path, operation: operation,
                               reason: "others may read or write it (mode \(String(info.st_mode & 0o777, radix: 8))); it must be 0600")
        }
    }

    package func keys() throws(StoreError) -> [String: [UInt8]] {
        let fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK)
        if fd < 0 {
            if errno == ENOENT { return [:] }
            throw failure("read the key store")
        }
        defer { close(fd) }
        try check(fd, "read the key store")
        while flock(fd, LOCK_SH) != 0 { guard errno == EINTR else { throw failure("lock the key store") } }
        return try parse(try contents(fd, "read the key store"))
    }

    package func add(_ key: [UInt8], id: String) throws(StoreError) {
        try locked("keep a key") { fd throws(StoreError) in
            var line = Array("\(id) \(Base64.encode(key))\n".utf8)
            var info = stat()
            guard fstat(fd, &info) == 0 else { throw failure("keep a key") }
            if info.st_size == 0 {
                line = Array(Self.header.utf8) + line
            } else if FileDescriptor.read(fd, count: 1, at: Int64(info.st_size) - 1) != [0x0A] {
                // A line a crash cut short: end it, so this key is not swallowed with it.
                line = [0x0A] + line
            }
            if let code = FileDescriptor.writeAll(fd, line) { throw failure("keep a key", code) }
            guard fsync(fd) == 0 else { throw failure("keep a key") }
        }
    }

    /// Keeps every key of `keys` in one write (an imported log's keys), beside any kept
    /// already; refuses, writing nothing, if it keeps another key under one of their ids.
    /// Returns the keys it added (those it did not hold already), for `takeBack`.
    @discardableResult
    package func addAll(_ keys: [String: [UInt8]]) throws(StoreError) -> [String: [UInt8]] {
        guard !keys.isEmpty else { return [:] }
        var added: [String: [UInt8]] = [:]
        try locked("keep the imported keys in") { fd throws(StoreError) in
            var merged = try parse(try contents(fd, "read the key store"))
            for (id, key) in keys {
                if let kept = merged[id] {
                    guard kept == key else {
                        throw .unavailable(location: path, operation: "keep the imported keys in",
                                           reason: "it holds another key for contact \(id)")
                    }
                    continue
                }
                merged[id] = key
                added[id] = key
            }
            try rewrite(merged)
        }
        return added
    }

    /// Takes back what `addAll` added (an import that failed after keeping its keys): each
    /// of `keys` still held with the same key goes, and nothing else. A store left with no
    /// key is removed, under its lock; one where another process kept a key meanwhile stays.
    package func takeBack(_ keys: [String: [UInt8]]) throws(StoreError) {
        guard !keys.isEmpty else { return }
        try locked("take back the imported keys from") { fd throws(StoreError) in
            var kept = try parse(try contents(fd, "read the key store"))
            for (id, key) in keys where kept[id] == key { kept.removeValue(forKey: id) }
            if kept.isEmpty {
                guard unlink(path) == 0 else { throw failure("take back the imported keys from") }
            } else {
                try rewrite(kept)
            }
        }
    }

    package func destroy(_ id: String) throws(StoreError) {
        try locked("destroy a key") { fd throws(StoreError) in
            var keys = try parse(try contents(fd, "destroy a key"))
            guard keys.removeValue(forKey: id) != nil else { return }
            try rewrite(keys)
        }
    }

    /// Writes the whole store anew, holding `keys`, and renames it over the old file. The
    /// caller holds the lock.
    private func rewrite(_ keys: [String: [UInt8]]) throws(StoreError) {
        var out = Self.header
        for (id, key) in keys.sorted(by: { $0.key < $1.key }) { out += "\(id) \(Base64.encode(key))\n" }
        try Files.writeAtomically(Array(out.utf8), to: path, mode: 0o600)
    }

    /// Runs `body` on the key file under an exclusive lock, creating the file if there is
    /// none. The lock is taken on the file now at `path`: a writer that locked a file
    /// `destroy` has since replaced opens the new one.
    private func locked(_ operation: String, _ body: (Int32) throws(StoreError) -> Void) throws(StoreError) {
        while true {
            var fd = open(path, O_RDWR | O_APPEND | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
            if fd < 0 {
                guard errno == EEXIST else { throw failure(operation) }
                fd = open(path, O_RDWR | O_APPEND | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK)
                guard fd >= 0 else { throw failure(operation) }
            }
            defer { close(fd) }
            try check(fd, operation)
            while flock(fd, LOCK_EX) != 0 { guard errno == EINTR else { throw failure(operation) } }
            var held = stat()
            var current = stat()
            guard fstat(fd, &held) == 0 else { throw failure(operation) }
            guard lstat(path, &current) == 0, current.st_ino == held.st_ino, current.st_dev == held.st_dev else { continue }
            try body(fd)
            return
        }
    }

    private func contents(_ fd: Int32, _ operation: String) throws(StoreError) -> [UInt8] {
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw failure(operation) }
        guard info.st_size > 0 else { return [] }
        guard let bytes = FileDescriptor.read(fd, count: Int(info.st_size), at: 0) else { throw failure(operation) }
        return bytes
    }

    private func parse(_ bytes: [UInt8]) throws(StoreError) -> [String: [UInt8]] {
        guard !bytes.isEmpty else { return [:] }
        let text = String(decoding: bytes, as: UTF8.self)
        guard text.hasPrefix(Self.header) else {
            throw .unavailable(location: path, operation: "read the key store", reason: "not an engage key store")
        }
        var keys: [String: [UInt8]] = [:]
        for line in text.dropFirst(Self.header.count).split(separator: "\n") {
            let parts = line.split(separator: " ")
            // A line cut short by a crash before its fsync holds a key no record needs.
            guard parts.count == 2, let key = Base64.decode(String(parts[1])) else { continue }
            keys[String(parts[0])] = key
        }
        return keys
    }
}
