import Application
import Engagement
import EventLog
import PostgresLog

/// The log `--log` names, opened: a file, or a shared log on a PostgreSQL server.
struct OpenedLog {
    var store: any EventStore
    var snapshots: (any SnapshotStore)?
    /// Where contacts' keys are kept, beside the log.
    var keys: any KeyStore
    /// Who records: on a file, whoever `--as` says; on PostgreSQL, the login.
    var actor: String

    static func open(_ invocation: Invocation, environment: [String: String]) throws(ConsoleError) -> OpenedLog {
        guard PostgresLocation.isURL(invocation.logPath) else {
            var wait = 10.0
            if let text = environment["ENGAGE_LOCK_WAIT"], !text.isEmpty {
                guard let seconds = Double(text), seconds >= 0, seconds.isFinite else {
                    throw .usage(UsageError("ENGAGE_LOCK_WAIT '\(text)' is not a number of seconds"))
                }
                wait = seconds
            }
            return OpenedLog(store: FileEventStore(path: invocation.logPath, clock: invocation.clock, lockWait: wait),
                             snapshots: FileSnapshotStore(beside: invocation.logPath), keys: FileKeyStore(beside: invocation.logPath),
                             actor: invocation.actor)
        }
        let location = try postgresLocation(invocation.logPath)
        if invocation.actorNamed, invocation.actor != location.user {
            throw .usage(UsageError("on a shared log you act as your login '\(location.user)': the database says who writes, "
                + "so '\(invocation.actor)' (from --as or ENGAGE_ACTOR) is refused"))
        }
        let password = Self.password(for: location, environment: environment)
        let store = PostgresEventStore(location, password: password)
        return OpenedLog(store: store, snapshots: PostgresSnapshotStore(store), keys: PostgresKeyStore(store), actor: location.user)
    }

    /// The password for a shared log: `PGPASSWORD`, else the password file.
    static func password(for location: PostgresLocation, environment: [String: String]) -> String? {
        PostgresPassword.lookup(for: location, environment: environment) { path in
            Files.read(path).map { String(decoding: $0, as: UTF8.self) }
        }
    }

    static func postgresLocation(_ text: String) throws(ConsoleError) -> PostgresLocation {
        do {
            return try PostgresLocation(url: text)
        } catch {
            throw .usage(UsageError(error.description))
        }
    }
}

/// The commands about the shared log itself, outside the command language: creating its
/// schema, giving logins their roles, and moving a log between a file and a database.
enum SharedLogCommands {
    /// `db init URL`: creates or upgrades the schema, in one transaction.
    static func initialise(_ words: [String], invocation: Invocation, environment: [String: String]) throws(ConsoleError) -> String {
        guard words.count <= 3 else { throw .usage(UsageError("usage: engage db init postgresql://LOGIN@HOST:PORT/DATABASE")) }
        let url = words.count == 3 ? words[2] : invocation.logPath
        guard PostgresLocation.isURL(url) else {
            throw .usage(UsageError("db init needs a postgresql:// URL (as its argument, --log or ENGAGE_LOG)"))
        }
        let location = try OpenedLog.postgresLocation(url)
        let password = OpenedLog.password(for: location, environment: environment)
        let database = PostgresDatabase(location, password: password)
        do {
            let (before, after) = try database.initialise()
            if before == after { return "The engage schema in \(location) is up to date (version \(after)).\n" }
            if before == 0 { return "Created the engage schema (version \(after)) in \(location).\n" }
            return "Upgraded the engage schema in \(location) from version \(before) to \(after).\n"
        } catch {
            throw .store(error)
        }
    }

    /// `export`: every line of the shared log, as a file log holds them.
    static func export(_ store: any EventStore) throws(ConsoleError) -> Int32 {
        guard let shared = store as? PostgresEventStore else {
            throw .usage(UsageError("export reads a shared log (--log postgresql://…); a file log is its own export"))
        }
        do {
            var buffer: [UInt8] = []
            try shared.forEachLine { line in
                buffer += line
                buffer.append(0x0A)
                if buffer.count >= 1 << 20 {
                    Terminal.write(bytes: buffer, to: 1)
                    buffer.removeAll(keepingCapacity: true)
                }
            }
            Terminal.write(bytes: buffer, to: 1)
            return 0
        } catch {
            throw .store(error)
        }
    }

    /// `import FILE`: a file log, checked whole, loaded into an empty log: a new or empty file
    /// log, or a shared log (one transaction), with its contacts' keys.
    static func importLog(_ words: [String], into store: any EventStore, progress: ProgressLine?) throws(ConsoleError) -> String {
        guard words.count == 2 else { throw .usage(UsageError("usage: engage import FILE --log NEW.jsonl|postgresql://…")) }
        let source = words[1]
        let summary: LogImport.Summary
        progress?.label = "checking \(ProgressLine.name(of: source))"
        do throws(StoreError) {
            if let file = store as? FileEventStore {
                summary = try LogImport.intoFile(from: source, to: file.path, progress: progress)
            } else if let shared = store as? any BulkLoading {
                progress?.label = "loading \(ProgressLine.name(of: source))"
                summary = try LogImport.into(shared, from: source, progress: progress)
            } else {
                throw .unavailable(location: store.location, operation: "import into", reason: "this kind of log takes no import")
            }
        } catch {
            throw .store(error)
        }
        let kept = summary.keys == 0 ? "" : " and \(summary.keys) contacts' keys"
        return "Imported \(summary.records) records\(kept) from \(source) into \(store.location); the chain verifies.\n"
    }
}
