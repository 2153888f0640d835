"""What each live screen shows, as plain data: the student's JSON, the panel's and projector's.

The student's state is one dict used twice: serialised for live.js, and rendered by the page's
template when there is no script (or on a reload), so the two never disagree.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from datetime import datetime
from typing import Any

from flask import url_for
from markupsafe import Markup

from ..extensions import db
from ..models import Question, Response, Seminar, utcnow
from ..services.live import distributions, rounds
from ..web.charts import Bar, bar_chart


def _scale(question: Question) -> dict[str, Any] | None:
    revision = question.current_revision
    if revision is None or not revision.stance:
        return None
    scale = revision.stance
    return {"left": scale["left"], "right": scale["right"], "points": int(scale["points"])}


def question_data(question: Question) -> dict[str, Any]:
    """The question as students see it while voting: no correctness, no feedback."""
    revision = question.current_revision
    assert revision is not None
    return {"id": question.id, "kind": question.kind, "prompt": revision.prompt,
            "multiple": revision.multiple,
            "choices": [{"id": c["id"], "text": c["text"]} for c in revision.choices],
            "stance": _scale(question)}


def _answer_data(response: Response | None, revealed: bool) -> dict[str, Any] | None:
    if response is None:
        return None
    data: dict[str, Any] = {"round": response.round, "choices": response.choice_ids,
                            "text": response.answer if response.kind == "discussion" else "",
                            "stance": response.stance}
    if revealed and response.kind == "mc":
        data["correct"] = bool(response.correct)
    return data


def _distribution_data(dist: distributions.Distribution) -> dict[str, Any]:
    return {"total": dist.total, "right": dist.right,
            "choices": [{"id": c.id, "text": c.text, "count": c.count, "correct": c.correct,
                         "feedback": c.feedback} for c in dist.choices]}


def _shift_data(shift: distributions.Shift) -> dict[str, int]:
    return {"wrong_to_right": shift.wrong_to_right, "right_to_wrong": shift.right_to_wrong,
            "stayed_right": shift.stayed_right, "stayed_wrong": shift.stayed_wrong,
            "both": shift.both}


def _result_data(seminar: Seminar, question: Question, round_: int) -> dict[str, Any]:
    revision = question.current_revision
    assert revision is not None
    if question.kind == "mc":
        after = distributions.mc_distribution(seminar, question, round_)
        result: dict[str, Any] = {"kind": "mc", "correct": sorted(revision.correct_ids),
                                  "explanation": revision.explanation,
                                  "distribution": _distribution_data(after),
                                  "before": None, "shift": None}
        if round_ == 2:
            before = distributions.mc_distribution(seminar, question, 1)
            result["before"] = _distribution_data(before)
            result["shift"] = _shift_data(distributions.mc_shift(seminar, question, before, after))
        return result
    scale = _scale(question)
    result = {"kind": "discussion", "stance": None}
    if scale:
        before = distributions.stance_distribution(seminar, question, 1)
        after = distributions.stance_distribution(seminar, question, 2) if round_ == 2 else None
        result["stance"] = {"labels": distributions.stance_labels(scale), "before": before.counts,
                            "after": after.counts if after else None}
    return result


# What every student sees alike at one live_version: the question and, once revealed, the
# result (no answer can arrive after the reveal). Built once per process and version, so the
# burst of polls after a change costs each phone only a query for its own answers. Keyed by
# database too: tests run many databases in one process.
_SHARED: OrderedDict[tuple[Any, ...], dict[str, Any]] = OrderedDict()
_SHARED_MAX = 256
_SHARED_LOCK = threading.Lock()


def _shared(found: rounds.Probe, phase: str) -> dict[str, Any]:
    key = (str(db.engine.url), found.seminar_id, found.live_version, found.live_question_id,
           found.live_round, phase)
    with _SHARED_LOCK:
        hit = _SHARED.get(key)
    if hit is not None:
        return hit
    value: dict[str, Any] = {"question": None, "kind": None, "result": None}
    seminar = db.session.get(Seminar, found.seminar_id)
    question = rounds.live_question(seminar) if phase != "idle" and seminar else None
    if seminar is not None and question is not None and question.current_revision is not None:
        value = {"question": question_data(question), "kind": question.kind,
                 "result": (_result_data(seminar, question, found.live_round)
                            if phase == "revealed" else None)}
    with _SHARED_LOCK:
        _SHARED[key] = value
        while len(_SHARED) > _SHARED_MAX:
            _SHARED.popitem(last=False)
    return value


def student_state(found: rounds.Probe, now: datetime | None = None) -> dict[str, Any]:
    """The student's screen as data, from the poll's probe (shared parts: never mutate them).

    Right after the instructor moves on, nobody has answered yet: then the probe already says
    so and the whole answer costs no query beyond the probe (the shared part is cached).
    """
    now = now or utcnow()
    phase = rounds.effective_phase(found, now)
    shared = _shared(found, phase)
    round_ = found.live_round
    state: dict[str, Any] = {
        "version": found.live_version, "session_open": found.is_open,
        "phase": phase if shared["question"] is not None else "idle", "round": round_,
        "deadline_in": rounds.seconds_left(found, now) if phase == "open" else None,
        "question": shared["question"], "answered": found.response_id is not None,
        "mine": None, "first": None, "result": shared["result"], "spotlight": [],
    }
    if shared["question"] is None or found.participant_id is None:
        return state
    mine: dict[int, Response] = {}
    if found.response_id is not None or round_ == 2:
        mine = rounds.my_answers(found.participant_id, found.live_question_id)
    revealed = phase == "revealed"
    state["answered"] = round_ in mine
    state["mine"] = _answer_data(mine.get(round_), revealed)
    if round_ == 2:
        state["first"] = _answer_data(mine.get(1), revealed)
    if shared["kind"] == "discussion" and mine:
        # Only after posting their own; never with names on students' phones.
        state["spotlight"] = [{"text": r.answer, "stance": r.stance} for r in rounds.spotlighted(
            found.seminar_id, found.live_question_id, with_people=False)]
    return state


# --- the panel and the projector (server-rendered; polled as HTML) ------------------------------

def mc_chart(dist: distributions.Distribution, title: str, short: bool = False) -> Markup:
    """short: labels are the letters only, big enough to read on a projector."""
    return bar_chart([Bar(f"{c.id})" if short else f"{c.id}) {c.text}", c.count, c.correct)
                      for c in dist.choices], title=title, total=dist.total)


def stance_chart(dist: distributions.StanceDistribution, labels: list[str], title: str) -> Markup:
    return bar_chart([Bar(label, n) for label, n in zip(labels, dist.counts, strict=True)],
                     title=title, total=dist.total)


def comparison_charts(comp: distributions.McComparison | distributions.StanceComparison,
                      short: bool = False) -> tuple[Markup, Markup]:
    key = comp.question.key
    if isinstance(comp, distributions.McComparison):
        return (mc_chart(comp.before, f"First vote on {key}", short),
                mc_chart(comp.after, f"Second vote on {key}", short))
    labels = [str(n) for n in range(1, len(comp.labels) + 1)] if short else comp.labels
    return (stance_chart(comp.before, labels, f"Stance before discussion, {key}"),
            stance_chart(comp.after, labels, f"Stance after discussion, {key}"))


def room_context(seminar: Seminar, now: datetime | None = None, *,
                 instructor: bool = False) -> dict[str, Any]:
    """What the projector shows; the panel adds its own lists (instructor=True) on top."""
    now = now or utcnow()
    phase = rounds.effective_phase(seminar, now)
    question = rounds.live_question(seminar)
    joined, answered = rounds.room_counts(seminar)
    ctx: dict[str, Any] = {
        "seminar": seminar, "phase": phase if question is not None else "idle",
        "question": question, "revision": question.current_revision if question else None,
        "round": seminar.live_round, "deadline_in": rounds.seconds_left(seminar, now),
        "joined": joined, "answered": answered, "chart": None, "distribution": None,
        "comparison": None,
        "charts": None, "spotlight": [], "stance_chart": None,
        "join_url": url_for("student.join_code", code=seminar.code, _external=True),
    }
    if question is None:
        return ctx
    show_results = instructor or phase == "revealed"
    short = not instructor  # the projector: letters only, so the type can be large
    if question.kind == "mc" and show_results:
        if seminar.live_round == 2:
            comp = distributions.comparison(seminar, question)
            # side by side, the charts are narrow: letters only, the texts in a table below
            ctx["comparison"], ctx["charts"] = comp, comparison_charts(comp, short=True)
        else:
            dist = distributions.mc_distribution(seminar, question, 1)
            ctx["distribution"] = dist
            ctx["chart"] = mc_chart(dist, f"Votes on {question.key}", short)
    if question.kind == "discussion":
        ctx["spotlight"] = rounds.spotlighted(seminar, question.id)
        scale = _scale(question)
        if scale and show_results:
            if seminar.live_round == 2:
                comp = distributions.comparison(seminar, question)
                ctx["comparison"], ctx["charts"] = comp, comparison_charts(comp, short=True)
            else:
                dist = distributions.stance_distribution(seminar, question, 1)
                labels = ([str(n) for n in range(1, scale["points"] + 1)] if short
                          else distributions.stance_labels(scale))
                ctx["stance_chart"] = stance_chart(dist, labels, f"Stance on {question.key}")
    return ctx


def panel_context(seminar: Seminar, now: datetime | None = None,
                  viewer: Any = None) -> dict[str, Any]:
    from ..services.review import notes

    ctx = room_context(seminar, now, instructor=True)
    question = ctx["question"]
    ctx["questions"] = rounds.live_questions(seminar)
    ctx["can_revote"] = rounds.can_revote(seminar, question, now)
    ctx["second_round"] = question is not None and rounds.has_second_round(question)
    ctx["answers"] = (rounds.discussion_answers(seminar, question.id)
                      if question is not None and question.kind == "discussion" else [])
    ctx["call_on"] = rounds.call_on_list(seminar)
    # Only the notes the reader may read (their own and shared ones).
    ctx["notes_by_response"] = (notes.notes_by_response(seminar, viewer)
                                if ctx["answers"] else {})
    return ctx


def announcement(phase: str, question: Question | None, round_: int) -> str:
    """What a screen reader hears when the room's state changes."""
    if question is None or phase == "idle":
        return "Waiting for the next question."
    prompt = question.current_revision.prompt if question.current_revision else ""
    if phase == "open":
        return ("Second round: " if round_ == 2 else "New question: ") + prompt
    return {"closed": "Voting is closed.", "revealed": "The results are in."}.get(phase, "")
