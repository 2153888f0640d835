"""GIFT read as Moodle reads it: every item of the case files (Moodle's own GIFT tests and
fixtures, and a public GIFT grammar's test suite, rewritten in data/gift/) against its
expected result, and no item left without one."""

from __future__ import annotations

from pathlib import Path

import pytest
from bank_cases import check_cases

from quizapp.services.interchange.gift.syntax import parse_gift

DATA = Path(__file__).parent / "data" / "gift"
CASES = sorted(p.stem for p in DATA.glob("*.gift"))


@pytest.mark.parametrize("case", CASES)
def test_each_item_reads_as_expected(case):
    parsed = parse_gift((DATA / f"{case}.gift").read_text(encoding="utf-8"))
    check_cases(parsed, DATA / f"{case}.expected.yaml")


def test_the_category_of_the_grammar_cases():
    parsed = parse_gift((DATA / "grammar_cases.gift").read_text(encoding="utf-8"))
    assert parsed.category == "$course$/top/Grammar cases"
