import Engagement

/// A plain prompt for a terminal, until the readline REPL arrives: one command a line,
/// errors shown and the loop goes on, Ctrl-D leaves.
struct Prompt {
    let session: Session
    let runner: Runner

    func run(execute: (String) -> Void) -> Int32 {
        let count = session.events.count
        Terminal.write("engage \(Help.version) — \(session.store.location), \(count) event\(count == 1 ? "" : "s"). "
                       + "Type 'help' for commands, Ctrl-D to leave.\n", to: 1)
        var input = LineInput(fd: 0)
        while true {
            Terminal.write("\(session.actor)> ", to: 1)
            guard let next = input.next() else {
                Terminal.write("\n", to: 1)
                return 0
            }
            guard case .success(let text) = next else {
                Terminal.write("engage: that line is not valid UTF-8; nothing was recorded\n", to: 2)
                continue
            }
            let trimmed = text.trimmingWhitespace()
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            if trimmed == "quit" || trimmed == "exit" { return 0 }
            execute(text)
        }
    }
}
