"""The REPL through a real pseudo-terminal (pexpect), as a coordinator uses it.

Run by scripts/test after the Swift tests; ENGAGE_BIN names the binary under test.
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import unittest

import pexpect

ENGAGE = os.environ.get("ENGAGE_BIN", os.path.join(os.path.dirname(__file__), "..", "..", ".build", "debug", "engage"))
PROMPT = "amina> "


def terminal_env(folder, progress="off", **engage):
    """The environment of engage on a test's terminal, in `folder`: no bracketed paste, a fixed
    clock, no colour, its own history. Progress lines are off unless `progress` says
    otherwise: a slow machine's read of a large test log may take a second, and its line
    (ProgressTests) would only get in the way of what the other tests look for. `engage`
    adds variables (ENGAGE_LOG=…)."""
    inputrc = os.path.join(folder, "inputrc")
    with open(inputrc, "w") as f:
        f.write("set enable-bracketed-paste off\n")
    return dict({"PATH": "/usr/bin:/bin", "TERM": "xterm", "HOME": folder, "INPUTRC": inputrc,
                 "ENGAGE_NOW": "2026-11-20T10:00:00Z", "ENGAGE_HISTORY": os.path.join(folder, "history"),
                 "NO_COLOR": "1", "ENGAGE_PROGRESS": progress}, **engage)


class ReplTests(unittest.TestCase):
    def setUp(self):
        self.folder = tempfile.mkdtemp(prefix="engage-repl-")
        self.log = os.path.join(self.folder, "events.jsonl")
        self.env = terminal_env(self.folder, ENGAGE_LOG=self.log, ENGAGE_ACTOR="amina")

    def tearDown(self):
        shutil.rmtree(self.folder, ignore_errors=True)

    def spawn(self):
        child = pexpect.spawn(ENGAGE, env=self.env, encoding="utf-8", timeout=10, dimensions=(40, 150))
        child.expect_exact(PROMPT)
        return child

    def events(self):
        out = subprocess.run([ENGAGE, "--format", "json", "log"], env=self.env, capture_output=True, text=True, check=True)
        return json.loads(out.stdout)["events"]

    def leave(self, child):
        """Ctrl-D at the prompt: the session ends, with status 0."""
        child.sendcontrol("d")
        child.expect(pexpect.EOF)
        child.close()
        self.assertEqual(child.exitstatus, 0)

    def record(self, child, line, receipt):
        child.sendline(line)
        child.expect_exact(receipt)
        child.expect_exact(PROMPT)

    def test_a_one_line_command_is_recorded_at_once(self):
        child = self.spawn()
        self.record(child, 'partner add id=wash name="WASH Cluster" category=cluster levels=strategic',
                    "Recorded #1: mapped partner wash")
        self.leave(child)
        self.assertEqual([e["type"] for e in self.events()], ["partner.mapped"])

    def test_the_banner_shows_the_response_frame_and_urgent_setup_asks_for_its_fields(self):
        subprocess.run([ENGAGE, "-c", 'response set name="Flood response 2026" country=Nigeria body=cluster since=2026-08-20'],
                       env=self.env, capture_output=True, text=True, check=True)
        child = pexpect.spawn(ENGAGE, env=self.env, encoding="utf-8", timeout=10, dimensions=(40, 150))
        child.expect_exact("Response: Flood response 2026, Nigeria (led by the cluster system, since 2026-08-20).")
        child.expect_exact(PROMPT)
        child.sendline("urgent setup")
        child.expect_exact("date — ")
        child.sendline("2026-11-01")
        child.expect_exact("mode — ")
        child.sendline("refr")
        child.expect_exact("Did you mean 'refer'?")
        child.expect_exact("mode — ")
        child.sendline("refer")
        child.expect_exact("pathways — ")
        child.sendline("no")
        child.expect_exact("Record this? [Y/n]")
        child.sendline("y")
        child.expect_exact("Recorded #2: urgent action from 2026-11-01: enumerators may refer cases, with informed consent")
        child.expect_exact("train them ('training topic=urgent-action')")
        child.expect_exact(PROMPT)
        child.sendline('urgent report date=today kind=life-saving notes="Girl of 14 at the school"')
        child.expect_exact("'urgent report' records only the fact of a report or referral")
        child.expect_exact(PROMPT)
        child.sendcontrol("d")
        child.expect(pexpect.EOF)
        self.assertEqual([e["type"] for e in self.events()], ["response.set", "urgent.setup"])

    def test_tab_completes_a_verb_and_a_partner_id(self):
        child = self.spawn()
        self.record(child, 'partner add id=unicef name=UNICEF category=un-agency levels=programmatic', "Recorded #1")
        child.send("partner ad\t")
        child.send("id=wash name=WASH category=clu\t levels=operational\r")
        child.expect_exact("Recorded #2: mapped partner wash — WASH (cluster; operational)")
        child.expect_exact(PROMPT)
        child.send("partner show id=un\t\r")
        child.expect_exact("unicef — UNICEF")
        child.expect_exact(PROMPT)
        child.sendcontrol("d")
        child.expect(pexpect.EOF)

    def test_tab_completes_each_dataset_of_a_report_after_a_comma(self):
        child = self.spawn()
        for line in ['partner add id=wash name=WASH category=cluster levels=operational',
                     'dataset propose id=wash.water sector=wash question="Water source?" dissemination=public',
                     'dataset propose id=shelter.type sector=shelter question="Shelter type?" dissemination=public']:
            self.record(child, line, "Recorded #")
        child.send('report publish id=r1 title="Round 1" date=2026-11-20 datasets=wash.water,shel\t')
        child.send('channel=hd\tchecklist=limitations\r')
        child.expect_exact("Recorded #4: report r1 published (hdx) on 2026-11-20 with wash.water, shelter.type")
        child.expect_exact("checklist items not done: jointly-identified, methodology-note, dissemination-checked")
        child.expect_exact(PROMPT)
        child.sendcontrol("d")
        child.expect(pexpect.EOF)

    def test_a_guided_dialogue_records_and_ctrl_c_abandons_it(self):
        child = self.spawn()
        self.record(child, 'partner add id=wash name=WASH category=cluster levels=strategic', "Recorded #1")
        child.sendline("meeting outcomes=a,b")
        child.expect_exact("date — ")
        child.sendline("")  # takes the default, today
        child.expect_exact("kind — ")
        child.sendline("imwg")
        child.expect_exact("partners — ")
        child.send("wa\t\r")
        child.expect_exact("Record this? [Y/n]")
        child.sendline("y")
        child.expect_exact("Recorded #2: imwg meeting with wash on 2026-11-20 — outcomes a and b reached")
        child.expect_exact(PROMPT)

        child.sendline("action add")
        child.expect_exact("id — ")
        child.sendline("send-dap")
        child.expect_exact("owner — ")
        child.sendcontrol("c")
        child.expect_exact("Abandoned: nothing was recorded.")
        child.expect_exact(PROMPT)
        child.sendcontrol("d")
        child.expect(pexpect.EOF)
        self.assertEqual([e["type"] for e in self.events()], ["partner.mapped", "meeting.held"])

    def test_a_question_is_agreed_once_its_mock_up_is_verified_and_the_dialogue_asks_who_checked_it(self):
        child = self.spawn()
        self.record(child, 'partner add id=wash name=WASH category=cluster levels=strategic', "Recorded #1")
        self.record(child, 'dataset propose id=wash.water sector=wash question="Main water source?" purpose=trucking owner=dtm '
                           'dissemination=public criteria=no-other-source,purpose-documented,analysis-capacity,analysis-tools,method-adequate '
                           'options=open mockup="Bar chart: % of sites by main source"', "Recorded #2")
        child.sendline("dataset agree id=wash.water")
        child.expect_exact("cannot be agreed yet: mock-up not verified for subject-matter, context")
        child.expect_exact(PROMPT)
        child.sendline("mockup verify dataset=wash.water")
        child.expect_exact("partner — ")
        child.send("wa\t\r")
        child.expect_exact("skills — ")
        child.expect_exact("(any of: subject-matter, context; comma-separated)")
        child.sendline("im")
        child.expect_exact("not a verifying skill; use one of subject-matter, context.")
        child.expect_exact("skills — ")
        child.sendline("subject-matter,context")
        child.expect_exact("Record this? [Y/n]")
        child.sendline("y")
        child.expect_exact("Recorded #3: wash verified the mock-up of wash.water (subject-matter, context) on 2026-11-20")
        child.expect_exact(PROMPT)
        self.record(child, "dataset agree id=wash.water", "Recorded #4: agreed dataset wash.water")
        child.sendcontrol("d")
        child.expect(pexpect.EOF)
        self.assertEqual([e["type"] for e in self.events()][2:], ["mockup.verified", "dataset.agreed"])

    def test_a_dialogue_keeps_text_that_only_looks_like_case_details_once_confirmed(self):
        child = self.spawn()
        child.sendline("action add id=a1 owner=dtm due=2026-12-01")
        child.expect_exact("text — ")
        child.sendline("Visit the victim Halima Musa project office")
        child.expect_exact("checked=yes")
        child.expect_exact("(checked=yes)? [y/N] ")
        child.sendline("n")
        child.expect_exact("text — ")
        child.sendline("Visit the victim Halima Musa project office")
        child.expect_exact("(checked=yes)? [y/N] ")
        child.sendline("y")
        child.expect_exact("checked=yes")
        child.expect_exact("Record this? [Y/n]")
        child.sendline("y")
        child.expect_exact("Recorded #1")
        child.expect_exact(PROMPT)
        child.sendcontrol("d")
        child.expect(pexpect.EOF)
        child.close()
        with open(os.path.join(self.folder, "events.jsonl")) as f:
            self.assertIn('"checked":true', f.read())

    def test_a_dialogue_checks_each_answer_as_it_is_given_and_loses_nothing(self):
        child = self.spawn()
        child.sendline("partner add id=wash name=WASH")
        # An enum question lists its values; a wrong one is refused at once, with the reason.
        child.expect_exact("category — kind of data user (one of: coordination, cluster, un-agency, ngo, iom, government): ")
        child.sendline("banana")
        child.expect_exact("category=banana: not a category; use one of coordination, cluster, un-agency, ngo, iom, government.")
        child.expect_exact("category — ")
        child.sendline("cluster")
        child.expect_exact("levels — ")
        child.sendline("operational")
        child.expect_exact("Record this? [Y/n]")
        child.sendline("y")
        child.expect_exact("Recorded #1: mapped partner wash — WASH (cluster; operational)")
        child.expect_exact(PROMPT)
        self.record(child, "partner add id=edu name=Edu category=cluster levels=operational", "Recorded #2")
        child.sendline("meeting outcomes=a")
        child.expect_exact("date — ")
        child.sendline("next friday")
        child.expect_exact('date="next friday": not a date; use YYYY-MM-DD')
        child.expect_exact("date — ")
        child.sendline("2026-11-19")
        child.expect_exact("kind — ")
        child.sendline("imwg")
        # Tab after a comma completes the next item of the list.
        child.expect_exact("partners — ")
        child.send("wash,e\t\r")
        child.expect_exact("meeting outcomes=a date=2026-11-19 kind=imwg partners=wash,edu")
        child.expect_exact("Record this? [Y/n]")
        child.sendline("y")
        child.expect_exact("Recorded #3: imwg meeting with wash, edu on 2026-11-19")
        child.expect_exact(PROMPT)
        # Up in a field recalls earlier answers to that field, not commands.
        child.sendline("meeting outcomes=b")
        child.expect_exact("date — ")
        child.send("\x1b[A\r")
        child.expect_exact("kind — ")
        child.send("\x1b[A\r")
        child.expect_exact("partners — ")
        child.send("\x1b[A\r")
        child.expect_exact("meeting outcomes=b date=2026-11-19 kind=imwg partners=wash,edu")
        child.sendline("y")
        child.expect_exact("Recorded #4")
        child.expect_exact(PROMPT)
        # …and Up at the prompt still recalls the commands.
        child.send("\x1b[A")
        child.expect_exact("meeting outcomes=b")
        child.sendcontrol("c")
        child.expect_exact(PROMPT)
        child.sendcontrol("d")
        child.expect(pexpect.EOF)
        self.assertEqual([e["type"] for e in self.events()], ["partner.mapped", "partner.mapped", "meeting.held", "meeting.held"])

    def test_undo_retracts_your_own_last_event_after_asking(self):
        child = self.spawn()
        self.record(child, 'partner add id=wash name=WASH category=cluster levels=strategic', "Recorded #1")
        self.record(child, 'milestone set id=dap title="DAP final" date=2027-01-15', "Recorded #2")
        child.sendline("undo")
        child.expect_exact("Undo #2 (milestone dap")
        child.sendline("n")
        child.expect_exact("Kept.")
        child.expect_exact(PROMPT)
        child.sendline("undo")
        child.expect_exact("Undo #2")
        child.sendline("y")
        child.expect_exact("Recorded #3: retracted #2: undone at the prompt")
        child.expect_exact(PROMPT)
        child.sendcontrol("d")
        child.expect(pexpect.EOF)
        plan = subprocess.run([ENGAGE, "--format", "json", "plan"], env=self.env, capture_output=True, text=True, check=True)
        self.assertEqual(json.loads(plan.stdout)["milestones"], [])

    def test_history_is_recalled_after_a_restart(self):
        child = self.spawn()
        self.record(child, 'partner add id=wash name=WASH category=cluster levels=strategic', "Recorded #1")
        child.sendcontrol("d")
        child.expect(pexpect.EOF)
        child = self.spawn()
        child.send("\x1b[A")  # up arrow
        child.expect_exact("partner add id=wash")
        child.send("\x15")  # Ctrl-U clears the recalled line
        child.sendline("plan")
        child.expect_exact("Plan as of 2026-11-20")
        child.expect_exact(PROMPT)
        self.leave(child)

    def test_a_line_naming_a_contact_stays_out_of_the_history_file(self):
        child = self.spawn()
        self.record(child, 'partner add id=wash name=WASH category=cluster levels=strategic', "Recorded #1")
        self.record(child, 'contact add partner=wash name="Zara Quill" email=zq@example.org', "Recorded #2")
        child.sendcontrol("d")
        child.expect(pexpect.EOF)
        child.close()
        with open(os.path.join(self.folder, "history")) as f:
            history = f.read()
        self.assertIn("partner add id=wash", history)
        self.assertNotIn("Zara", history)
        self.assertNotIn("zq@example.org", history)

    def test_another_process_append_is_announced_before_the_next_prompt(self):
        child = self.spawn()
        self.record(child, 'partner add id=wash name=WASH category=cluster levels=strategic', "Recorded #1")
        self.record(child, 'member add user=bashir role=partner partner=wash', "Recorded #2")
        env = dict(self.env, ENGAGE_ACTOR="bashir")
        subprocess.run([ENGAGE, "-c", 'feedback topic=process text="More notice before meetings"'],
                       env=env, capture_output=True, text=True, check=True)
        child.sendline("")
        child.expect_exact("New in the log: #3 by bashir — feedback f1 from wash about process")
        child.expect_exact(PROMPT)
        child.sendline("who hasn't replied?")
        child.expect_exact("Overdue as of 2026-11-20")
        child.expect_exact(PROMPT)
        child.sendcontrol("d")
        child.expect(pexpect.EOF)

    def test_a_contact_forgotten_by_another_coordinator_leaves_an_open_prompt_too(self):
        child = self.spawn()
        self.record(child, 'partner add id=wash name=WASH category=cluster levels=strategic', "Recorded #1")
        self.record(child, 'contact add partner=wash name="Rania Saleh" email=rania@example.org skills=im',
                    "Recorded #2: added contact Rania Saleh <rania@example.org> to wash (im)")
        self.record(child, 'member add user=tomas role=coordinator', "Recorded #3")
        child.sendline("log")
        child.expect_exact("added contact Rania Saleh")
        child.expect_exact(PROMPT)
        env = dict(self.env, ENGAGE_ACTOR="tomas")
        subprocess.run([ENGAGE, "-c", 'contact forget partner=wash name="Rania Saleh"'],
                       env=env, capture_output=True, text=True, check=True)
        child.sendline("")
        child.expect_exact("New in the log: #4 by tomas — forgot a contact of wash")
        child.expect_exact(PROMPT)
        child.sendline("partner show id=wash")
        child.expect_exact("(forgotten) (im)")
        child.expect_exact(PROMPT)
        self.assertNotIn("Rania", child.before)
        child.sendline("log")
        child.expect_exact("added contact (forgotten) to wash")
        child.expect_exact(PROMPT)
        self.assertNotIn("Rania", child.before + child.after)
        child.sendcontrol("d")
        child.expect(pexpect.EOF)

    def test_a_partner_member_at_the_prompt_records_its_feedback_and_nothing_else(self):
        setup = "partner add id=wash name=WASH category=cluster levels=strategic\nmember add user=bashir role=partner partner=wash\n"
        subprocess.run([ENGAGE], input=setup, env=self.env, capture_output=True, text=True, check=True)
        env = dict(self.env, ENGAGE_ACTOR="bashir")
        child = pexpect.spawn(ENGAGE, env=env, encoding="utf-8", timeout=10, dimensions=(40, 150))
        child.expect_exact("bashir speaks for wash: you record 'feedback' and 'used' for it, take back your own with 'undo', and read public views.")
        child.expect_exact("bashir> ")
        # partner= is filled in: the dialogue asks only for what is still missing.
        child.sendline("feedback topic=process")
        child.expect_exact("text")
        child.sendline("More notice before meetings")
        child.expect_exact("Record this? [Y/n]")
        child.sendline("y")
        child.expect_exact("Recorded #3: feedback f1 from wash about process: More notice before meetings.")
        child.expect_exact("bashir> ")
        child.sendline("partner add id=edu name=Edu category=cluster levels=strategic")
        child.expect_exact("not permitted: 'bashir' speaks for partner wash: partner members record only 'feedback' and 'used'")
        child.expect_exact("bashir> ")
        child.sendcontrol("d")
        child.expect(pexpect.EOF)
        self.assertEqual([e["type"] for e in self.events()], ["partner.mapped", "member.added", "feedback.submitted"])

    def test_a_partner_member_pressing_tab_after_member_remove_sees_no_member_name(self):
        setup = ("partner add id=wash name=WASH category=cluster levels=strategic\n"
                 "member add user=bashir role=partner partner=wash\nmember add user=omar role=reviewer\n")
        subprocess.run([ENGAGE], input=setup, env=self.env, capture_output=True, text=True, check=True)
        # The coordinator is offered the members...
        child = self.spawn()
        child.send("member remove user=\t\t")
        child.expect_exact("user=omar")
        # Readline shows the line again under the list; the prompt after Ctrl-C is a new one
        # (a Ctrl-D sent before it would reach the old line).
        child.expect_exact(PROMPT + "member remove user=")
        child.sendcontrol("c")
        child.expect_exact(PROMPT)
        child.sendcontrol("d")
        child.expect(pexpect.EOF)
        # ...a partner member, who may not run the verb, none of them.
        env = dict(self.env, ENGAGE_ACTOR="bashir")
        child = pexpect.spawn(ENGAGE, env=env, encoding="utf-8", timeout=10, dimensions=(40, 150))
        child.expect_exact("bashir> ")
        child.send("member remove user=\t\t")
        child.send("\r")
        child.expect_exact("not permitted")
        shown = child.before
        child.expect_exact("bashir> ")
        for name in ("omar", "amina", "user=bashir"):
            self.assertNotIn(name, shown)
        child.sendcontrol("d")
        child.expect(pexpect.EOF)

    def test_repair_asks_on_a_terminal_and_moves_nothing_unless_told_yes(self):
        subprocess.run([ENGAGE, "-c", "partner add id=wash name=WASH category=cluster levels=strategic"],
                       env=self.env, capture_output=True, text=True, check=True)
        with open(self.log, "a") as f:
            f.write("\n")
        child = pexpect.spawn(ENGAGE, ["repair"], env=self.env, encoding="utf-8", timeout=10)
        child.expect_exact("Move the 1 byte (1 line) after record #1 to a dated file beside the log? [y/N]")
        child.sendline("")
        child.expect_exact("nothing was moved")
        child.expect(pexpect.EOF)
        child.close()
        self.assertEqual(child.exitstatus, 1)
        child = pexpect.spawn(ENGAGE, ["repair"], env=self.env, encoding="utf-8", timeout=10)
        child.expect_exact("[y/N]")
        child.sendline("y")
        child.expect_exact("moved 1 byte (1 line) after record #1 to " + self.log + ".repair-20261120T100000Z")
        child.expect(pexpect.EOF)
        child.close()
        self.assertEqual(child.exitstatus, 0)
        with open(self.log + ".repair-20261120T100000Z") as f:
            self.assertEqual(f.read(), "\n")
        self.assertEqual([e["type"] for e in self.events()], ["partner.mapped"])

    def test_a_log_damaged_mid_session_gets_a_clear_message_and_the_repl_stays_up(self):
        child = self.spawn()
        self.record(child, 'partner add id=wash name=WASH category=cluster levels=strategic', "Recorded #1")
        with open(self.log, "ab") as f:
            f.write(b'{"seq":2,"this line was typed by hand":true}\n')
        child.sendline("plan")
        child.expect_exact("is damaged")
        child.expect_exact(PROMPT)
        child.sendline('partner add id=edu name=Edu category=cluster levels=strategic')
        child.expect_exact("damaged")
        child.expect_exact(PROMPT)
        # The damage stops reading and writing for the session; whatever happens to the
        # file next, the REPL stays up and writes nothing.
        with open(self.log, "wb") as f:
            f.write(b"")
        child.sendline("plan")
        child.expect_exact(PROMPT)
        child.sendline("help plan")
        child.expect_exact("The current state")
        child.expect_exact(PROMPT)
        child.sendcontrol("d")
        child.expect(pexpect.EOF)
        with open(self.log, "rb") as f:
            self.assertEqual(f.read(), b"", "nothing was written to the replaced log")

    def test_a_log_deleted_mid_session_is_said_once_and_not_recreated(self):
        child = self.spawn()
        self.record(child, 'partner add id=wash name=WASH category=cluster levels=strategic', "Recorded #1")
        os.remove(self.log)
        child.sendline('partner add id=edu name=Edu category=cluster levels=strategic')
        child.expect_exact("deleted while engage had it open")
        child.expect_exact(PROMPT)
        self.assertNotIn("deleted while", child.before, "said once, not again before the prompt")
        child.sendline("plan")
        child.expect_exact("wash")
        child.expect_exact(PROMPT)
        child.sendcontrol("d")
        child.expect(pexpect.EOF)
        self.assertFalse(os.path.exists(self.log))

    def test_long_views_go_through_the_pager_and_colour_follows_no_color(self):
        lines = "".join(f"partner add id=p{n} name=P{n} category=ngo levels=operational\n" for n in range(60))
        subprocess.run([ENGAGE], input=lines, env=self.env, capture_output=True, text=True, check=True)
        self.env["PAGER"] = "sed s/^/PAGED:/"
        child = self.spawn()
        child.sendline("log")
        child.expect_exact("PAGED:seq")
        child.expect_exact(PROMPT)
        child.sendline("log type=nothing")
        child.expect_exact("No events match.")
        child.sendcontrol("d")
        child.expect(pexpect.EOF)
        del self.env["NO_COLOR"]
        child = self.spawn()
        child.sendline("partner add id=wash name=WASH category=cluster levels=strategic")
        child.expect_exact("\x1b[32mRecorded #61")
        child.expect_exact(PROMPT)
        child.sendcontrol("d")
        child.expect(pexpect.EOF)

    def test_a_partner_member_undoes_its_own_feedback_and_not_anothers(self):
        setup = ("partner add id=wash name=WASH category=cluster levels=strategic\n"
                 "member add user=bashir role=partner partner=wash\nmember add user=chidi role=partner partner=wash\n")
        subprocess.run([ENGAGE], input=setup, env=self.env, capture_output=True, text=True, check=True)
        subprocess.run([ENGAGE, "-c", 'feedback topic=process text="From chidi"'], env=dict(self.env, ENGAGE_ACTOR="chidi"),
                       capture_output=True, text=True, check=True)
        env = dict(self.env, ENGAGE_ACTOR="bashir")
        child = pexpect.spawn(ENGAGE, env=env, encoding="utf-8", timeout=10, dimensions=(40, 150))
        child.expect_exact("bashir> ")
        child.sendline('feedback topic=process text="Sent to the wrong cluster"')
        child.expect_exact("Recorded #5: feedback f2 from wash")
        child.expect_exact("bashir> ")
        child.sendline("undo")
        child.expect_exact("Undo #5 (feedback f2 from wash")
        child.sendline("y")
        child.expect_exact("Recorded #6: retracted #5: undone at the prompt")
        child.expect_exact("bashir> ")
        # A colleague's feedback for the same partner is not bashir's to take back.
        child.sendline("retract seq=4 reason=mine")
        child.expect_exact("not permitted: 'bashir' may retract only events it recorded itself, and #4 is not one of them")
        child.expect_exact("bashir> ")
        child.sendcontrol("d")
        child.expect(pexpect.EOF)
        self.assertEqual([e["type"] for e in self.events()][-3:], ["feedback.submitted", "feedback.submitted", "event.retracted"])

    def test_a_view_at_the_prompt_takes_format_and_out(self):
        child = self.spawn()
        self.record(child, 'partner add id=wash name="WASH Cluster" category=cluster levels=strategic', "Recorded #1")
        child.sendline("partner show id=wash format=json")
        child.expect_exact('"id":"wash"')
        child.expect_exact(PROMPT)
        out = os.path.join(self.folder, "plan.csv")
        child.sendline(f"log out={out}")
        child.expect(r"Wrote (\d+) bytes to " + out.replace(".", r"\."))
        written = int(child.match.group(1))
        child.expect_exact(PROMPT)
        with open(out, "rb") as f:
            data = f.read()
        self.assertEqual(len(data), written)
        self.assertTrue(data.startswith(b"seq,"), "the file's extension chose CSV")
        # Written whole, with nothing left beside it, and never through a symbolic link.
        self.assertEqual(sorted(os.listdir(self.folder)), sorted(["events.jsonl", "history", "inputrc", "plan.csv"]))
        target = os.path.join(self.folder, "elsewhere.txt")
        link = os.path.join(self.folder, "link.md")
        os.symlink(target, link)
        child.sendline(f"plan out={link}")
        child.expect_exact("is a symbolic link; engage does not write through one")
        child.expect_exact(PROMPT)
        self.assertFalse(os.path.exists(target))
        child.sendline("plan format=pdf")
        child.expect_exact("format=pdf: not a format; use one of text, json, csv, md, html")
        child.expect_exact(PROMPT)
        child.sendcontrol("d")
        child.expect(pexpect.EOF)

    def test_a_pager_that_cannot_start_leaves_the_output_printed(self):
        lines = "".join(f"partner add id=p{n} name=P{n} category=ngo levels=operational\n" for n in range(60))
        subprocess.run([ENGAGE], input=lines, env=self.env, capture_output=True, text=True, check=True)
        self.env["PAGER"] = "/nonexistent"
        child = self.spawn()
        child.sendline("log")
        child.expect_exact("mapped partner p59")
        child.expect_exact(PROMPT)
        child.sendline("partner add id=last name=Last category=ngo levels=operational")
        child.expect_exact("Recorded #61")
        child.expect_exact(PROMPT)
        child.sendcontrol("d")
        child.expect(pexpect.EOF)

    def test_bad_input_keeps_the_repl_up(self):
        child = self.spawn()
        child.sendline("partnr add id=x")
        child.expect_exact("unknown command 'partnr")
        child.expect_exact(PROMPT)
        child.sendline('meeting notes="unclosed')
        child.expect_exact("a double quote is not closed")
        child.expect_exact(PROMPT)
        child.sendline("x" * 5000)
        child.expect_exact(PROMPT)
        os.write(child.child_fd, b"partner add id=w name=\xff\xfe\r")
        child.expect_exact("not valid UTF-8")
        child.expect_exact(PROMPT)
        self.leave(child)


    def test_a_long_cell_wraps_to_the_terminal_width_read_again_after_a_resize(self):
        words = " ".join(f"word{n:02d}" for n in range(40))
        setup = ('partner add id=wash name="WASH Cluster" category=cluster levels=strategic\n'
                 f'feedback partner=wash topic=report text="{words}"\n')
        subprocess.run([ENGAGE], input=setup, env=self.env, capture_output=True, text=True, check=True)
        self.env["PAGER"] = ""
        child = self.spawn()
        for columns in (150, 80):
            child.setwinsize(40, columns)
            child.sendline("feedback list")
            child.expect_exact("awaiting a reply")
            child.expect_exact(PROMPT)
            lines = [line for line in child.before.split("\r\n") if line.strip()]
            self.assertTrue(all(len(line) <= columns for line in lines), f"a line is wider than {columns}: {lines}")
            shown = " ".join(child.before.split())
            found = [w for w in shown.split() if w.startswith("word")]
            self.assertEqual(found, words.split(), "every word of the long cell is shown, in order, none cut")
            self.assertNotIn("…", child.before)
        self.assertGreater(len([line for line in lines if "word" in line]), 3, "at 80 columns the cell wraps onto several lines")
        child.sendcontrol("d")
        child.expect(pexpect.EOF)

    def test_a_question_is_said_as_its_command_and_answered_or_refused(self):
        setup = ('partner add id=wash name="WASH Cluster" category=cluster levels=strategic\n'
                 'partner add id=unicef name=UNICEF category=un-agency levels=programmatic\n'
                 'mou sign partner=unicef scope="CP data" date=2026-01-01\n'
                 'meeting date=2026-10-14 kind=bilateral partners=wash outcomes=a notes="Timeline next time"\n')
        subprocess.run([ENGAGE], input=setup, env=self.env, capture_output=True, text=True, check=True)
        child = self.spawn()
        child.sendline("which partners have no MoU?")
        child.expect_exact("→ partner list mou=none")
        child.expect_exact("1 partner (mou=none).")
        child.expect_exact(PROMPT)
        self.assertNotIn("unicef", child.before)
        child.sendline("who did we meet last month?")
        child.expect_exact("→ meeting list since=2026-10-01 until=2026-10-31")
        child.expect_exact("Timeline next time")
        child.expect_exact(PROMPT)
        subprocess.run([ENGAGE, "-c", "partner add id=edu name=Education category=cluster levels=operational"],
                       env=self.env, capture_output=True, text=True, check=True)
        child.sendline("which partners have no MoU?")
        child.expect_exact("New in the log: #5 by amina — mapped partner edu")
        child.expect_exact("→ partner list mou=none")
        child.expect_exact("2 partners (mou=none).")
        child.expect_exact(PROMPT)
        child.sendline("show me feedback from wash and unicef")
        child.expect_exact("cannot answer")
        child.expect_exact(PROMPT)
        self.assertNotIn("Feedback", child.before)
        child.sendcontrol("d")
        child.expect(pexpect.EOF)


    def write_chained_log(self, count, users=None):
        """A log of `count` usage reports, written line by line as engage writes them: all by
        `wash`, or each by a user of its own (`users="p"`: p2, p3, …), which the state keeps apart."""
        import hashlib
        previous = bytes(32)
        with open(self.log, "wb") as f:
            for seq in range(1, count + 1):
                if seq == 1:
                    kind, data = "partner.mapped", '{"id":"wash","name":"WASH","category":"cluster","levels":["operational"]}'
                else:
                    kind, data = "dataset.used", f'{{"dataset":"d","partner":"{users + str(seq) if users else "wash"}","round":1,"purpose":"use {seq}"}}'
                body = f'{{"seq":{seq},"ts":"2026-11-20T09:00:00Z","actor":"amina","type":"{kind}","v":{2 if seq == 1 else 1},"data":{data}'
                digest = hashlib.sha256(previous + body.encode()).digest()
                f.write((body + f',"hash":"{digest.hex()}"}}\n').encode())
                previous = digest

    def test_a_command_typed_while_the_checkpoint_is_read_runs_once_it_is_read(self):
        # Each use by a user of its own: a state that takes a moment to read.
        self.write_chained_log(30_000, users="p")
        subprocess.run([ENGAGE, "plan"], env=self.env, capture_output=True, check=True)
        self.assertTrue(os.path.exists(self.log + ".checkpoint"))
        # No patience: the prompt comes up as soon as the checkpoint is being read, and the
        # line is typed at once, before the state is read.
        child = pexpect.spawn(ENGAGE, env=dict(self.env, ENGAGE_PROMPT_WAIT="0"), encoding="utf-8", timeout=10,
                              dimensions=(40, 150))
        child.sendline("partner list")
        # The log and what needs attention first, once the state is read; then the answer.
        child.expect_exact("30000 events. ")
        child.expect(r"wash +WASH")
        child.expect_exact(PROMPT)
        child.sendline('partner add id=edu name=Edu category=cluster levels=strategic')
        child.expect_exact("Recorded #30001")
        child.expect_exact(PROMPT)
        self.leave(child)
        self.assertEqual(self.events()[-1]["data"]["id"], "edu")

    def test_each_record_carries_the_moment_it_was_recorded(self):
        env = dict(self.env)
        del env["ENGAGE_NOW"]
        child = pexpect.spawn(ENGAGE, env=env, encoding="utf-8", timeout=10, dimensions=(40, 150))
        child.expect_exact(PROMPT)
        self.record(child, 'partner add id=wash name=WASH category=cluster levels=strategic', "Recorded #1")
        time.sleep(1.2)
        self.record(child, 'partner add id=edu name=Edu category=cluster levels=strategic', "Recorded #2")
        child.sendcontrol("d")
        child.expect(pexpect.EOF)
        first, second = [e["ts"] for e in self.events()]
        self.assertLess(first, second)

    def test_an_edit_behind_the_checkpoint_is_said_at_once_and_writes_are_refused(self):
        self.write_chained_log(12_000)
        subprocess.run([ENGAGE, "plan"], env=self.env, capture_output=True, check=True)
        self.assertTrue(os.path.exists(self.log + ".checkpoint"))
        with open(self.log, "rb") as f:
            text = f.read()
        with open(self.log, "wb") as f:
            f.write(text.replace(b'"use 5000"', b'"use 5001"'))
        child = pexpect.spawn(ENGAGE, env=self.env, encoding="utf-8", timeout=10, dimensions=(40, 150))
        # Said without a key pressed: at start or while the prompt waits.
        child.expect(r"warning: .* is damaged: record #5000 .* showing the 4999 records before it")
        child.sendline("partner add id=edu name=Edu category=cluster levels=strategic")
        child.expect_exact("refusing to write")
        child.expect_exact(PROMPT)
        child.sendcontrol("d")
        child.expect(pexpect.EOF)
        with open(self.log, "rb") as f:
            self.assertEqual(len(f.read().splitlines()), 12_000)


PG = os.environ.get("ENGAGE_TEST_PG")


class ProgressTests(unittest.TestCase):
    """How far a long read has come, on the terminal: here shown at once (ENGAGE_PROGRESS=0),
    where a person sees it only once a read has taken a second."""

    SAMPLE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "eventlog", "sample.jsonl")

    def setUp(self):
        self.folder = tempfile.mkdtemp(prefix="engage-progress-")
        self.log = os.path.join(self.folder, "events.jsonl")
        shutil.copy(self.SAMPLE, self.log)
        shutil.copy(self.SAMPLE + ".keys", self.log + ".keys")
        os.chmod(self.log + ".keys", 0o600)
        self.env = terminal_env(self.folder, progress="0", ENGAGE_LOG=self.log, ENGAGE_ACTOR="lena")

    def tearDown(self):
        shutil.rmtree(self.folder, ignore_errors=True)

    def on_a_terminal(self, *arguments, **env):
        """What a one-shot command wrote to its terminal (stdout and stderr), and its status."""
        child = pexpect.spawn(ENGAGE, list(arguments), env=dict(self.env, **env), encoding="utf-8", timeout=30,
                              dimensions=(40, 150))
        child.expect(pexpect.EOF)
        child.close()
        return child.before, child.exitstatus

    def test_verify_says_how_far_its_check_has_come_and_wipes_the_line_before_its_answer(self):
        out, status = self.on_a_terminal("verify")
        self.assertEqual(status, 0, out)
        # The file's name only: a path could make the line wider than the terminal.
        shown = out.index("\rchecking the chain of events.jsonl… ")
        self.assertIn("100%\x1b[K", out[shown:])
        answer = out.index("verify: OK", shown)
        self.assertTrue(out[:answer].endswith("\r\x1b[K"), repr(out[:answer][-60:]))

    def test_nothing_is_said_off_a_terminal_into_a_pipe_when_turned_off_or_on_a_quick_read(self):
        piped = subprocess.run([ENGAGE, "verify"], env=self.env, capture_output=True, text=True)
        self.assertEqual(piped.returncode, 0, piped.stderr)
        self.assertEqual(piped.stderr, "")
        for setting in ["off", ""]:  # "": after the default second, which this log never takes
            out, status = self.on_a_terminal("verify", ENGAGE_PROGRESS=setting)
            self.assertEqual(status, 0, out)
            self.assertNotIn("checking", out)
            self.assertNotIn("\x1b[K", out)
        # Output into a pipe, stderr on the terminal: the pipe's reader (a pager) may hold it.
        child = pexpect.spawn("/bin/sh", ["-c", f'"{ENGAGE}" verify | cat'], env=self.env, encoding="utf-8", timeout=30)
        child.expect(pexpect.EOF)
        self.assertIn("verify: OK", child.before)
        self.assertNotIn("checking", child.before)

    def test_the_log_is_not_broken_into_once_its_lines_are_written(self):
        out, status = self.on_a_terminal("log")
        self.assertEqual(status, 0, out)
        # The first read may say how far it came, and wipes the line; then only the log.
        first = out.index("seq  recorded")
        self.assertTrue(out[:first].endswith("\r\x1b[K") or "\x1b[K" not in out[:first], repr(out[:first]))
        self.assertIn("partner.mapped", out[first:])
        self.assertNotIn("reading ", out[first:])
        self.assertNotIn("\x1b[K", out[first:])

    def test_the_prompt_comes_on_a_clean_line_after_the_first_read(self):
        child = pexpect.spawn(ENGAGE, env=self.env, encoding="utf-8", timeout=30, dimensions=(40, 150))
        child.expect_exact("\rreading events.jsonl… ")
        child.expect_exact("\r\x1b[K")
        child.expect_exact("lena> ")
        self.assertNotIn("reading", child.before)
        child.sendcontrol("d")
        child.expect(pexpect.EOF)


def psql(sql, database="postgres"):
    """Runs SQL as the test server's superuser."""
    url = PG.rsplit("/", 1)[0] + "/" + database
    subprocess.run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", url, "-c", sql], check=True, capture_output=True,
                   env={"PATH": "/usr/bin:/bin", "PGPASSWORD": os.environ["ENGAGE_TEST_PG_PASSWORD"]})


@unittest.skipUnless(PG, "needs the server scripts/with-postgres starts")
class SharedLogReplTests(unittest.TestCase):
    """The REPL on a shared log: what others commit is announced as it commits (LISTEN/NOTIFY),
    and a partner's login hears only of what it may read."""

    def setUp(self):
        self.folder = tempfile.mkdtemp(prefix="engage-repl-pg-")
        self.database = "repl_" + os.urandom(6).hex()
        psql(f"CREATE DATABASE {self.database}")
        for login in ["lena", "omar", "chidi"]:
            psql(f"DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{login}') "
                 f"THEN CREATE ROLE {login} LOGIN PASSWORD '{login}'; END IF; END $$")
        host = PG.split("@", 1)[1].rsplit("/", 1)[0]
        self.url = lambda login: f"postgresql://{login}@{host}/{self.database}"
        self.env = terminal_env(self.folder)
        owner = dict(self.env, PGPASSWORD=os.environ["ENGAGE_TEST_PG_PASSWORD"])
        subprocess.run([ENGAGE, "db", "init", PG.rsplit("/", 1)[0] + "/" + self.database], env=owner, check=True, capture_output=True)
        for line in ['partner add id=wash name="WASH Cluster" category=cluster levels=operational',
                     'partner add id=edu name="Education Cluster" category=cluster levels=strategic',
                     'member add user=omar role=coordinator', 'member add user=chidi role=partner partner=wash']:
            self.run_as("lena", ["-c", line])

    def tearDown(self):
        shutil.rmtree(self.folder, ignore_errors=True)

    def run_as(self, login, arguments):
        env = dict(self.env, PGPASSWORD=login)
        return subprocess.run([ENGAGE, "--log", self.url(login)] + arguments, env=env, capture_output=True, text=True, check=True)

    def spawn_as(self, login):
        env = dict(self.env, PGPASSWORD=login, ENGAGE_LOG=self.url(login))
        child = pexpect.spawn(ENGAGE, env=env, encoding="utf-8", timeout=10, dimensions=(40, 150))
        child.expect_exact(f"{login}> ")
        return child

    def test_another_office_commit_is_announced_while_the_prompt_waits(self):
        child = self.spawn_as("lena")
        child.send("partner show id=wa")  # half a line typed, not sent
        self.run_as("omar", ["-c", "meeting date=2026-11-19 kind=bilateral partners=wash outcomes=a"])
        child.expect_exact("New in the log: #5 by omar — bilateral meeting with wash")
        # The half-typed line is drawn again, and still works.
        child.send("sh\r")
        child.expect_exact("wash — WASH Cluster")
        child.expect_exact("lena> ")
        child.sendcontrol("d")
        child.expect(pexpect.EOF)

    def test_a_partner_login_hears_only_of_what_it_may_read(self):
        child = self.spawn_as("chidi")
        self.run_as("lena", ["-c", 'contact add partner=edu name="Dara Okafor" email=dara@example.org'])
        child.expect_exact("1 new record in the log that you may not read.")
        self.run_as("lena", ["-c", "meeting date=2026-11-19 kind=bilateral partners=wash outcomes=a"])
        child.expect_exact("New in the log: #6 by lena — bilateral meeting with wash")
        child.sendline("log")
        child.expect_exact("partner.mapped")
        child.expect_exact("chidi> ")
        self.assertNotIn("Dara Okafor", child.before)
        self.assertNotIn("dara@example.org", child.before)
        child.sendcontrol("d")
        child.expect(pexpect.EOF)


if __name__ == "__main__":
    result = unittest.main(verbosity=2, exit=False).result
    sys.exit(0 if result.wasSuccessful() else 1)
