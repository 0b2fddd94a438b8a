#if canImport(Glibc)
import Glibc
#endif

/// Colours for people at a terminal: none when `NO_COLOR` is set or output is not a
/// terminal (https://no-color.org).
struct Style {
    let enabled: Bool

    static func wanted(environment: [String: String]) -> Bool {
        (environment["NO_COLOR"] ?? "").isEmpty && Terminal.isTerminal(1) && environment["TERM"] != "dumb"
    }

    private func paint(_ text: String, _ code: String) -> String {
        guard enabled else { return text }
        // Keep a trailing newline outside the colour, so the next line starts plain.
        if text.hasSuffix("\n") { return "\u{1B}[\(code)m\(text.dropLast())\u{1B}[0m\n" }
        return "\u{1B}[\(code)m\(text)\u{1B}[0m"
    }

    func green(_ text: String) -> String { paint(text, "32") }
    func yellow(_ text: String) -> String { paint(text, "33") }
    func red(_ text: String) -> String { paint(text, "31") }

    /// A bold prompt; readline is told which bytes take no room (\001 … \002).
    func promptBold(_ text: String) -> String {
        guard enabled else { return text }
        return "\u{01}\u{1B}[1m\u{02}\(text)\u{01}\u{1B}[0m\u{02}"
    }
}

/// Long views go through a pager (`PAGER`, default `less -FRX`; empty disables) only when
/// they do not fit the terminal.
enum Pager {
    static func show(_ text: String, environment: [String: String]) {
        let lines = text.reduce(0) { $0 + ($1 == "\n" ? 1 : 0) }
        let pager = environment["PAGER"] ?? "less -FRX"
        guard Terminal.isTerminal(1), !pager.isEmpty, lines >= Terminal.height(of: 1) - 1,
              canStart(pager, searching: environment["PATH"]), let pipe = popen(pager, "w") else {
            Terminal.write(text, to: 1)
            return
        }
        // A pager that ends early (q in less, or one that failed) must not take engage with it.
        let previous = signal(SIGPIPE, SIG_IGN)
        fputs(text, pipe)
        let status = pclose(pipe)
        signal(SIGPIPE, previous)
        // The shell could not run it (126: not executable, 127: not found): nothing was shown.
        let exit = (status >> 8) & 0xFF
        if status == -1 || exit == 126 || exit == 127 { Terminal.write(text, to: 1) }
    }

    /// Whether the pager's program is there to run: an executable path, or a program on
    /// `PATH`. One that is not gets the output printed directly rather than lost.
    static func canStart(_ command: String, searching path: String?) -> Bool {
        guard let program = command.split(whereSeparator: { $0 == " " || $0 == "\t" }).first.map(String.init) else { return false }
        if program.contains("/") { return access(program, X_OK) == 0 }
        return (path ?? "/usr/bin:/bin").split(separator: ":").contains { access("\($0)/\(program)", X_OK) == 0 }
    }
}
