"""The discussion question page: the stance distribution, each answer's stance, and before and
after for the students who gave a stance twice."""

from __future__ import annotations

import html
import re

from support import text

READING = "milei-first-year"


def test_stance_distribution_each_stance_and_before_after(make_client, teacher_client, seminar):
    url = f"/s/{seminar}/r/{READING}/discuss/mfy-d1"
    clients = {}
    for name, stance in [("Ana", "1"), ("Ben", "2"), ("Cleo", "5")]:
        c = clients[name] = make_client()
        c.join(seminar, name)
        assert c.post_form(url, {"answer": f"{name} first", "stance": stance}).status_code == 302
    dana = make_client()
    dana.join(seminar, "Dana")
    dana.post_form(url, {"answer": "No stance from me"})
    # Ben changes his mind after the seminar: 2 -> 4; Ana revises her text, same stance.
    clients["Ben"].post_form(url, {"answer": "Ben second", "stance": "4"})
    clients["Ana"].post_form(url, {"answer": "Ana second", "stance": "1"})

    page = text(teacher_client.get(f"/instructor/sessions/{seminar}/questions/mfy-d1"))
    plain = html.unescape(" ".join(re.sub(r"<[^>]+>", " ", page).split()))
    assert "Where the class stands" in plain and '<svg class="chart"' in page
    # Latest stances: Ana 1, Ben 4, Cleo 5.
    assert "Students 1 0 0 1 1" in plain
    assert "1 answer gives no stance." in plain
    assert "2 students gave a stance twice or more:" in plain
    assert "1 moved toward “mostly driven by principles”, 0 toward “mostly pragmatic”, 1 stayed." \
        in plain
    assert "First 1 1 0 0 0" in plain and "Latest 1 0 0 1 0" in plain
    assert "Ben : 2 → 4" in plain
    # Each answer shows its stance (and where it started when it moved).
    assert "Stance 4 of 5 (mostly pragmatic … mostly driven by principles) · first 2" in plain
    assert "Stance 5 of 5" in plain


def test_a_question_without_answers_or_scale(teacher_client, seminar):
    page = text(teacher_client.get(f"/instructor/sessions/{seminar}/questions/mfy-d1"))
    assert "Nobody has given a stance yet." in page
    mc = text(teacher_client.get(f"/instructor/sessions/{seminar}/questions/mfy-q1"))
    assert "Where the class stands" not in mc
