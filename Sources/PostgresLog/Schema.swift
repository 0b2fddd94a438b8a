import Foundation

/// The log's schema on a PostgreSQL server, and how it is created or upgraded.
///
/// The database, not `engage`, enforces who may write what:
/// * nobody inserts, updates, deletes or truncates `engage.events` directly; the one way in
///   is `engage.append`, which runs as the schema's owner, serialises appends under a table
///   lock, takes `seq` as the tail's plus one, checks each line's hash chain, and checks
///   that the line's actor is the login calling it (`session_user`) and that the login's
///   role allows the event;
/// * a trigger refuses UPDATE, DELETE and TRUNCATE, whoever asks;
/// * a partner's login reads the lines it may read through `engage.log`, and of the others
///   only the sequence number and hash (what `verify` needs);
/// * contacts' keys are in `engage.contact_keys`, which coordinators and reviewers read,
///   only coordinators add to and delete from, and partners cannot read at all.
enum Schema {
    /// Bumped with every change below; `engage db init` upgrades an older schema in place.
    /// 2: `engage.contact_keys`, the key store; a partner's login may retract the feedback
    /// and usage records it wrote itself.
    /// 3: `engage.interval_snapshots`, checkpoints kept at intervals (views of a past day).
    /// 4: `engage.begin_import` and `engage.finish_import`, around an import by `COPY`.
    /// 5: the checkpoint's state in pieces (`engage.snapshot_pieces`), read fast on start.
    /// 6: the one-chunk-at-a-time `engage.import` goes (the import is by `COPY` since 4).
    static let version = 6

    /// The group roles that logins are granted.
    static let coordinators = "engage_coordinator"
    static let partners = "engage_partner"
    static let reviewers = "engage_reviewer"

    /// Error codes `engage.append` raises (class EG: engage's own).
    enum Code {
        static let conflict = "EG001"
        static let refused = "EG002"
        static let damaged = "EG003"
    }

    /// Creates every object, or upgrades them from `installed` (0: none); the caller runs
    /// them in one transaction.
    static func statements(upgradingFrom installed: Int) -> [String] {
        var statements: [String] = []
        if installed < 1 { statements += split(version1) }
        if installed < 2 { statements += split(version2) }
        if installed < 3 { statements += split(version3) }
        if installed < 4 { statements += split(version4) }
        if installed < 5 { statements += split(version5) }
        if installed < 6 { statements += split(version6) }
        return statements
    }

    /// The statements of a script, one at a time (the server prepares one per query): a
    /// statement ends with a line ending in `;` outside a dollar-quoted body.
    static func split(_ script: String) -> [String] {
        var statements: [String] = []
        var current = ""
        var quoted = false
        for line in script.split(separator: "\n", omittingEmptySubsequences: false) {
            current += line + "\n"
            for tag in ["$f$", "$roles$"] where line.components(separatedBy: tag).count % 2 == 0 { quoted.toggle() }
            if !quoted, line.hasSuffix(";") {
                statements.append(current)
                current = ""
            }
        }
        if !current.allSatisfy(\.isWhitespace) { statements.append(current) }
        return statements
    }

    static let version1 = #"""
        DO $roles$ DECLARE name text; BEGIN
            -- Roles belong to the whole server: another database's init may be making them too.
            FOREACH name IN ARRAY ARRAY['engage_coordinator', 'engage_partner', 'engage_reviewer'] LOOP
                BEGIN
                    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = name) THEN EXECUTE format('CREATE ROLE %I NOLOGIN', name); END IF;
                EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
                END;
            END LOOP;
        END $roles$;

        CREATE SCHEMA engage;
        REVOKE ALL ON SCHEMA engage FROM PUBLIC;
        GRANT USAGE ON SCHEMA engage TO PUBLIC;

        CREATE TABLE engage.meta (key text PRIMARY KEY, value text NOT NULL);

        -- One row a record: the exact line (without its newline) and its chain hash.
        -- `audience` says who besides coordinators and reviewers may read the line:
        -- 'everyone', 'coordinators', 'partner:ID' or 'user:LOGIN'.
        CREATE TABLE engage.events (
            seq bigint PRIMARY KEY CHECK (seq >= 1),
            line bytea NOT NULL,
            hash bytea NOT NULL CHECK (length(hash) = 32),
            ts text NOT NULL,
            actor text NOT NULL,
            type text NOT NULL,
            audience text NOT NULL,
            written_by name NOT NULL DEFAULT session_user,
            written_at timestamptz NOT NULL DEFAULT now()
        );

        -- Who is what, as the member.added and member.removed records say.
        CREATE TABLE engage.members (login text PRIMARY KEY, role text NOT NULL, partner text);

        -- The folded state after a record, to start from (a checkpoint).
        CREATE TABLE engage.snapshots (
            id int PRIMARY KEY DEFAULT 1 CHECK (id = 1),
            seq bigint NOT NULL,
            hash bytea NOT NULL,
            state_version int NOT NULL,
            state bytea NOT NULL
        );

        CREATE FUNCTION engage.refuse_change() RETURNS trigger LANGUAGE plpgsql AS $f$
        BEGIN
            RAISE EXCEPTION 'the engage log is append-only: % is refused', TG_OP USING ERRCODE = 'EG002';
        END $f$;
        CREATE TRIGGER events_append_only BEFORE UPDATE OR DELETE ON engage.events
            FOR EACH ROW EXECUTE FUNCTION engage.refuse_change();
        CREATE TRIGGER events_no_truncate BEFORE TRUNCATE ON engage.events
            FOR EACH STATEMENT EXECUTE FUNCTION engage.refuse_change();

        -- The calling login's role and partner, from the log's own records.
        CREATE FUNCTION engage.my_role(OUT role text, OUT partner text)
        LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog AS $f$
            SELECT m.role, m.partner FROM engage.members m WHERE m.login = session_user::text
        $f$;

        -- What the calling login reads, worked out once a query: everything (coordinators,
        -- reviewers, the schema's owner and superusers), or lines for everyone, for its own
        -- partner and about itself.
        CREATE FUNCTION engage.reader(OUT everything boolean, OUT partner text, OUT login text)
        LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog AS $f$
        DECLARE r record;
        BEGIN
            login := session_user::text;
            SELECT * INTO r FROM engage.my_role();
            everything := r.role IN ('coordinator', 'reviewer')
                OR EXISTS (SELECT FROM pg_namespace n WHERE n.nspname = 'engage' AND n.nspowner = (SELECT oid FROM pg_roles WHERE rolname = session_user))
                OR coalesce((SELECT rolsuper FROM pg_roles WHERE rolname = session_user), false);
            everything := coalesce(everything, false);
            partner := CASE WHEN r.role = 'partner' THEN r.partner END;
        END $f$;

        -- Every record's number, time and hash; the line only where the reader may read it.
        -- The reader is worked out once a query (the subqueries are init plans), so a read of
        -- a range stays an index scan.
        CREATE VIEW engage.log WITH (security_barrier) AS
            SELECT e.seq, e.hash, e.ts,
                   CASE WHEN e.audience = 'everyone' OR e.audience = 'user:' || session_user::text
                             OR (SELECT r.everything FROM engage.reader() r)
                             OR e.audience = 'partner:' || (SELECT r.partner FROM engage.reader() r)
                        THEN e.line END AS line
            FROM engage.events e;

        -- Gives `login` (if it is a database login) exactly the engage role `role` (none: NULL).
        -- Roles belong to the whole server: another log's append may be granting at the same
        -- moment, which PostgreSQL reports as a duplicate; the grant is there either way.
        CREATE FUNCTION engage.set_role(login text, role text) RETURNS void
        LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog AS $f$
        DECLARE g text; wanted boolean; has boolean;
        BEGIN
            IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = login) THEN RETURN; END IF;
            FOREACH g IN ARRAY ARRAY['engage_coordinator', 'engage_partner', 'engage_reviewer'] LOOP
                wanted := role IS NOT NULL AND g = 'engage_' || role;
                has := EXISTS (SELECT FROM pg_auth_members m JOIN pg_roles r ON r.oid = m.roleid JOIN pg_roles u ON u.oid = m.member
                               WHERE r.rolname = g AND u.rolname = login);
                CONTINUE WHEN wanted = has;
                BEGIN
                    IF wanted THEN
                        EXECUTE format('GRANT %I TO %I', g, login);
                    ELSE
                        EXECUTE format('REVOKE %I FROM %I', g, login);
                    END IF;
                -- Another database changing the same membership at the same moment: its change
                -- is the same one.
                EXCEPTION WHEN unique_violation OR internal_error THEN NULL;
                END;
            END LOOP;
        END $f$;

        -- Applies a member record to engage.members and to the database roles.
        CREATE FUNCTION engage.apply_member(rec jsonb) RETURNS void
        LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog AS $f$
        DECLARE member_login text := rec->'data'->>'user'; member_role text := rec->'data'->>'role';
        BEGIN
            IF rec->>'type' = 'member.added' THEN
                INSERT INTO engage.members AS m VALUES (member_login, member_role, rec->'data'->>'partner')
                    ON CONFLICT ON CONSTRAINT members_pkey DO UPDATE SET role = EXCLUDED.role, partner = EXCLUDED.partner;
            ELSIF rec->>'type' = 'member.removed' THEN
                DELETE FROM engage.members m WHERE m.login = member_login;
            ELSE
                RETURN;
            END IF;
            PERFORM engage.set_role(member_login, CASE WHEN rec->>'type' = 'member.added' THEN member_role END);
        END $f$;

        -- Checks and inserts `lines` after record `tail`, whose hash is `prev`; returns the
        -- new tail. `who` is the login whose records they must be (NULL: any, for import).
        CREATE FUNCTION engage.insert_lines(tail bigint, prev bytea, lines bytea[], audiences text[], who text) RETURNS bigint
        LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog AS $f$
        DECLARE
            i int; line bytea; body bytea; rec jsonb; h bytea; n int := coalesce(array_length(lines, 1), 0);
            r record; audience text;
        BEGIN
            IF n = 0 THEN RETURN tail; END IF;
            IF coalesce(array_length(audiences, 1), 0) <> n THEN
                RAISE EXCEPTION 'one audience a line' USING ERRCODE = 'EG002';
            END IF;
            SELECT * INTO r FROM engage.my_role();
            FOR i IN 1..n LOOP
                line := lines[i];
                BEGIN
                    rec := convert_from(line, 'UTF8')::jsonb;
                EXCEPTION WHEN others THEN
                    RAISE EXCEPTION 'record #% is not an event record', tail + i USING ERRCODE = 'EG003';
                END;
                IF length(line) < 76 OR substring(line FROM length(line) - 74 FOR 9) <> convert_to(',"hash":"', 'UTF8') THEN
                    RAISE EXCEPTION 'record #% does not end with its hash', tail + i USING ERRCODE = 'EG003';
                END IF;
                body := substring(line FROM 1 FOR length(line) - 75);
                h := sha256(prev || body);
                IF encode(h, 'hex') <> rec->>'hash' THEN
                    RAISE EXCEPTION 'record #% does not chain to the record before it', tail + i USING ERRCODE = 'EG003';
                END IF;
                IF (rec->>'seq')::bigint IS DISTINCT FROM tail + i THEN
                    RAISE EXCEPTION 'record #% holds sequence number %', tail + i, rec->>'seq' USING ERRCODE = 'EG003';
                END IF;
                audience := audiences[i];
                IF who IS NOT NULL AND rec->>'actor' IS DISTINCT FROM who THEN
                    RAISE EXCEPTION 'record #% is by %, but this login is %', tail + i, rec->>'actor', who USING ERRCODE = 'EG002';
                END IF;
                -- Whoever writes the first record founds the log as its coordinator.
                IF tail + i = 1 THEN
                    INSERT INTO engage.members VALUES (rec->>'actor', 'coordinator', NULL) ON CONFLICT ON CONSTRAINT members_pkey DO NOTHING;
                    PERFORM engage.set_role(rec->>'actor', 'coordinator');
                    IF who IS NOT NULL THEN r.role := 'coordinator'; END IF;
                END IF;
                IF who IS NOT NULL THEN
                    IF r.role IS NULL THEN
                        RAISE EXCEPTION '% is not a member of this log', who USING ERRCODE = 'EG002';
                    ELSIF r.role = 'reviewer' THEN
                        RAISE EXCEPTION '% is a reviewer: reviewers record nothing', who USING ERRCODE = 'EG002';
                    ELSIF r.role = 'partner' THEN
                        IF rec->>'type' NOT IN ('feedback.submitted', 'dataset.used')
                           OR rec->'data'->>'partner' IS DISTINCT FROM r.partner THEN
                            RAISE EXCEPTION '% speaks for partner % and records only its feedback and usage', who, r.partner
                                USING ERRCODE = 'EG002';
                        END IF;
                        -- A partner's feedback is its own; its usage reports are public.
                        audience := CASE WHEN rec->>'type' = 'feedback.submitted' THEN 'partner:' || r.partner ELSE 'everyone' END;
                    END IF;
                END IF;
                IF audience IS NULL OR NOT (audience IN ('everyone', 'coordinators') OR audience LIKE 'partner:%' OR audience LIKE 'user:%') THEN
                    RAISE EXCEPTION 'record #% has no valid audience', tail + i USING ERRCODE = 'EG002';
                END IF;
                INSERT INTO engage.events (seq, line, hash, ts, actor, type, audience)
                    VALUES (tail + i, line, h, rec->>'ts', rec->>'actor', rec->>'type', audience);
                PERFORM engage.apply_member(rec);
                prev := h;
            END LOOP;
            PERFORM pg_notify('engage_log', (tail + n)::text);
            RETURN tail + n;
        END $f$;

        -- The one way to append: `lines` continue the log after record `expected` (NULL:
        -- after whatever the tail is), each by the calling login.
        CREATE FUNCTION engage.append(expected bigint, lines bytea[], audiences text[]) RETURNS bigint
        LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog AS $f$
        DECLARE tail bigint; prev bytea;
        BEGIN
            LOCK TABLE engage.events IN EXCLUSIVE MODE;
            SELECT e.seq, e.hash INTO tail, prev FROM engage.events e ORDER BY e.seq DESC LIMIT 1;
            IF tail IS NULL THEN tail := 0; prev := decode(repeat('00', 32), 'hex'); END IF;
            IF expected IS NOT NULL AND expected <> tail THEN
                RAISE EXCEPTION 'the log moved on' USING ERRCODE = 'EG001', DETAIL = tail::text;
            END IF;
            RETURN engage.insert_lines(tail, prev, lines, audiences, session_user::text);
        END $f$;

        -- Loads a file log into an empty log, chunk by chunk after record `expected` (0 for the
        -- first chunk): the schema's owner only, since the records are by other logins.
        CREATE FUNCTION engage.import(expected bigint, lines bytea[], audiences text[]) RETURNS bigint
        LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog AS $f$
        DECLARE tail bigint; prev bytea;
        BEGIN
            LOCK TABLE engage.events IN EXCLUSIVE MODE;
            SELECT e.seq, e.hash INTO tail, prev FROM engage.events e ORDER BY e.seq DESC LIMIT 1;
            IF tail IS NULL THEN tail := 0; prev := decode(repeat('00', 32), 'hex'); END IF;
            IF tail <> expected THEN
                RAISE EXCEPTION 'the log is not empty: it holds % records', tail USING ERRCODE = 'EG002';
            END IF;
            RETURN engage.insert_lines(tail, prev, lines, audiences, NULL);
        END $f$;

        CREATE FUNCTION engage.save_snapshot(s bigint, h bytea, v int, st bytea) RETURNS void
        LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog AS $f$
        DECLARE r record;
        BEGIN
            SELECT * INTO r FROM engage.my_role();
            IF r.role IS DISTINCT FROM 'coordinator' AND r.role IS DISTINCT FROM 'reviewer' THEN RETURN; END IF;
            IF NOT EXISTS (SELECT FROM engage.events e WHERE e.seq = s AND e.hash = h) THEN RETURN; END IF;
            INSERT INTO engage.snapshots VALUES (1, s, h, v, st)
                ON CONFLICT (id) DO UPDATE SET seq = EXCLUDED.seq, hash = EXCLUDED.hash,
                    state_version = EXCLUDED.state_version, state = EXCLUDED.state;
        END $f$;

        REVOKE ALL ON ALL TABLES IN SCHEMA engage FROM PUBLIC;
        REVOKE ALL ON ALL FUNCTIONS IN SCHEMA engage FROM PUBLIC;
        GRANT SELECT ON engage.log TO PUBLIC;
        GRANT SELECT ON engage.meta TO PUBLIC;
        GRANT SELECT ON engage.events, engage.members, engage.snapshots TO engage_coordinator, engage_reviewer;
        GRANT EXECUTE ON FUNCTION engage.append(bigint, bytea[], text[]) TO PUBLIC;
        GRANT EXECUTE ON FUNCTION engage.reader(), engage.my_role() TO PUBLIC;
        GRANT EXECUTE ON FUNCTION engage.save_snapshot(bigint, bytea, int, bytea) TO engage_coordinator, engage_reviewer;
        INSERT INTO engage.meta VALUES ('schema_version', '1');
        """#

    /// Version 2: the key store (a key is destroyed by deleting its row: the log is
    /// append-only, this table is not); a partner's login may retract the feedback and usage
    /// records it wrote itself.
    static let version2 = #"""
        CREATE TABLE engage.contact_keys (id text PRIMARY KEY, key bytea NOT NULL CHECK (length(key) = 32));
        REVOKE ALL ON engage.contact_keys FROM PUBLIC;
        GRANT SELECT ON engage.contact_keys TO engage_reviewer;
        GRANT SELECT, INSERT, DELETE ON engage.contact_keys TO engage_coordinator;

        -- A contact's key is kept before the record that needs it is appended: by a
        -- coordinator, by the schema's owner (import), or by whoever founds an empty log,
        -- whose first append makes them its coordinator (a script that maps a partner and
        -- adds its contact in one transaction).
        CREATE FUNCTION engage.keep_key(key_id text, key_bytes bytea) RETURNS void
        LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog AS $f$
        DECLARE r record;
        BEGIN
            SELECT * INTO r FROM engage.my_role();
            IF r.role IS DISTINCT FROM 'coordinator'
               AND EXISTS (SELECT FROM engage.events)
               AND NOT EXISTS (SELECT FROM pg_namespace n WHERE n.nspname = 'engage'
                               AND n.nspowner = (SELECT oid FROM pg_roles WHERE rolname = session_user))
               AND NOT coalesce((SELECT rolsuper FROM pg_roles WHERE rolname = session_user), false) THEN
                RAISE EXCEPTION '% may not keep a contact''s key: only coordinators record contacts', session_user
                    USING ERRCODE = 'EG002';
            END IF;
            INSERT INTO engage.contact_keys VALUES (key_id, key_bytes);
        END $f$;
        REVOKE ALL ON FUNCTION engage.keep_key(text, bytea) FROM PUBLIC;
        GRANT EXECUTE ON FUNCTION engage.keep_key(text, bytea) TO PUBLIC;

        -- Checks and inserts `lines` after record `tail`, whose hash is `prev`; returns the
        -- new tail. `who` is the login whose records they must be (NULL: any, for import).
        CREATE OR REPLACE FUNCTION engage.insert_lines(tail bigint, prev bytea, lines bytea[], audiences text[], who text) RETURNS bigint
        LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog AS $f$
        DECLARE
            i int; line bytea; body bytea; rec jsonb; h bytea; n int := coalesce(array_length(lines, 1), 0);
            r record; audience text;
        BEGIN
            IF n = 0 THEN RETURN tail; END IF;
            IF coalesce(array_length(audiences, 1), 0) <> n THEN
                RAISE EXCEPTION 'one audience a line' USING ERRCODE = 'EG002';
            END IF;
            SELECT * INTO r FROM engage.my_role();
            FOR i IN 1..n LOOP
                line := lines[i];
                BEGIN
                    rec := convert_from(line, 'UTF8')::jsonb;
                EXCEPTION WHEN others THEN
                    RAISE EXCEPTION 'record #% is not an event record', tail + i USING ERRCODE = 'EG003';
                END;
                IF length(line) < 76 OR substring(line FROM length(line) - 74 FOR 9) <> convert_to(',"hash":"', 'UTF8') THEN
                    RAISE EXCEPTION 'record #% does not end with its hash', tail + i USING ERRCODE = 'EG003';
                END IF;
                body := substring(line FROM 1 FOR length(line) - 75);
                h := sha256(prev || body);
                IF encode(h, 'hex') <> rec->>'hash' THEN
                    RAISE EXCEPTION 'record #% does not chain to the record before it', tail + i USING ERRCODE = 'EG003';
                END IF;
                IF (rec->>'seq')::bigint IS DISTINCT FROM tail + i THEN
                    RAISE EXCEPTION 'record #% holds sequence number %', tail + i, rec->>'seq' USING ERRCODE = 'EG003';
                END IF;
                audience := audiences[i];
                IF who IS NOT NULL AND rec->>'actor' IS DISTINCT FROM who THEN
                    RAISE EXCEPTION 'record #% is by %, but this login is %', tail + i, rec->>'actor', who USING ERRCODE = 'EG002';
                END IF;
                -- Whoever writes the first record founds the log as its coordinator.
                IF tail + i = 1 THEN
                    INSERT INTO engage.members VALUES (rec->>'actor', 'coordinator', NULL) ON CONFLICT ON CONSTRAINT members_pkey DO NOTHING;
                    PERFORM engage.set_role(rec->>'actor', 'coordinator');
                    IF who IS NOT NULL THEN r.role := 'coordinator'; END IF;
                END IF;
                IF who IS NOT NULL THEN
                    IF r.role IS NULL THEN
                        RAISE EXCEPTION '% is not a member of this log', who USING ERRCODE = 'EG002';
                    ELSIF r.role = 'reviewer' THEN
                        RAISE EXCEPTION '% is a reviewer: reviewers record nothing', who USING ERRCODE = 'EG002';
                    ELSIF r.role = 'partner' AND rec->>'type' = 'event.retracted' THEN
                        -- A partner's login takes back only its own feedback and usage.
                        IF NOT EXISTS (SELECT FROM engage.events e WHERE e.seq::text = rec->'data'->>'seq' AND e.actor = who
                                       AND e.type IN ('feedback.submitted', 'dataset.used')) THEN
                            RAISE EXCEPTION '% retracts only the records it wrote itself', who USING ERRCODE = 'EG002';
                        END IF;
                        audience := 'everyone';
                    ELSIF r.role = 'partner' THEN
                        IF rec->>'type' NOT IN ('feedback.submitted', 'dataset.used')
                           OR rec->'data'->>'partner' IS DISTINCT FROM r.partner THEN
                            RAISE EXCEPTION '% speaks for partner % and records only its feedback and usage', who, r.partner
                                USING ERRCODE = 'EG002';
                        END IF;
                        -- A partner's feedback is its own; its usage reports are public.
                        audience := CASE WHEN rec->>'type' = 'feedback.submitted' THEN 'partner:' || r.partner ELSE 'everyone' END;
                    END IF;
                END IF;
                IF audience IS NULL OR NOT (audience IN ('everyone', 'coordinators') OR audience LIKE 'partner:%' OR audience LIKE 'user:%') THEN
                    RAISE EXCEPTION 'record #% has no valid audience', tail + i USING ERRCODE = 'EG002';
                END IF;
                INSERT INTO engage.events (seq, line, hash, ts, actor, type, audience)
                    VALUES (tail + i, line, h, rec->>'ts', rec->>'actor', rec->>'type', audience);
                PERFORM engage.apply_member(rec);
                prev := h;
            END LOOP;
            PERFORM pg_notify('engage_log', (tail + n)::text);
            RETURN tail + n;
        END $f$;

        REVOKE ALL ON FUNCTION engage.insert_lines(bigint, bytea, bytea[], text[], text) FROM PUBLIC;
        UPDATE engage.meta SET value = '2' WHERE key = 'schema_version';
        """#

    /// Version 3: checkpoints kept at intervals of the log, one row each, found by their
    /// record and its time. Like the checkpoint, they are read and written by coordinators
    /// and reviewers, and saved only if their record is in the log with its hash.
    static let version3 = #"""
        CREATE TABLE engage.interval_snapshots (
            seq bigint PRIMARY KEY,
            hash bytea NOT NULL,
            recorded bigint NOT NULL,
            state_version int NOT NULL,
            state bytea NOT NULL
        );
        REVOKE ALL ON engage.interval_snapshots FROM PUBLIC;
        GRANT SELECT ON engage.interval_snapshots TO engage_coordinator, engage_reviewer;

        CREATE FUNCTION engage.save_interval_snapshot(s bigint, h bytea, t bigint, v int, st bytea) RETURNS void
        LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog AS $f$
        DECLARE r record;
        BEGIN
            SELECT * INTO r FROM engage.my_role();
            IF r.role IS DISTINCT FROM 'coordinator' AND r.role IS DISTINCT FROM 'reviewer' THEN RETURN; END IF;
            IF NOT EXISTS (SELECT FROM engage.events e WHERE e.seq = s AND e.hash = h) THEN RETURN; END IF;
            INSERT INTO engage.interval_snapshots VALUES (s, h, t, v, st)
                ON CONFLICT (seq) DO UPDATE SET hash = EXCLUDED.hash, recorded = EXCLUDED.recorded,
                    state_version = EXCLUDED.state_version, state = EXCLUDED.state;
        END $f$;

        CREATE FUNCTION engage.discard_interval_snapshot(s bigint) RETURNS void
        LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog AS $f$
        DECLARE r record;
        BEGIN
            SELECT * INTO r FROM engage.my_role();
            IF r.role IS DISTINCT FROM 'coordinator' AND r.role IS DISTINCT FROM 'reviewer' THEN RETURN; END IF;
            DELETE FROM engage.interval_snapshots WHERE seq = s;
        END $f$;

        REVOKE ALL ON FUNCTION engage.save_interval_snapshot(bigint, bytea, bigint, int, bytea) FROM PUBLIC;
        REVOKE ALL ON FUNCTION engage.discard_interval_snapshot(bigint) FROM PUBLIC;
        GRANT EXECUTE ON FUNCTION engage.save_interval_snapshot(bigint, bytea, bigint, int, bytea) TO engage_coordinator, engage_reviewer;
        GRANT EXECUTE ON FUNCTION engage.discard_interval_snapshot(bigint) TO engage_coordinator, engage_reviewer;
        UPDATE engage.meta SET value = '3' WHERE key = 'schema_version';
        """#

    /// Version 4: an import by `COPY` (`engage import`). The rows go straight into
    /// `engage.events`, which only the schema's owner may write: between `begin_import`,
    /// which locks the table and finds it empty, and `finish_import`, which checks in one pass
    /// what `engage.append` checks of each row it inserts (numbers 1 to n without a gap, the
    /// last hash, a valid audience for every row, the hash each line states), founds the log
    /// as its first record's actor's, and applies the member records, in the same transaction.
    /// The append-only trigger and the privileges are unchanged: COPY inserts, and only the
    /// owner may insert.
    static let version4 = #"""
        CREATE FUNCTION engage.begin_import() RETURNS void
        LANGUAGE plpgsql SET search_path = pg_catalog AS $f$
        DECLARE tail bigint;
        BEGIN
            LOCK TABLE engage.events IN EXCLUSIVE MODE;
            SELECT max(e.seq) INTO tail FROM engage.events e;
            IF tail IS NOT NULL THEN
                RAISE EXCEPTION 'the log is not empty: it holds % records', tail USING ERRCODE = 'EG002';
            END IF;
        END $f$;

        CREATE FUNCTION engage.finish_import(n bigint, last bytea) RETURNS bigint
        LANGUAGE plpgsql SET search_path = pg_catalog AS $f$
        DECLARE counted bigint; lowest bigint; highest bigint; unreadable bigint; misstated bigint; founder text; r record;
        BEGIN
            SELECT count(*), min(e.seq), max(e.seq),
                   count(*) FILTER (WHERE NOT (e.audience IN ('everyone', 'coordinators') OR e.audience LIKE 'partner:%' OR e.audience LIKE 'user:%')),
                   count(*) FILTER (WHERE length(e.line) < 76
                                    OR substring(e.line FROM length(e.line) - 74 FOR 9) <> '\x2c2268617368223a22'::bytea
                                    OR substring(e.line FROM length(e.line) - 65 FOR 64) <> convert_to(encode(e.hash, 'hex'), 'UTF8')
                                    OR substring(e.line FROM 1 FOR 8 + length(e.seq::text)) <> convert_to('{"seq":' || e.seq || ',', 'UTF8'))
              INTO counted, lowest, highest, unreadable, misstated
              FROM engage.events e;
            IF counted <> n OR lowest <> 1 OR highest <> n THEN
                RAISE EXCEPTION 'the import holds % records numbered % to %, not 1 to %', counted, lowest, highest, n USING ERRCODE = 'EG003';
            END IF;
            IF unreadable > 0 THEN
                RAISE EXCEPTION '% imported records have no valid audience', unreadable USING ERRCODE = 'EG002';
            END IF;
            IF misstated > 0 THEN
                RAISE EXCEPTION '% imported records do not state their number and hash', misstated USING ERRCODE = 'EG003';
            END IF;
            IF NOT EXISTS (SELECT FROM engage.events e WHERE e.seq = n AND e.hash = last) THEN
                RAISE EXCEPTION 'record #% is not the one checked', n USING ERRCODE = 'EG003';
            END IF;
            -- Whoever wrote the first record founds the log as its coordinator, as on append.
            SELECT e.actor INTO founder FROM engage.events e WHERE e.seq = 1;
            INSERT INTO engage.members VALUES (founder, 'coordinator', NULL) ON CONFLICT ON CONSTRAINT members_pkey DO NOTHING;
            PERFORM engage.set_role(founder, 'coordinator');
            FOR r IN SELECT e.line FROM engage.events e WHERE e.type IN ('member.added', 'member.removed') ORDER BY e.seq LOOP
                PERFORM engage.apply_member(convert_from(r.line, 'UTF8')::jsonb);
            END LOOP;
            PERFORM pg_notify('engage_log', n::text);
            RETURN n;
        END $f$;

        REVOKE ALL ON FUNCTION engage.begin_import() FROM PUBLIC;
        REVOKE ALL ON FUNCTION engage.finish_import(bigint, bytea) FROM PUBLIC;
        """#

    /// Version 5: the checkpoint's state in pieces of 8,000 bytes, one row each, read in one
    /// scan on start. A row that size fits in a page, so it is stored as it is (`PLAIN`).
    /// Held in one value, the state was TOASTed: compressed and cut into chunks of 2 KB,
    /// which the server took 35 to 90 ms to put together again for a 10 MiB state; the same
    /// bytes as plain rows are read in 15 to 18 ms. `engage.snapshots` keeps the record the
    /// checkpoint stands for; its `state` stays empty.
    static let version5 = #"""
        CREATE TABLE engage.snapshot_pieces (n int PRIMARY KEY, piece bytea NOT NULL);
        ALTER TABLE engage.snapshot_pieces ALTER COLUMN piece SET STORAGE PLAIN;
        REVOKE ALL ON engage.snapshot_pieces FROM PUBLIC;
        GRANT SELECT ON engage.snapshot_pieces TO engage_coordinator, engage_reviewer;

        -- The row of engage.snapshots is taken first: two sessions saving at once replace
        -- the pieces one after the other, never mixed.
        CREATE OR REPLACE FUNCTION engage.save_snapshot(s bigint, h bytea, v int, st bytea) RETURNS void
        LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog AS $f$
        DECLARE r record;
        BEGIN
            SELECT * INTO r FROM engage.my_role();
            IF r.role IS DISTINCT FROM 'coordinator' AND r.role IS DISTINCT FROM 'reviewer' THEN RETURN; END IF;
            IF NOT EXISTS (SELECT FROM engage.events e WHERE e.seq = s AND e.hash = h) THEN RETURN; END IF;
            INSERT INTO engage.snapshots VALUES (1, s, h, v, ''::bytea)
                ON CONFLICT (id) DO UPDATE SET seq = EXCLUDED.seq, hash = EXCLUDED.hash,
                    state_version = EXCLUDED.state_version, state = EXCLUDED.state;
            DELETE FROM engage.snapshot_pieces;
            INSERT INTO engage.snapshot_pieces
                SELECT i, substring(st FROM i * 8000 + 1 FOR 8000) FROM generate_series(0, (length(st) - 1) / 8000) i;
        END $f$;

        -- A checkpoint saved before the upgrade moves into pieces.
        INSERT INTO engage.snapshot_pieces
            SELECT i, substring(s.state FROM i * 8000 + 1 FOR 8000) FROM engage.snapshots s, generate_series(0, (length(s.state) - 1) / 8000) i;
        UPDATE engage.snapshots SET state = ''::bytea;
        UPDATE engage.meta SET value = '5' WHERE key = 'schema_version';
        """#

    /// Version 6: the function that imported a file log in chunks of rows, which nothing has
    /// called since the import went by `COPY` (version 4), is dropped: a way into the table
    /// that no one uses is one more to guard.
    static let version6 = #"""
        DROP FUNCTION IF EXISTS engage.import(bigint, bytea[], text[]);
        UPDATE engage.meta SET value = '6' WHERE key = 'schema_version';
        """#
}
