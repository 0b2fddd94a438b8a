#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reading and writing small files whole: checkpoints, the review's pages.
package enum Files {
    /// Creates `path` and its parents as folders, where missing; returns those it created.
    @discardableResult
    package static func makeDirectories(_ path: String) throws(StoreError) -> [String] {
        var prefix = path.hasPrefix("/") ? "/" : ""
        var created: [String] = []
        for part in path.split(separator: "/") {
            prefix += part
            if mkdir(prefix, 0o755) == 0 {
                created.append(prefix)
            } else if errno != EEXIST {
                throw .unavailable(location: prefix, operation: "create the folder", reason: String(cString: strerror(errno)))
            }
            prefix += "/"
        }
        var info = stat()
        guard stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR else {
            throw .unavailable(location: path, operation: "use", reason: "not a folder")
        }
        return created
    }

    /// Writes a file a person named (`out=FILE`) whole or not at all, as `writeAtomically`
    /// does, and never through a symbolic link or over anything but a regular file.
    package static func writeNamed(_ text: String, to path: String) throws(StoreError) {
        var info = stat()
        if lstat(path, &info) == 0 {
            switch info.st_mode & S_IFMT {
            case S_IFREG: break
            case S_IFLNK: throw .backend(location: path, BackendError(FileStoreError.symbolicLink))
            default: throw .backend(location: path, BackendError(FileStoreError.notRegularFile))
            }
        }
        try writeAtomically(text, to: path)
    }

    /// `writeAtomically` of a text's UTF-8, written from the string's own storage: a review's
    /// page is tens of megabytes, and a copy of it as bytes as many more.
    package static func writeAtomically(_ text: String, to path: String) throws(StoreError) {
        var text = text
        try writeAtomically(to: path) { fd in text.withUTF8 { FileDescriptor.writeAll(fd, UnsafeRawBufferPointer($0)) } }
    }

    package static func writeAtomically(_ bytes: [UInt8], to path: String, sync: Bool = true, mode: mode_t = 0o644) throws(StoreError) {
        try writeAtomically(to: path, sync: sync, mode: mode) { FileDescriptor.writeAll($0, bytes) }
    }

    /// Writes a new temporary file beside `path`, syncs it (unless told not to) and renames it
    /// over `path`: readers see the old file or the new one, never a part (`PendingFile`).
    ///
    /// The bytes are written by `write` to the descriptor it is given, in pieces as they are
    /// made if it likes (a file of tens of megabytes need not be held whole); it returns the
    /// error number of a write that failed, or `nil`.
    package static func writeAtomically(to path: String, sync: Bool = true, mode: mode_t = 0o644,
                                        writing write: (Int32) -> Int32?) throws(StoreError) {
        try PendingFile(for: path, sync: sync, mode: mode, writing: write).commit()
    }

    /// A file written whole under a temporary name beside `path`, and synced (unless told not
    /// to), that takes `path`'s place only when committed: what is written can wait for a
    /// check before anyone sees it. The temporary file is created exclusively and never
    /// through a symbolic link, so a link planted under its name cannot redirect the write.
    /// `mode` is the new file's permissions (before the umask).
    package struct PendingFile {
        package let path: String
        let temporary: String
        let sync: Bool

        package init(for path: String, sync: Bool = true, mode: mode_t = 0o644, writing write: (Int32) -> Int32?) throws(StoreError) {
            var temporary = ""
            var fd: Int32 = -1
            for _ in 0..<16 {
                temporary = path + ".tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
                fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode)
                if fd >= 0 || errno != EEXIST { break }
            }
            guard fd >= 0 else { throw Self.failure(path, errno) }
            if let code = write(fd) {
                close(fd)
                unlink(temporary)
                throw Self.failure(path, code)
            }
            let synced = !sync || fsync(fd) == 0
            let code = errno
            close(fd)
            guard synced else {
                unlink(temporary)
                throw Self.failure(path, code)
            }
            self.path = path
            self.temporary = temporary
            self.sync = sync
        }

        /// Puts the file in `path`'s place.
        package func commit() throws(StoreError) {
            guard rename(temporary, path) == 0 else {
                let error = Self.failure(path, errno)
                unlink(temporary)
                throw error
            }
            // The rename is durable only once the folder is: without this, a power cut could
            // bring back the old file (a destroyed key, an older checkpoint).
            if sync { syncFolder(of: path) }
        }

        /// Removes the file: `path` stays as it was.
        package func discard() {
            unlink(temporary)
        }

        private static func failure(_ path: String, _ code: Int32) -> StoreError {
            .unavailable(location: path, operation: "write", reason: String(cString: strerror(code)))
        }
    }

    /// Syncs the folder holding `path`, so that a file created, renamed or removed in it
    /// survives a power cut.
    package static func syncFolder(of path: String) {
        let fd = open(parent(of: path), O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return }
        _ = fsync(fd)
        close(fd)
    }

    /// The folder holding `path`.
    package static func parent(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        let parent = String(path[..<slash])
        return parent.isEmpty ? "/" : parent
    }

    /// The bytes of the regular file at `path`, or `nil` when there is none or it cannot
    /// be read whole (it is not a regular file, or 4 GiB or more).
    package static func read(_ path: String) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, info.st_size < 1 << 32 else { return nil }
        return FileDescriptor.read(fd, count: Int(info.st_size), at: 0)
    }
}
