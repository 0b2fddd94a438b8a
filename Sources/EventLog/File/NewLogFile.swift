#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A whole log file written at once (`engage import`): into a temporary file in the log's
/// folder, synced, then put at the log's path in one step, so that the log appears complete
/// or not at all.
///
/// * The log's path must hold nothing, or an empty regular file; a symbolic link is refused,
///   as everywhere a file store writes, and so is a log with records.
/// * An empty log there stays locked (`flock`, as a writer takes it) until the new file has
///   replaced it: a writer waiting for it then finds the file replaced and stops. A path that
///   held nothing is filled with `link`, which fails rather than replace a log someone
///   started meanwhile; where the file system has no hard links, by a rename over an empty
///   file of the import's own, created exclusively and locked.
/// * Nothing is visible before `commit`; `discard` (or a failure) removes the temporary file.
///
/// `@unchecked Sendable`: one thread writes and syncs; the caller commits or discards only
/// after that thread has finished.
package final class NewLogFile: @unchecked Sendable {
    package let path: String
    private let temporary: String
    private var fd: Int32
    /// The empty log at `path`, locked; -1 when there was none.
    private var existing: Int32

    /// Checks the log's path and creates the temporary file beside it.
    package init(at path: String) throws(StoreError) {
        self.path = path
        existing = -1
        var info = stat()
        if lstat(path, &info) == 0 {
            switch info.st_mode & S_IFMT {
            case S_IFREG: break
            case S_IFLNK: throw .backend(location: path, BackendError(FileStoreError.symbolicLink))
            case S_IFDIR: throw .backend(location: path, BackendError(FileStoreError.isDirectory))
            default: throw .backend(location: path, BackendError(FileStoreError.notRegularFile))
            }
            let fd = open(path, O_RDWR | O_NOFOLLOW | O_CLOEXEC)
            guard fd >= 0 else { throw FileStoreError.failure(path: path, "open for writing", errno) }
            while flock(fd, LOCK_EX) != 0 {
                guard errno == EINTR else {
                    close(fd)
                    throw FileStoreError.failure(path: path, "lock", errno)
                }
            }
            var held = stat()
            guard fstat(fd, &held) == 0, held.st_size == 0 else {
                close(fd)
                throw .backend(location: path, BackendError(FileStoreError.notEmpty))
            }
            existing = fd
        } else if errno != ENOENT {
            throw FileStoreError.failure(path: path, "inspect", errno)
        }
        let folder = Files.parent(of: path)
        var folderInfo = stat()
        guard stat(folder, &folderInfo) == 0, folderInfo.st_mode & S_IFMT == S_IFDIR else {
            if existing >= 0 { close(existing) }
            throw .backend(location: path, BackendError(FileStoreError.noFolder(folder)))
        }
        var name = ""
        var created: Int32 = -1
        for _ in 0..<16 {
            name = path + ".import-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
            created = open(name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o644)
            if created >= 0 || errno != EEXIST { break }
        }
        guard created >= 0 else {
            let code = errno
            if existing >= 0 { close(existing) }
            throw FileStoreError.failure(path: path, "create a file beside", code)
        }
        temporary = name
        fd = created
    }

    deinit {
        discard()
    }

    /// Writes `bytes` after what was written before.
    package func write(_ bytes: UnsafeBufferPointer<UInt8>) throws(StoreError) {
        guard let base = bytes.baseAddress else { return }
        let piece = 8 << 20
        var offset = 0
        while offset < bytes.count {
            let count = min(piece, bytes.count - offset)
            if let code = FileDescriptor.writeAll(fd, UnsafeRawBufferPointer(start: base + offset, count: count)) {
                throw FileStoreError.failure(path: path, "write", code)
            }
            offset += count
        }
    }

    /// Makes everything written durable.
    package func sync() throws(StoreError) {
        guard fsync(fd) == 0 else { throw FileStoreError.failure(path: path, "sync", errno) }
    }

    /// Puts the file at the log's path, then syncs the folder: the log is there, whole.
    package func commit() throws(StoreError) {
        try commit(hardLinks: true)
    }

    /// `hardLinks: false` places the file as on a file system without hard links (FAT,
    /// exFAT, some network mounts), where `link` fails: the path is first held by an empty
    /// file of this import's own, locked as a writer locks a log, and the new file is renamed
    /// over it. A writer that got there first and wrote records keeps its log.
    func commit(hardLinks: Bool) throws(StoreError) {
        precondition(fd >= 0, "commit once")
        close(fd)
        fd = -1
        if existing < 0 {
            if hardLinks, link(temporary, path) == 0 {
                unlink(temporary)
                Files.syncFolder(of: path)
                return
            }
            let code = hardLinks ? errno : EPERM
            if code == EEXIST { throw .backend(location: path, BackendError(FileStoreError.notEmpty)) }
            guard [EPERM, EOPNOTSUPP, ENOSYS].contains(code) else { throw FileStoreError.failure(path: path, "write", code) }
            let placeholder = open(path, O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o644)
            guard placeholder >= 0 else {
                if errno == EEXIST { throw .backend(location: path, BackendError(FileStoreError.notEmpty)) }
                throw FileStoreError.failure(path: path, "write", errno)
            }
            existing = placeholder
            while flock(placeholder, LOCK_EX) != 0 {
                guard errno == EINTR else { throw FileStoreError.failure(path: path, "lock", errno) }
            }
        }
        // Still empty, and still the file at the path, under the lock.
        var held = stat()
        var named = stat()
        guard fstat(existing, &held) == 0, held.st_size == 0, lstat(path, &named) == 0,
              named.st_ino == held.st_ino, named.st_dev == held.st_dev else {
            throw .backend(location: path, BackendError(FileStoreError.notEmpty))
        }
        guard rename(temporary, path) == 0 else { throw FileStoreError.failure(path: path, "write", errno) }
        Files.syncFolder(of: path)
        close(existing)
        existing = -1
    }

    /// Removes the temporary file, if it is still there; the log's path is left as it was.
    package func discard() {
        if fd >= 0 {
            close(fd)
            fd = -1
            unlink(temporary)
        } else if access(temporary, F_OK) == 0 {
            unlink(temporary)
        }
        if existing >= 0 {
            close(existing)
            existing = -1
        }
    }
}
