#!/usr/bin/env python3
"""Rebuilds ordinary.txt: every distinct free-text and name value in the sample log.

Run from the repository's root: Tests/EngagementTests/CaseDetailsCorpus/extract-ordinary.py
"""
import json
import pathlib

KEYS = {"text", "notes", "how", "reason", "purpose", "question", "for", "title", "scope", "name",
        "frequency", "options", "mockup", "about", "owner", "by"}
here = pathlib.Path(__file__).parent
seen = []
for line in open(here.parents[2] / "eventlog" / "sample.jsonl", encoding="utf-8"):
    data = json.loads(line)["data"]
    for key, value in data.items():
        if key in KEYS and isinstance(value, str) and not value[:4].isdigit() and value not in seen:
            seen.append(value)
(here / "ordinary.txt").write_text("".join(v + "\n" for v in seen), encoding="utf-8")
print(len(seen), "texts")
