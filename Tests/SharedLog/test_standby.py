"""A shared log read from a streaming-replication standby: a primary and a hot standby of
its own, each in a temporary folder on loopback, both always stopped.

Views, export and verify read the standby as they read the primary; anything that would
write is refused with one line that says to record on the primary, and nothing is written.
"""
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import unittest

import pexpect

ENGAGE = os.environ.get("ENGAGE_BIN", os.path.join(os.path.dirname(__file__), "..", "..", ".build", "debug", "engage"))


def server_binaries():
    found = [os.path.join("/usr/lib/postgresql", v, "bin") for v in sorted(os.listdir("/usr/lib/postgresql"))] \
        if os.path.isdir("/usr/lib/postgresql") else []
    return next((b for b in reversed(found) if os.access(os.path.join(b, "initdb"), os.X_OK)), None)


PGBIN = server_binaries()
PASSWORD = "standby-test-" + os.urandom(4).hex()


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def as_server(command):
    """The server's own commands refuse root: run them as postgres then."""
    return ["runuser", "-u", "postgres", "--"] + command if os.geteuid() == 0 else command


def psql(port, sql, database="postgres"):
    return subprocess.run(["psql", "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1",
                           f"postgresql://postgres@127.0.0.1:{port}/{database}", "-c", sql],
                          check=True, capture_output=True, text=True,
                          env={"PATH": "/usr/sbin:/usr/bin:/sbin:/bin", "PGPASSWORD": PASSWORD}).stdout


@unittest.skipUnless(PGBIN, "needs the PostgreSQL server binaries")
class ReadingFromAStandby(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.folder = tempfile.mkdtemp(prefix="engage-standby-")
        os.chmod(cls.folder, 0o755)
        cls.primary_port, cls.standby_port = free_port(), free_port()
        cls.primary = os.path.join(cls.folder, "primary")
        cls.standby = os.path.join(cls.folder, "standby")
        sockets = os.path.join(cls.folder, "sock")
        os.mkdir(sockets)
        password_file = os.path.join(cls.folder, "pw")
        with open(password_file, "w") as f:
            f.write(PASSWORD + "\n")
        if os.geteuid() == 0:
            shutil.chown(cls.folder, "postgres")
            for path in [sockets, password_file]:
                shutil.chown(path, "postgres")
        cls.running = []
        try:
            subprocess.run(as_server([os.path.join(PGBIN, "initdb"), "-D", cls.primary, "-A", "scram-sha-256",
                                      f"--pwfile={password_file}", "-U", "postgres", "-E", "UTF8", "--locale=C.UTF-8"]),
                           check=True, capture_output=True)
            # initdb's pg_hba.conf already lets loopback connect for replication, with a password.
            cls.configure(cls.primary, cls.primary_port, sockets)
            cls.start(cls.primary)
            subprocess.run(as_server([os.path.join(PGBIN, "pg_basebackup"), "-h", "127.0.0.1", "-p", str(cls.primary_port),
                                      "-U", "postgres", "-D", cls.standby, "-R", "-X", "stream"]),
                           check=True, capture_output=True, env={"PATH": "/usr/sbin:/usr/bin:/sbin:/bin", "PGPASSWORD": PASSWORD})
            cls.configure(cls.standby, cls.standby_port, sockets)
            cls.start(cls.standby)
        except BaseException:
            cls.tearDownClass()
            raise

    @classmethod
    def configure(cls, data, port, sockets):
        with open(os.path.join(data, "postgresql.conf"), "a") as f:
            f.write(f"listen_addresses = '127.0.0.1'\nport = {port}\nunix_socket_directories = '{sockets}'\nhot_standby = on\n")

    @classmethod
    def start(cls, data):
        subprocess.run(as_server([os.path.join(PGBIN, "pg_ctl"), "-D", data, "-l", os.path.join(data, "server.log"), "-w", "start"]),
                       check=True, capture_output=True)
        cls.running.append(data)

    @classmethod
    def tearDownClass(cls):
        for data in reversed(cls.running):
            subprocess.run(as_server([os.path.join(PGBIN, "pg_ctl"), "-D", data, "-m", "immediate", "-w", "stop"]),
                           capture_output=True)
        shutil.rmtree(cls.folder, ignore_errors=True)

    def setUp(self):
        self.database = "standby_" + os.urandom(6).hex()
        psql(self.primary_port, f"CREATE DATABASE {self.database}")
        for login in ["lena", "chidi"]:
            psql(self.primary_port, f"DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{login}') "
                                    f"THEN CREATE ROLE {login} LOGIN PASSWORD '{login}'; END IF; END $$")
        self.home = tempfile.mkdtemp(prefix="engage-standby-home-")
        self.env = {"PATH": "/usr/bin:/bin", "TERM": "xterm", "HOME": self.home, "NO_COLOR": "1",
                    "ENGAGE_NOW": "2026-11-20T10:00:00Z", "ENGAGE_HISTORY": os.path.join(self.home, "history")}
        subprocess.run([ENGAGE, "db", "init", self.url("postgres", self.primary_port)],
                       env=dict(self.env, PGPASSWORD=PASSWORD), check=True, capture_output=True)
        self.engage("lena", self.primary_port, ["-c", 'partner add id=wash name="WASH Cluster" category=cluster levels=operational'])
        self.engage("lena", self.primary_port, ["-c", "member add user=chidi role=partner partner=wash"])
        self.engage("chidi", self.primary_port, ["-c", 'feedback topic=report text="the maps are late"'])
        self.caught_up()

    def tearDown(self):
        shutil.rmtree(self.home, ignore_errors=True)

    def url(self, login, port):
        return f"postgresql://{login}@127.0.0.1:{port}/{self.database}"

    def engage(self, login, port, arguments, check=True):
        return subprocess.run([ENGAGE, "--log", self.url(login, port)] + arguments, env=dict(self.env, PGPASSWORD=login),
                              check=check, capture_output=True, text=True)

    def events(self, port):
        return int(psql(port, "SELECT count(*) FROM engage.events", self.database))

    def caught_up(self):
        """Waits until the standby has replayed everything the primary committed."""
        deadline = time.monotonic() + 30
        target = self.events(self.primary_port)
        while True:
            try:
                if self.events(self.standby_port) == target:
                    return
            except subprocess.CalledProcessError:
                pass  # the new database has not reached the standby yet
            self.assertLess(time.monotonic(), deadline, "the standby never caught up")
            time.sleep(0.1)

    def test_views_export_and_verify_read_the_standby_as_they_read_the_primary(self):
        self.assertEqual(psql(self.standby_port, "SELECT pg_is_in_recovery()").strip(), "t")
        for arguments in [["plan"], ["log"], ["--format", "json", "partners"], ["export"]]:
            on_primary = self.engage("lena", self.primary_port, arguments)
            on_standby = self.engage("lena", self.standby_port, arguments)
            self.assertEqual(on_standby.stdout, on_primary.stdout, arguments)
            self.assertEqual(on_standby.returncode, 0, on_standby.stderr)
        self.assertIn("verify: OK", self.engage("lena", self.standby_port, ["verify"]).stdout)
        # What a partner reads on the standby follows its role, as on the primary.
        partner = self.engage("chidi", self.standby_port, ["log"])
        self.assertEqual(partner.stdout, self.engage("chidi", self.primary_port, ["log"]).stdout)
        self.assertIn("the maps are late", partner.stdout)

    def test_a_write_on_the_standby_is_refused_with_one_line_and_nothing_is_written(self):
        before = self.events(self.primary_port)
        for login, command in [("lena", 'partner add id=edu name="Education Cluster" category=cluster levels=strategic'),
                               ("chidi", 'feedback topic=report text="sent to the wrong server"')]:
            refused = self.engage(login, self.standby_port, ["-c", command], check=False)
            self.assertEqual(refused.returncode, 1, refused.stdout)
            lines = refused.stderr.strip().splitlines()
            self.assertEqual(len(lines), 1, refused.stderr)
            self.assertIn("is read-only, a standby", lines[0])
            self.assertIn("record on the primary", lines[0])
        self.assertEqual(self.events(self.primary_port), before)
        self.assertEqual(self.events(self.standby_port), before)

    def test_the_repl_on_a_standby_refuses_a_record_carries_on_and_sees_the_primarys_appends(self):
        env = dict(self.env, PGPASSWORD="lena", ENGAGE_LOG=self.url("lena", self.standby_port))
        child = pexpect.spawn(ENGAGE, env=env, encoding="utf-8", timeout=15, dimensions=(40, 150))
        try:
            child.expect_exact("lena> ")
            child.sendline('partner add id=edu name="Education Cluster" category=cluster levels=strategic')
            child.expect_exact("record on the primary")
            child.expect_exact("lena> ")
            # Recorded on the primary, replicated, and read here at the next command.
            self.engage("lena", self.primary_port, ["-c", 'partner add id=edu name="Education Cluster" category=cluster levels=strategic'])
            self.caught_up()
            child.sendline("partner show id=edu")
            child.expect_exact("edu — Education Cluster")
            child.expect_exact("lena> ")
            child.sendcontrol("d")
            child.expect(pexpect.EOF)
        finally:
            child.close(force=True)


if __name__ == "__main__":
    result = unittest.main(verbosity=2, exit=False).result
    sys.exit(0 if result.wasSuccessful() else 1)
