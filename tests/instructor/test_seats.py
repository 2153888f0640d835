"""Seats that can be recovered (issue 13): the instructor sees and reissues a personal code,
renames a seat, removes an empty one, merges two seats of one person (nothing deleted), and
"joined" counts real students."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from quizapp.extensions import db
from quizapp.models import (
    Note,
    Participant,
    Question,
    Response,
    ResponseHistory,
    ResponseRevision,
    Seminar,
)
from quizapp.services.classroom import seats
from support import csrf_from, text

READING = "milei-first-year"


def _seat(app, name: str) -> Participant:
    with app.app_context():
        p = db.session.scalar(select(Participant).where(Participant.display_name == name))
        db.session.expunge(p)
        return p


def _page(code: str, pid: int) -> str:
    return f"/instructor/sessions/{code}/students/{pid}"


def _choice(app, key: str, wrong: bool = False) -> str:
    with app.app_context():
        question = db.session.scalar(select(Question).where(Question.key == key))
        return next(str(c["id"]) for c in question.current_revision.choices
                    if bool(c.get("correct")) != wrong)


def test_student_page_shows_the_personal_code_and_reissues_it(app, make_client,
                                                             teacher_client, seminar):
    student = make_client()
    assert student.join(seminar, "Ana").status_code == 302
    ana = _seat(app, "Ana")
    page = text(teacher_client.get(_page(seminar, ana.id)))
    assert ana.resume_code in page
    response = teacher_client.post_form(_page(seminar, ana.id) + "/code")
    assert response.status_code == 302
    new = _seat(app, "Ana").resume_code
    assert new != ana.resume_code and new in text(teacher_client.get(response.headers["Location"]))
    # the old code no longer resumes, the new one does
    lost = make_client()
    assert lost.post_form(f"/join/{seminar}/resume",
                          {"resume_code": ana.resume_code}).status_code == 400
    assert lost.post_form(f"/join/{seminar}/resume", {"resume_code": new}).status_code == 302
    # the student's own browser keeps its seat
    assert student.get(f"/s/{seminar}/").status_code == 200


def test_rename_with_errors_beside_the_field(app, make_client, teacher_client, seminar):
    for name in ("Ana", "Bruno"):
        assert make_client().join(seminar, name).status_code == 302
    ana = _seat(app, "Ana")
    url = _page(seminar, ana.id) + "/rename"
    clash = teacher_client.post_form(url, {"display_name": " bruno "})
    assert clash.status_code == 400 and "already called" in text(clash)
    assert 'value=" bruno "' in text(clash)  # what was typed comes back
    assert teacher_client.post_form(url, {"display_name": "   "}).status_code == 400
    assert teacher_client.post_form(url, {"display_name": "Ana García"}).status_code == 302
    assert _seat(app, "Ana García").id == ana.id


def test_remove_only_an_empty_seat(app, make_client, teacher_client, seminar):
    busy = make_client()
    assert busy.join(seminar, "Busy").status_code == 302
    busy.post_form(f"/s/{seminar}/r/{READING}/check/1", {"choice": _choice(app, "mfy-q1")})
    assert make_client().join(seminar, "Left behind").status_code == 302
    left, full = _seat(app, "Left behind"), _seat(app, "Busy")
    assert "Remove this empty seat" in text(teacher_client.get(_page(seminar, left.id)))
    assert "Remove this empty seat" not in text(teacher_client.get(_page(seminar, full.id)))
    refused = teacher_client.post_form(_page(seminar, full.id) + "/remove")
    assert refused.status_code == 302
    assert "merge it" in text(teacher_client.get(refused.headers["Location"]))
    assert teacher_client.post_form(_page(seminar, left.id) + "/remove").status_code == 302
    with app.app_context():
        names = set(db.session.scalars(select(Participant.display_name)))
    assert names == {"Busy"}
    # the name is free again
    assert make_client().join(seminar, "Left behind").status_code == 302


def test_merge_keeps_the_first_answer_and_the_other_as_history(app, make_client,
                                                               teacher_client, seminar):
    old, new = make_client(), make_client()
    assert old.join(seminar, "Ana").status_code == 302
    right, wrong = _choice(app, "mfy-q1"), _choice(app, "mfy-q1", wrong=True)
    old.post_form(f"/s/{seminar}/r/{READING}/check/1", {"choice": wrong})  # first
    old.post_form(f"/s/{seminar}/r/{READING}/discuss/mfy-d1", {"answer": "old text"})
    old.post_form(f"/s/{seminar}/r/{READING}/discuss/mfy-d1", {"answer": "old text 2"})
    # the cookie is lost: the student joins again under another name
    assert new.join(seminar, "Ana (phone)").status_code == 302
    new.post_form(f"/s/{seminar}/r/{READING}/check/1", {"choice": right})  # second
    new.post_form(f"/s/{seminar}/r/{READING}/check/2", {"choice": _choice(app, "mfy-q2")})
    ana, phone = _seat(app, "Ana"), _seat(app, "Ana (phone)")
    with app.app_context():
        before = db.session.scalar(select(func.count()).select_from(Response))
        # The phone's discussion answer came first: it stays, the old seat's goes to history.
        phone_p = db.session.get(Participant, phone.id)
        q = db.session.scalar(select(Question).where(Question.key == "mfy-d1"))
        earlier = db.session.scalar(select(func.min(Response.created_at))) - timedelta(hours=1)
        from quizapp.services.classroom import answers
        answers.submit_discussion(phone_p, q, "phone text", None)
        db.session.flush()
        db.session.execute(Response.__table__.update().where(
            Response.participant_id == phone.id, Response.question_id == q.id)
            .values(created_at=earlier))
        db.session.commit()
        note_target = db.session.scalar(select(Response.id).where(
            Response.participant_id == ana.id, Response.question_id == q.id))
    teacher_client.post_form(f"/instructor/sessions/{seminar}/notes", {
        "kind": "response", "target_id": note_target, "body": "on the old text"})
    page = text(teacher_client.get(_page(seminar, ana.id)))
    token = csrf_from(page)
    response = teacher_client.post(_page(seminar, ana.id) + "/merge",
                                   data={"csrf_token": token, "other": str(phone.id)})
    assert response.status_code == 302, text(response)[:500]
    with app.app_context():
        mine = {(r.question.key, r.round): r for r in db.session.scalars(
            select(Response).where(Response.participant_id == ana.id))}
        assert mine[("mfy-q1", 1)].answer == wrong  # the first answer stays
        assert mine[("mfy-q2", 1)] is not None  # answered on the phone only: moved
        assert mine[("mfy-d1", 1)].answer == "phone text"  # the phone's came first
        history = db.session.scalars(select(ResponseHistory).order_by(
            ResponseHistory.id)).all()
        assert sorted(h.answer for h in history) == sorted(["old text 2", right])
        old_discussion = next(h for h in history if h.kind == "discussion")
        assert [v["text"] for v in old_discussion.versions] == ["old text", "old text 2"]
        assert all(h.participant_id == ana.id for h in history)
        # nothing lost: every answer is in responses or in history
        after = db.session.scalar(select(func.count()).select_from(Response))
        assert after + len(history) == before + 1
        assert db.session.scalar(select(func.count()).select_from(ResponseRevision)) >= 1
        # the note followed its answer
        note = db.session.scalar(select(Note).where(Note.body == "on the old text"))
        assert note.participant_id == ana.id and note.response_id == mine[("mfy-d1", 1)].id
        merged = db.session.get(Participant, phone.id)
        assert merged.merged_into_id == ana.id
    page = text(teacher_client.get(_page(seminar, ana.id)))
    assert "Answers kept as history" in page and "old text 2" in page
    review = text(teacher_client.get(f"/instructor/sessions/{seminar}/"))
    assert "Ana (phone)" not in review
    # the phone's browser and personal code now lead to the merged seat
    home = new.get(f"/s/{seminar}/answers")
    assert home.status_code == 200 and "phone text" in text(home)
    lost = make_client()
    assert lost.post_form(f"/join/{seminar}/resume",
                          {"resume_code": phone.resume_code}).status_code == 302
    assert "Ana" in text(lost.get(f"/s/{seminar}/"))


def test_merge_form_errors_stay_beside_the_field(app, make_client, teacher_client, seminar):
    assert make_client().join(seminar, "Ana").status_code == 302
    ana = _seat(app, "Ana")
    page = text(teacher_client.get(_page(seminar, ana.id)))
    token = csrf_from(page)
    for other in ("", "\u00b2", str(ana.id), "99999999999999999999"):
        response = teacher_client.post(_page(seminar, ana.id) + "/merge",
                                       data={"csrf_token": token, "other": other})
        assert response.status_code == 400, other


def test_joined_counts_real_students(app, make_client, teacher_client, seminar):
    active, idle = make_client(), make_client()
    assert active.join(seminar, "Active").status_code == 302
    active.post_form(f"/s/{seminar}/r/{READING}/check/1", {"choice": _choice(app, "mfy-q1")})
    assert idle.join(seminar, "Idle").status_code == 302
    with app.app_context():
        seminar_row = db.session.scalar(select(Seminar).where(Seminar.code == seminar))
        assert seats.count_real_students(seminar_row) == 2  # idle has just joined
        # an hour later, the idle seat (a lost cookie's leftover) no longer counts
        later = db.session.scalar(select(func.max(Participant.joined_at))) + timedelta(hours=1)
        assert seats.count_real_students(seminar_row, later) == 1
        db.session.execute(Participant.__table__.update().where(
            Participant.display_name == "Idle").values(joined_at=later - timedelta(hours=2)))
        db.session.commit()
    review = text(teacher_client.get(f"/instructor/sessions/{seminar}/"))
    assert "1 student joined" in review  # the overview counts real students
    assert "2 seats in all" in review


def test_an_archive_after_a_merge_restores(app, make_client, teacher_client, seminar):
    from quizapp.services.interchange.archive import restore, writer

    old, new = make_client(), make_client()
    assert old.join(seminar, "Ana").status_code == 302
    assert new.join(seminar, "Ana (phone)").status_code == 302
    old.post_form(f"/s/{seminar}/r/{READING}/read")
    new.post_form(f"/s/{seminar}/r/{READING}/read")
    ana, phone = _seat(app, "Ana"), _seat(app, "Ana (phone)")
    teacher_client.post_form(_page(seminar, ana.id) + "/merge", {"other": str(phone.id)})
    # the freed name is taken by someone else: two seats now show "Ana (phone)"
    assert make_client().join(seminar, "Ana (phone)").status_code == 302
    with app.app_context():
        seminar_row = db.session.scalar(select(Seminar).where(Seminar.code == seminar))
        data = writer.export_archive(seminar_row)
        names = sorted(p["display_name"] for p in data["participants"])
        assert names == ["Ana", "Ana (phone)"]  # the merged seat is not in it
        restored = restore.import_archive(data, owner="teacher", new_code=True)
        db.session.commit()
        assert restored is not None
