import Foundation

/// Runs the real `engage` binary, as a user or a script would.
struct EngageProcess {
    struct Outcome {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// The binary next to the test bundle (or `ENGAGE_BIN`).
    static let binary: String = {
        if let path = ProcessInfo.processInfo.environment["ENGAGE_BIN"] { return path }
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("engage").path
        if FileManager.default.isExecutableFile(atPath: beside) { return beside }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return root.appendingPathComponent(".build/debug/engage").path
    }()

    /// A fresh folder to run in, removed at the end of the test.
    final class Folder: Sendable {
        let url: URL
        init() {
            url = FileManager.default.temporaryDirectory.appendingPathComponent("engage-cli-\(UUID().uuidString)")
            try! FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        }
        deinit { try? FileManager.default.removeItem(at: url) }
        func path(_ name: String) -> String { url.appendingPathComponent(name).path }
        func read(_ name: String) -> String { (try? String(contentsOfFile: path(name), encoding: .utf8)) ?? "" }
        func write(_ name: String, _ text: String) { try! text.write(toFile: path(name), atomically: false, encoding: .utf8) }
    }

    static let baseEnvironment: [String: String] = [
        "PATH": "/usr/bin:/bin",
        "ENGAGE_NOW": "2026-11-20T10:00:00Z",
        "ENGAGE_ACTOR": "coordinator",
        "NO_COLOR": "1",
    ]

    /// A process set up to run `engage arguments…` in `folder`, its output going to files.
    static func prepare(_ arguments: [String], in folder: Folder, input: String? = nil,
                        environment: [String: String] = [:]) throws -> (Process, stdout: String, stderr: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        process.currentDirectoryURL = folder.url
        process.environment = baseEnvironment.merging(environment) { $1 }
        let name = UUID().uuidString
        let stdin = folder.path("\(name).in")
        let stdout = folder.path("\(name).out")
        let stderr = folder.path("\(name).err")
        folder.write("\(name).in", input ?? "")
        folder.write("\(name).out", "")
        folder.write("\(name).err", "")
        process.standardInput = FileHandle(forReadingAtPath: stdin)
        process.standardOutput = FileHandle(forWritingAtPath: stdout)
        process.standardError = FileHandle(forWritingAtPath: stderr)
        return (process, stdout, stderr)
    }

    /// Runs `engage arguments…` in `folder`, feeding `input` on stdin, and waits for it.
    @discardableResult
    static func run(_ arguments: [String], in folder: Folder, input: String? = nil,
                    environment: [String: String] = [:]) throws -> Outcome {
        let (process, stdout, stderr) = try prepare(arguments, in: folder, input: input, environment: environment)
        try process.run()
        process.waitUntilExit()
        return outcome(process, stdout, stderr)
    }

    static func outcome(_ process: Process, _ stdout: String, _ stderr: String) -> Outcome {
        let out = (try? String(contentsOfFile: stdout, encoding: .utf8)) ?? ""
        let err = (try? String(contentsOfFile: stderr, encoding: .utf8)) ?? ""
        return Outcome(status: process.terminationStatus, stdout: out, stderr: err)
    }

    /// `engage -c LINE` with the log at `folder/events.jsonl`.
    @discardableResult
    static func command(_ line: String, in folder: Folder, environment: [String: String] = [:]) throws -> Outcome {
        try run(["--log", "events.jsonl", "-c", line], in: folder, environment: environment)
    }

    /// The sequence numbers and payload ids of `log --format json`.
    static func loggedIDs(in folder: Folder) throws -> (sequences: [Int], ids: [String]) {
        let outcome = try run(["--log", "events.jsonl", "--format", "json", "log"], in: folder)
        let object = try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any]
        let events = object?["events"] as? [[String: Any]] ?? []
        return (events.compactMap { $0["seq"] as? Int }, events.compactMap { ($0["data"] as? [String: Any])?["id"] as? String })
    }
}
