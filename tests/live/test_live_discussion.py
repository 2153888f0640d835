"""Live mode, discussion in the room: spotlight, call-on, stance before and after."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from test_live import act, figures, live_facts, panel, stored, students, vote

from quizapp.extensions import db
from quizapp.models import Response
from support import text


@pytest.fixture
def live(app, make_seminar):
    return live_facts(app, make_seminar)


def test_spotlight_and_call_on_are_shown_only_where_they_belong(app, teacher_client, live):
    code, q = live["code"], live["plain_q"]
    token = live["token"]
    room = students(app, code, ["Ana Spotlit", "Ben Called", "Cai Late"])
    act(teacher_client, code, "open", question_id=q)
    vote(room["Ana Spotlit"], code, q, answer="Conviction first, calculation second.")
    vote(room["Ben Called"], code, q, answer="Mostly economic need.")
    control = text(teacher_client.get(panel(code)))
    assert "Conviction first, calculation second." in control  # answers arrive on the panel
    ana_r, ben_r = _response_id(app, q, "Ana Spotlit"), _response_id(app, q, "Ben Called")
    act(teacher_client, code, "spotlight", response_id=ana_r, on=1)
    act(teacher_client, code, "call-on", response_id=ben_r, on=1)

    projector = text(teacher_client.get(f"/projector/{code}/{token}"))
    assert "Conviction first, calculation second." in projector
    assert "Mostly economic need." not in projector
    for secret in ("Ana Spotlit", "Ben Called", "call on", "Call-on"):
        assert secret not in projector

    # Cai sees spotlights only after posting, and never names or the call-on list
    cai = room["Cai Late"]
    before = cai.get(f"/s/{code}/live/state").json
    assert before["spotlight"] == []
    vote(cai, code, q, answer="Both, depending on the month.")
    after = cai.get(f"/s/{code}/live/state").json
    assert after["spotlight"] == [{"text": "Conviction first, calculation second.",
                                   "stance": None}]
    page = text(cai.get(f"/s/{code}/live"))
    assert "Conviction first, calculation second." in page
    for secret in ("Ana Spotlit", "Ben Called", "call on", "Call-on", "Mostly economic need."):
        assert secret not in page and secret not in str(after)

    control = text(teacher_client.get(panel(code)))
    call_on = control[control.index('id="call-on"'):]
    assert "Ben Called" in call_on and "Ana Spotlit" not in call_on.split("</section>")[0]

    # names on the projector only when the instructor turns them on
    act(teacher_client, code, "names", on=1)
    assert "Ana Spotlit" in text(teacher_client.get(f"/projector/{code}/{token}"))
    assert "Ana Spotlit" not in str(cai.get(f"/s/{code}/live/state").json)
    act(teacher_client, code, "spotlight", response_id=ana_r, on=0)
    projector = text(teacher_client.get(f"/projector/{code}/{token}"))
    assert "Conviction first" not in projector
    assert cai.get(f"/s/{code}/live/state").json["spotlight"] == []

    # a private note on an answer, from the panel, through the core notes
    note = teacher_client.post_form(f"/instructor/sessions/{code}/notes", {
        "kind": "response", "target_id": ben_r, "body": "Ask him about the IMF.",
        "next": panel(code) + f"#response-{ben_r}"})
    assert note.status_code == 302 and note.headers["Location"].startswith(panel(code))
    assert "Ask him about the IMF." in text(teacher_client.get(panel(code)))
    assert "Ask him about the IMF." not in text(cai.get(f"/s/{code}/live"))


def _response_id(app, question_id: int, name: str, round_: int = 1) -> int:
    from quizapp.models import Participant

    with app.app_context():
        return db.session.scalar(select(Response.id).join(Participant).where(
            Response.question_id == question_id, Response.round == round_,
            Participant.display_name == name))


def test_stance_before_and_after_discussion(app, teacher_client, live):
    code, q = live["code"], live["stance_q"]
    room = students(app, code, ["Ana", "Ben", "Cai"])
    act(teacher_client, code, "open", question_id=q)
    for name, stance in (("Ana", 2), ("Ben", 3), ("Cai", 4)):
        assert vote(room[name], code, q, answer=f"{name} thinks so.",
                    stance=stance).status_code == 303
    act(teacher_client, code, "close")
    act(teacher_client, code, "revote")
    page = text(room["Ana"].get(f"/s/{code}/live"))
    assert "after the discussion" in page
    assert "Ana thinks so." in page  # her first answer is there to revise
    # the "after" round needs a stance
    missing = vote(room["Ana"], code, q, 2, answer="Still.")
    assert missing.status_code == 400 and "Pick a point on the scale" in text(missing)
    assert 'id="stance-error"' in text(missing)
    assert stored(app, question_id=q, round=2) == 0
    for name, stance in (("Ana", 3), ("Ben", 3), ("Cai", 2)):
        assert vote(room[name], code, q, 2, answer="After talking.",
                    stance=stance).status_code == 303
    act(teacher_client, code, "reveal")
    # By hand: Ana 2->3 (toward right), Ben 3->3 (same), Cai 4->2 (toward left).
    results = text(teacher_client.get(f"{panel(code)}/results"))
    got = figures(results)
    assert [v for k, v in got.items() if k.startswith("Toward")] == [1, 1]
    assert got["Same point"] == 1
    assert "Average before: 3.0, after: 2.67" in results
    state = room["Ben"].get(f"/s/{code}/live/state").json
    assert state["result"]["stance"]["before"] == [0, 1, 1, 1, 0][:live["points"]]
    assert state["result"]["stance"]["after"] == [0, 1, 2, 0, 0][:live["points"]]
    projector = text(room["Ben"].get(f"/projector/{code}/{live['token']}"))
    assert "Before the discussion" in projector and "After the discussion" in projector
