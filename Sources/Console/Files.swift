#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writing files whole.
enum Files {
    static func makeDirectories(_ path: String) throws(ConsoleError) {
        var prefix = path.hasPrefix("/") ? "/" : ""
        for part in path.split(separator: "/") {
            prefix += part
            if mkdir(prefix, 0o755) != 0, errno != EEXIST {
                throw .unexpected("cannot create the directory \(prefix): \(String(cString: strerror(errno)))")
            }
            prefix += "/"
        }
        var info = stat()
        guard stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR else {
            throw .unexpected("\(path) is not a directory")
        }
    }

    static func writeAtomically(_ text: String, to path: String) throws(ConsoleError) {
        try writeAtomically(Array(text.utf8), to: path)
    }

    /// Writes `bytes` to a temporary file beside `path`, syncs it (unless told not to) and
    /// renames it over `path`: readers see the old file or the new one, never a part.
    static func writeAtomically(_ bytes: [UInt8], to path: String, sync: Bool = true) throws(ConsoleError) {
        let temporary = path + ".tmp-\(getpid())"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw .unexpected("cannot write \(path): \(String(cString: strerror(errno)))") }
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + offset, $0.count - offset) }
            if n < 0 {
                if errno == EINTR { continue }
                let reason = String(cString: strerror(errno))
                close(fd)
                unlink(temporary)
                throw .unexpected("cannot write \(path): \(reason)")
            }
            offset += n
        }
        let synced = !sync || fsync(fd) == 0
        close(fd)
        guard synced, rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw .unexpected("cannot write \(path): \(reason)")
        }
    }
}
