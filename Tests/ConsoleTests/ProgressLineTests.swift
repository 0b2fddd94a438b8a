import Synchronization
import Testing
@testable import Console

/// The line that says how far a long read has come: nothing for a quick read, then a line
/// redrawn at most ten times a second, wiped when the read ends. (Through a terminal:
/// `Tests/REPL/test_repl.py`, `ProgressTests`.)
@Suite struct ProgressLineTests {
    /// A clock the test moves, and what the line wrote.
    final class FakeTerminal: Sendable {
        let written = Mutex<[String]>([])
        let time = Mutex<UInt64>(0)

        func line(delay: Double) -> ProgressLine {
            ProgressLine(label: "reading events.jsonl", delay: delay,
                         write: { text in self.written.withLock { $0.append(text) } },
                         now: { self.time.withLock { $0 } })
        }

        func advance(milliseconds: UInt64) { time.withLock { $0 += milliseconds * 1_000_000 } }
        var output: [String] { written.withLock { $0 } }
    }

    @Test func aReadThatEndsWithinTheDelayShowsNothing() {
        let terminal = FakeTerminal()
        let line = terminal.line(delay: 1)
        line.began(total: 1000)
        for _ in 0..<9 {
            terminal.advance(milliseconds: 100)
            line.advanced(by: 100)
        }
        line.ended()
        #expect(terminal.output.isEmpty)
    }

    @Test func aLongReadIsShownAtMostTenTimesASecondAndWipedAtTheEnd() {
        let terminal = FakeTerminal()
        let line = terminal.line(delay: 1)
        line.began(total: 1000)
        terminal.advance(milliseconds: 1000)
        line.advanced(by: 250)
        // Three more blocks within the next 100 ms: not drawn.
        for _ in 0..<3 {
            terminal.advance(milliseconds: 30)
            line.advanced(by: 100)
        }
        terminal.advance(milliseconds: 20)
        line.advanced(by: 100)
        line.ended()
        #expect(terminal.output == ["\rreading events.jsonl… 25%\u{1B}[K", "\rreading events.jsonl… 65%\u{1B}[K", "\r\u{1B}[K"])
    }

    /// A line that wrapped could not be drawn again in place, nor wiped whole.
    @Test func theLineStaysWithinTheTerminalAndShowsNoControlCharacters() {
        let label = "checking the checkpoint against events.jsonl"
        #expect(ProgressLine.line(label, percent: 45, columns: 80) == "checking the checkpoint against events.jsonl… 45%")
        let cut = ProgressLine.line(label, percent: 45, columns: 30)
        #expect(cut == "checking the checkpoint… 45%" && cut.count < 30)
        #expect(ProgressLine.line(label, percent: 100, columns: 4) == "100")
        #expect(ProgressLine.line("reading a\u{1B}[2Jb.jsonl", percent: 5, columns: nil) == "reading a\\u{1B}[2Jb.jsonl… 5%")
        #expect(ProgressLine.name(of: "/var/lib/engage/events.jsonl") == "events.jsonl")
    }

    /// `ENGAGE_PROGRESS` set far beyond any read's length means never, not a crash.
    @Test func aDelayOfCenturiesIsNeverReached() {
        let terminal = FakeTerminal()
        let line = terminal.line(delay: 1e30)
        line.began(total: 10)
        terminal.advance(milliseconds: 1_000_000)
        line.advanced(by: 10)
        line.ended()
        #expect(terminal.output.isEmpty)
    }

    @Test func theLabelFollowsWhatIsDoneAndTheLineKeepsOutOfStreamedOutput() {
        let terminal = FakeTerminal()
        let line = terminal.line(delay: 0)
        line.label = "checking the chain of events.jsonl"
        line.began(total: 200)
        line.advanced(by: 200)
        line.ended()
        line.quiet {
            line.began(total: 200)
            line.advanced(by: 100)
            line.ended()
        }
        #expect(terminal.output == ["\rchecking the chain of events.jsonl… 100%\u{1B}[K", "\r\u{1B}[K"])
    }
}
