import Foundation
import PostgresLog
import EventLog

/// The throwaway server `scripts/with-postgres` starts for the test run, and what tests do
/// on it as its superuser. Without that server (a bare `swift test`), tests that need it do
/// not run, unless CI is set, where its absence fails them.
package enum TestPostgres {
    package static let url = ProcessInfo.processInfo.environment["ENGAGE_TEST_PG"]
    package static let password = ProcessInfo.processInfo.environment["ENGAGE_TEST_PG_PASSWORD"]
    package static var available: Bool { url != nil }
    /// Whether a missing server is a failure (in CI) rather than a reason to skip.
    package static var required: Bool { ProcessInfo.processInfo.environment["CI"] == "true" }

    package static var superuser: PostgresLocation { try! PostgresLocation(url: url!) }

    /// Runs SQL with `psql` as `login` (default: the superuser) on `database`; returns its
    /// output rows, or throws with psql's message.
    @discardableResult
    package static func psql(_ sql: String, database: String = "postgres", login: String = "postgres", password: String? = nil) throws -> String {
        let server = superuser
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["psql", "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1",
                             "postgresql://\(login)@\(server.host):\(server.port)/\(database)", "-c", sql]
        process.environment = ["PATH": "/usr/bin:/bin", "PGPASSWORD": password ?? Self.password ?? ""]
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let output = out.fileHandleForReading.readDataToEndOfFile()
        let errors = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw Failure(message: String(decoding: errors, as: UTF8.self)) }
        return String(decoding: output, as: UTF8.self)
    }

    package struct Failure: Error, CustomStringConvertible {
        package var message: String
        package var description: String { message }
    }

    /// Logins every test may use, each with its name as password; made once per server.
    package static let logins: [String] = {
        let names = ["amina", "lena", "omar", "bashir", "chidi", "dara"] + (1...16).map { "writer\($0)" }
        for name in names {
            _ = try? psql("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '\(name)') THEN CREATE ROLE \(name) LOGIN PASSWORD '\(name)'; END IF; END $$")
        }
        return names
    }()

    /// A new database with the engage schema, created by the superuser; returns its name.
    package static func freshLog() throws -> String {
        _ = logins
        let name = "engage_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(16).lowercased()
        try psql("CREATE DATABASE \(name)")
        var location = superuser
        location.database = name
        _ = try PostgresDatabase(location, password: password).initialise()
        return name
    }

    /// A store on `database` as `login`.
    package static func store(_ database: String, as login: String = "amina") -> PostgresEventStore {
        var location = superuser
        location.database = database
        location.user = login
        return PostgresEventStore(location, password: login)
    }

    /// The URL of `database` as `login`.
    package static func url(_ database: String, as login: String) -> String {
        var location = superuser
        location.database = database
        location.user = login
        return location.description
    }
}
