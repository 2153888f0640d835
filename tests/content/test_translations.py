"""Translations of the course (questions/<lang>/): checked against the English structure,
stored on load without new revisions, and shown to a student in their language."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml
from sqlalchemy import func, select

from quizapp.content.schema import read_content
from quizapp.content.specs import ReadingSpec
from quizapp.extensions import db
from quizapp.models import Question, QuestionRevision, Reading, Response
from quizapp.services.installation.setup import load_questions

QUESTIONS = Path(__file__).resolve().parents[2] / "questions"
SLUG = "milei-first-year"


def fake_translation(spec: ReadingSpec) -> dict:
    """A complete translation of a reading: every text field marked 'ES', same ids."""
    return {
        "slug": spec.slug, "title": f"ES {spec.title}", "description": f"ES {spec.description}",
        "summary": [{"id": s["id"], "heading": f"ES {s['heading']}", "text": f"ES {s['text']}"}
                    for s in spec.summary],
        "key_points": [f"ES {p}" for p in spec.key_points],
        "key_terms": [{"id": t["id"], "term": f"ES {t['term']}",
                       "definition": f"ES {t['definition']}"} for t in spec.key_terms],
        "questions": [{"id": q.id, "prompt": f"ES {q.prompt}",
                       "explanation": f"ES {q.explanation}",
                       "choices": [{"id": c.id, "text": f"ES {c.text}",
                                    "feedback": f"ES {c.feedback}"} for c in q.choices]}
                      for q in spec.questions],
        "discussion": [{"id": d.id, "prompt": f"ES {d.prompt}",
                        **({"stance": {"left": "ES izq", "right": "ES der"}} if d.stance else {})}
                       for d in spec.discussion],
    }


def course_folder(tmp_path: Path) -> Path:
    """The course without its translations, plus a generated Spanish reading."""
    folder = tmp_path / "questions"
    shutil.copytree(QUESTIONS, folder, ignore=shutil.ignore_patterns("es"))
    spec = next(r for r in read_content(folder).readings if r.slug == SLUG)
    (folder / "es").mkdir()
    write(folder / "es" / f"{SLUG}.yaml", fake_translation(spec))
    return folder


def write(path: Path, data: dict) -> None:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def test_a_complete_translation_validates_and_attaches(tmp_path):
    content = read_content(course_folder(tmp_path))
    assert content.problems == []
    spec = next(r for r in content.readings if r.slug == SLUG)
    assert spec.translations["es"]["title"].startswith("ES ")
    assert spec.questions[0].translations["es"]["choices"][0]["text"].startswith("ES ")
    assert "translations" not in spec.questions[0].revision_data()


def test_structure_errors_have_file_and_line(tmp_path):
    folder = course_folder(tmp_path)
    path = folder / "es" / f"{SLUG}.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["questions"][0]["choices"].pop()  # a choice short
    data["questions"][1]["choices"][0]["correct"] = True  # correctness is English-only
    data["questions"][2]["prompt"] = ""  # an empty text
    data["discussion"][0]["id"] = "mfy-d99"  # a question the English file does not have
    write(path, data)
    lines = path.read_text(encoding="utf-8").splitlines()
    problems = [str(p) for p in read_content(folder).problems]
    assert all(p.startswith(f"{path}:") for p in problems), problems
    joined = "\n".join(problems)
    first_q = data["questions"][0]["id"]
    assert f"question {first_q}: 'choices' must list the English ids" in joined
    assert "'correct' comes from the English file" in joined
    correct_line = next(i for i, line in enumerate(lines, 1) if "correct: true" in line)
    assert any(p.startswith(f"{path}:{correct_line}: ") for p in problems), problems
    assert f"question {data['questions'][2]['id']}: missing or empty 'prompt'" in joined
    assert "id 'mfy-d99' is not in the English file" in joined


def test_a_partial_translation_falls_back_to_english(tmp_path):
    """A question added in English (or not yet translated) is shown in English meanwhile."""
    from quizapp.content.translations import translated_reading, untranslated

    folder = course_folder(tmp_path)
    path = folder / "es" / f"{SLUG}.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["questions"].pop(0)
    data["summary"].pop()
    write(path, data)
    content = read_content(folder)
    assert content.problems == []
    spec = next(r for r in content.readings if r.slug == SLUG)
    assert untranslated(spec, "es") == [f"section {spec.summary[-1]['id']}", "mfy-q1"]
    spanish = translated_reading(spec, "es")
    assert spanish.questions[0].prompt == spec.questions[0].prompt
    assert spanish.summary[-1] == spec.summary[-1]
    assert spanish.summary[0]["text"].startswith("ES ")


def test_a_translation_without_an_english_reading(tmp_path):
    folder = course_folder(tmp_path)
    write(folder / "es" / "no-such-reading.yaml", {"slug": "no-such-reading"})
    problems = [str(p) for p in read_content(folder).problems]
    assert any("no-such-reading.yaml" in p and "no English reading" in p for p in problems)


def test_loading_translations_makes_no_new_revision(ctx, tmp_path):
    before = db.session.scalar(select(func.count()).select_from(QuestionRevision))
    folder = course_folder(tmp_path)
    report = load_questions(folder)
    assert report.revisions_added == 0 and report.questions_added == 0
    assert db.session.scalar(select(func.count()).select_from(QuestionRevision)) == before
    q = db.session.scalar(select(Question).where(Question.key == "mfy-q1"))
    assert q.current_revision.data["translations"]["es"]["prompt"].startswith("ES ")
    reading = db.session.scalar(select(Reading).where(Reading.slug == SLUG))
    assert reading.body["translations"]["es"]["title"].startswith("ES ")
    assert not load_questions(folder).changed


def test_a_spanish_student_reads_and_answers_in_spanish(app, client, seminar, tmp_path):
    with app.app_context():
        load_questions(course_folder(tmp_path))
        db.session.commit()
        q = db.session.scalar(select(Question).where(Question.key == "mfy-q1"))
        revision = q.current_revision
        right = next(c for c in revision.choices if c.get("correct"))
        english_prompt = revision.prompt
    client.join(seminar, "Ana")
    page = client.get(f"/s/{seminar}/r/{SLUG}?lang=es",  # the switch on every page
                      follow_redirects=True).get_data(as_text=True)
    assert "ES " in page
    check = client.get(f"/s/{seminar}/r/{SLUG}/check/1").get_data(as_text=True)
    assert "ES " + english_prompt.replace("'", "&#39;")[:20] in check
    assert "ES " + right["text"].replace("'", "&#39;")[:20] in check
    answered = client.post_form(f"/s/{seminar}/r/{SLUG}/check/1", {"choice": right["id"]},
                                follow_redirects=True).get_data(as_text=True)
    assert "ES " + right["feedback"].replace("'", "&#39;")[:20] in answered
    with app.app_context():
        response = db.session.scalar(select(Response))
        assert response.correct and response.question.key == "mfy-q1"
    english = client.get(f"/s/{seminar}/r/{SLUG}/check/1?lang=en",
                         follow_redirects=True).get_data(as_text=True)
    assert english_prompt.replace("'", "&#39;")[:20] in english
    assert "ES " + english_prompt.replace("'", "&#39;")[:20] not in english


def test_checking_one_translation_file_alone(tmp_path):
    folder = course_folder(tmp_path)
    path = folder / "es" / f"{SLUG}.yaml"
    assert read_content(path).problems == []
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["questions"][0]["choices"][0]["misconception"] = "wrong-actor"
    write(path, data)
    problems = [str(p) for p in read_content(path).problems]
    assert len(problems) == 1 and problems[0].startswith(f"{path}:"), problems
    assert "'misconception' comes from the English file" in problems[0]
