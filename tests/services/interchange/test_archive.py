"""The JSON session archive: export from one installation, `quizapp import-session` into a
fresh one (through the CLI runner), compare; and bad archives get a clear answer."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
from analytics_data import READING, build_world
from sqlalchemy import func, select, text

from dbkit import dispose, make_app
from quizapp.cli import cli
from quizapp.extensions import db
from quizapp.models import Question, QuestionRevision, Reading, Response, Seminar
from quizapp.services.accounts import instructors
from quizapp.services.classroom import answers, participants, progress, seminars
from quizapp.services.interchange.archive.writer import export_archive
from quizapp.services.review import notes
from support import PASSWORD


@pytest.fixture
def world(app, make_seminar, instructor, other_instructor):
    """The analytics world plus everything else an archive holds."""
    data = build_world(app, make_seminar)
    with app.app_context():
        seminar = seminars.find_seminar(data["code"])
        teacher = instructors.find_instructor(instructor)
        ana = db.session.get(participants.Participant, data["ids"]["Ana"])
        disc = db.session.get(Question, data["disc"][0]["id"])
        answers.submit_discussion(ana, disc, "Second thoughts: a choice with costs.")
        reading = db.session.scalar(select(Reading).where(Reading.slug == READING))
        progress.mark_summary_read(ana, reading)
        response = db.session.scalar(select(Response).where(
            Response.participant_id == ana.id, Response.kind == "mc"))
        notes.add_note(seminar, teacher, "session", None, "Lively group")
        notes.add_note(seminar, teacher, "student", data["ids"]["Bo"], "Bo: check section 2")
        notes.add_note(seminar, teacher, "question", disc.id, "Rephrase next year")
        notes.add_note(seminar, teacher, "response", response.id, "Model answer")
        seminars.share_seminar(seminar, instructors.find_instructor(other_instructor))
        seminars.set_open(seminar, False)
        seminar.projector_language = "es"  # the archive keeps the projector's language
        db.session.commit()
    return data


@pytest.fixture
def target(backend, tmp_path):
    """A second installation: its own fresh database, with the course loaded."""
    url = backend.fresh_url()
    app = make_app(url, tmp_path)
    with app.app_context():
        instructors.create_instructor("teacher", PASSWORD)
        instructors.create_instructor("colleague", PASSWORD)
        db.session.commit()
    yield app
    dispose(app)
    backend.drop(url)


def archive_of(client, code: str, path: Path) -> dict:
    response = client.get(f"/instructor/sessions/{code}/archive.json")
    assert response.status_code == 200
    path.write_bytes(response.get_data())
    return json.loads(path.read_text(encoding="utf-8"))


def import_session(app, *args: str):
    return app.test_cli_runner().invoke(cli, ["import-session", *[str(a) for a in args]])


def without_time_of_export(data: dict) -> dict:
    data = copy.deepcopy(data)
    data.pop("exported_at")
    return data


def seminar_count(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Seminar))


def test_round_trip_into_a_fresh_installation(app, teacher_client, world, target, tmp_path):
    code = world["code"]
    path = tmp_path / "archive.json"
    original = archive_of(teacher_client, code, path)
    result = import_session(target, path)
    assert result.exit_code == 0, result.output
    assert result.output.strip().splitlines()[-1] == code
    assert "4 participant(s), 10 response(s), 4 note(s)" in result.output
    with target.app_context():
        restored = export_archive(seminars.find_seminar(code))
    assert without_time_of_export(restored) == without_time_of_export(original)
    # The restored session analyses the same: compare the item analysis downloads.
    there = target.test_client()
    assert there.login("teacher").status_code == 302
    here_csv = teacher_client.get(f"/instructor/sessions/{code}/analysis.csv").get_data()
    there_csv = there.get(f"/instructor/sessions/{code}/analysis.csv").get_data()
    assert there_csv == here_csv
    reports = there.get(f"/instructor/sessions/{code}/students").get_data(as_text=True)
    assert "Second thoughts: a choice with costs." in reports and "Bo: check section 2" in reports
    # Participants get new personal codes; the archive never carried the old ones.
    codes = []
    for installation in (app, target):
        with installation.app_context():
            people = participants.participants_of(seminars.find_seminar(code))
            codes.append({p.resume_code for p in people})
    assert len(codes[1]) == 4 and not codes[0] & codes[1]
    # Importing the same archive again is refused; --new-code restores a copy.
    again = import_session(target, path)
    assert again.exit_code == 1 and "already exists" in again.output
    assert "--new-code" in again.output and "Nothing was restored" in again.output
    assert seminar_count(target) == 1
    copy_ = import_session(target, path, "--new-code")
    assert copy_.exit_code == 0, copy_.output
    new_code = copy_.output.strip().splitlines()[-1]
    assert new_code != code and seminar_count(target) == 2


def test_content_this_installation_lacks_is_restored(app, teacher_client, world, target,
                                                     tmp_path):
    data = archive_of(teacher_client, world["code"], tmp_path / "a.json")
    # Pretend the archive comes from a course this installation never had: another reading...
    for item in (*data["readings"], *data["questions"]):
        if "slug" in item:
            item["slug"] = "archived-reading"
        else:
            item["reading"] = "archived-reading"
    for item in data["summary_reads"]:
        item["reading"] = "archived-reading"
    renamed = {q["key"]: "old-" + q["key"] for q in data["questions"]}
    for q in data["questions"]:
        q["key"] = renamed[q["key"]]
    for r in data["responses"]:
        r["question"] = renamed[r["question"]]
    for n in data["notes"]:
        n["question"] = renamed.get(n["question"]) if n["question"] else None
    data["notes"][0]["author"] = "someone-gone"
    path = tmp_path / "foreign.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    result = import_session(target, path, "--owner", "colleague")
    assert result.exit_code == 0, result.output
    assert "reading 'archived-reading' is not in this installation's content" in result.output
    assert "notes by 'someone-gone'" in result.output
    with target.app_context():
        assert "archived-reading" not in {r.slug for r in seminars.active_readings()}
        seminar = seminars.find_seminar(world["code"])
        assert seminar.owner.username == "colleague"
        keys = {q.key for q in seminars.seminar_questions(seminar)}
        assert "old-" + world["qs"][0]["key"] in keys
    there = target.test_client()
    assert there.login("colleague").status_code == 302
    page = there.get(f"/instructor/sessions/{world['code']}/analysis").get_data(as_text=True)
    assert f'id="item-archived-reading-old-{world["qs"][0]["key"]}"' in page


def test_an_older_wording_becomes_a_revision_that_is_not_current(app, teacher_client, world,
                                                                 target, tmp_path):
    data = archive_of(teacher_client, world["code"], tmp_path / "a.json")
    key = world["qs"][0]["key"]
    question = next(q for q in data["questions"] if q["key"] == key)
    question["revisions"][0]["prompt"] = "An older wording of the question?"
    question["revisions"][0]["content_hash"] = "0" * 64
    path = tmp_path / "older.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    assert import_session(target, path).exit_code == 0
    with target.app_context():
        here = db.session.scalar(select(Question).where(Question.key == key))
        assert here.current_revision.prompt != "An older wording of the question?"
        older = db.session.scalar(select(QuestionRevision).where(
            QuestionRevision.question_id == here.id,
            QuestionRevision.prompt == "An older wording of the question?"))
        assert older is not None and older.number == here.current_revision.number + 1
        used = db.session.scalars(select(Response.revision_id).where(
            Response.question_id == here.id)).all()
        assert used and set(used) == {older.id}


def broken(data: dict, change) -> dict:
    data = copy.deepcopy(data)
    change(data)
    return data


def test_bad_archives_get_a_clear_answer_and_change_nothing(app, teacher_client, world,
                                                            tmp_path):
    good = archive_of(teacher_client, world["code"], tmp_path / "good.json")
    cases = {
        "not a JSON file": "{ this is not json",
        "not a quizapp session archive": json.dumps({"format": "something-else"}),
        "newer quizapp": json.dumps({**good, "version": 99}),
        "responses[0]: participant 99 is not in the archive": json.dumps(broken(
            good, lambda d: d["responses"][0].update(participant=99))),
        "session: 'title' is longer than 200 characters": json.dumps(broken(
            good, lambda d: d["session"].update(title="x" * 201))),
        "participants[1]: 'joined_at' must be an ISO 8601 time": json.dumps(broken(
            good, lambda d: d["participants"][1].update(joined_at="yesterday"))),
        "no instructor named 'nobody'": json.dumps(broken(
            good, lambda d: d["session"].update(owner="nobody", code="NEWCODE2"))),
        "'projector_language' must be en, es or null": json.dumps(broken(
            good, lambda d: d["session"].update(projector_language="fr"))),
        "already exists": json.dumps(good),
    }
    before = seminar_count(app)
    for i, (message, content) in enumerate(cases.items()):
        path = tmp_path / f"bad{i}.json"
        path.write_text(content, encoding="utf-8")
        result = import_session(app, path)
        assert result.exit_code == 1, (message, result.output)
        assert message in result.output, (message, result.output)
        assert "Traceback" not in result.output
    latin1 = tmp_path / "latin1.json"
    latin1.write_bytes('{"format": "año"}'.encode("latin-1"))
    result = import_session(app, latin1)
    assert result.exit_code == 1 and "not UTF-8" in result.output
    assert seminar_count(app) == before


def test_an_import_leaves_fresh_planner_statistics(app, teacher_client, world, target,
                                                     tmp_path):
    # A bulk load is followed by ANALYZE: the pages over the restored answers are planned
    # with statistics (PostgreSQL's autovacuum would take minutes; SQLite never does it).
    path = tmp_path / "archive.json"
    archive_of(teacher_client, world["code"], path)
    assert import_session(target, path).exit_code == 0
    with target.app_context():
        if db.engine.dialect.name == "postgresql":
            analyzed = db.session.scalar(text(
                "SELECT last_analyze FROM pg_stat_user_tables WHERE relname = 'responses'"))
            assert analyzed is not None
        else:
            rows = db.session.scalar(text(
                "SELECT count(*) FROM sqlite_stat1 WHERE tbl = 'responses'"))
            assert rows and rows > 0
