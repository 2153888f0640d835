"""The course content in questions/, checked from the files themselves (issue: content)."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from quizapp.content.schema import read_content

QUESTIONS = Path(__file__).resolve().parents[2] / "questions"
CONTENT = read_content(QUESTIONS)
READINGS = CONTENT.readings


def words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower().replace("\u2019", "'"))


def test_the_folder_validates_cleanly():
    assert CONTENT.problems == []
    assert CONTENT.course is not None


def test_five_readings_with_metadata():
    assert len(READINGS) == 5
    for r in READINGS:
        for value in (r.title, r.publication, r.author, r.date, r.description):
            assert value.strip(), r.slug
        assert r.source_file, r.slug


def test_metadata_never_invented():
    """Where a reading names its publication, the article text says it; otherwise 'not stated'."""
    seeds = Path(__file__).resolve().parents[3] / "shared" / "seeds"
    if not seeds.is_dir():
        pytest.skip("seed articles absent")
    for r in READINGS:
        article = (seeds / r.source_file).read_text(encoding="utf-8")
        for value in (r.publication, r.author):
            if value != "not stated":
                assert value.split(" (")[0] in article, (r.slug, value)


@pytest.mark.parametrize("reading", READINGS, ids=lambda r: r.slug)
def test_reading_counts(reading):
    n_words = len(" ".join(s["text"] for s in reading.summary).split())
    assert 250 <= n_words <= 400, n_words
    assert 4 <= len(reading.key_points) <= 7
    assert len(reading.key_terms) >= 3
    assert all(t["definition"] for t in reading.key_terms)
    assert len(reading.questions) >= 8
    assert len(reading.discussion) >= 3
    for section in reading.summary:
        assert section["id"] and section["heading"]


@pytest.mark.parametrize("reading", READINGS, ids=lambda r: r.slug)
def test_every_question_well_formed(reading):
    vocab = CONTENT.course.vocabulary
    for q in reading.questions:
        assert len(q.choices) == 4, q.id
        n_correct = sum(c.correct for c in q.choices)
        if q.multiple:
            assert n_correct >= 2, q.id
            assert "select all" in q.prompt.lower(), q.id
        else:
            assert n_correct == 1, q.id
        for c in q.choices:
            assert c.feedback.strip(), (q.id, c.id)
            if not c.correct:
                assert c.misconception in vocab, (q.id, c.id, c.misconception)
        assert q.explanation.strip(), q.id
        assert q.section in reading.section_ids, (q.id, q.section)


def test_no_duplicate_ids_or_prompts():
    ids = [q.id for r in READINGS for q in [*r.questions, *r.discussion]]
    prompts = [" ".join(q.prompt.lower().split()) for r in READINGS
               for q in [*r.questions, *r.discussion]]
    assert len(ids) == len(set(ids))
    assert len(prompts) == len(set(prompts))


def test_correct_position_balance_across_the_course():
    positions: Counter[int] = Counter()
    for r in READINGS:
        for q in r.questions:
            for i, c in enumerate(q.choices):
                if c.correct:
                    positions[i] += 1
    total = sum(positions.values())
    assert max(positions.values()) / total <= 0.35, positions


def test_few_multiple_answer_questions_clearly_marked():
    multi = [q for r in READINGS for q in r.questions if q.multiple]
    total = sum(len(r.questions) for r in READINGS)
    assert 0 < len(multi) <= total // 5


def test_at_least_six_comparison_questions():
    compares = [q for r in READINGS for q in [*r.questions, *r.discussion] if q.compares]
    assert len(compares) >= 6
    slugs = {r.slug for r in READINGS}
    assert all(set(q.compares) <= slugs for q in compares)


def test_some_discussion_questions_carry_a_stance_scale():
    assert any(d.stance for r in READINGS for d in r.discussion)


def test_timeline_and_perspectives():
    course = CONTENT.course
    slugs = {r.slug for r in READINGS}
    assert len(course.timeline) >= 10
    for event in course.timeline:
        assert event["readings"] and set(event["readings"]) <= slugs, event["id"]
    dates = [e["date"] for e in course.timeline]
    assert dates == sorted(dates)
    themes = {p["id"]: p for p in course.perspectives}
    assert len(themes) >= 6
    for p in course.perspectives:
        assert {v["reading"] for v in p["views"]} <= slugs
        assert p["agreement"]


def test_summaries_do_not_copy_twelve_word_runs(seeds_dir):
    for r in READINGS:
        article = words((seeds_dir / r.source_file).read_text(encoding="utf-8"))
        grams = {tuple(article[i:i + 12]) for i in range(len(article) - 11)}
        summary = words(" ".join(s["text"] for s in r.summary))
        copied = [" ".join(summary[i:i + 12]) for i in range(len(summary) - 11)
                  if tuple(summary[i:i + 12]) in grams]
        assert not copied, (r.slug, copied[:3])


def test_key_terms_are_linked_where_summaries_use_them():
    from quizapp.web.templating import summary_html

    linked = 0
    for r in READINGS:
        html = "".join(str(summary_html(s["text"], r.key_terms)) for s in r.summary)
        linked += html.count('class="term"')
        for term in r.key_terms:
            names = [term["term"], *term.get("aliases", [])]
            used = any(re.search(rf"(?<![\w-]){re.escape(n)}(?![\w-])", s["text"], re.I)
                       for n in names for s in r.summary)
            if used:
                assert f'href="#term-{term["id"]}"' in html, (r.slug, term["id"])
    assert linked >= 15
