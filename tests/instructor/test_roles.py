"""Co-teaching with roles (issue 13): a co-teacher does everything but share or delete; an
assistant reviews and writes their own notes, without opening or closing the session, live
control or projector settings; the owner unshares; notes are private to their author unless
marked visible to co-teachers. (The access matrix covers every route for both roles.)"""

from __future__ import annotations

from sqlalchemy import select

from quizapp.extensions import db
from quizapp.models import Note, Participant
from quizapp.services.accounts import instructors
from support import PASSWORD, text


def _people(app, make_client, *names: str):
    with app.app_context():
        for name in names:
            instructors.create_instructor(name, PASSWORD)
        db.session.commit()
    clients = {}
    for name in names:
        client = make_client()
        assert client.login(name).status_code == 302
        clients[name] = client
    return clients


def _share(teacher_client, code: str, username: str, role: str):
    response = teacher_client.post_form(f"/instructor/sessions/{code}/share",
                                        {"username": username, "role": role})
    assert response.status_code == 302, text(response)[:400]


def test_assistant_reviews_and_writes_notes_but_does_not_run_the_session(
        app, make_client, teacher_client, make_seminar):
    code = make_seminar("Live", pacing="instructor")
    assert make_client().join(code, "Ana").status_code == 302
    helper = _people(app, make_client, "helper")["helper"]
    _share(teacher_client, code, "helper", "assistant")
    base = f"/instructor/sessions/{code}"
    review = helper.get(base + "/")
    assert review.status_code == 200 and "Ana" in text(review)
    assert "Close the session" not in text(review) and "Live control" not in text(review)
    assert helper.post_form(base + "/notes", {"kind": "session",
                                              "body": "assistant note"}).status_code == 302
    with app.app_context():
        pid = db.session.scalar(select(Participant.id))
    for url in (base + "/open", base + "/live/open", base + "/live/names",
                base + f"/students/{pid}/code", base + f"/students/{pid}/rename",
                base + "/share"):
        assert helper.post_form(url, {"open": "0"}).status_code == 403, url
    assert helper.get(base + "/live").status_code == 403
    assert helper.get(base + "/share").status_code == 403


def test_coteacher_runs_the_session_but_does_not_share_it(app, make_client, teacher_client,
                                                          make_seminar):
    code = make_seminar("Live", pacing="instructor")
    clients = _people(app, make_client, "coteach", "stranger")
    co = clients["coteach"]
    _share(teacher_client, code, "coteach", "coteacher")
    base = f"/instructor/sessions/{code}"
    assert "Close the session" in text(co.get(base + "/"))
    assert co.post_form(base + "/open", {"open": "0"}).status_code == 302
    assert co.post_form(base + "/open", {"open": "1"}).status_code == 302
    assert co.get(base + "/live").status_code == 200
    assert co.post_form(base + "/share", {"username": "stranger"}).status_code == 403
    assert clients["stranger"].get(base + "/").status_code == 404


def test_unshare_and_change_a_role(app, make_client, teacher_client, make_seminar):
    code = make_seminar("S")
    co = _people(app, make_client, "coteach")["coteach"]
    _share(teacher_client, code, "coteach", "coteacher")
    base = f"/instructor/sessions/{code}"
    assert co.post_form(base + "/open", {"open": "0"}).status_code == 302
    _share(teacher_client, code, "coteach", "assistant")  # sharing again changes the role
    assert co.post_form(base + "/open", {"open": "1"}).status_code == 403
    page = text(teacher_client.get(base + "/share"))
    assert "coteach" in page and "assistant" in page
    with app.app_context():
        co_id = instructors.find_instructor("coteach").id
    assert teacher_client.post_form(f"{base}/share/{co_id}/remove").status_code == 302
    assert co.get(base + "/").status_code == 404
    assert teacher_client.post_form(f"{base}/share/{co_id}/remove").status_code == 404


def test_notes_are_private_unless_marked_visible_to_coteachers(app, make_client,
                                                                teacher_client, seminar):
    co = _people(app, make_client, "coteach")["coteach"]
    _share(teacher_client, seminar, "coteach", "coteacher")
    base = f"/instructor/sessions/{seminar}"
    teacher_client.post_form(base + "/notes", {"kind": "session", "body": "owner private"})
    teacher_client.post_form(base + "/notes", {"kind": "session", "body": "owner shared",
                                               "shared": "y"})
    co.post_form(base + "/notes", {"kind": "session", "body": "co private"})
    for page in (base + "/", base + "/notes", base + "/notes.csv"):
        seen_by_co, seen_by_owner = text(co.get(page)), text(teacher_client.get(page))
        assert "owner shared" in seen_by_co and "owner private" not in seen_by_co, page
        assert "co private" in seen_by_co, page
        assert "co private" not in seen_by_owner and "owner private" in seen_by_owner, page
    with app.app_context():
        private = db.session.scalar(select(Note.id).where(Note.body == "owner private"))
        shared = db.session.scalar(select(Note.id).where(Note.body == "owner shared"))
    assert co.get(f"{base}/notes/{private}/edit").status_code == 404  # not there for them
    assert co.get(f"{base}/notes/{shared}/edit").status_code == 403  # visible, not theirs
    # the author can make a note private again
    edit = teacher_client.post_form(f"{base}/notes/{shared}/edit", {"body": "owner shared"})
    assert edit.status_code == 302
    assert "owner shared" not in text(co.get(base + "/notes"))
