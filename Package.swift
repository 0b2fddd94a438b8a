// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "engage",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "engage", targets: ["engage"]),
    ],
    dependencies: [
        // SHA-256 for the log's hash chain: BoringSSL's SHA-NI path keeps read + verify
        // far above 1M events/s, which a hand-rolled digest would not.
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
    ],
    targets: [
        // The store: the log record, its JSON Lines codec and hash chain, the file backend.
        .target(
            name: "EventLog",
            dependencies: [.product(name: "Crypto", package: "swift-crypto")]
        ),
        // The domain: events, the command language, validation, projections. Pure: no I/O, no clock.
        .target(name: "Engagement", dependencies: ["EventLog"]),
        // The console: command line, sessions over a line source, rendering, error presentation.
        .target(name: "Console", dependencies: ["Engagement", "EventLog"]),
        .executableTarget(name: "engage", dependencies: ["Console"]),
        // scripts/bench runs this in release mode.
        .executableTarget(name: "EngageBench", dependencies: ["EventLog", "Engagement"]),
        .testTarget(name: "EventLogTests", dependencies: ["EventLog"]),
        .testTarget(name: "EngagementTests", dependencies: ["Engagement"]),
        .testTarget(name: "ConsoleTests", dependencies: ["Console", "EventLog"]),
    ],
    swiftLanguageModes: [.v6]
)
