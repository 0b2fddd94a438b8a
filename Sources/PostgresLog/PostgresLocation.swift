/// Where a shared log lives: `postgresql://USER@HOST:PORT/DATABASE`, optionally with
/// `?host=/socket/folder` for a Unix socket. The password is never part of it: it comes
/// from `PGPASSWORD` or a `~/.pgpass` line (`PostgresPassword`).
package struct PostgresLocation: Equatable, Sendable, CustomStringConvertible {
    package var user: String
    package var host: String
    package var port: Int
    package var database: String
    /// A folder holding the server's Unix socket, used instead of TCP.
    package var socketFolder: String?

    package init(user: String, host: String, port: Int, database: String, socketFolder: String? = nil) {
        self.user = user
        self.host = host
        self.port = port
        self.database = database
        self.socketFolder = socketFolder
    }

    /// Whether `text` names a PostgreSQL log rather than a file.
    package static func isURL(_ text: String) -> Bool {
        text.hasPrefix("postgresql://") || text.hasPrefix("postgres://")
    }

    /// Why a URL was refused.
    package struct Invalid: Error, Equatable, Sendable, CustomStringConvertible {
        package var description: String
    }

    package init(url text: String) throws(Invalid) {
        guard let schemeEnd = text.range(of: "://"), Self.isURL(text) else {
            throw Invalid(description: "'\(text)' is not a postgresql:// URL")
        }
        var rest = Substring(text[schemeEnd.upperBound...])
        var query: Substring = ""
        if let mark = rest.firstIndex(of: "?") {
            query = rest[rest.index(after: mark)...]
            rest = rest[..<mark]
        }
        guard let at = rest.lastIndex(of: "@") else {
            throw Invalid(description: "give the login in the URL: postgresql://LOGIN@HOST:PORT/DATABASE")
        }
        let user = String(rest[..<at])
        guard !user.isEmpty else { throw Invalid(description: "the URL names no login") }
        guard !user.contains(":") else {
            throw Invalid(description: "a password does not belong in the URL (it would show in the process list and shell history); use PGPASSWORD or ~/.pgpass")
        }
        let afterAt = rest[rest.index(after: at)...]
        let slash = afterAt.firstIndex(of: "/") ?? afterAt.endIndex
        let hostPort = afterAt[..<slash]
        let database = slash < afterAt.endIndex ? String(afterAt[afterAt.index(after: slash)...]) : ""
        guard !database.isEmpty, !database.contains("/") else {
            throw Invalid(description: "the URL names no database: postgresql://LOGIN@HOST:PORT/DATABASE")
        }
        var host = String(hostPort)
        var port = 5432
        if let colon = hostPort.lastIndex(of: ":") {
            guard let parsed = Int(hostPort[hostPort.index(after: colon)...]), (1...65535).contains(parsed) else {
                throw Invalid(description: "'\(hostPort[hostPort.index(after: colon)...])' is not a port number")
            }
            port = parsed
            host = String(hostPort[..<colon])
        }
        var socketFolder: String?
        for pair in query.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, parts[0] == "host", parts[1].hasPrefix("/") else {
                throw Invalid(description: "'\(pair)': the only URL option is host=/socket/folder")
            }
            socketFolder = parts[1]
        }
        if host.isEmpty { host = "localhost" }
        self.init(user: user, host: host, port: port, database: database, socketFolder: socketFolder)
    }

    package var description: String {
        "postgresql://\(user)@\(host):\(port)/\(database)" + (socketFolder.map { "?host=\($0)" } ?? "")
    }
}

/// The password for a location: `PGPASSWORD`, else the first matching line of the password
/// file (`PGPASSFILE`, else `~/.pgpass`), as libpq reads them.
package enum PostgresPassword {
    package static func lookup(for location: PostgresLocation, environment: [String: String], readFile: (String) -> String?) -> String? {
        if let password = environment["PGPASSWORD"], !password.isEmpty { return password }
        let path = environment["PGPASSFILE"] ?? environment["HOME"].map { $0 + "/.pgpass" }
        guard let path, let text = readFile(path) else { return nil }
        return match(text, location: location)
    }

    /// The password of the first `host:port:database:user:password` line that matches;
    /// `*` matches anything, `\:` and `\\` escape.
    package static func match(_ text: String, location: PostgresLocation) -> String? {
        for line in text.split(whereSeparator: \.isNewline) where !line.hasPrefix("#") {
            var fields: [String] = [""]
            var escaped = false
            for c in line {
                if escaped {
                    fields[fields.count - 1].append(c)
                    escaped = false
                } else if c == "\\" {
                    escaped = true
                } else if c == ":", fields.count < 5 {
                    fields.append("")
                } else {
                    fields[fields.count - 1].append(c)
                }
            }
            guard fields.count == 5 else { continue }
            let host = location.socketFolder == nil ? location.host : "localhost"
            let wanted = [host, String(location.port), location.database, location.user]
            if zip(fields.prefix(4), wanted).allSatisfy({ $0 == "*" || $0 == $1 }) { return fields[4] }
        }
        return nil
    }
}
