"""CSV downloads (item analysis, student report, notes) and the JSON archive's content."""

from __future__ import annotations

import csv
import io
import json

import pytest
from analytics_data import READING, build_world, reading_questions, right

from quizapp.extensions import db
from quizapp.models import Response
from quizapp.services.accounts import instructors
from quizapp.services.analytics.item_stats import item_analysis
from quizapp.services.classroom import answers, participants, seminars
from quizapp.services.interchange.analytics_csv import ITEM_COLUMNS, NOTE_COLUMNS, csv_text_lines
from quizapp.services.review import notes


@pytest.fixture
def world(app, make_seminar):
    return build_world(app, make_seminar)


def download(client, url: str, mimetype: str = "text/csv") -> str:
    response = client.get(url)
    body = response.get_data(as_text=True)
    assert response.status_code == 200, body[:500]
    assert response.mimetype == mimetype
    assert "attachment;" in response.headers["Content-Disposition"]
    if mimetype == "text/csv":
        assert body.startswith("\ufeff")  # Excel reads a CSV with the mark as UTF-8
        return body[1:]
    return body


def rows_of(body: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(body.removeprefix("\ufeff"))))


def test_numbers_stay_numbers_and_text_is_neutralised():
    lines = "".join(csv_text_lines(["value", "name"], [[-0.25, "=HYPERLINK(\"x\")"],
                                                       [3, "-1+2"], [None, "@SUM(A1)"]]))
    assert lines.splitlines() == ["\ufeffvalue,name", "-0.25,\"'=HYPERLINK(\"\"x\"\")\"",
                                  "3,'-1+2", ",'@SUM(A1)"]


def test_item_analysis_csv_matches_the_statistics(teacher_client, world):
    body = download(teacher_client, f"/instructor/sessions/{world['code']}/analysis.csv")
    assert body.splitlines()[0].split(",") == ITEM_COLUMNS
    rows = rows_of(body)
    expected = item_analysis(world["matrix"])  # the same answers, as an explicit matrix
    check = rows[0]
    assert (check["row"], check["reading"], check["students"]) == ("check", READING, "4")
    assert float(check["mean_total"]) == pytest.approx(expected.mean, abs=1e-4)
    assert float(check["cronbach_alpha"]) == pytest.approx(expected.alpha, abs=1e-4)
    assert float(check["standard_error"]) == pytest.approx(expected.standard_error, abs=1e-4)
    assert check["small_class"] == "yes"
    questions = rows[1:]
    assert [r["question_id"] for r in questions] == [q["key"] for q in world["qs"]]
    for row, item in zip(questions, expected.items, strict=True):
        assert float(row["facility"]) == pytest.approx(item.facility, abs=1e-4)
        assert float(row["facility_low_95"]) == pytest.approx(item.facility_low, abs=1e-4)
        if item.discrimination is None:
            assert row["discrimination"] == ""
        else:
            assert float(row["discrimination"]) == pytest.approx(item.discrimination, abs=1e-4)
    assert [r["answered"] for r in questions[:4]] == ["4", "3", "2", "0"]
    assert questions[0]["section"] == world["qs"][0]["section"]


def test_reading_analysis_csv(teacher_client, world):
    body = download(teacher_client, f"/instructor/readings/{READING}/analysis.csv")
    rows = rows_of(body)
    assert rows[0]["scope"] == "1 sessions" and rows[0]["students"] == "4"


def test_student_report_csv(app, teacher_client, world, instructor):
    code, ids = world["code"], world["ids"]
    q = reading_questions(app)[0]
    with app.app_context():
        seminar = seminars.find_seminar(code)
        teacher = instructors.find_instructor(instructor)
        notes.add_note(seminar, teacher, "student", ids["Bo"], "=1+1 Bo needs help")
        prankster = participants.join(seminar, "=cmd|' /C calc'!A0")
        from quizapp.models import Question

        answers.submit_mc(prankster, db.session.get(Question, q["id"]), right(q))
        db.session.commit()
    body = download(teacher_client, f"/instructor/sessions/{code}/students.csv")
    rows = {r["student"]: r for r in rows_of(body)}
    ana, bo = rows["Ana"], rows["Bo"]
    assert (ana[f"{READING}_right"], ana[f"{READING}_answered"],
            ana[f"{READING}_questions"]) == ("3", "3", "10")
    assert (bo["total_right"], bo["total_answered"]) == ("1", "3")
    assert ana["discussion_answers"] == "1" and ana["misconceptions"] == ""
    assert world["qs"][1]["key"] in bo["misconceptions"]
    assert "'=1+1 Bo needs help" not in bo["notes"]  # inside the cell, after the prefix
    assert "=1+1 Bo needs help" in bo["notes"] and bo["notes"].startswith("[student, ")
    assert "'=cmd|' /C calc'!A0" in rows  # the name cannot run as a formula


def test_notes_csv_with_the_notes_page_filters(app, teacher_client, world, instructor):
    code, ids = world["code"], world["ids"]
    with app.app_context():
        seminar = seminars.find_seminar(code)
        teacher = instructors.find_instructor(instructor)
        response = db.session.query(Response).filter_by(participant_id=ids["Ana"]).first()
        notes.add_note(seminar, teacher, "session", None, "Good energy today")
        notes.add_note(seminar, teacher, "student", ids["Cy"], "Cy: ask about section 2")
        notes.add_note(seminar, teacher, "response", response.id, "@everyone look at this")
        db.session.commit()
    rows = rows_of(download(teacher_client, f"/instructor/sessions/{code}/notes.csv"))
    assert list(rows[0]) == NOTE_COLUMNS
    by_kind = {r["kind"]: r for r in rows}
    assert set(by_kind) == {"session", "student", "response"}
    assert by_kind["student"]["student"] == "Cy" and by_kind["student"]["author"] == "teacher"
    assert by_kind["response"]["body"] == "'@everyone look at this"
    assert by_kind["response"]["student"] == "Ana" and by_kind["response"]["question_id"]
    assert by_kind["session"]["created_at"].endswith("Z")
    only = rows_of(download(teacher_client, f"/instructor/sessions/{code}/notes.csv?kind=student"))
    assert [r["body"] for r in only] == ["Cy: ask about section 2"]
    found = rows_of(download(teacher_client, f"/instructor/sessions/{code}/notes.csv?q=ENERGY"))
    assert [r["body"] for r in found] == ["Good energy today"]
    huge = teacher_client.get(f"/instructor/sessions/{code}/notes.csv?author=99999999999")
    assert huge.status_code == 200 and rows_of(huge.get_data(as_text=True)) == []
    # The notes page offers the download of what it shows.
    page = teacher_client.get(f"/instructor/sessions/{code}/notes?kind=student&q=Cy")
    assert f"/instructor/sessions/{code}/notes.csv?q=Cy&amp;kind=student" in page.get_data(
        as_text=True)


def test_archive_json_holds_the_whole_session_without_resume_codes(app, teacher_client, world,
                                                                   instructor):
    code, ids = world["code"], world["ids"]
    with app.app_context():
        seminar = seminars.find_seminar(code)
        person = db.session.get(participants.Participant, ids["Ana"])
        from quizapp.models import Question

        disc = db.session.get(Question, world["disc"][0]["id"])
        answers.submit_discussion(person, disc, "On reflection: a choice with costs.")
        notes.add_note(seminar, instructors.find_instructor(instructor), "student", ids["Di"],
                       "Absent last week")
        codes = [p.resume_code for p in participants.participants_of(seminar)]
        db.session.commit()
    body = download(teacher_client, f"/instructor/sessions/{code}/archive.json",
                    "application/json")
    data = json.loads(body)
    assert data["format"] == "quizapp-session-archive" and data["version"] == 1
    assert data["session"]["code"] == code and data["session"]["owner"] == "teacher"
    assert [p["display_name"] for p in data["participants"]] == ["Ana", "Bo", "Cy", "Di"]
    assert [r["slug"] for r in data["readings"]] == [READING]
    assert len(data["responses"]) == 10  # 9 check answers and one discussion answer
    essay = next(r for r in data["responses"] if r["kind"] == "discussion")
    assert [v["text"] for v in essay["revisions"]] == [
        "Alignment is a choice, not a necessity.", "On reflection: a choice with costs."]
    assert essay["answer"] == "On reflection: a choice with costs."
    first = data["responses"][0]
    question = next(q for q in data["questions"] if q["key"] == first["question"])
    assert first["revision"] in {v["number"] for v in question["revisions"]}
    assert question["revisions"][0]["data"]["choices"]
    assert data["notes"] == [{
        "author": "teacher", "kind": "student", "participant": 4, "question": None,
        "response": None, "room_question": None, "body": "Absent last week",
        "created_at": data["notes"][0]["created_at"],
        "updated_at": data["notes"][0]["updated_at"]}]
    for resume in codes:
        assert resume not in body
    # Keys, not words: "resumen" is Spanish text; projector_language is a setting, the
    # projector's secret token must not be there.
    assert '"resume_code"' not in body and '"projector_token"' not in body
