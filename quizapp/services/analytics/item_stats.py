"""Item statistics (Moodle's quiz-statistics definitions) and the SQL that feeds them.

The statistics are pure functions over a score matrix: one row per student, one column per
question, a score of 1 (exactly right) or 0 (wrong or not answered). Rows may carry a weight:
the loader below sends each distinct answer pattern of a check once with the number of students
who share it, so the work in Python is bounded by the patterns, not the class.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy import case, func, literal, select

from ...extensions import db
from ...models import Question, Response
from ...models.responses import MC_ANSWER

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


def _check_stats(n: int, p: int, items: list[ItemStats], item_vars: list[float],
                 mean_t: float | None, var_t: float | None) -> CheckStats:
    """The whole check's figures from its items: Cronbach's alpha and the errors it implies."""
    alpha = error_ratio = standard_error = None
    sd_t = math.sqrt(max(var_t, 0.0)) if var_t is not None else None
    if n > 2 and p > 1 and var_t is not None and var_t > _EPS:
        alpha = p / (p - 1) * (1 - sum(item_vars) / var_t)
        spread = math.sqrt(max(0.0, 1 - alpha))
        error_ratio = 100 * spread
        standard_error = (sd_t or 0.0) * spread
    return CheckStats(n=n, p=p, items=items, mean=mean_t, sd=sd_t, alpha=alpha,
                      error_ratio=error_ratio, standard_error=standard_error)


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
    return _check_stats(n, p, items, item_vars, mean_t, var_t)


# --- Answer patterns: the score matrix, compressed, straight from SQL ----------------------

@dataclass(frozen=True)
class Pattern:
    """Students sharing one answer pattern on a check. Bit i stands for its i-th question."""

    correct: int  # bit set: answered exactly right
    answered: int  # bit set: answered at all
    count: int


_CHUNK = 30  # right/answered bits per SQL column: sums stay within 32-bit integers


def load_check_patterns(seminar_ids: Sequence[int], checks: Mapping[int, Sequence[Question]],
                        round_: int = 1) -> dict[int, list[Pattern]]:
    """Per reading, each distinct answer pattern on its check with its number of students.

    ``checks`` maps a reading id to its questions, in check order. One grouped query: the
    database groups the answers per student and reading, then per pattern, so the rows
    returned are bounded by the distinct patterns of each check (a check of 10 questions has
    at most 2^10 of them, whatever the class size). A student counts on a check if they
    answered one of its questions in this round. The answers are read from the covering
    index ix_responses_mc_answers (MC_ANSWER matches its condition).
    """
    position = {q.id: i for mine in checks.values() for i, q in enumerate(mine)}
    if not position or not seminar_ids:
        return {}
    width = max(len(mine) for mine in checks.values())
    columns = []
    for k in range(0, width, _CHUNK):
        if width <= _CHUNK and all(q.position == i for mine in checks.values()
                                   for i, q in enumerate(mine)):
            # Positions numbered 0..p-1 in check order (as the loader writes them): the bit
            # is 1 << position, arithmetic instead of a CASE over every question (a third
            # of the query's time on SQLite).
            answered = literal(1).op("<<")(Question.position)
        else:
            bits = {qid: 1 << (i - k) for qid, i in position.items() if k <= i < k + _CHUNK}
            answered = case(bits, value=Response.question_id, else_=0)
        right = case((Response.correct.is_(True), answered), else_=0)
        columns += [func.sum(right), func.sum(answered)]
    per_student = (
        select(Question.reading_id, *(c.label(f"b{n}") for n, c in enumerate(columns)))
        .select_from(Response).join(Question, Question.id == Response.question_id)
        .where(Response.seminar_id.in_(list(seminar_ids)), MC_ANSWER,
               Response.round == round_, Response.question_id.in_(list(position)))
        .group_by(Response.participant_id, Question.reading_id).subquery())
    out: dict[int, list[Pattern]] = {rid: [] for rid in checks}
    for reading_id, *cols, count in db.session.execute(
            select(*per_student.c, func.count()).group_by(*per_student.c)):
        correct = answered = 0
        for k in range(len(cols) // 2):
            correct |= int(cols[2 * k] or 0) << (_CHUNK * k)
            answered |= int(cols[2 * k + 1] or 0) << (_CHUNK * k)
        out.setdefault(reading_id, []).append(Pattern(correct, answered, int(count)))
    return out


def analyse_patterns(patterns: Sequence[Pattern], p: int) -> CheckStats:
    """item_analysis over patterns (unanswered counts as 0, as the page says), from sums.

    Scores are 0 or 1, so every figure follows from a few weighted sums per question and the
    histogram of totals: one pass over the patterns instead of several per question. The
    tests check it against item_analysis on the explicit matrix.
    """
    n = sum(pat.count for pat in patterns)
    totals: Counter[int] = Counter()  # total score -> students
    right = [0] * p  # students right on question i
    right_total = [0] * p  # their summed totals
    right_at: list[Counter[int]] = [Counter() for _ in range(p)]  # total -> right on i
    answered = [0] * p
    for pat in patterns:
        w, correct = pat.count, pat.correct
        t = correct.bit_count()
        totals[t] += w
        left = correct
        while left:
            low = left & -left
            left ^= low
            i = low.bit_length() - 1
            right[i] += w
            right_total[i] += w * t
            right_at[i][t] += w
        left = pat.answered
        while left:
            low = left & -left
            left ^= low
            answered[low.bit_length() - 1] += w
    sum_t = sum(t * c for t, c in totals.items())
    sum_t2 = sum(t * t * c for t, c in totals.items())
    mean_t = sum_t / n if n else None
    var_t = (sum_t2 - n * mean_t * mean_t) / (n - 1) if n > 1 and mean_t is not None else None
    items: list[ItemStats] = []
    item_vars: list[float] = []
    for i in range(p):
        s = right[i]
        facility = s / n if n else None
        interval = wilson_interval(s, n) if n else None
        sd = disc = eff = None
        if n > 1:
            mx, mr = s / n, (sum_t - s) / n
            var_x = (s - n * mx * mx) / (n - 1)
            sum_r2 = sum_t2 - 2 * right_total[i] + s  # rest = total - x, x*x = x
            var_r = (sum_r2 - n * mr * mr) / (n - 1)
            cov = (right_total[i] - s - n * mx * mr) / (n - 1)  # sum x*rest = sum x*total - s
            item_vars.append(var_x)
            sd = math.sqrt(max(var_x, 0.0))
            if var_x > _EPS and var_r > _EPS:
                disc = cov / math.sqrt(var_x * var_r)
                rest: Counter[int] = Counter()
                for t, c in totals.items():
                    on = right_at[i][t]
                    rest[t - 1] += on
                    rest[t] += c - on
                cross = _sorted_cross_sum([(0.0, n - s), (1.0, s)],
                                          sorted((float(v), c) for v, c in rest.items() if c))
                cov_max = (cross - n * mx * mr) / (n - 1)
                eff = cov / cov_max if cov_max > _EPS else None
        items.append(ItemStats(
            index=i, n=n, answered=answered[i], correct=float(s), facility=facility,
            facility_low=interval[0] if interval else None,
            facility_high=interval[1] if interval else None, sd=sd, discrimination=disc,
            efficiency=eff))
    return _check_stats(n, p, items, item_vars, mean_t, var_t)


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
