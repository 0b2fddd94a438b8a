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

    /// `import FILE`: a file log, verified, loaded into an empty shared log in one transaction.
    static func importLog(_ words: [String], into store: any EventStore, now: Timestamp) throws(ConsoleError) -> String {
        guard words.count == 2 else { throw .usage(UsageError("usage: engage import FILE --log postgresql://…")) }
        guard let shared = store as? PostgresEventStore else {
            throw .usage(UsageError("import loads a file into a shared log: give --log postgresql://…"))
        }
        let file = FileEventStore(path: words[1], clock: { now })
        do {
            let report = try file.verify()
            if let damage = report.damage { throw StoreError.damaged(location: words[1], damage) }
            guard report.count > 0 else { throw StoreError.unavailable(location: words[1], operation: "import", reason: "no records") }
            // Each record's audience is decided on the state before it, as it was when recorded.
            var model = Model()
            var lines: [(line: [UInt8], audience: Audience)] = []
            var failure: PayloadError?
            guard let whole = Files.read(words[1]) else {
                throw StoreError.unavailable(location: words[1], operation: "read", reason: "not a readable regular file")
            }
            let lineBytes = whole.split(separator: 0x0A, omittingEmptySubsequences: false).map(Array.init)
            let found = try file.poll { record in
                guard failure == nil else { return }
                do throws(PayloadError) {
                    let event = try RecordedEvent(record)
                    lines.append((lineBytes[record.sequence - 1], Access.audience(of: event.event, in: model)))
                    _ = model.apply(event)
                } catch {
                    failure = error
                }
            }
            if let failure { throw StoreError.unavailable(location: words[1], operation: "import", reason: failure.description) }
            if let found { throw StoreError.damaged(location: words[1], found) }
            // Contacts' keys go with their records, or the imported contacts could not be read;
            // a key store that cannot be read stops the import before anything is loaded.
            let keys = try FileKeyStore(beside: words[1]).keys()
            // The table takes 32-byte keys only: a key it would refuse stops the import before
            // any record is in (an import runs once, into an empty log).
            if let (id, _) = keys.first(where: { $0.value.count != 32 }) {
                throw StoreError.unavailable(location: FileKeyStore(beside: words[1]).path, operation: "import",
                                             reason: "the key of contact \(id) is not 32 bytes: the key store is damaged")
            }
            try shared.importLines(lines)
            let database = PostgresKeyStore(shared)
            for (id, key) in keys.sorted(by: { $0.key < $1.key }) { try database.add(key, id: id) }
            let kept = keys.isEmpty ? "" : " and \(keys.count) contacts' keys"
            return "Imported \(lines.count) records\(kept) from \(words[1]) into \(shared.location); the chain verifies.\n"
        } catch let error as StoreError {
            throw .store(error)
        } catch {
            throw .unexpected("\(error)")
        }
    }
}
