"""A session fixes its projector's language: the room's screen in Spanish (interface and
course) while the instructor's own browser, on the same login, stays English."""

from __future__ import annotations

import json
import re

from test_live import act, live_facts, panel, students, vote

from quizapp.extensions import db
from quizapp.models import Question, Seminar
from quizapp.services.classroom.localized import localized
from support import text

EN = {"Accept-Language": "en"}


def test_a_spanish_projector_beside_an_english_panel(app, make_seminar, teacher_client):
    live = live_facts(app, make_seminar)
    code, token, mc = live["code"], live["token"], live["mc"]
    with app.app_context():
        spanish = localized(db.session.get(Question, mc).current_revision, "es")
        es_prompt, es_explanation = spanish.prompt, spanish.explanation
        es_right = spanish.choice(live["right"])["text"]
    assert es_prompt != live["prompt"]
    room = students(app, code, ["Ana", "Ben"])
    act(teacher_client, code, "open", question_id=mc)
    url = f"/projector/{code}/{token}"
    english = teacher_client.get(url, headers=EN)
    assert 'lang="en"' in english.get_data(as_text=True)
    etag_en = teacher_client.get(f"{url}/state", headers=EN).headers["ETag"]

    act(teacher_client, code, "language", language="es")
    with app.app_context():
        assert db.session.query(Seminar).filter_by(code=code).one().projector_language == "es"
    page = teacher_client.get(url, headers=EN)
    body = page.get_data(as_text=True)
    assert 'lang="es"' in body
    assert "Únase con el código" in body and "Join with code" not in body
    assert es_prompt[:40] in text(page) and live["prompt"][:18] not in text(page)
    # the polled state moved on too: its ETag carries the language
    state = teacher_client.get(f"{url}/state", headers={**EN, "If-None-Match": etag_en})
    assert state.status_code == 200 and state.headers["ETag"] != etag_en
    assert "la votación está abierta" in state.json["html"]

    # results on the projector: the bars and the explanation in Spanish
    vote(room["Ana"], code, mc, choice=live["right"])
    vote(room["Ben"], code, mc, choice=live["wrong"][0])
    act(teacher_client, code, "close")
    act(teacher_client, code, "reveal")
    shown = text(teacher_client.get(url, headers=EN))
    assert es_right[:30] in shown and es_explanation[:40] in shown
    assert "Cómo votó la sala" in shown

    # the instructor's panel, in the same browser, stays in the browser's language
    control = text(teacher_client.get(panel(code), headers=EN))
    assert "Projector language" in control and live["prompt"][:18] in control

    # back to following the browser
    act(teacher_client, code, "language", language="")
    assert 'lang="en"' in teacher_client.get(url, headers=EN).get_data(as_text=True)
    assert 'lang="es"' in teacher_client.get(
        url, headers={"Accept-Language": "es"}).get_data(as_text=True)


def test_a_stance_scale_on_a_spanish_projector(app, make_seminar, teacher_client):
    live = live_facts(app, make_seminar)
    code, token, q = live["code"], live["token"], live["stance_q"]
    with app.app_context():
        scale = localized(db.session.get(Question, q).current_revision, "es").stance
    room = students(app, code, ["Ana"])
    act(teacher_client, code, "language", language="es")
    act(teacher_client, code, "open", question_id=q)
    assert scale["left"][:30] in text(teacher_client.get(f"/projector/{code}/{token}"))
    vote(room["Ana"], code, q, stance=1, answer="Una razón.")
    act(teacher_client, code, "close")
    act(teacher_client, code, "reveal")
    shown = text(teacher_client.get(f"/projector/{code}/{token}", headers=EN))
    assert scale["left"][:30] in shown and scale["right"][:30] in shown


def test_the_projector_language_must_be_one_we_speak(app, make_seminar, teacher_client):
    live = live_facts(app, make_seminar)
    response = teacher_client.post_form(f"{panel(live['code'])}/language", {"language": "fr"})
    assert response.status_code == 400


def _texts_block(page: str) -> dict:
    found = re.search(r'<script type="application/json" id="live-texts">(.*?)</script>', page,
                      re.S)
    assert found, "the live page carries its scripts' words"
    return json.loads(found.group(1))


def test_live_words_and_plurals_come_from_the_catalogue(app, make_seminar, teacher_client):
    live = live_facts(app, make_seminar)
    code, mc = live["code"], live["mc"]
    room = students(app, code, ["Ana"])
    act(teacher_client, code, "open", question_id=mc, seconds=90)
    es = {"Accept-Language": "es"}
    page = room["Ana"].get(f"/s/{code}/live", headers=es).get_data(as_text=True)
    block = _texts_block(page)
    # the script's plural forms, for Intl.PluralRules to choose from (no "1 segundos")
    assert block["secondsLeft"] == {"one": "queda {n} segundo", "other": "quedan {n} segundos"}
    assert block["texts"]["votingClosed"] == "La votación está cerrada."
    assert block["texts"]["yourStance"] == "Su postura: {n} de {points}"
    assert re.search(r"quedan (89|90) segundos", page)
    english = room["Ana"].get(f"/s/{code}/live", headers=EN).get_data(as_text=True)
    assert _texts_block(english)["secondsLeft"] == {"one": "{n} second left",
                                                    "other": "{n} seconds left"}
    assert re.search(r"(89|90) seconds left", english)
    # a refusal from the live services, in the instructor's language
    act(teacher_client, code, "close")
    again = teacher_client.post_form(f"{panel(code)}/close", {}, headers=es)
    assert again.status_code == 400 and "La votación no está abierta." in text(again)
    refused = teacher_client.post_form(f"{panel(code)}/close", {}, headers=EN)
    assert "Voting is not open." in text(refused)


def test_the_results_page_reads_in_the_instructors_language(app, make_seminar, teacher_client):
    live = live_facts(app, make_seminar)
    code, mc = live["code"], live["mc"]
    with app.app_context():
        spanish = localized(db.session.get(Question, mc).current_revision, "es")
    room = students(app, code, ["Ana"])
    act(teacher_client, code, "open", question_id=mc)
    vote(room["Ana"], code, mc, choice=live["right"])
    act(teacher_client, code, "close")
    act(teacher_client, code, "revote")
    vote(room["Ana"], code, mc, 2, choice=live["right"])
    act(teacher_client, code, "reveal")
    url = f"{panel(code)}/results"
    page = text(teacher_client.get(url, headers={"Accept-Language": "es"}))
    assert "Instrucción entre pares" in page
    assert spanish.prompt[:18] in page and live["prompt"][:18] not in page
    assert spanish.choice(live["right"])["text"][:20] in page
    assert live["prompt"][:18] in text(teacher_client.get(url, headers=EN))


def test_a_refused_live_answer_is_explained_in_the_students_language(app, make_seminar,
                                                                    teacher_client):
    live = live_facts(app, make_seminar)
    code, mc = live["code"], live["mc"]
    room = students(app, code, ["Ana"])
    act(teacher_client, code, "open", question_id=mc)
    refused = room["Ana"].post_form(f"/s/{code}/live/answer", {"question_id": mc, "round": 1},
                                    headers={"Accept": "application/json",
                                             "Accept-Language": "es"})
    assert refused.status_code == 400
    assert refused.json == {"ok": False, "field": "choice",
                            "message": "Elija una respuesta antes de enviar."}
