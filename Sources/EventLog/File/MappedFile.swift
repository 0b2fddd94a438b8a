#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A regular file's bytes, mapped read-only: a log read once and whole (an import) without
/// copying it into the process, and shared by the threads that check it.
///
/// A file cut short while it is mapped ends the process (`SIGBUS`): map only a file nobody
/// is writing, as an import's source is.
///
/// `@unchecked Sendable` because the mapping is read-only and never changes after `init`:
/// any number of threads may read `bytes` at once.
package final class MappedFile: @unchecked Sendable {
    package let path: String
    package let bytes: UnsafeBufferPointer<UInt8>
    private let mapped: UnsafeMutableRawPointer?

    /// Maps the file at `path` (through a symbolic link, as any read does); refuses a
    /// directory, a FIFO or a device, which have no bytes to map.
    package init(path: String) throws(StoreError) {
        self.path = path
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard fd >= 0 else {
            throw FileStoreError.failure(path: path, "read", errno)
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw FileStoreError.failure(path: path, "read", errno) }
        if info.st_mode & S_IFMT == S_IFDIR { throw .backend(location: path, BackendError(FileStoreError.isDirectory)) }
        guard info.st_mode & S_IFMT == S_IFREG else { throw .backend(location: path, BackendError(FileStoreError.notRegularFile)) }
        let size = Int(info.st_size)
        guard size > 0 else {
            mapped = nil
            bytes = UnsafeBufferPointer(start: nil, count: 0)
            return
        }
        guard let address = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), address != MAP_FAILED else {
            throw FileStoreError.failure(path: path, "read", errno)
        }
        // Let the kernel read ahead. Not MADV_SEQUENTIAL: pages read are not done with, as
        // several threads read the file at different places (and one writes it out).
        _ = madvise(address, size, MADV_WILLNEED)
        mapped = address
        bytes = UnsafeBufferPointer(start: address.assumingMemoryBound(to: UInt8.self), count: size)
    }

    /// Gives back the pages wholly within `part` (bytes of this file): they stop counting in
    /// the process's memory, and read the same from the file if read again. A part outside
    /// the file gives back nothing.
    package func release(_ part: UnsafeRawBufferPointer) {
        guard let mapped, let start = part.baseAddress, start >= UnsafeRawPointer(mapped),
              start + part.count <= UnsafeRawPointer(mapped) + bytes.count else { return }
        let page = Self.pageSize
        let from = (UnsafeRawPointer(mapped).distance(to: start) + page - 1) / page * page
        let end = UnsafeRawPointer(mapped).distance(to: start + part.count) / page * page
        guard from < end else { return }
        _ = madvise(mapped + from, end - from, MADV_DONTNEED)
    }

    private static let pageSize = Int(sysconf(Int32(_SC_PAGESIZE)))

    deinit {
        if let mapped { munmap(mapped, bytes.count) }
    }
}
