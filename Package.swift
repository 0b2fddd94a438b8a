// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "engage",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "engage", targets: ["engage"]),
    ],
    dependencies: [
        // The shared log on a PostgreSQL server.
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        // AES-GCM for contacts' personal data, sealed under a key per contact. Already in
        // the graph through postgres-nio.
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
    ],
    targets: [
        // SHA-256 for the hash chain, from the system's libcrypto: SHA-NI speed with no
        // per-record allocation, and no package to build on every CI run.
        .systemLibrary(name: "CChainHash", providers: [.apt(["libssl-dev"])]),
        // The store: the log record, its JSON Lines codec and hash chain, the file backend.
        .target(name: "EventLog", dependencies: ["CChainHash"]),
        // The PostgreSQL backend: one log shared by offices and partner organisations, each on
        // its own login; the database authenticates the actor and enforces the roles.
        .target(name: "PostgresLog", dependencies: [
            "EventLog",
            .product(name: "PostgresNIO", package: "postgres-nio"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        // The domain: events, the command language, validation, projections. Pure: no I/O, no clock.
        .target(name: "Engagement", dependencies: ["EventLog"]),
        // The console: command line, sessions over a line source, rendering, error presentation.
        // GNU readline for the REPL: line editing, history, completion. Console only.
        .systemLibrary(name: "CReadline", providers: [.apt(["libreadline-dev"])]),
        // The application: sessions over a store (read, catch up, record with re-decide on
        // conflict, checkpoints). No terminal, no wording for people.
        .target(name: "Application", dependencies: ["Engagement", "EventLog", .product(name: "Crypto", package: "swift-crypto")]),
        .target(name: "Console", dependencies: ["Application", "Engagement", "EventLog", "PostgresLog", "CReadline"]),
        // A release build carries the Swift runtime and Foundation inside: one file to copy to
        // a partner's machine, with no Swift installed there; it also starts in half the time
        // and holds about 4 MiB less, its libraries' pages not loaded and relocated at start.
        .executableTarget(name: "engage", dependencies: ["Console"],
                          linkerSettings: [.unsafeFlags(["-static-stdlib"], .when(platforms: [.linux], configuration: .release))]
                            + ["CoreFoundation", "_FoundationICU", "_FoundationCShims", "_FoundationCollections", "FoundationInternationalization", "FoundationEssentials", "swiftSynchronization"].map {
                                .linkedLibrary($0, .when(platforms: [.linux], configuration: .release))
                            }),
        // scripts/bench runs this in release mode.
        .executableTarget(name: "EngageBench", dependencies: ["EventLog", "Engagement", "Application", "Console", "PostgresLog"]),
        // What the fuzzers (scripts/fuzz) and the replay of their corpus feed inputs to.
        .target(name: "FuzzEntries", dependencies: ["Engagement", "EventLog"], path: "Fuzz/Entries"),
        // What tests share: the throwaway PostgreSQL server scripts/with-postgres starts.
        .target(name: "TestSupport", dependencies: ["EventLog", "PostgresLog"], path: "Tests/TestSupport"),
        .testTarget(name: "EventLogTests", dependencies: ["EventLog", "PostgresLog", "TestSupport"]),
        .testTarget(name: "EngagementTests", dependencies: ["Engagement"], exclude: ["Golden", "Questions", "CaseDetailsCorpus"]),
        // Scenario/ holds the scenario script and the golden outputs, read from the source tree.
        .testTarget(name: "ApplicationTests", dependencies: ["Application", "Engagement", "EventLog", "TestSupport"]),
        .testTarget(name: "ConsoleTests", dependencies: ["Console", "Application", "Engagement", "EventLog", "PostgresLog", "TestSupport"],
                    exclude: ["Scenario"]),
        // The fuzzers' corpus (Tests/Fuzz/TARGET/), replayed.
        .testTarget(name: "FuzzRegressionTests", dependencies: ["FuzzEntries"], path: "Tests/Fuzz",
                    exclude: ["commands", "log-lines", "checkpoint"]),
    ],
    swiftLanguageModes: [.v6]
)
