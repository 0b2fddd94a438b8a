#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import EventLog
import Synchronization

/// How far a long read of the log has come, on one line of the terminal, redrawn in place:
/// `checking the chain of events.jsonl… 45%`.
///
/// A read that ends within `delay` seconds shows nothing, so a quick command prints no more
/// than before; after that the line is redrawn at most ten times a second, and wiped as
/// soon as the read ends, before anything else is written. Reads on several threads at once
/// (an import's pieces) add up to one line.
final class ProgressLine: ReadProgress {
    private struct State {
        var label: String
        var total: Int64 = 0
        var done: Int64 = 0
        /// When the read began and when the line was last drawn, in nanoseconds.
        var began: UInt64 = 0
        var drawn: UInt64 = 0
        var shown = false
        /// While a view writes its output as the log is read (`log`), the line keeps out of it.
        var quiet = false
    }

    private let state: Mutex<State>
    private let delay: UInt64
    private let write: @Sendable (String) -> Void
    private let now: @Sendable () -> UInt64
    private let columns: @Sendable () -> Int?

    /// `write` puts text on the terminal; `now` is a monotonic clock in nanoseconds;
    /// `columns`, the terminal's width (`nil`: no limit), read at each drawing. A delay of
    /// more than a billion seconds is a billion.
    init(label: String, delay seconds: Double, write: @escaping @Sendable (String) -> Void,
         now: @escaping @Sendable () -> UInt64 = ProgressLine.monotonicNanoseconds,
         columns: @escaping @Sendable () -> Int? = { nil }) {
        state = Mutex(State(label: label))
        delay = UInt64(min(max(0, seconds), 1e9) * 1e9)
        self.write = write
        self.now = now
        self.columns = columns
    }

    /// The progress line of a process whose stderr is a terminal, reading `location`; `nil`
    /// when stderr is not a terminal, when stdout is a pipe (its reader, a pager, may hold
    /// the terminal), or when `ENGAGE_PROGRESS` is `off`. `ENGAGE_PROGRESS=N` shows it after
    /// N seconds instead of one.
    static func onStandardError(reading location: String, environment: [String: String]) -> ProgressLine? {
        let setting = environment["ENGAGE_PROGRESS"] ?? ""
        guard setting != "off", Terminal.isTerminal(2), !Terminal.isPipe(1) else { return nil }
        let delay = Double(setting).flatMap { $0 >= 0 && $0.isFinite ? $0 : nil } ?? 1
        return ProgressLine(label: "reading \(name(of: location))", delay: delay, write: { Terminal.write($0, to: 2) },
                            columns: { Terminal.width(of: 2) })
    }

    /// What a label calls a file: its name, without the folders (a line wider than the
    /// terminal would wrap, and its wiping would leave the rows above it).
    static func name(of path: String) -> String {
        path.split(separator: "/").last.map(String.init) ?? path
    }

    /// What the line says is being done; takes effect from the next read.
    var label: String {
        get { state.withLock { $0.label } }
        set { state.withLock { $0.label = newValue } }
    }

    /// Runs `body` with the line kept off the terminal: for output written while the log
    /// is read, which a line on the same terminal (or under a pager) would break into.
    func quiet<T, E: Error>(_ body: () throws(E) -> T) throws(E) -> T {
        let was = state.withLock { state in
            defer { state.quiet = true }
            return state.quiet
        }
        defer { state.withLock { $0.quiet = was } }
        return try body()
    }

    func began(total: Int64) {
        let time = now()
        state.withLock {
            $0.total = total
            $0.done = 0
            $0.began = time
            $0.drawn = 0
        }
    }

    func advanced(by bytes: Int64) {
        let time = now()
        state.withLock {
            $0.done += bytes
            // Another thread may have read the clock after this one did, before taking the lock.
            guard time >= $0.began + delay, !$0.shown || time >= $0.drawn + 100_000_000, !$0.quiet else { return }
            $0.drawn = time
            $0.shown = true
            let percent = $0.total > 0 ? min(100, $0.done * 100 / $0.total) : 0
            write("\r" + Self.line($0.label, percent: percent, columns: columns()) + "\u{1B}[K")
        }
    }

    /// `label… N%`, the label made safe for the terminal and cut so that the whole stays
    /// within `columns` less one: a line that wraps cannot be drawn again in place.
    static func line(_ label: String, percent: Int64, columns: Int?) -> String {
        let tail = "… \(percent)%"
        let shown = TerminalText.visible(label)
        guard let columns, TerminalText.width(shown) + TerminalText.width(tail) >= columns else { return shown + tail }
        let room = columns - 1 - TerminalText.width(tail)
        guard room > 0 else { return String("\(percent)%".prefix(max(0, columns - 1))) }
        var cut = shown.prefix(room)
        while cut.last == " " { cut = cut.dropLast() }
        return cut + tail
    }

    func ended() {
        state.withLock {
            guard $0.shown else { return }
            $0.shown = false
            write("\r\u{1B}[K")
        }
    }

    @Sendable static func monotonicNanoseconds() -> UInt64 {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
    }
}
