"""Item statistics (Moodle's quiz-statistics definitions) and the SQL that feeds them.

The statistics are pure functions over a score matrix: one row per student, one column per
question, a score of 1 (exactly right) or 0 (wrong or not answered). Rows may carry a weight:
the loader below sends each distinct answer pattern once with the number of students who share
it, so the work in Python does not grow with the class.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import case, func, select

from ..extensions import db
from ..models import Response

SMALL_CLASS = 10  # below this many students every figure is flagged as noise-prone
Z95 = 1.959963984540054  # two-sided 95% normal quantile, for the Wilson interval
_EPS = 1e-12


@dataclass(frozen=True)
class ItemStats:
    """One question's figures. ``None`` where a figure is undefined (e.g. no variance)."""

    index: int
    n: int  # students in the matrix (answered at least one question of the check)
    answered: int  # of those, how many answered this question
    correct: float  # total score on this question
    facility: float | None  # mean score / max score, 0..1
    facility_low: float | None  # Wilson 95% interval for the facility
    facility_high: float | None
    sd: float | None  # standard deviation of the item score (n - 1)
    discrimination: float | None  # Pearson r of item score with rest-of-test score
    efficiency: float | None  # Cov(item, rest) / largest Cov possible for those values

    @property
    def small(self) -> bool:
        return self.n < SMALL_CLASS


@dataclass(frozen=True)
class CheckStats:
    """The whole check: totals and internal consistency."""

    n: int
    p: int
    items: list[ItemStats]
    mean: float | None  # mean total score
    sd: float | None  # SD of total scores (n - 1)
    alpha: float | None  # Cronbach's alpha (coefficient of internal consistency)
    error_ratio: float | None  # percent: 100 * sqrt(1 - alpha)
    standard_error: float | None  # SD(totals) * sqrt(1 - alpha), in score points

    @property
    def small(self) -> bool:
        return self.n < SMALL_CLASS


def wilson_interval(successes: float, n: int, z: float = Z95) -> tuple[float, float] | None:
    """Wilson score interval for a proportion: honest with small n and with 0% or 100%."""
    if n <= 0:
        return None
    phat = successes / n
    z2 = z * z
    denom = 1 + z2 / n
    centre = (phat + z2 / (2 * n)) / denom
    half = z / denom * math.sqrt(max(0.0, phat * (1 - phat) / n + z2 / (4 * n * n)))
    return max(0.0, centre - half), min(1.0, centre + half)


def _runs(values: Iterable[tuple[float, int]]) -> list[tuple[float, int]]:
    """(value, count) pairs merged and sorted ascending: a weighted sorted list."""
    merged: Counter[float] = Counter()
    for value, count in values:
        merged[value] += count
    return sorted(merged.items())


def _sorted_cross_sum(xs: list[tuple[float, int]], ys: list[tuple[float, int]]) -> float:
    """Sum of x*y after sorting both weighted lists ascending and pairing them in order."""
    total, i, j = 0.0, 0, 0
    left_x = xs[0][1] if xs else 0
    left_y = ys[0][1] if ys else 0
    while i < len(xs) and j < len(ys):
        take = min(left_x, left_y)
        total += xs[i][0] * ys[j][0] * take
        left_x -= take
        left_y -= take
        if left_x == 0:
            i += 1
            left_x = xs[i][1] if i < len(xs) else 0
        if left_y == 0:
            j += 1
            left_y = ys[j][1] if j < len(ys) else 0
    return total


def item_analysis(matrix: Sequence[Sequence[float]], *, weights: Sequence[int] | None = None,
                  n_items: int | None = None, answered: Sequence[int] | None = None,
                  max_score: float = 1.0) -> CheckStats:
    """Moodle's item and test statistics for a score matrix (rows = students).

    ``weights`` repeats a row that many times; ``answered`` gives, per question, how many
    students actually answered it (default: everyone in the matrix).
    """
    rows = [tuple(float(x) for x in row) for row in matrix]
    w = list(weights) if weights is not None else [1] * len(rows)
    p = n_items if n_items is not None else (len(rows[0]) if rows else 0)
    n = sum(w)
    totals = [sum(row) for row in rows]
    mean_t = sum(t * c for t, c in zip(totals, w, strict=True)) / n if n else None
    var_t = (sum(c * (t - mean_t) ** 2 for t, c in zip(totals, w, strict=True)) / (n - 1)
             if n > 1 and mean_t is not None else None)
    items: list[ItemStats] = []
    item_vars: list[float] = []
    for i in range(p):
        xs = [row[i] for row in rows]
        sum_x = sum(x * c for x, c in zip(xs, w, strict=True))
        facility = sum_x / n / max_score if n else None
        interval = wilson_interval(sum_x / max_score, n) if n else None
        sd = disc = eff = None
        if n > 1:
            rest = [t - x for t, x in zip(totals, xs, strict=True)]
            mx, mr = sum_x / n, sum(r * c for r, c in zip(rest, w, strict=True)) / n
            var_x = sum(c * (x - mx) ** 2 for x, c in zip(xs, w, strict=True)) / (n - 1)
            var_r = sum(c * (r - mr) ** 2 for r, c in zip(rest, w, strict=True)) / (n - 1)
            cov = sum(c * (x - mx) * (r - mr)
                      for x, r, c in zip(xs, rest, w, strict=True)) / (n - 1)
            item_vars.append(var_x)
            sd = math.sqrt(max(var_x, 0.0))
            if var_x > _EPS and var_r > _EPS:
                disc = cov / math.sqrt(var_x * var_r)
                cross = _sorted_cross_sum(_runs(zip(xs, w, strict=True)),
                                          _runs(zip(rest, w, strict=True)))
                cov_max = (cross - n * mx * mr) / (n - 1)
                eff = cov / cov_max if cov_max > _EPS else None
        items.append(ItemStats(
            index=i, n=n, answered=answered[i] if answered is not None else n, correct=sum_x,
            facility=facility, facility_low=interval[0] if interval else None,
            facility_high=interval[1] if interval else None, sd=sd, discrimination=disc,
            efficiency=eff))
    alpha = error_ratio = standard_error = None
    sd_t = math.sqrt(max(var_t, 0.0)) if var_t is not None else None
    if n > 2 and p > 1 and var_t is not None and var_t > _EPS:
        alpha = p / (p - 1) * (1 - sum(item_vars) / var_t)
        spread = math.sqrt(max(0.0, 1 - alpha))
        error_ratio = 100 * spread
        standard_error = (sd_t or 0.0) * spread
    return CheckStats(n=n, p=p, items=items, mean=mean_t, sd=sd_t, alpha=alpha,
                      error_ratio=error_ratio, standard_error=standard_error)


# --- Answer patterns: the score matrix, compressed, straight from SQL ----------------------

@dataclass(frozen=True)
class Pattern:
    """Students sharing one answer pattern. Bit i stands for the i-th question given."""

    correct: int  # bit set: answered exactly right
    answered: int  # bit set: answered at all
    count: int
    picks: int = 0  # the choices picked, laid out by a Layout (0 when not asked for)
    seminar_id: int = 0


@dataclass(frozen=True)
class Layout:
    """Where each question's picked choices sit in Pattern.picks: one bit per choice."""

    choice_ids: tuple[tuple[str, ...], ...]  # per question, sorted as answers store them
    multiple: tuple[bool, ...]
    offsets: tuple[int, ...]

    def picked(self, picks: int, i: int) -> int:
        return picks >> self.offsets[i] & ((1 << len(self.choice_ids[i])) - 1)

    def ids(self, i: int, code: int) -> list[str]:
        return [cid for j, cid in enumerate(self.choice_ids[i]) if code >> j & 1]


_CHUNK = 30  # right/answered bits per SQL column: sums stay within 32-bit integers
_PICK_BITS = 60  # choice bits per SQL column: within a signed 64-bit integer
_MAX_SUBSETS = 8  # multiple-answer questions with more choices: single picks only


def make_layout(choice_ids: Sequence[Sequence[str]], multiple: Sequence[bool]) -> Layout:
    offsets, at = [], 0
    for ids in choice_ids:
        width = len(ids)
        if width and at // _PICK_BITS != (at + width - 1) // _PICK_BITS:
            at = (at // _PICK_BITS + 1) * _PICK_BITS  # never straddle two columns
        offsets.append(at)
        at += width
    return Layout(tuple(tuple(sorted(ids)) for ids in choice_ids), tuple(multiple),
                  tuple(offsets))


def _answer_codes(ids: tuple[str, ...], multiple: bool) -> dict[str, int]:
    """Every answer string a question can store ("a", "a|c") -> its choice bits."""
    if not multiple or len(ids) > _MAX_SUBSETS:
        return {cid: 1 << j for j, cid in enumerate(ids)}
    codes = {}
    for mask in range(1, 1 << len(ids)):
        codes["|".join(cid for j, cid in enumerate(ids) if mask >> j & 1)] = mask
    return codes


def _pick_columns(qids: list[int], layout: Layout) -> list[tuple[int, Any]]:
    columns: dict[int, dict[int, object]] = {}
    for i, qid in enumerate(qids):
        codes = _answer_codes(layout.choice_ids[i], layout.multiple[i])
        if not codes:
            continue
        column, shift = divmod(layout.offsets[i], _PICK_BITS)
        columns.setdefault(column, {})[qid] = case(
            {answer: code << shift for answer, code in codes.items()},
            value=Response.answer, else_=0)
    return [(k, func.sum(case(whens, value=Response.question_id, else_=0)).label(f"p{k}"))
            for k, whens in sorted(columns.items())]


def load_patterns(seminar_ids: Sequence[int], question_ids: Sequence[int],
                  layout: Layout | None = None, round_: int = 1) -> list[Pattern]:
    """One grouped query: each distinct answer pattern with its number of students.

    A student appears if they answered at least one of the questions in this round. The
    database does the per-student work (GROUP BY participant, then by pattern), so the rows
    returned are bounded by the number of distinct patterns, not by the number of responses.
    With a ``layout`` the patterns also say which choices each student picked, so that
    distractor counts and misconceptions need no further pass over the responses.
    """
    qids = list(question_ids)
    if not qids or not seminar_ids:
        return []
    columns = []
    for k, start in enumerate(range(0, len(qids), _CHUNK)):
        bits = {qid: 1 << i for i, qid in enumerate(qids[start:start + _CHUNK])}
        answered = case(bits, value=Response.question_id, else_=0)
        right = case((Response.correct.is_(True), answered), else_=0)
        columns += [func.sum(right).label(f"c{k}"), func.sum(answered).label(f"a{k}")]
    n_flags = len(columns)
    picked = _pick_columns(qids, layout) if layout is not None else []
    columns += [expr for _k, expr in picked]
    per_student = (select(Response.seminar_id, *columns)
                   .where(Response.seminar_id.in_(list(seminar_ids)),
                          Response.kind == "mc", Response.round == round_,
                          Response.question_id.in_(qids))
                   .group_by(Response.participant_id, Response.seminar_id).subquery())
    stmt = select(*per_student.c, func.count()).group_by(*per_student.c)
    out = []
    for row in db.session.execute(stmt):
        seminar_id, *cols, count = row
        correct = answered = picks = 0
        for k in range(n_flags // 2):
            correct |= int(cols[2 * k] or 0) << (_CHUNK * k)
            answered |= int(cols[2 * k + 1] or 0) << (_CHUNK * k)
        for value, (column, _expr) in zip(cols[n_flags:], picked, strict=True):
            picks |= int(value or 0) << (_PICK_BITS * column)
        out.append(Pattern(correct, answered, int(count), picks, int(seminar_id)))
    return out


def project(patterns: Iterable[Pattern], positions: Sequence[int]) -> list[Pattern]:
    """Keep only the given bit positions (renumbered 0..), dropping students with none of them.

    Used to cut one reading's check out of patterns loaded for several readings at once.
    """
    merged: Counter[tuple[int, int]] = Counter()
    for pat in patterns:
        correct = answered = 0
        for new, old in enumerate(positions):
            if pat.answered >> old & 1:
                answered |= 1 << new
                if pat.correct >> old & 1:
                    correct |= 1 << new
        if answered:
            merged[(correct, answered)] += pat.count
    return [Pattern(c, a, n) for (c, a), n in sorted(merged.items())]


def analyse_patterns(patterns: Sequence[Pattern], p: int) -> CheckStats:
    """item_analysis over patterns: unanswered counts as 0, as the page says."""
    rows = [[pat.correct >> i & 1 for i in range(p)] for pat in patterns]
    answered = [sum(pat.count for pat in patterns if pat.answered >> i & 1) for i in range(p)]
    return item_analysis(rows, weights=[pat.count for pat in patterns], n_items=p,
                         answered=answered)


@dataclass(frozen=True)
class SectionStats:
    """A summary section's questions taken together: did the class understand it?"""

    section: str
    positions: tuple[int, ...]
    students: int  # answered at least one question resting on this section
    missed: int  # of those, got at least one of them wrong
    answers: int
    right_answers: int

    @property
    def missed_share(self) -> float | None:
        return self.missed / self.students if self.students else None

    @property
    def wrong_share(self) -> float | None:
        return (self.answers - self.right_answers) / self.answers if self.answers else None

    @property
    def small(self) -> bool:
        return self.students < SMALL_CLASS


def section_rollup(patterns: Sequence[Pattern],
                   sections: Sequence[tuple[str, Sequence[int]]]) -> list[SectionStats]:
    """Per section (id, bit positions of its questions): students who missed something."""
    out = []
    for section, positions in sections:
        mask = sum(1 << i for i in positions)
        students = missed = answers = right = 0
        for pat in patterns:
            seen = pat.answered & mask
            if not seen:
                continue
            students += pat.count
            if seen & ~pat.correct:
                missed += pat.count
            answers += pat.count * seen.bit_count()
            right += pat.count * (pat.correct & mask).bit_count()
        out.append(SectionStats(section, tuple(positions), students, missed, answers, right))
    return out
