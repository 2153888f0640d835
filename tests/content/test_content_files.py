"""The content format: errors with file and line, idempotent loading, revisions."""

from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import CliRunner
from sqlalchemy import func, select

from quizapp.cli import cli
from quizapp.content.schema import read_content
from quizapp.extensions import db
from quizapp.models import Question, QuestionRevision, Response
from quizapp.services.installation.setup import load_questions

QUESTIONS = Path(__file__).resolve().parents[2] / "questions"


def copy_course(tmp_path: Path) -> Path:
    target = tmp_path / "questions"
    shutil.copytree(QUESTIONS, target)
    return target


def test_malformed_file_reports_file_and_line(tmp_path):
    folder = copy_course(tmp_path)
    path = folder / "milei-first-year.yaml"
    lines = path.read_text(encoding="utf-8").splitlines()
    # break the first choice's correctness and a section reference
    first_correct = next(i for i, line in enumerate(lines) if "correct: true" in line)
    lines[first_correct] = lines[first_correct].replace("correct: true", "correct: maybe")
    first_section = next(i for i, line in enumerate(lines) if line.strip().startswith("section:"))
    lines[first_section] = lines[first_section].split(":")[0] + ": s99"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    problems = [str(p) for p in read_content(folder).problems]
    assert any(p.startswith(f"{path}:{first_correct + 1}: ") and "true or false" in p
               for p in problems), problems
    assert any(p.startswith(f"{path}:{first_section + 1}: ") and "s99" in p
               for p in problems), problems


def test_yaml_syntax_error_has_a_line(tmp_path):
    folder = copy_course(tmp_path)
    bad = folder / "broken.yaml"
    bad.write_text("slug: broken\ntitle: [unclosed\nsummary: x\n", encoding="utf-8")
    problems = [str(p) for p in read_content(folder).problems if p.path == str(bad)]
    assert problems and problems[0].startswith(f"{bad}:") and "YAML" in problems[0]
    assert problems[0].split(":")[1].isdigit()


def test_duplicate_ids_unknown_tag_and_reading(tmp_path):
    folder = copy_course(tmp_path)
    path = folder / "new-alliances.yaml"
    content = path.read_text(encoding="utf-8")
    content = content.replace("id: nal-q2\n", "id: nal-q1\n", 1)
    content = content.replace("misconception: wrong-actor", "misconception: no-such-tag", 1)
    path.write_text(content, encoding="utf-8")
    problems = "\n".join(str(p) for p in read_content(folder).problems)
    assert "nal-q1" in problems and "also used" in problems
    assert "no-such-tag" in problems and "vocabulary" in problems


def test_check_questions_cli(tmp_path, app):
    runner = CliRunner()
    ok = runner.invoke(cli, ["check-questions", str(QUESTIONS)], obj=_script_info(app))
    assert ok.exit_code == 0, ok.output
    assert "OK: 5 reading(s)" in ok.output
    folder = copy_course(tmp_path)
    (folder / "milei-zelenskyy.yaml").write_text("slug: milei-zelenskyy\n", encoding="utf-8")
    bad = runner.invoke(cli, ["check-questions", str(folder)], obj=_script_info(app))
    assert bad.exit_code == 1
    assert "milei-zelenskyy.yaml" in bad.output and "missing" in bad.output


def _script_info(app):
    from flask.cli import ScriptInfo

    return ScriptInfo(create_app=lambda: app)


def test_loading_twice_changes_nothing(ctx):
    report = load_questions(QUESTIONS)
    assert not report.changed, str(report)
    before = db.session.scalar(select(func.count()).select_from(QuestionRevision))
    load_questions(QUESTIONS)
    assert db.session.scalar(select(func.count()).select_from(QuestionRevision)) == before


def test_editing_an_answered_question_keeps_answers_on_their_revision(app, client, seminar,
                                                                      tmp_path):
    client.join(seminar, "Ana")
    client.post_form(f"/s/{seminar}/r/milei-first-year/check/1", {"choice": "a"})
    folder = copy_course(tmp_path)
    path = folder / "milei-first-year.yaml"
    with app.app_context():
        q = db.session.scalar(select(Question).where(Question.key == "mfy-q1"))
        old_prompt = q.current_revision.prompt
    text = path.read_text(encoding="utf-8")
    first_prompt_line = next(line for line in text.splitlines()
                             if line.strip().startswith("prompt:"))
    text = text.replace(first_prompt_line, "    prompt: A reworded first question?", 1)
    path.write_text(text, encoding="utf-8")
    with app.app_context():
        report = load_questions(folder)
        assert report.revisions_added == 1
        q = db.session.scalar(select(Question).where(Question.key == "mfy-q1"))
        assert q.current_revision.number == 2
        assert q.current_revision.prompt == "A reworded first question?"
        answer = db.session.scalar(select(Response))
        assert answer.revision.number == 1 and answer.revision.prompt == old_prompt
        assert not load_questions(folder).changed
    mine = client.get(f"/s/{seminar}/answers").get_data(as_text=True)
    assert old_prompt.replace("'", "&#39;")[:30] in mine


def test_removed_question_is_retired_not_deleted(app, tmp_path):
    folder = copy_course(tmp_path)
    path = folder / "trump-inauguration.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("  - id: tin-d4")
    path.write_text(text[:start].rstrip() + "\n", encoding="utf-8")
    translation = folder / "es" / "trump-inauguration.yaml"  # a removed question goes
    if translation.is_file():  # from its translations too
        text = translation.read_text(encoding="utf-8")
        start = text.index("  - id: tin-d4")
        translation.write_text(text[:start].rstrip() + "\n", encoding="utf-8")
    assert read_content(folder).problems == []
    with app.app_context():
        report = load_questions(folder)
        assert report.retired == ["tin-d4"]
        q = db.session.scalar(select(Question).where(Question.key == "tin-d4"))
        assert q is not None and q.retired
