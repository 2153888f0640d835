"""The course in Spanish (questions/es/) is held to the English course's rules: the same
structure (checked on load), every text written, no 12-word run copied from an article, no
internal ids in the text, and the item-writing rules over the Spanish wording."""

from __future__ import annotations

import re
from pathlib import Path

import itemwriting
import pytest

from quizapp.content.schema import read_content
from quizapp.content.translations import translated_reading, untranslated

QUESTIONS = Path(__file__).resolve().parents[2] / "questions"
CONTENT = read_content(QUESTIONS)
SPANISH = [r for r in (translated_reading(spec, "es") for spec in CONTENT.readings) if r]


def words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower().replace("\u2019", "'"))


def test_the_translations_validate_cleanly():
    assert CONTENT.problems == []
    assert SPANISH, "no reading is translated into Spanish"


def test_the_whole_course_is_in_spanish():
    """The format allows a partial translation (English shows meanwhile); this course is whole."""
    assert len(SPANISH) == len(CONTENT.readings) == 5
    assert {r.slug: untranslated(r, "es") for r in CONTENT.readings} == {
        r.slug: [] for r in CONTENT.readings}
    course, tr = CONTENT.course, CONTENT.course.translations.get("es")
    assert tr and tr["title"] and tr["description"]
    assert [m["tag"] for m in tr["misconceptions"]] == [m["tag"] for m in course.misconceptions]
    assert [e["id"] for e in tr["timeline"]] == [e["id"] for e in course.timeline]
    assert [(p["id"], len(p["views"])) for p in tr["perspectives"]] == [
        (p["id"], len(p["views"])) for p in course.perspectives]


@pytest.mark.parametrize("reading", SPANISH, ids=lambda r: r.slug)
def test_spanish_reading_is_complete(reading):
    # Spanish runs about a fifth longer than English: the 250-400 words of a summary allow 480.
    n_words = len(" ".join(s["text"] for s in reading.summary).split())
    assert 250 <= n_words <= 480, n_words
    for q in reading.questions:
        if q.multiple:
            assert "seleccione todas" in q.prompt.lower(), q.id
    for d in reading.discussion:
        assert d.prompt.strip()


def _texts(reading) -> list[str]:
    texts = [reading.title, reading.description, *reading.key_points]
    texts += [part for s in reading.summary for part in (s["heading"], s["text"])]
    texts += [part for t in reading.key_terms for part in (t["term"], t["definition"])]
    for q in reading.questions:
        texts += [q.prompt, q.explanation, *(part for c in q.choices
                                             for part in (c.text, c.feedback))]
    for d in reading.discussion:
        texts += [d.prompt, *((d.stance["left"], d.stance["right"]) if d.stance else ())]
    return texts


def _course_texts() -> list[str]:
    tr = CONTENT.course.translations.get("es") if CONTENT.course else None
    if not tr:
        return []
    texts = [tr["title"], tr["description"]]
    texts += [p for m in tr["misconceptions"] for p in (m["label"], m["description"])]
    texts += [p for e in tr["timeline"] for p in (e["title"], e["detail"])]
    for p in tr["perspectives"]:
        texts += [p["title"], p["question"], p["agreement"], *(v["text"] for v in p["views"])]
    return texts


def test_no_twelve_word_run_copied_from_an_article(seeds_dir):
    grams: set[tuple[str, ...]] = set()
    for r in CONTENT.readings:
        article = words((seeds_dir / r.source_file).read_text(encoding="utf-8"))
        grams |= {tuple(article[i:i + 12]) for i in range(len(article) - 11)}
    copied = []
    for text in [t for r in SPANISH for t in _texts(r)] + _course_texts():
        w = words(text)
        copied += [" ".join(w[i:i + 12]) for i in range(len(w) - 11)
                   if tuple(w[i:i + 12]) in grams]
    assert not copied, copied[:3]


INTERNAL_ID = re.compile(r"\b[a-z]{2,4}-[dq]\d+\b|\bsecci[oó]n s\d+\b|\bs\d\b")


def test_reader_facing_text_shows_titles_not_internal_ids():
    slugs = re.compile(r"\b(" + "|".join(re.escape(r.slug) for r in CONTENT.readings) + r")\b")
    found = [f"{owner}: {m.group(0)!r} in {text[:60]!r}"
             for owner, texts in [*((r.slug, _texts(r)) for r in SPANISH),
                                  ("_course", _course_texts())]
             for text in texts for m in [*slugs.finditer(text), *INTERNAL_ID.finditer(text)]]
    assert not found, "\n".join(found)


def test_spanish_key_terms_are_linked_where_summaries_use_them():
    from quizapp.web.templating import summary_html

    for r in SPANISH:
        html = "".join(str(summary_html(s["text"], r.key_terms)) for s in r.summary)
        for term in r.key_terms:
            names = [term["term"], *term.get("aliases", [])]
            used = any(re.search(rf"(?<![\w-]){re.escape(n)}(?![\w-])", s["text"], re.I)
                       for n in names for s in r.summary)
            if used:
                assert f'href="#term-{term["id"]}"' in html, (r.slug, term["id"])


# The item-writing rules hold in Spanish too: translated options keep their lengths honest.


def test_the_right_option_is_rarely_the_longest_in_spanish():
    assert itemwriting.longest_problems(SPANISH) == []


def test_the_right_option_is_rarely_the_shortest_in_spanish():
    assert itemwriting.shortest_problems(SPANISH) == []


def test_right_options_are_not_longer_on_average_in_spanish():
    assert itemwriting.length_ratio_problems(SPANISH) == []
