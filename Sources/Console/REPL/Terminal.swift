#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Engagement
import EventLog

/// The few facts about standard streams the console needs, and unbuffered writes to them.
package enum Terminal {
    static func isTerminal(_ fd: Int32) -> Bool { isatty(fd) == 1 }

    /// Whether `fd` is a pipe (whose reader, a pager, may hold the terminal).
    static func isPipe(_ fd: Int32) -> Bool {
        var info = stat()
        return fstat(fd, &info) == 0 && info.st_mode & S_IFMT == S_IFIFO
    }

    /// Columns of the terminal on `fd`, or `nil` when it is not a terminal.
    package static func width(of fd: Int32) -> Int? {
        guard isTerminal(fd) else { return nil }
        var size = winsize()
        guard ioctl(fd, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return 80 }
        return Int(size.ws_col)
    }

    /// Rows of the terminal on `fd` (24 when unknown).
    static func height(of fd: Int32) -> Int {
        var size = winsize()
        guard ioctl(fd, UInt(TIOCGWINSZ), &size) == 0, size.ws_row > 0 else { return 24 }
        return Int(size.ws_row)
    }

    /// Writes all of `text` to `fd` (retrying short writes), so an acknowledgement printed
    /// after a durable append is out of the process before the next command runs.
    package static func write(_ text: String, to fd: Int32) {
        var text = text
        // In place: a large view's text is not copied once more to be written.
        _ = text.withUTF8 { FileDescriptor.writeAll(fd, UnsafeRawBufferPointer($0)) }
    }

    package static func write(bytes: [UInt8], to fd: Int32) {
        _ = FileDescriptor.writeAll(fd, bytes)
    }

    /// The operating system's name for the user running this process.
    static func systemUserName() -> String? {
        if let entry = getpwuid(geteuid()), let name = entry.pointee.pw_name {
            return String(cString: name)
        }
        return nil
    }

    static func currentTime() -> Timestamp {
        Timestamp(secondsSinceEpoch: Int64(time(nil)))
    }
}


/// Lines of a file descriptor as raw bytes, so that invalid UTF-8 is reported rather than
/// silently replaced (as `readLine` does). A line longer than `limit` is never held whole:
/// its bytes are counted and dropped up to its newline, and it is reported as too long.
package struct LineInput {
    package enum Line: Equatable {
        case text(String)
        case invalidUTF8
        /// Longer than the limit; `bytes` counts it without its newline.
        case tooLong(bytes: Int)
    }

    private let fd: Int32
    private let limit: Int
    private var buffer: [UInt8] = []
    /// Where the search for the next newline resumes: bytes before it hold none.
    private var searched = 0
    private var finished = false

    package init(fd: Int32, limit: Int = ParsedLine.maximumBytes) {
        self.fd = fd
        self.limit = limit
    }

    /// The next line without its newline (and without a trailing `\r`); `nil` at the end of
    /// input.
    package mutating func next() -> Line? {
        // Bytes of an overlong line already dropped.
        var dropped = 0
        while true {
            if let newline = buffer[searched...].firstIndex(of: 0x0A) {
                var line = Array(buffer[..<newline])
                buffer.removeSubrange(...newline)
                searched = 0
                if dropped > 0 || line.count > limit { return .tooLong(bytes: dropped + line.count) }
                if line.last == 0x0D { line.removeLast() }
                return decode(line)
            }
            searched = buffer.count
            if buffer.count > limit {
                dropped += buffer.count
                buffer.removeAll(keepingCapacity: true)
                searched = 0
            }
            if finished {
                guard !buffer.isEmpty || dropped > 0 else { return nil }
                defer { buffer.removeAll() }
                if dropped > 0 { return .tooLong(bytes: dropped + buffer.count) }
                return decode(buffer)
            }
            var chunk = [UInt8](repeating: 0, count: 65_536)
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0, errno == EINTR { continue }
            if n <= 0 {
                finished = true
            } else {
                buffer.append(contentsOf: chunk[..<n])
            }
        }
    }

    private func decode(_ bytes: [UInt8]) -> Line {
        guard let text = String(validating: bytes, as: UTF8.self) else { return .invalidUTF8 }
        return .text(text)
    }
}
