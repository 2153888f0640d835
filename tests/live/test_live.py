"""Live (instructor-paced) mode through the test client, on both databases.

The instructor's panel runs on one app instance and the students on another, over one
database: two processes behind one address must behave as one.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import event, func, select

from quizapp.extensions import db
from quizapp.models import Reading, Response, Seminar, utcnow
from support import text

READING = "milei-first-year"


def live_facts(app, make_seminar) -> dict:
    """An instructor-paced seminar on one reading, and the facts the tests need about it."""
    code = make_seminar("Live seminar", [READING], "instructor")
    with app.app_context():
        reading = db.session.scalar(select(Reading).where(Reading.slug == READING))
        mcs = [q for q in reading.questions if q.kind == "mc" and not q.retired]
        discs = [q for q in reading.questions if q.kind == "discussion" and not q.retired]
        mc = mcs[0]
        rev = mc.current_revision
        stance_q = next(q for q in discs if q.current_revision.stance)
        plain_q = next(q for q in discs if not q.current_revision.stance)
        seminar = db.session.scalar(select(Seminar).where(Seminar.code == code))
        return {
            "code": code, "token": seminar.projector_token,
            "mc": mc.id, "mc2": mcs[1].id, "mc_key": mc.key, "prompt": rev.prompt,
            "right": sorted(rev.correct_ids)[0],
            "wrong": [c["id"] for c in rev.choices if not c.get("correct")],
            "explanation": rev.explanation,
            "stance_q": stance_q.id, "points": stance_q.current_revision.stance["points"],
            "plain_q": plain_q.id,
        }


@pytest.fixture
def live(app, make_seminar):
    return live_facts(app, make_seminar)


def panel(code: str) -> str:
    return f"/instructor/sessions/{code}/live"


def act(teacher, code: str, action: str, **data):
    response = teacher.post_form(f"{panel(code)}/{action}", data)
    assert response.status_code == 303, text(response)
    return response


def students(app, code: str, names: list[str]) -> dict:
    clients = {}
    for name in names:
        client = app.test_client()
        assert client.join(code, name).status_code == 302
        clients[name] = client
    return clients


def vote(client, code: str, question_id: int, round_: int = 1, **data):
    return client.post_form(f"/s/{code}/live/answer",
                            {"question_id": question_id, "round": round_, **data})


def stored(app, **where) -> int:
    with app.app_context():
        stmt = select(func.count()).select_from(Response)
        for key, value in where.items():
            stmt = stmt.where(getattr(Response, key) == value)
        return db.session.scalar(stmt)


def figures(html: str) -> dict[str, int]:
    """The shift figures as a page shows them: {'Wrong to right': 1, ...}."""
    return {label.strip(): int(n) for label, n in re.findall(
        r'</span>\s*([^<]+?)</dt><dd>(\d+)</dd>', html)}


def test_full_round_on_two_app_instances(app, app_factory, teacher_client, live):
    code, mc = live["code"], live["mc"]
    right, wrong = live["right"], live["wrong"]
    other = app_factory()  # a second process: the students talk to it
    room = students(other, code, ["Ana", "Ben", "Cai", "Dee", "Eve", "Fay"])

    act(teacher_client, code, "open", question_id=mc)
    page = text(room["Ana"].get(f"/s/{code}/live"))
    assert live["prompt"].replace("'", "&#39;") in page
    assert "Voting is open" in page

    first = {"Ana": right, "Ben": wrong[0], "Cai": wrong[0], "Dee": wrong[1], "Fay": right}
    for name, choice in first.items():
        response = vote(room[name], code, mc, choice=choice)
        assert response.status_code == 303, text(response)
    assert stored(app, question_id=mc, round=1) == 5
    # the panel (first instance) sees them at once
    assert "<strong>5</strong> answered" in text(teacher_client.get(panel(code)))

    act(teacher_client, code, "close")
    late = vote(room["Eve"], code, mc, choice=right)
    assert late.status_code == 400
    assert "Voting on this question is closed" in text(late)
    assert "not recorded" in text(late)
    assert stored(app, question_id=mc, participant_id=_pid(app, code, "Eve")) == 0

    act(teacher_client, code, "reveal")
    state = room["Ben"].get(f"/s/{code}/live/state").json
    assert state["phase"] == "revealed"
    assert state["result"]["correct"] == [right]
    assert state["result"]["explanation"] == live["explanation"]
    assert state["mine"] == {"round": 1, "choices": [wrong[0]], "text": "", "stance": None,
                             "correct": False}
    counts = {c["id"]: c["count"] for c in state["result"]["distribution"]["choices"]}
    assert counts[right] == 2 and counts[wrong[0]] == 2 and counts[wrong[1]] == 1

    act(teacher_client, code, "revote")
    state = room["Ben"].get(f"/s/{code}/live/state").json
    assert (state["phase"], state["round"], state["answered"]) == ("open", 2, False)
    assert state["first"]["choices"] == [wrong[0]]
    assert "correct" not in state["first"]  # not revealed in the second round yet
    second = {"Ana": right, "Ben": right, "Cai": wrong[0], "Eve": right, "Fay": wrong[1]}
    for name, choice in second.items():
        assert vote(room[name], code, mc, 2, choice=choice).status_code == 303
    # Dee sat the second vote out; a first-round answer now is refused
    assert vote(room["Dee"], code, mc, 1, choice=right).status_code == 400
    act(teacher_client, code, "close")
    act(teacher_client, code, "reveal")

    # By hand: Ana right->right, Ben wrong->right, Cai wrong->wrong, Fay right->wrong;
    # Dee voted only first, Eve only second. First: 2 of 5 right; second: 3 of 5 right.
    expected = {"Wrong to right": 1, "Right to wrong": 1, "Stayed right": 1, "Stayed wrong": 1}
    projector = text(room["Ana"].get(f"/projector/{code}/{live['token']}"))
    assert figures(projector) == expected
    assert "First vote" in projector and "Second vote" in projector
    assert "2 of 5 in the first vote (40%), 3 of 5 in the second (60%)" in projector
    assert "1 voted only the first time, 1 only the second" in projector
    control = text(teacher_client.get(panel(code)))
    assert figures(control) == expected
    results = text(teacher_client.get(f"{panel(code)}/results"))
    assert figures(results) == expected
    assert live["mc_key"] in results
    state = room["Ben"].get(f"/s/{code}/live/state").json
    assert state["result"]["shift"] == {"wrong_to_right": 1, "right_to_wrong": 1,
                                        "stayed_right": 1, "stayed_wrong": 1, "both": 4}
    assert state["mine"]["correct"] is True and state["first"]["correct"] is False
    # both votes are kept
    assert stored(app, question_id=mc, round=1) == 5
    assert stored(app, question_id=mc, round=2) == 5


def _pid(app, code: str, name: str) -> int:
    from quizapp.models import Participant

    with app.app_context():
        return db.session.scalar(select(Participant.id).join(Seminar).where(
            Seminar.code == code, Participant.display_name == name))


def test_state_is_304_until_something_changes(app, app_factory, teacher_client, live):
    code = live["code"]
    other = app_factory()
    ana = students(other, code, ["Ana"])["Ana"]
    url = f"/s/{code}/live/state"
    first = ana.get(url)
    assert first.status_code == 200 and first.json["phase"] == "idle"
    etag = first.headers["ETag"]
    assert first.headers["Cache-Control"] == "no-cache, private"

    # The hot path: one query, and a 304 with no body.
    queries = []
    with other.app_context():
        engine = db.engine
    listener = lambda *args: queries.append(args[2])  # noqa: E731
    event.listen(engine, "before_cursor_execute", listener)
    try:
        again = ana.get(url, headers={"If-None-Match": etag})
    finally:
        event.remove(engine, "before_cursor_execute", listener)
    assert again.status_code == 304 and again.data == b""
    assert again.headers["ETag"] == etag
    assert len([q for q in queries if q.strip().upper() != "BEGIN"]) == 1, queries

    act(teacher_client, code, "open", question_id=live["mc"])
    changed = ana.get(url, headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed.json["phase"] == "open"
    assert "correct" not in str(changed.json["question"])  # no correctness before reveal
    etag = changed.headers["ETag"]
    assert ana.get(url, headers={"If-None-Match": etag}).status_code == 304

    # answering changes this student's state (and only hers)
    assert vote(ana, code, live["mc"], choice=live["right"]).status_code == 303
    mine = ana.get(url, headers={"If-None-Match": etag})
    assert mine.status_code == 200 and mine.json["answered"] is True

    # not joined: a clear refusal, not someone else's state
    stranger = app.test_client()
    refused = stranger.get(url)
    assert refused.status_code == 403 and "Join" in refused.json["message"]


def test_projector_needs_its_token(app, client, teacher_client, live, make_seminar):
    code, token = live["code"], live["token"]
    assert client.get(f"/projector/{code}").status_code == 404
    assert client.get(f"/projector/{code}/wrong-token").status_code == 404
    assert client.get(f"/projector/{code}/{token[:-1]}").status_code == 404
    assert client.get(f"/projector/{code}/wrong-token/state").status_code == 404
    assert client.get(f"/projector/{code}/wrong-token/qr.svg").status_code == 404
    page = client.get(f"/projector/{code}/{token}")
    assert page.status_code == 200
    body = text(page)
    assert code[:4] + "-" + code[4:] in body and f"/join/{code}" in body  # code, link, QR
    assert f"/projector/{code}/{token}/qr.svg" in body
    qr = client.get(f"/projector/{code}/{token}/qr.svg")
    assert qr.status_code == 200 and qr.mimetype == "image/svg+xml"
    state = client.get(f"/projector/{code}/{token}/state")
    assert state.status_code == 200 and "html" in state.json
    assert client.get(f"/projector/{code}/{token}/state",
                      headers={"If-None-Match": state.headers["ETag"]}).status_code == 304
    # a new student changes the count on the projector
    students(app, code, ["Ana"])
    assert client.get(f"/projector/{code}/{token}/state",
                      headers={"If-None-Match": state.headers["ETag"]}).status_code == 200
    # only the instructor's panel shows the link
    assert token in text(teacher_client.get(panel(code)))
    assert token not in text(client.get(f"/join/{code}"))


def test_reload_keeps_the_place_and_the_answer(app, teacher_client, live):
    code = live["code"]
    ana = students(app, code, ["Ana"])["Ana"]
    act(teacher_client, code, "open", question_id=live["plain_q"])
    # a refused answer keeps what was typed, with the error beside the field
    empty = vote(ana, code, live["plain_q"], answer="   ")
    assert empty.status_code == 400
    assert 'id="answer-error"' in text(empty)
    posted = vote(ana, code, live["plain_q"], answer="My considered view.")
    assert posted.status_code == 303
    assert posted.headers["Location"].endswith(f"/s/{code}/live")
    for _ in range(2):  # reloads
        page = text(ana.get(f"/s/{code}/live"))
        assert "Answer received" in page and "My considered view." in page
        assert "Revise your answer" in page

    act(teacher_client, code, "open", question_id=live["mc"])
    no_choice = vote(ana, code, live["mc"])
    assert no_choice.status_code == 400 and 'id="choice-error"' in text(no_choice)
    vote(ana, code, live["mc"], choice=live["wrong"][0])
    page = text(ana.get(f"/s/{code}/live"))
    assert "Answer received" in page and 'name="choice"' not in page
    assert f"<strong>{live['wrong'][0]})</strong>" in page
    # a second vote in the same round does not replace the first
    again = vote(ana, code, live["mc"], choice=live["right"])
    assert again.status_code == 303
    assert stored(app, question_id=live["mc"]) == 1
    # the JavaScript path gets JSON, with the same rules
    late = ana.post_form(f"/s/{code}/live/answer", {"question_id": live["plain_q"], "round": 1,
                                                    "answer": "Too late"},
                         headers={"Accept": "application/json"})
    assert late.status_code == 400 and "closed" in late.json["message"]
    assert late.json["ok"] is False


def test_countdown_deadline_is_enforced(app, teacher_client, live):
    code, mc = live["code"], live["mc"]
    ana, ben = students(app, code, ["Ana", "Ben"]).values()
    bad = teacher_client.post_form(f"{panel(code)}/open", {"question_id": mc, "seconds": "2"})
    assert bad.status_code == 400
    assert 'id="seconds-error"' in text(bad) and "between 5 and 3600" in text(bad)
    act(teacher_client, code, "open", question_id=mc, seconds=30)
    state = ana.get(f"/s/{code}/live/state").json
    assert 25 < state["deadline_in"] <= 30
    assert vote(ana, code, mc, choice=live["right"]).status_code == 303
    with app.app_context():  # let the clock run out
        seminar = db.session.scalar(select(Seminar).where(Seminar.code == code))
        seminar.live_deadline = utcnow() - timedelta(seconds=5)
        db.session.commit()
    late = vote(ben, code, mc, choice=live["right"])
    assert late.status_code == 400 and "Time is up" in text(late)
    assert stored(app, question_id=mc) == 1
    state = ben.get(f"/s/{code}/live/state").json
    assert state["phase"] == "closed" and state["deadline_in"] is None
    # the instructor can still close and reveal
    act(teacher_client, code, "reveal")
    assert ben.get(f"/s/{code}/live/state").json["phase"] == "revealed"


def test_answer_for_a_question_that_moved_on_is_not_filed_under_the_next(
        app, teacher_client, live):
    code = live["code"]
    ana = students(app, code, ["Ana"])["Ana"]
    act(teacher_client, code, "open", question_id=live["plain_q"])
    act(teacher_client, code, "open", question_id=live["mc2"])
    late = vote(ana, code, live["plain_q"], answer="Typed for the old question.")
    assert late.status_code == 400
    body = text(late)
    assert "moved on" in body
    assert "Typed for the old question." in body and "was not sent" in body
    assert stored(app) == 0


def test_panel_actions_next_stop_and_conflicts(app, teacher_client, live, make_seminar,
                                               other_instructor):
    code = live["code"]
    page = text(teacher_client.get(panel(code)))
    version = int(re.search(r'name="version" value="(\d+)"', page).group(1))
    act(teacher_client, code, "next", version=version)  # the first question
    with app.app_context():
        seminar = db.session.scalar(select(Seminar).where(Seminar.code == code))
        first_q, phase = seminar.live_question_id, seminar.live_phase
    assert phase == "open"
    # a stale page (another tab) changes nothing
    stale = teacher_client.post_form(f"{panel(code)}/next", {"version": version})
    assert stale.status_code == 409 and "another window" in text(stale)
    act(teacher_client, code, "next")
    with app.app_context():
        seminar = db.session.scalar(select(Seminar).where(Seminar.code == code))
        assert seminar.live_question_id != first_q
    # actions that do not fit the phase are refused with a reason
    act(teacher_client, code, "close")
    refused = teacher_client.post_form(f"{panel(code)}/close", {})
    assert refused.status_code == 400 and "Voting is not open" in text(refused)
    act(teacher_client, code, "stop")
    assert "waiting" in text(teacher_client.get(panel(code))).lower()
    assert teacher_client.post_form(f"{panel(code)}/revote", {}).status_code == 400

    # no CSRF, no change; not the owner, no panel; self-paced, no live mode
    assert teacher_client.post(f"{panel(code)}/next", data={}).status_code == 400
    colleague = app.test_client()
    colleague.login(other_instructor)
    assert colleague.get(panel(code)).status_code == 404
    assert colleague.post_form(f"{panel(code)}/next", {}).status_code == 404
    self_paced = make_seminar("Self-paced", [READING], "self")
    assert teacher_client.get(panel(self_paced)).status_code == 404
    student = students(app, self_paced, ["Ana"])["Ana"]
    assert student.get(f"/s/{self_paced}/live").status_code == 302
    assert student.get(f"/s/{self_paced}/live/state").status_code == 404


def test_bad_input_gets_a_clear_answer_never_a_500(app, teacher_client, live, make_seminar):
    code = live["code"]
    ana = students(app, code, ["Ana"])["Ana"]
    act(teacher_client, code, "open", question_id=live["stance_q"])
    for data in ({"question_id": "x", "round": 1}, {"question_id": live["stance_q"], "round": 3},
                 {"answer": "   ", "stance": ""},
                 {"question_id": 999999, "round": 1, "answer": "hi"},
                 {"question_id": live["mc"], "round": 1, "choice": "a"},
                 {"question_id": live["stance_q"], "round": 1, "answer": "hi", "stance": 6},
                 {"question_id": live["stance_q"], "round": 1, "answer": "x" * 5001},
                 {"question_id": live["stance_q"], "round": 1, "answer": "hi", "stance": "z"}):
        response = ana.post_form(f"/s/{code}/live/answer", data)
        assert response.status_code == 400, (data, response.status_code)
        assert 'role="alert"' in text(response)
    assert stored(app) == 0
    other = make_seminar("Other", [READING], "instructor")
    with app.app_context():
        foreign = db.session.scalar(select(Seminar).where(Seminar.code == other)).id
    for action, data in (("open", {}), ("open", {"question_id": 999999}),
                         ("open", {"question_id": live["mc"], "seconds": "soon"}),
                         ("spotlight", {"response_id": 999999, "on": 1}),
                         ("call-on", {"response_id": foreign, "on": 1}),
                         ("names", {"on": 7})):
        response = teacher_client.post_form(f"{panel(code)}/{action}", data)
        assert response.status_code == 400, (action, data, response.status_code)
    assert ana.post_form(f"/s/{code}/live/answer", {}, csrf=False).status_code == 400
    # a scripted client may leave out question and round: it answers what is live
    act(teacher_client, code, "open", question_id=live["mc"])
    assert ana.post_form(f"/s/{code}/live/answer", {"choice": live["right"]}).status_code == 303
    assert stored(app, question_id=live["mc"], round=1) == 1
    act(teacher_client, code, "stop")
    idle = ana.post_form(f"/s/{code}/live/answer", {"choice": live["right"]})
    assert idle.status_code == 400 and "no question open" in text(idle)
    assert ana.get("/s/NOSUCHCODE/live/state").status_code == 404
