"""The item analysis leads with the teaching decision: what to discuss, ranked, each with why;
a figure that means nothing here is replaced by the reason."""

from __future__ import annotations

import pytest
from analytics_data import build_world

from quizapp.analytics.present import check_figures, efficiency
from quizapp.services.analytics import analysis as analysis_service
from quizapp.services.analytics import discuss
from quizapp.services.analytics.item_stats import CheckStats, ItemStats
from quizapp.services.classroom import seminars


@pytest.fixture
def world(app, make_seminar):
    return build_world(app, make_seminar)


def test_topics_are_ranked_by_students_concerned_with_a_reason(app, world):
    with app.test_request_context():
        seminar = seminars.find_seminar(world["code"])
        topics = discuss.what_to_discuss(analysis_service.session_analysis(seminar))
    assert topics and len(topics) <= discuss.TOPICS
    affected = [t.affected for t in topics]
    assert affected == sorted(affected, reverse=True)
    q1 = next(t for t in topics if t.kind == "question" and t.question.key == world["qs"][0]["key"])
    # q1: Ana and Bo right, Cy and Di wrong (two different wrong answers).
    assert (q1.share.part, q1.share.whole, q1.affected) == (2, 4, 2)
    assert q1.why.startswith("2 of 4 who answered got it wrong.")
    assert "most common wrong answer" in q1.why
    assert all(t.why for t in topics)
    assert any(t.kind == "misconception" and "picked a wrong answer that shows it" in t.why
               for t in topics)


def _check(alpha: float | None, error_ratio: float | None) -> CheckStats:
    return CheckStats(n=4, p=3, items=[], mean=1.5, sd=0.5, alpha=alpha,
                      error_ratio=error_ratio, standard_error=0.6)


def test_meaningless_figures_give_a_reason_instead(app):
    with app.test_request_context():
        shown = {f.label: f for f in check_figures(_check(-0.74, 131.9))}
        fine = {f.label: f for f in check_figures(_check(0.6, 63.2))}
        item = ItemStats(index=0, n=4, answered=4, correct=2, facility=.5, facility_low=.15,
                         facility_high=.85, sd=.58, discrimination=-.9, efficiency=-1.25)
        eff = efficiency(item)
    noise = "Noise in the totals (error ratio)"
    assert shown[noise].value is None and "over 100%" in shown[noise].reason
    assert shown["Consistency of the check (Cronbach's alpha)"].value is None
    assert "below 0" in shown["Consistency of the check (Cronbach's alpha)"].reason
    assert fine[noise].value == "63.2%" and fine[noise].unstable
    assert not fine["Average total"].unstable  # only the unstable figures are marked
    assert eff.value is None and "-125%" in eff.reason


def test_page_shows_no_meaningless_number(teacher_client, world):
    body = teacher_client.get(f"/instructor/sessions/{world['code']}/analysis").get_data(
        as_text=True)
    assert "What to discuss" in body
    assert "131.9%" not in body and "-125%</td>" not in body
