"""Live mode in the student's language: the Spanish course on a Spanish phone, the same
question in English on an English one, and the same ids, counts and correct answer in both."""

from __future__ import annotations

from test_live import act, live_facts, students, vote

from quizapp.extensions import db
from quizapp.models import Question
from quizapp.services.classroom.localized import localized


def test_each_phone_reads_the_live_question_in_its_language(app, make_seminar,
                                                          teacher_client):
    live = live_facts(app, make_seminar)
    code, mc = live["code"], live["mc"]
    with app.app_context():
        spanish = localized(db.session.get(Question, mc).current_revision, "es")
        es_prompt, es_choices = spanish.prompt, {c["id"]: c["text"] for c in spanish.choices}
        es_explanation = spanish.explanation
    room = students(app, code, ["Ana", "Ben"])
    act(teacher_client, code, "open", question_id=mc)
    es = {"Accept-Language": "es"}
    state_es = room["Ana"].get(f"/s/{code}/live/state", headers=es).json
    state_en = room["Ben"].get(f"/s/{code}/live/state", headers={"Accept-Language": "en"}).json
    assert state_es["question"]["prompt"] == es_prompt != live["prompt"]
    assert state_en["question"]["prompt"] == live["prompt"]
    assert {c["id"]: c["text"] for c in state_es["question"]["choices"]} == es_choices
    assert [c["id"] for c in state_es["question"]["choices"]] == [
        c["id"] for c in state_en["question"]["choices"]]
    page = room["Ana"].get(f"/s/{code}/live", headers=es).get_data(as_text=True)
    assert es_prompt.replace('"', "&#34;")[:40] in page
    vote(room["Ana"], code, mc, choice=live["right"])
    vote(room["Ben"], code, mc, choice=live["right"])
    act(teacher_client, code, "close")
    act(teacher_client, code, "reveal")
    result_es = room["Ana"].get(f"/s/{code}/live/state", headers=es).json["result"]
    result_en = room["Ben"].get(f"/s/{code}/live/state").json["result"]
    assert result_es["correct"] == result_en["correct"] == [live["right"]]
    assert result_es["explanation"] == es_explanation
    assert result_en["explanation"] == live["explanation"]
    counts = {c["id"]: c["count"] for c in result_es["distribution"]["choices"]}
    assert counts == {c["id"]: c["count"] for c in result_en["distribution"]["choices"]}
    assert counts[live["right"]] == 2
