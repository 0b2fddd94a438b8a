"""The review's HTML page in a real browser (headless Chromium): it renders without
errors, its three charts are there, no two axis labels overlap, and every label and
legend entry lies whole inside its chart.

Run by scripts/test after the REPL tests; ENGAGE_BIN names the binary under test. Without
chromium it skips with one line, except in CI (CI set), where .ci/run installs it and a
missing browser is a failure.
"""
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import unittest

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
ENGAGE = os.environ.get("ENGAGE_BIN", os.path.join(ROOT, ".build", "debug", "engage"))
SAMPLE = os.path.join(ROOT, "eventlog", "sample.jsonl")
BROWSER = shutil.which("chromium") or shutil.which("chromium-browser")

# Measures the laid-out page and writes what it found into the DOM, for --dump-dom. The
# review itself carries no script: this one is added to a copy, for the test only.
PROBE = r"""
<script>
window.addEventListener("load", () => {
  const corners = (el) => {
    const b = el.getBBox(), m = el.getCTM();
    return [[b.x, b.y], [b.x + b.width, b.y], [b.x + b.width, b.y + b.height], [b.x, b.y + b.height]]
      .map(([x, y]) => [m.a * x + m.c * y + m.e, m.b * x + m.d * y + m.f]);
  };
  // Two convex polygons overlap unless some edge's normal separates them (by > 0.5px).
  const overlap = (p, q) => {
    for (const poly of [p, q]) {
      for (let i = 0; i < poly.length; i++) {
        const [x1, y1] = poly[i], [x2, y2] = poly[(i + 1) % poly.length];
        const nx = y2 - y1, ny = x1 - x2, len = Math.hypot(nx, ny) || 1;
        const proj = (pts) => pts.map(([x, y]) => (x * nx + y * ny) / len);
        const a = proj(p), b = proj(q);
        if (Math.max(...a) < Math.min(...b) + 0.5 || Math.max(...b) < Math.min(...a) + 0.5) return false;
      }
    }
    return true;
  };
  const result = { charts: [], overlaps: [], outside: [] };
  for (const fig of document.querySelectorAll("figure")) {
    const svg = fig.querySelector("svg");
    if (!svg) continue;
    const vb = svg.viewBox.baseVal;
    const screen = svg.getScreenCTM().inverse();
    const labels = [...svg.querySelectorAll("text.label")];
    result.charts.push({ id: fig.id, labels: labels.map((t) => t.textContent) });
    // Corners in the svg's own coordinates (getCTM is relative to the svg already).
    const boxes = labels.map(corners);
    for (let i = 0; i < boxes.length; i++)
      for (let j = i + 1; j < boxes.length; j++)
        if (overlap(boxes[i], boxes[j])) result.overlaps.push(fig.id + ": " + labels[i].textContent + " / " + labels[j].textContent);
    for (const t of svg.querySelectorAll("text")) {
      for (const [x, y] of corners(t)) {
        if (x < -0.5 || y < -0.5 || x > vb.width + 0.5 || y > vb.height + 0.5) {
          result.outside.push(fig.id + ": " + t.textContent);
          break;
        }
      }
    }
  }
  const pre = document.createElement("pre");
  pre.id = "layout-check";
  pre.textContent = JSON.stringify(result);
  document.body.appendChild(pre);
});
</script>
"""


def browser(*arguments, attempts=2, timeout=60):
    """Runs headless Chromium, each time with a profile of its own; returns (stdout, stderr).

    Headless Chromium now and then hangs before it writes anything (seen once, taking a
    screenshot, in a CI run whose other browser runs took seconds). A run past `timeout`
    is killed with every process it started, and tried once more; a second hang fails.
    """
    for attempt in range(1, attempts + 1):
        with tempfile.TemporaryDirectory() as profile:
            command = [BROWSER, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                       "--enable-logging=stderr", "--v=0", "--run-all-compositor-stages-before-draw",
                       "--virtual-time-budget=5000", "--user-data-dir=" + profile, *arguments]
            child = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                     start_new_session=True)
            try:
                stdout, stderr = child.communicate(timeout=timeout)
                return stdout, stderr
            except subprocess.TimeoutExpired:
                os.killpg(child.pid, signal.SIGKILL)
                child.communicate()
                if attempt == attempts:
                    raise
                print(f"chromium hung past {timeout} s; trying once more", file=sys.stderr)


def console_errors(stderr):
    """What the page itself complained about (not the browser's own start-up chatter)."""
    return [line for line in stderr.splitlines()
            if ":CONSOLE" in line or "Uncaught" in line or "SyntaxError" in line or "Failed to load resource" in line]


@unittest.skipIf(BROWSER is None and not os.environ.get("CI"), "chromium is not installed (apt-get install chromium); CI installs it")
class ReviewInBrowserTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        if BROWSER is None:
            raise AssertionError("chromium is missing in CI: .ci/run should have installed it")
        cls.folder = tempfile.mkdtemp(prefix="engage-review-")
        env = {"PATH": "/usr/bin:/bin", "HOME": cls.folder, "ENGAGE_ACTOR": "lena", "ENGAGE_NOW": "2026-11-20T10:00:00Z"}
        done = subprocess.run([ENGAGE, "--log", SAMPLE, "review", "out=" + cls.folder], env=env, capture_output=True, text=True)
        assert done.returncode in (0, 3), done.stderr
        cls.page = os.path.join(cls.folder, "engage-review-2026-11-20.html")
        with open(cls.page, encoding="utf-8") as f:
            cls.html = f.read()

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.folder, ignore_errors=True)

    def test_the_page_renders_its_charts_without_errors(self):
        shot = os.path.join(self.folder, "review.png")
        _, stderr = browser("--window-size=1200,3000", "--screenshot=" + shot, "file://" + self.page)
        self.assertEqual(console_errors(stderr), [])
        with open(shot, "rb") as f:
            self.assertEqual(f.read(8), b"\x89PNG\r\n\x1a\n")
        self.assertGreater(os.path.getsize(shot), 20_000, "a blank page is a few kilobytes")
        dom, stderr = browser("--dump-dom", "file://" + self.page)
        self.assertEqual(console_errors(stderr), [])
        for chart in ["engagement-over-time", "feedback-by-topic", "dataset-use-per-round"]:
            self.assertRegex(dom, f'<figure id="{chart}">\\s*<figcaption>[^<]+</figcaption>\\s*<svg')

    def measure(self, html=None):
        probed = os.path.join(self.folder, "probed.html")
        with open(probed, "w", encoding="utf-8") as f:
            f.write((html or self.html).replace("</body>", PROBE + "</body>"))
        dom, stderr = browser("--window-size=1200,3000", "--dump-dom", "file://" + probed)
        self.assertEqual(console_errors(stderr), [])
        found = re.search(r'<pre id="layout-check">(.*?)</pre>', dom, re.S)
        self.assertIsNotNone(found, "the probe ran after layout")
        return json.loads(found.group(1).replace("&quot;", '"').replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">"))

    def test_the_probe_sees_labels_that_overlap_or_stick_out(self):
        crafted = ('<!DOCTYPE html><html><body><figure id="crafted"><svg xmlns="http://www.w3.org/2000/svg" width="200" height="50" '
                   'viewBox="0 0 200 50"><text class="label" x="10" y="20">methodology</text><text class="label" x="40" y="20">resources</text>'
                   '<text class="label" x="150" y="40" transform="rotate(-40 150 40)">reaching out</text>'
                   '<text class="label" x="10" y="45">far enough apart</text></svg></figure></body></html>')
        result = self.measure(crafted)
        self.assertEqual(result["overlaps"], ["crafted: methodology / resources"])
        self.assertEqual(result["outside"], ["crafted: reaching out"])

    def test_no_two_axis_labels_overlap_and_every_label_and_legend_is_whole(self):
        result = self.measure()
        self.assertEqual([c["id"] for c in result["charts"]], ["engagement-over-time", "feedback-by-topic", "dataset-use-per-round"])
        for chart in result["charts"]:
            self.assertTrue(chart["labels"], chart["id"])
        self.assertEqual(result["overlaps"], [])
        self.assertEqual(result["outside"], [])

    def test_the_month_axis_is_continuous_and_the_open_round_is_marked(self):
        charts = {c["id"]: c["labels"] for c in self.measure()["charts"]}
        months = charts["engagement-over-time"]
        expected, (year, month) = [], map(int, months[0].split("-"))
        while len(expected) < len(months):
            expected.append(f"{year}-{month:02d}")
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        self.assertEqual(months, expected)
        self.assertEqual(months[-1], "2026-11", "up to the review's month")
        self.assertEqual(charts["dataset-use-per-round"][-1], "round 4 (open)")
        self.assertNotIn("(open)", " ".join(charts["dataset-use-per-round"][:-1]))


if __name__ == "__main__":
    unittest.main(verbosity=2)
