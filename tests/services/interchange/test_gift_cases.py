"""GIFT read as Moodle reads it: every item of the case files (Moodle's own GIFT tests and
fixtures, and a public GIFT grammar's test suite, rewritten in data/gift/) against its
expected result, and no item left without one."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from quizapp.services.interchange.gift.syntax import parse_gift

DATA = Path(__file__).parent / "data" / "gift"
CASES = sorted(p.stem for p in DATA.glob("*.gift"))


def _check_item(item, want: dict) -> None:
    where = f"line {want['line']}"
    assert item.kind == want["kind"], where
    for key in ("title", "text", "multiple", "general_feedback", "idnumber", "tags"):
        if key in want:
            assert getattr(item, key) == want[key], (where, key)
    if "choices" in want:
        got = [[c.text, c.correct, c.feedback] for c in item.choices]
        assert got == want["choices"], where


@pytest.mark.parametrize("case", CASES)
def test_each_item_reads_as_expected(case):
    parsed = parse_gift((DATA / f"{case}.gift").read_text(encoding="utf-8"))
    expected = yaml.safe_load((DATA / f"{case}.expected.yaml").read_text(encoding="utf-8"))
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
    # Every item read or skipped has its expected result, and every note is expected.
    lines = {want["line"] for want in expected}
    assert set(items) | set(skips) == lines
    noted = {want["line"] for want in expected if want.get("notes")}
    assert set(notes) <= noted, {k: v for k, v in notes.items() if k not in noted}
