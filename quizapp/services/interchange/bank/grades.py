"""Moodle's answer grades: the grade list every fraction must be on, and the multiple-choice
rules, as Moodle applies them when it imports a question.

From Moodle's code: ``question_bank::fraction_options_full()`` (question/engine/bank.php) is the
list; ``match_grade_options(..., 'error')`` (lib/questionlib.php) accepts a fraction within
0.00001 of an entry and otherwise skips the question ("Grades do not match grade options");
``qtype_multichoice`` refuses a one-answer question whose best answer is not 100%
(errfractionsnomax) and a multiple-answer question whose positive grades, rounded to 2
decimals of a fraction, do not add up to 100% (errfractionsaddwrong), and needs 2 answers.
"""

from __future__ import annotations

# Fractions as Moodle writes them (7 decimals); 1.0 and 0.0 included.
_POSITIVE = ("1.0", "0.9", "0.8333333", "0.8", "0.75", "0.7", "0.6666667", "0.6", "0.5", "0.4",
             "0.3333333", "0.3", "0.25", "0.2", "0.1666667", "0.1428571", "0.125", "0.1111111",
             "0.1", "0.05")
FRACTIONS: tuple[float, ...] = (*(float(f) for f in _POSITIVE), 0.0,
                                *(-float(f) for f in reversed(_POSITIVE)))
TOLERANCE = 0.00001


def percent(fraction: float) -> str:
    """A fraction as Moodle writes a percentage: 0.3333333 -> '33.33333', 1 -> '100'."""
    text = f"{fraction * 100:.5f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


GRADE_LIST = "0% or " + ", ".join(f"±{percent(f)}%" for f in FRACTIONS if f > 0)


def on_grade_list(fraction: float) -> float | None:
    """The grade-list fraction that ``fraction`` stands for, or None if Moodle refuses it."""
    for option in FRACTIONS:
        if abs(fraction - option) < TOLERANCE:
            return option
    return None


def right_share(n_right: int) -> float | None:
    """The grade-list fraction for each of ``n_right`` right answers (None beyond the list)."""
    return on_grade_list(round(1 / n_right, 7)) if n_right else None


def weight_problems(fractions: list[float], single: bool) -> list[str]:
    """What Moodle would say about these answer fractions (empty when it accepts them)."""
    off = [f for f in fractions if on_grade_list(f) is None]
    if off:
        shown = ", ".join(f"{percent(f)}%" for f in off)
        return [f"{'weight' if len(off) == 1 else 'weights'} {shown} "
                f"{'is' if len(off) == 1 else 'are'} not on Moodle's grade list "
                f"({GRADE_LIST})"]
    if len(fractions) < 2:
        return ["a multiple-choice question needs at least 2 answers"]
    if single:
        best = max(fractions)
        if abs(best - 1) > TOLERANCE:
            return [f"the best answer is worth {percent(best)}%; Moodle needs one answer worth "
                    "100% in a one-answer question"]
        return []
    total = round(sum(f for f in fractions if f > 0), 2)
    if total != 1:
        return [f"the positive weights add up to {percent(total)}%; Moodle needs 100% in a "
                "multiple-answer question"]
    return []
