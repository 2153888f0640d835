"""The course content in questions/, checked from the files themselves (issue: content)."""

from __future__ import annotations

import re
from pathlib import Path

import itemwriting
import pytest

from quizapp.content.schema import read_content
from quizapp.content.specs import ChoiceSpec, McSpec, ReadingSpec

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


def test_metadata_never_invented(seeds_dir):
    """Where a reading names its publication, the article text says it; otherwise 'not stated'."""
    for r in READINGS:
        article = (seeds_dir / r.source_file).read_text(encoding="utf-8")
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


def reader_texts(reading: ReadingSpec) -> list[str]:
    """Everything a student or instructor reads from a reading file."""
    texts = [reading.title, reading.description, *reading.key_points]
    texts += [part for s in reading.summary for part in (s["heading"], s["text"])]
    texts += [part for t in reading.key_terms for part in (t["term"], t["definition"])]
    for q in reading.questions:
        texts += [q.prompt, q.explanation]
        texts += [part for c in q.choices for part in (c.text, c.feedback)]
    for d in reading.discussion:
        texts.append(d.prompt)
        if d.stance:
            texts += [d.stance["left"], d.stance["right"]]
    return texts


def course_texts() -> list[str]:
    course = CONTENT.course
    texts = [course.title, course.description]
    texts += [part for m in course.misconceptions for part in (m["label"], m["description"])]
    texts += [part for e in course.timeline for part in (e["title"], e.get("detail", ""))]
    for p in course.perspectives:
        texts += [p["title"], p.get("question", ""), p["agreement"]]
        texts += [v["text"] for v in p["views"]]
    return texts


def test_summaries_do_not_copy_twelve_word_runs(seeds_dir):
    for r in READINGS:
        article = words((seeds_dir / r.source_file).read_text(encoding="utf-8"))
        grams = {tuple(article[i:i + 12]) for i in range(len(article) - 11)}
        summary = words(" ".join(s["text"] for s in r.summary))
        copied = [" ".join(summary[i:i + 12]) for i in range(len(summary) - 11)
                  if tuple(summary[i:i + 12]) in grams]
        assert not copied, (r.slug, copied[:3])


def test_questions_and_course_pages_do_not_copy_twelve_word_runs(seeds_dir):
    """Questions, feedback, timeline and perspectives are in our words too (any article)."""
    grams: set[tuple[str, ...]] = set()
    for r in READINGS:
        article = words((seeds_dir / r.source_file).read_text(encoding="utf-8"))
        grams |= {tuple(article[i:i + 12]) for i in range(len(article) - 11)}
    copied = []
    for text in [t for r in READINGS for t in reader_texts(r)] + course_texts():
        w = words(text)
        copied += [" ".join(w[i:i + 12]) for i in range(len(w) - 11) if tuple(w[i:i + 12]) in grams]
    assert not copied, copied[:3]


# Internal names: reading slugs, question ids (mfy-q3, ltm-d1) and section anchors (s2).
INTERNAL_ID = re.compile(r"\b[a-z]{2,4}-[dq]\d+\b|\bsection s\d+\b|\bs\d\b")


def test_reader_facing_text_shows_titles_not_internal_ids():
    """Students and instructors read titles and headings; slugs and ids stay in URLs."""
    slugs = re.compile(r"\b(" + "|".join(re.escape(r.slug) for r in READINGS) + r")\b")
    found = []
    for owner, texts in [*((r.slug, reader_texts(r)) for r in READINGS),
                         ("_course", course_texts())]:
        for text in texts:
            for match in [*slugs.finditer(text), *INTERNAL_ID.finditer(text)]:
                found.append(f"{owner}: {match.group(0)!r} in {text[:60]!r}")
    assert not found, "\n".join(found)


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


# Item writing: a test-wise student who never reads must not score (see itemwriting.py).


def test_the_right_option_is_rarely_the_longest():
    assert itemwriting.longest_problems(READINGS) == []


def test_the_right_option_is_rarely_the_shortest():
    assert itemwriting.shortest_problems(READINGS) == []


def test_right_options_are_not_longer_on_average():
    assert itemwriting.length_ratio_problems(READINGS) == []


def test_right_answers_spread_over_the_positions():
    assert itemwriting.position_problems(READINGS) == []


def test_no_wrong_option_merely_negates_the_right_one():
    assert itemwriting.negation_problems(READINGS) == []


def test_few_distractors_are_plain_reversals():
    """A reversal is easy to rule out; the misconception tags say which options are one."""
    wrong = [c for r in READINGS for q in r.questions for c in q.choices if not c.correct]
    reversals = [c for c in wrong if c.misconception == "reverses-claim"]
    assert len(reversals) <= len(wrong) // 10, f"{len(reversals)} of {len(wrong)}"


def _question(qid: str, texts: list[str], right: int = 0) -> McSpec:
    choices = [ChoiceSpec(id="abcd"[i], text=t, feedback="f", correct=i == right,
                          misconception=None if i == right else "reverses-claim")
               for i, t in enumerate(texts)]
    return McSpec(id=qid, prompt=qid, section="s1", explanation="e", choices=choices)


def _reading(questions: list[McSpec]) -> ReadingSpec:
    return ReadingSpec(path="x.yaml", slug="x", title="X", original_title="", publication="",
                       author="", date="", source_file="", description="", summary=[],
                       key_points=[], key_terms=[], questions=questions, discussion=[])


def test_the_rules_catch_the_habits_they_target():
    """Each rule fails on content that has the habit (so the checks above can fail)."""
    padded = [_question(f"q{i}", ["the long and careful right answer", "short", "brief", "no"],
                        right=0) for i in range(8)]
    assert itemwriting.longest_problems([_reading(padded)])
    assert itemwriting.length_ratio_problems([_reading(padded)])
    assert itemwriting.position_problems([_reading(padded)])  # all right answers at a
    terse = [_question(f"q{i}", ["yes", "a longer wrong one", "another wrong one", "and one more"])
             for i in range(3)]
    assert itemwriting.shortest_problems([_reading(terse)])
    spread = [_question(f"q{i}", ["one two three", "four five six", "seven eight", "nine ten"],
                        right=i % 4) for i in range(8)]
    assert not itemwriting.position_problems([_reading(spread)])
    negated = _question("q", ["Milei kept Argentina neutral",
                              "Milei did not keep Argentina neutral",
                              "Milei never kept Argentina neutral", "Lula kept Brazil neutral"])
    assert itemwriting.negated_options(negated) == ["b", "c"]
    flipped = _question("q", ["Relations grew warmer", "Relations grew colder", "x", "y"])
    assert itemwriting.negated_options(flipped) == []  # "colder" is not in the antonym list
    flipped = _question("q", ["The vote was for the text", "The vote was against the text",
                              "x", "y"])
    assert itemwriting.negated_options(flipped) == ["b"]
