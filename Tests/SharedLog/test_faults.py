"""Faults on a shared log, each against a PostgreSQL server of its own that the test may
crash and restart: scripts/test runs this file under scripts/with-postgres.

A client killed mid-transaction, the server stopped like a power cut in the middle of a
load, and a connection cut under the REPL.
"""
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import unittest

import pexpect

ENGAGE = os.environ.get("ENGAGE_BIN", os.path.join(os.path.dirname(__file__), "..", "..", ".build", "debug", "engage"))
SERVER = os.environ.get("ENGAGE_TEST_PG")
SUPER = os.environ.get("ENGAGE_TEST_PG_PASSWORD")
PGBIN = os.environ.get("ENGAGE_TEST_PG_BIN")
DATA = os.environ.get("ENGAGE_TEST_PG_DATA")


def psql(sql, database="postgres", login="postgres", password=None):
    host = SERVER.split("@", 1)[1].rsplit("/", 1)[0]
    return subprocess.run(["psql", "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1", f"postgresql://{login}@{host}/{database}", "-c", sql],
                          check=True, capture_output=True, text=True,
                          env={"PATH": "/usr/bin:/bin", "PGPASSWORD": password or SUPER}).stdout


def pg_ctl(*arguments):
    command = [os.path.join(PGBIN, "pg_ctl"), "-D", DATA, "-w"] + list(arguments)
    if os.geteuid() == 0:
        command = ["runuser", "-u", "postgres", "--"] + command
    subprocess.run(command, check=True, capture_output=True)


@unittest.skipUnless(SERVER, "needs the server scripts/with-postgres starts")
class SharedLogFaults(unittest.TestCase):
    def setUp(self):
        self.folder = tempfile.mkdtemp(prefix="engage-faults-")
        self.database = "faults_" + os.urandom(6).hex()
        psql(f"CREATE DATABASE {self.database}")
        for login in ["lena", "chidi"]:
            psql(f"DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{login}') "
                 f"THEN CREATE ROLE {login} LOGIN PASSWORD '{login}'; END IF; END $$")
        host = SERVER.split("@", 1)[1].rsplit("/", 1)[0]
        self.url = lambda login: f"postgresql://{login}@{host}/{self.database}"
        self.env = {"PATH": "/usr/bin:/bin", "TERM": "xterm", "HOME": self.folder, "NO_COLOR": "1",
                    "ENGAGE_NOW": "2026-11-20T10:00:00Z", "ENGAGE_HISTORY": os.path.join(self.folder, "history")}
        subprocess.run([ENGAGE, "db", "init", self.url("postgres")], env=dict(self.env, PGPASSWORD=SUPER), check=True, capture_output=True)
        self.engage("lena", ["-c", 'partner add id=wash name="WASH Cluster" category=cluster levels=operational'])
        self.engage("lena", ["-c", "member add user=chidi role=partner partner=wash"])

    def tearDown(self):
        shutil.rmtree(self.folder, ignore_errors=True)

    def engage(self, login, arguments, check=True, now=None):
        env = dict(self.env, PGPASSWORD=login)
        if now:
            env["ENGAGE_NOW"] = now
        return subprocess.run([ENGAGE, "--log", self.url(login)] + arguments, env=env, check=check, capture_output=True, text=True)

    def count(self):
        return int(psql("SELECT count(*) FROM engage.events", self.database))

    def test_a_client_killed_mid_transaction_leaves_nothing_half_written(self):
        self.assertIn("Recorded #3", self.engage("chidi", ["-c", 'feedback topic=report text="first"']).stdout)
        # The next line chidi would write, well chained: made by engage on a copy of the log.
        copy = os.path.join(self.folder, "copy.jsonl")
        with open(copy, "w") as f:
            f.write(self.engage("lena", ["export"]).stdout)
        subprocess.run([ENGAGE, "--log", copy, "--as", "chidi", "-c", 'feedback topic=report text="never committed"'],
                       env=self.env, check=True, capture_output=True)
        with open(copy, "rb") as f:
            line = f.read().splitlines()[-1]
        host = SERVER.split("@", 1)[1].rsplit("/", 1)[0]
        # Appended inside a transaction whose client is killed before it commits.
        hanging = subprocess.Popen(
            ["psql", "-X", "-q", f"postgresql://chidi@{host}/{self.database}", "-c",
             "SET client_connection_check_interval = '100ms'; BEGIN; "
             f"SELECT engage.append(NULL, ARRAY['\\x{line.hex()}'::bytea], ARRAY['partner:wash']); SELECT pg_sleep(30);"],
            env={"PATH": "/usr/bin:/bin", "PGPASSWORD": "chidi"}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while not psql(f"SELECT count(*) FROM pg_stat_activity WHERE usename = 'chidi' AND query LIKE '%pg_sleep%' AND state = 'active'").strip() == "1":
            self.assertLess(time.monotonic(), deadline, "the transaction never started")
            time.sleep(0.1)
        self.assertEqual(self.count(), 3, "not visible before COMMIT")
        hanging.send_signal(signal.SIGKILL)
        hanging.wait()
        # The server notices, rolls back and releases the lock: the next append goes through.
        self.assertIn("Recorded #4", self.engage("chidi", ["-c", 'feedback topic=report text="after the kill"']).stdout)
        self.assertNotIn(b"never committed", self.engage("lena", ["export"]).stdout.encode())
        # engage itself killed while it waits for the lock: its append is whole or absent.
        holder = subprocess.Popen(
            ["psql", "-X", "-q", f"postgresql://postgres@{host}/{self.database}", "-c",
             "BEGIN; LOCK TABLE engage.events IN EXCLUSIVE MODE; SELECT pg_sleep(2);"],
            env={"PATH": "/usr/bin:/bin", "PGPASSWORD": SUPER}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(0.5)
        writer = subprocess.Popen([ENGAGE, "--log", self.url("chidi"), "-c", 'feedback topic=report text="killed writer"'],
                                  env=dict(self.env, PGPASSWORD="chidi"), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(0.5)
        writer.send_signal(signal.SIGKILL)
        writer.wait()
        holder.wait()
        time.sleep(0.5)
        self.assertIn(self.count(), (4, 5))
        self.assertIn("verify: OK", self.engage("lena", ["verify"]).stdout)

    def test_every_acknowledged_append_survives_a_server_crash_mid_load(self):
        # A writer appends as fast as it can; the server is stopped like a power cut.
        script = os.path.join(self.folder, "load.txt")
        with open(script, "w") as f:
            for n in range(5000):
                # Feedback, not use reports: an identical use report is refused (it counts once).
                f.write(f'feedback topic=report text="report {n}"\n')
        self.engage("lena", ["-c", 'dataset propose id=wash.water sector=wash question=q purpose=p owner=dtm dissemination=public requested-by=wash criteria=no-other-source,purpose-documented,analysis-capacity,analysis-tools,method-adequate options=open mockup=m'])
        self.engage("lena", ["-c", "mockup verify dataset=wash.water partner=wash skills=subject-matter,context"])
        self.engage("lena", ["-c", "dataset agree id=wash.water"])
        self.engage("lena", ["-c", "round start n=1 date=2026-11-20"])
        with open(script) as commands:
            load = subprocess.Popen([ENGAGE, "--log", self.url("chidi")], stdin=commands, stdout=subprocess.PIPE,
                                    stderr=subprocess.PIPE, text=True, env=dict(self.env, PGPASSWORD="chidi"))
            # Crash once the load is well under way.
            deadline = time.monotonic() + 30
            while self.count() < 60:
                self.assertLess(time.monotonic(), deadline, "the load never got going")
                time.sleep(0.05)
            pg_ctl("stop", "-m", "immediate")
            out, err = load.communicate(timeout=60)
        acknowledged = [int(n) for n in re.findall(r"Recorded #(\d+)", out)]
        self.assertGreater(len(acknowledged), 0, err)
        self.assertNotEqual(load.returncode, 0, "the load was cut short by the crash")
        self.assertEqual(len(err.strip().splitlines()), 1, err)  # one clear line, then it stops
        pg_ctl("-l", os.path.join(DATA, "server.log"), "start")
        stored = set(int(n) for n in psql("SELECT seq FROM engage.events", self.database).split())
        self.assertTrue(set(acknowledged) <= stored, f"lost: {sorted(set(acknowledged) - stored)[:5]}")
        self.assertIn("verify: OK", self.engage("lena", ["verify"]).stdout)

    def test_a_cut_connection_is_one_line_and_the_repl_carries_on(self):
        env = dict(self.env, PGPASSWORD="lena", ENGAGE_LOG=self.url("lena"))
        child = pexpect.spawn(ENGAGE, env=env, encoding="utf-8", timeout=15, dimensions=(40, 150))
        child.expect_exact("lena> ")
        psql(f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = 'lena' AND datname = '{self.database}'")
        time.sleep(0.3)
        child.sendline('partner add id=edu name="Education Cluster" category=cluster levels=strategic')
        child.expect(["Recorded #3", "engage: "])
        child.expect_exact("lena> ")
        child.sendline("partner show id=wash")
        child.expect_exact("wash — WASH Cluster")
        child.expect_exact("lena> ")
        child.sendline('partner add id=shelter name="Shelter Cluster" category=cluster levels=strategic')
        child.expect(r"Recorded #\d+: mapped partner shelter")
        child.expect_exact("lena> ")
        child.sendcontrol("d")
        child.expect(pexpect.EOF)
        self.assertIn("verify: OK", self.engage("lena", ["verify"]).stdout)


if __name__ == "__main__":
    result = unittest.main(verbosity=2, exit=False).result
    sys.exit(0 if result.wasSuccessful() else 1)
