"""Checking a parsed question bank against a case file's expected results (by line)."""

from __future__ import annotations

from pathlib import Path

import yaml

from quizapp.services.interchange.bank.items import ParsedBank


def _check_item(item, want: dict) -> None:
    where = f"line {want['line']}"
    assert item.kind == want["kind"], where
    for key in ("title", "text", "multiple", "general_feedback", "idnumber", "tags"):
        if key in want:
            assert getattr(item, key) == want[key], (where, key)
    if "choices" in want:
        got = [[c.text, c.correct, c.feedback] for c in item.choices]
        assert got == want["choices"], where


def check_cases(parsed: ParsedBank, expected_file: Path) -> None:
    """Each expected line is read (or skipped) as written, with the expected notes; and no
    item, skip or note is left without an expectation."""
    expected = yaml.safe_load(expected_file.read_text(encoding="utf-8"))
    items = {item.line: item for item in parsed.items}
    skips = {issue.line: issue.message for issue in parsed.issues if issue.skipped}
    notes: dict[int, list[str]] = {}
    for issue in parsed.issues:
        if not issue.skipped:
            notes.setdefault(issue.line, []).append(issue.message)
    for want in expected:
        line = want["line"]
        if "skipped" in want:
            assert line in skips, (line, parsed.issues)
            assert want["skipped"] in skips[line], (line, skips[line])
            assert line not in items
        else:
            assert line in items, (line, skips.get(line))
            _check_item(items[line], want)
        for part in want.get("notes", []):
            assert any(part in n for n in notes.get(line, [])), (line, notes.get(line))
    lines = {want["line"] for want in expected}
    assert set(items) | set(skips) == lines
    noted = {want["line"] for want in expected if want.get("notes")}
    assert set(notes) <= noted, {k: v for k, v in notes.items() if k not in noted}
