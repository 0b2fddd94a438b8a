import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// One run of the `engage` binary as a child, as a person runs it: how soon its first line
/// came, how long it ran, how much it wrote, and its peak memory.
struct ChildRun {
    /// Seconds from the start to the first complete line on stdout (`nil`: none came).
    var firstLine: Double?
    /// Seconds from the start to the first bytes on stdout (JSON is one long line).
    var firstBytes: Double?
    var total: Double
    var bytes: Int
    /// Peak resident memory in MiB, from `/usr/bin/time` (`nil` when it is missing).
    var peakMiB: Double?
    var status: Int32

    /// The `engage` binary beside this benchmark's, if built.
    static var engage: String? {
        let path = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("engage").path
        return FileManager.default.isExecutableFile(atPath: path) ? path : nil
    }

    /// Runs `engage arguments` with `environment`, reading its whole output. The peak is
    /// measured by `/usr/bin/time`: the rusage of a child started from this large process
    /// would count the pages it shared before exec.
    static func run(_ binary: String, _ arguments: [String], environment: [String: String]) throws -> ChildRun {
        let timer = "/usr/bin/time"
        let measured = FileManager.default.isExecutableFile(atPath: timer)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: measured ? timer : binary)
        process.arguments = (measured ? ["-f", "peak %M", binary] : []) + arguments
        process.environment = environment.merging(["PATH": "/usr/bin:/bin"]) { a, _ in a }
        process.standardInput = FileHandle.nullDevice
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        var first: Double?
        var firstBytes: Double?
        var bytes = 0
        var start = timespec()
        clock_gettime(CLOCK_MONOTONIC, &start)
        func elapsed() -> Double {
            var now = timespec()
            clock_gettime(CLOCK_MONOTONIC, &now)
            return Double(now.tv_sec - start.tv_sec) + Double(now.tv_nsec - start.tv_nsec) / 1e9
        }
        try process.run()
        let fd = output.fileHandleForReading.fileDescriptor
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0, errno == EINTR { continue }
            guard n > 0 else { break }
            if firstBytes == nil { firstBytes = elapsed() }
            if first == nil, buffer[..<n].contains(0x0A) { first = elapsed() }
            bytes += n
        }
        process.waitUntilExit()
        let total = elapsed()
        let said = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let peak = said.split(separator: "\n").last { $0.hasPrefix("peak ") }.flatMap { Double($0.dropFirst(5)) }.map { $0 / 1024 }
        return ChildRun(firstLine: first, firstBytes: firstBytes, total: total, bytes: bytes, peakMiB: peak, status: process.terminationStatus)
    }

    /// The peak, with its target.
    func peak(under target: Double) -> String {
        guard let peakMiB else { return "(peak not measured: no /usr/bin/time)" }
        return String(format: "peak %4.0f MiB (target < %.0f MiB: %@)", peakMiB, target, peakMiB < target ? "met" : "MISSED")
    }
}

/// Seconds Python's orjson takes to parse every line of `path` (parse only, timed inside
/// Python, without its start), or why it could not be measured.
func orjsonSeconds(_ path: String) -> Result<Double, OrjsonUnavailable> {
    let script = """
        import sys, time
        try:
            import orjson
        except ImportError:
            print("missing"); sys.exit(0)
        with open(sys.argv[1], "rb") as f:
            lines = f.read().split(b"\\n")
        if lines and not lines[-1]: lines.pop()
        start = time.perf_counter()
        for line in lines: orjson.loads(line)
        print(time.perf_counter() - start)
        """
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", "-c", script, path]
    let output = Pipe()
    process.standardOutput = output
    process.standardError = FileHandle.nullDevice
    do {
        try process.run()
    } catch {
        return .failure(OrjsonUnavailable(reason: "no python3"))
    }
    let said = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        .trimmingCharacters(in: .whitespacesAndNewlines)
    process.waitUntilExit()
    if said == "missing" { return .failure(OrjsonUnavailable(reason: "orjson is not installed (pip install orjson)")) }
    guard process.terminationStatus == 0, let seconds = Double(said) else {
        return .failure(OrjsonUnavailable(reason: "python3 could not run it"))
    }
    return .success(seconds)
}

struct OrjsonUnavailable: Error {
    var reason: String
}
