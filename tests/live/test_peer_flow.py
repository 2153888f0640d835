"""Peer instruction by default: close, (show the votes), discuss, vote again, reveal the shift.

The panel's primary button is always the method's next step; revealing at once stays
possible; the projector marks the right answer only after the reveal.
"""

from __future__ import annotations

import re

import pytest
from test_live import act, live_facts, panel, students, vote

from support import text


@pytest.fixture
def live(app, make_seminar):
    return live_facts(app, make_seminar)


def primary(page: str) -> str:
    found = re.search(r'class="button primary"[^>]*data-action="([a-z_]+)"', page)
    assert found, "no primary button"
    return found.group(1)


def projector(client, live_facts) -> str:
    return text(client.get(f"/projector/{live_facts['code']}/{live_facts['token']}"))


def test_the_primary_button_follows_peer_instruction(app, teacher_client, live) -> None:
    code, mc = live["code"], live["mc"]
    room = students(app, code, ["Ana", "Ben", "Cai"])
    act(teacher_client, code, "open", question_id=mc)
    assert primary(text(teacher_client.get(panel(code)))) == "close_voting"
    for name, choice in (("Ana", live["right"]), ("Ben", live["wrong"][0]),
                         ("Cai", live["wrong"][0])):
        assert vote(room[name], code, mc, choice=choice).status_code == 303
    act(teacher_client, code, "close")
    page = text(teacher_client.get(panel(code)))
    assert primary(page) == "discuss"
    assert 'data-action="show_votes"' in page and 'data-action="reveal"' in page
    assert "33% right: the best case for discussing" in page
    screen = projector(room["Ana"], live)
    assert "bar-row" not in screen  # closed: nothing of the votes yet

    # Optional: the votes, without the answer.
    act(teacher_client, code, "show")
    screen = projector(room["Ana"], live)
    assert "bar-row" in screen and "is-correct" not in screen and "proj-correct" not in screen
    state = room["Ben"].get(f"/s/{code}/live/state").json
    assert state["phase"] == "shown" and state["result"] is None  # phones: no answer either
    assert primary(text(teacher_client.get(panel(code)))) == "discuss"

    act(teacher_client, code, "discuss")
    screen = projector(room["Ana"], live)
    assert "Discuss with your neighbour" in screen and "bar-row" not in screen
    assert "Discuss with your neighbour" in text(room["Ben"].get(f"/s/{code}/live"))
    assert primary(text(teacher_client.get(panel(code)))) == "revote"
    assert vote(room["Ben"], code, mc, choice=live["right"]).status_code == 400  # closed

    act(teacher_client, code, "revote")
    assert primary(text(teacher_client.get(panel(code)))) == "close_voting"
    assert vote(room["Ben"], code, mc, 2, choice=live["right"]).status_code == 303
    act(teacher_client, code, "close")
    page = text(teacher_client.get(panel(code)))
    assert primary(page) == "reveal" and "Reveal the answer and the shift" in page
    act(teacher_client, code, "reveal")
    screen = projector(room["Ana"], live)
    assert "is-correct" in screen and "Wrong to right" in screen
    assert primary(text(teacher_client.get(panel(code)))) == "next_question"


def test_the_instructor_can_still_reveal_at_once(app, teacher_client, live) -> None:
    code, mc = live["code"], live["mc"]
    act(teacher_client, code, "open", question_id=mc)
    act(teacher_client, code, "close")
    act(teacher_client, code, "reveal")
    page = text(teacher_client.get(panel(code)))
    assert primary(page) == "next_question" and 'data-action="revote"' in page
    # Discussing after the reveal makes no sense: refused, nothing changes.
    refused = teacher_client.post_form(f"{panel(code)}/discuss", {})
    assert refused.status_code == 400


def test_discussion_comes_only_between_the_votes(app, teacher_client, live) -> None:
    code = live["code"]
    act(teacher_client, code, "open", question_id=live["plain_q"])
    act(teacher_client, code, "close")
    page = text(teacher_client.get(panel(code)))
    assert primary(page) == "reveal"  # no second round: nothing to discuss before
    assert teacher_client.post_form(f"{panel(code)}/discuss", {}).status_code == 400
    assert teacher_client.post_form(f"{panel(code)}/show", {}).status_code == 400


def test_projector_keys_only_for_the_instructor(app, client, teacher_client, live) -> None:
    code = live["code"]
    act(teacher_client, code, "open", question_id=live["mc"])
    url = f"/projector/{code}/{live['token']}"
    room = text(client.get(url))
    assert "data-control" not in room and "data-primary" not in room and "csrf" not in room
    own = text(teacher_client.get(url))
    assert f'data-control="/instructor/sessions/{code}/live"' in own
    assert f'data-primary="/instructor/sessions/{code}/live/close"' in own


def test_spotlight_the_next_answer(app, teacher_client, live) -> None:
    code, q = live["code"], live["plain_q"]
    room = students(app, code, ["Ana", "Ben"])
    act(teacher_client, code, "open", question_id=q)
    assert teacher_client.post_form(f"{panel(code)}/spotlight-next", {}).status_code == 400
    for name in ("Ana", "Ben"):
        assert vote(room[name], code, q, answer=f"{name} thinks so.").status_code == 303
    assert 'data-action="spotlight_next"' in text(teacher_client.get(panel(code)))
    act(teacher_client, code, "spotlight-next")
    screen = projector(room["Ana"], live)
    assert "Ana thinks so." in screen and "Ben thinks so." not in screen
    act(teacher_client, code, "spotlight-next")
    assert "Ben thinks so." in projector(room["Ana"], live)
    assert teacher_client.post_form(f"{panel(code)}/spotlight-next", {}).status_code == 400
