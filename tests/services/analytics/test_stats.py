"""Item statistics checked against values worked out by hand, plus their edge cases."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quizapp.services.analytics.item_stats import (
    Pattern,
    analyse_patterns,
    item_analysis,
    section_rollup,
    wilson_interval,
)

# Five students, three questions (1 = exactly right, 0 = wrong or unanswered):
#
#   student  q1 q2 q3  total
#   S1        1  1  1    3
#   S2        1  1  0    2
#   S3        1  0  1    2
#   S4        0  1  0    1
#   S5        0  0  0    0
MATRIX = [[1, 1, 1], [1, 1, 0], [1, 0, 1], [0, 1, 0], [0, 0, 0]]


def test_totals_and_internal_consistency_by_hand():
    stats = item_analysis(MATRIX)
    assert (stats.n, stats.p) == (5, 3)
    # mean total = (3 + 2 + 2 + 1 + 0) / 5 = 1.6
    assert stats.mean == pytest.approx(1.6)
    # deviations 1.4, .4, .4, -.6, -1.6; squares 1.96 + .16 + .16 + .36 + 2.56 = 5.2
    # var(total) = 5.2 / (5 - 1) = 1.3
    assert stats.sd == pytest.approx(math.sqrt(1.3))
    # item variances (below) are .3 each, so their sum is .9
    # alpha = p/(p-1) * (1 - sum var_i / var_total) = 3/2 * (1 - .9/1.3) = 1.5 * 4/13 = 6/13
    assert stats.alpha == pytest.approx(6 / 13)
    # error ratio = 100 * sqrt(1 - 6/13) = 100 * sqrt(7/13) = 73.38%
    assert stats.error_ratio == pytest.approx(100 * math.sqrt(7 / 13))
    assert stats.error_ratio == pytest.approx(73.38, abs=0.01)
    # standard error = SD(total) * sqrt(1 - alpha) = sqrt(1.3) * sqrt(7/13) = sqrt(.7)
    assert stats.standard_error == pytest.approx(math.sqrt(0.7))
    assert stats.small  # 5 students < 10


def test_question_1_by_hand():
    q1 = item_analysis(MATRIX).items[0]
    # facility = 3 right / 5 students = .6
    assert q1.facility == pytest.approx(0.6)
    # var(x) = (3 * (1 - .6)^2 + 2 * (0 - .6)^2) / 4 = (.48 + .72) / 4 = .3
    assert q1.sd == pytest.approx(math.sqrt(0.3))
    # rest of test (total - q1) = 2, 1, 1, 1, 0: mean 1, var = (1 + 0 + 0 + 0 + 1) / 4 = .5
    # cov = sum (x - .6)(r - 1) / 4 = (.4*1 + 0 + 0 + 0 + (-.6)(-1)) / 4 = 1 / 4 = .25
    # discrimination r = .25 / sqrt(.3 * .5) = .645497
    assert q1.discrimination == pytest.approx(0.25 / math.sqrt(0.15))
    assert q1.discrimination == pytest.approx(0.645497, abs=1e-6)
    # sorted x 0,0,1,1,1 paired with sorted rest 0,1,1,1,2: sum of products = 1 + 1 + 2 = 4
    # max cov = (4 - 5 * .6 * 1) / 4 = .25, so efficiency = .25 / .25 = 1
    assert q1.efficiency == pytest.approx(1.0)
    # Wilson 95% for 3 of 5: the textbook interval is .2307 .. .8824
    assert q1.facility_low == pytest.approx(0.2307, abs=1e-4)
    assert q1.facility_high == pytest.approx(0.8824, abs=1e-4)


def test_question_2_by_hand_no_discrimination():
    q2 = item_analysis(MATRIX).items[1]
    assert q2.facility == pytest.approx(0.6)
    # rest = 2, 1, 2, 0, 0: mean 1, var = (1 + 0 + 1 + 1 + 1) / 4 = 1
    # cov = (.4*1 + .4*0 + (-.6)*1 + .4*(-1) + (-.6)(-1)) / 4 = (.4 - .6 - .4 + .6) / 4 = 0
    assert q2.discrimination == pytest.approx(0.0, abs=1e-12)
    # sorted rest 0,0,1,2,2 against 0,0,1,1,1: sum 1 + 2 + 2 = 5; max cov = (5 - 3) / 4 = .5
    # efficiency = 0 / .5 = 0
    assert q2.efficiency == pytest.approx(0.0, abs=1e-12)


def test_question_3_by_hand():
    q3 = item_analysis(MATRIX).items[2]
    # facility = 2 / 5
    assert q3.facility == pytest.approx(0.4)
    # var(x) = (2 * .36 + 3 * .16) / 4 = .3
    # rest = 2, 2, 1, 1, 0: mean 1.2, squares .64 + .64 + .04 + .04 + 1.44 = 2.8, var = .7
    # cov = (.6*.8 + (-.4)*.8 + .6*(-.2) + (-.4)(-.2) + (-.4)(-1.2)) / 4
    #     = (.48 - .32 - .12 + .08 + .48) / 4 = .6 / 4 = .15
    # r = .15 / sqrt(.3 * .7) = .327327
    assert q3.discrimination == pytest.approx(0.15 / math.sqrt(0.21))
    assert q3.discrimination == pytest.approx(0.327327, abs=1e-6)
    # sorted x 0,0,0,1,1 with sorted rest 0,1,1,2,2: sum 2 + 2 = 4
    # max cov = (4 - 5 * .4 * 1.2) / 4 = 1.6 / 4 = .4; efficiency = .15 / .4 = .375
    assert q3.efficiency == pytest.approx(0.375)


def test_alpha_needs_more_than_two_students_and_more_than_one_question():
    assert item_analysis([[1, 0], [0, 1]]).alpha is None  # n = 2
    assert item_analysis([[1], [0], [1]]).alpha is None  # p = 1
    one = item_analysis([[1], [0], [1]])
    # with one question the rest of the test is always 0: no correlation is defined
    assert one.items[0].discrimination is None
    assert item_analysis([[1, 0], [0, 1], [1, 1]]).alpha is not None


def test_undefined_figures_are_none_not_errors():
    everyone_right = item_analysis([[1, 1], [1, 0], [1, 1]])
    assert everyone_right.items[0].facility == 1
    assert everyone_right.items[0].discrimination is None  # no variance in the item
    assert everyone_right.items[0].efficiency is None
    empty = item_analysis([], n_items=3)
    assert empty.n == 0 and empty.mean is None and empty.alpha is None
    assert [i.facility for i in empty.items] == [None, None, None]
    single = item_analysis([[1, 0, 1]])
    assert single.items[0].sd is None and single.sd is None
    same_totals = item_analysis([[1, 0], [0, 1], [1, 0]])  # every total is 1
    assert same_totals.alpha is None


def test_small_class_flag_at_ten_students():
    nine = item_analysis([[1, 0]] * 5 + [[0, 1]] * 4)
    ten = item_analysis([[1, 0]] * 5 + [[0, 1]] * 5)
    assert nine.small and nine.items[0].small
    assert not ten.small and not ten.items[0].small


def test_wilson_interval_edges():
    assert wilson_interval(0, 0) is None
    low, high = wilson_interval(0, 8)
    assert low == 0 and 0.3 < high < 0.33  # 0 of 8 still leaves up to ~32%
    low, high = wilson_interval(8, 8)
    assert 0.67 < low < 0.7 and high == pytest.approx(1.0)
    low, high = wilson_interval(50, 100)
    assert low == pytest.approx(0.4038, abs=1e-4) and high == pytest.approx(0.5962, abs=1e-4)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.lists(st.integers(0, 1), min_size=3, max_size=3),
                          st.integers(1, 4)), min_size=1, max_size=8))
def test_weighted_rows_equal_repeated_rows(rows):
    matrix = [r for r, _ in rows]
    weights = [w for _, w in rows]
    expanded = [r for r, w in rows for _ in range(w)]
    a = item_analysis(matrix, weights=weights)
    b = item_analysis(expanded)
    for x, y in [(a.mean, b.mean), (a.sd, b.sd), (a.alpha, b.alpha)]:
        assert (x is None) == (y is None) or abs((x or 0) - (y or 0)) < 1e-9
        if x is not None and y is not None:
            assert x == pytest.approx(y, abs=1e-9)
    for i, j in zip(a.items, b.items, strict=True):
        for x, y in [(i.facility, j.facility), (i.discrimination, j.discrimination),
                     (i.efficiency, j.efficiency), (i.facility_low, j.facility_low)]:
            if x is None or y is None:
                assert x is None and y is None
            else:
                assert x == pytest.approx(y, abs=1e-9)
        if i.discrimination is not None:
            assert -1 - 1e-9 <= i.discrimination <= 1 + 1e-9
            # the pairing of sorted values maximises the covariance, so efficiency <= 1
            assert i.efficiency is None or i.efficiency <= 1 + 1e-9


def test_patterns_analyse():
    # bits: q0 q1 q2 of one check
    patterns = [Pattern(correct=0b011, answered=0b111, count=2),
                Pattern(correct=0b100, answered=0b101, count=1)]
    stats = analyse_patterns(patterns, 3)
    assert stats.n == 3
    assert [i.answered for i in stats.items] == [3, 2, 3]
    # q0: right for the two in the first pattern only; unanswered counts as wrong
    assert stats.items[0].facility == pytest.approx(2 / 3)
    assert stats.items[1].facility == pytest.approx(2 / 3)
    assert stats.items[2].facility == pytest.approx(1 / 3)


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 6).flatmap(lambda p: st.tuples(st.just(p), st.lists(
    st.tuples(st.integers(0, 2 ** p - 1), st.integers(1, 2 ** p - 1), st.integers(1, 4)),
    min_size=1, max_size=12))))
def test_analyse_patterns_equals_item_analysis_on_the_matrix(case):
    """The sums-based analysis of weighted patterns equals Moodle's formulas row by row."""
    p, raw = case
    patterns = [Pattern(correct & answered, answered, count) for correct, answered, count in raw]
    matrix = [[pat.correct >> i & 1 for i in range(p)]
              for pat in patterns for _ in range(pat.count)]
    got, want = analyse_patterns(patterns, p), item_analysis(matrix)
    assert got.n == want.n and got.p == want.p
    for x, y in [(got.mean, want.mean), (got.sd, want.sd), (got.alpha, want.alpha),
                 (got.standard_error, want.standard_error)]:
        assert (x is None) == (y is None)
        if x is not None:
            assert x == pytest.approx(y, abs=1e-9)
    for a, b in zip(got.items, want.items, strict=True):
        for x, y in [(a.facility, b.facility), (a.facility_low, b.facility_low),
                     (a.sd, b.sd), (a.discrimination, b.discrimination),
                     (a.efficiency, b.efficiency), (a.correct, b.correct)]:
            assert (x is None) == (y is None), (a, b)
            if x is not None:
                assert x == pytest.approx(y, abs=1e-7)
    assert [i.answered for i in got.items] == [
        sum(pat.count for pat in patterns if pat.answered >> i & 1) for i in range(p)]


def test_section_rollup_counts_students_who_missed_something():
    patterns = [Pattern(correct=0b011, answered=0b111, count=2),  # missed q2
                Pattern(correct=0b100, answered=0b101, count=1),  # missed q0
                Pattern(correct=0b000, answered=0b010, count=1)]  # missed q1
    s1, s2 = section_rollup(patterns, [("s1", [0, 1]), ("s2", [2])])
    assert (s1.students, s1.missed, s1.answers, s1.right_answers) == (4, 2, 6, 4)
    assert s1.missed_share == pytest.approx(0.5)
    assert (s2.students, s2.missed, s2.answers, s2.right_answers) == (3, 2, 3, 1)
    assert s2.wrong_share == pytest.approx(2 / 3)
    assert s1.small
