#if canImport(Glibc)
import Glibc
#endif
import CReadline
import Engagement

/// Lines typed at a terminal, through GNU readline's callback interface: editing, history,
/// completion, and a Ctrl-C that abandons the line instead of killing the process (plain
/// `readline()` cannot cancel cleanly, see the notes on readline).
///
/// Readline is one global state machine; so is this type. Its C callbacks capture nothing
/// and reach the Swift side through the globals below, touched only from the main thread.
enum LineEditor {
    enum Input: Equatable {
        case line(String)
        /// Ctrl-C: the line (or the dialogue) is abandoned.
        case interrupted
        /// Ctrl-D on an empty line, or the end of input.
        case end
        /// Bytes that are not UTF-8.
        case invalidUTF8
        /// The wake-up's handler ended the reading (the session could not start).
        case stopped
    }

    /// What completes the word being typed: the whole line before the cursor and the word.
    nonisolated(unsafe) static var completer: ((_ line: String, _ word: String) -> [String])?
    nonisolated(unsafe) private static var finished: Input?
    nonisolated(unsafe) private static var matches: [String] = []
    nonisolated(unsafe) private static var interruptedFlag: sig_atomic_t = 0
    nonisolated(unsafe) private static var historyPath: String?
    /// A descriptor that becomes readable when something should be said while the person
    /// types (another writer appended, the state was read), and what to do then; what it
    /// prints appears above the line being edited, which is then drawn again. A handler that
    /// returns `false` ends the reading (`Input.stopped`).
    nonisolated(unsafe) static var wake: (fd: Int32, handler: () -> Bool)?

    /// Sets readline up once: completion, history, signals.
    static func start(historyPath: String?) {
        engage_rl_setup("engage", { text, start, end in
            engage_rl_completion_over()
            let line = String(cString: engage_rl_line_buffer())
            let upTo = String(decoding: Array(line.utf8).prefix(Int(end)), as: UTF8.self)
            let word = text.map { String(cString: $0) } ?? ""
            LineEditor.matches = LineEditor.completer?(upTo, word) ?? []
            if LineEditor.matches.count == 1, LineEditor.matches[0].hasSuffix("=") || LineEditor.matches[0].hasSuffix(",") {
                engage_rl_no_space_after_completion()
            }
            return engage_rl_matches(text, { _, state in
                guard Int(state) < LineEditor.matches.count else { return nil }
                return strdup(LineEditor.matches[Int(state)])
            })
        })
        signal(SIGINT) { _ in LineEditor.interruptedFlag = 1 }
        signal(SIGWINCH) { _ in engage_rl_resize() }
        using_history()
        LineEditor.historyPath = historyPath
        if let historyPath {
            makeParentDirectories(of: historyPath)
            _ = read_history(historyPath)
        }
    }

    /// Reads one line with `prompt`. `remember: false` keeps it out of the history (answers
    /// in a dialogue).
    static func read(prompt: String, remember: Bool = true) -> Input {
        finished = nil
        interruptedFlag = 0
        rl_callback_handler_install(prompt) { line in
            if let line {
                // Refused rather than repaired: a replacement character must not be recorded.
                LineEditor.finished = String(validatingCString: line).map { .line($0) } ?? .invalidUTF8
                free(line)
            } else {
                LineEditor.finished = .end
            }
            rl_callback_handler_remove()
        }
        while finished == nil {
            var descriptors = [pollfd(fd: 0, events: Int16(POLLIN), revents: 0)]
            if let wake { descriptors.append(pollfd(fd: wake.fd, events: Int16(POLLIN), revents: 0)) }
            let ready = poll(&descriptors, nfds_t(descriptors.count), -1)
            if ready > 0, descriptors.count == 2, descriptors[1].revents != 0, let wake {
                var drain = [UInt8](repeating: 0, count: 64)
                _ = Glibc.read(wake.fd, &drain, drain.count)
                engage_rl_clear_visible_line()
                guard wake.handler() else {
                    rl_callback_handler_remove()
                    return .stopped
                }
                engage_rl_redraw()
                if descriptors[0].revents == 0 { continue }
            }
            if interruptedFlag != 0 {
                interruptedFlag = 0
                engage_rl_abandon_line()
                rl_callback_handler_remove()
                Terminal.write("\n", to: 1)
                return .interrupted
            }
            if ready > 0 { rl_callback_read_char() }
            if ready < 0, errno != EINTR { return .end }
        }
        let input = finished!
        // A line too long to be a command stays out of the history (and its file).
        if case .line(let text) = input, remember, text.utf8.count <= ParsedLine.maximumBytes {
            let trimmed = text.trimmingWhitespace()
            if !trimmed.isEmpty {
                add_history(trimmed)
                if let historyPath, !Self.holdsPersonalData(trimmed) {
                    // Appended line by line, so history survives a crash.
                    if append_history(1, historyPath) != 0 { _ = write_history(historyPath) }
                }
            }
        }
        return input
    }

    /// Whether a line names a contact (their name or e-mail): such lines stay in this
    /// session's history, never in the history file, where `contact forget` could not reach them.
    static func holdsPersonalData(_ line: String) -> Bool {
        guard let words = try? ParsedLine.parse(line).words, let first = words.first else { return false }
        let spec = words.count > 1 ? CommandCatalog.spec(named: "\(first) \(words[1])") ?? CommandCatalog.spec(named: first)
                                   : CommandCatalog.spec(named: first)
        return spec?.fields.contains { field in
            switch field.kind {
            case .contact, .email: true
            default: false
            }
        } ?? false
    }

    /// Earlier answers to each field of a dialogue in this session, each its own history.
    nonisolated(unsafe) private static var answers: [String: UnsafeMutablePointer<HISTORY_STATE>] = [:]

    /// Reads an answer to the dialogue field `field`: Up recalls earlier answers to that
    /// field (not commands), and this answer joins them; the commands' history is untouched.
    static func read(prompt: String, field: String) -> Input {
        let commands = engage_rl_history_swap(answers.removeValue(forKey: field))
        let input = read(prompt: prompt, remember: false)
        if case .line(let text) = input {
            let trimmed = text.trimmingWhitespace()
            if !trimmed.isEmpty { add_history(trimmed) }
        }
        answers[field] = engage_rl_history_swap(commands)
        return input
    }

    private static func makeParentDirectories(of path: String) {
        let bytes = Array(path.utf8)
        for (i, byte) in bytes.enumerated() where byte == UInt8(ascii: "/") && i > 0 {
            _ = mkdir(String(decoding: bytes[..<i], as: UTF8.self), 0o700)
        }
    }
}
