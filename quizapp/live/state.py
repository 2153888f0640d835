"""What each live screen shows, as plain data: the student's JSON, the panel's and projector's.

The student's state is one dict used twice: serialised for live.js, and rendered by the page's
template when there is no script (or on a reload), so the two never disagree.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask import current_app, url_for
from flask_babel import gettext as _

from ..extensions import db
from ..models import Question, Response, Seminar, utcnow
from ..services.classroom.localized import localized
from ..services.live import distributions, rounds, spotlight


def _scale(question: Question, language: str = "en") -> dict[str, Any] | None:
    revision = localized(question.current_revision, language)
    if revision is None or not revision.stance:
        return None
    scale = revision.stance
    return {"left": scale["left"], "right": scale["right"], "points": int(scale["points"]),
            "labels": distributions.stance_point_labels(scale)}


def question_data(question: Question, language: str = "en") -> dict[str, Any]:
    """The question as students see it while voting: no correctness, no feedback; in the
    student's language where the course is translated (the choice ids are the same)."""
    revision = localized(question.current_revision, language)
    assert revision is not None
    # The revision's id goes back with the answer: it is stored against these words even if
    # the question is edited while the student reads them.
    return {"id": question.id, "kind": question.kind, "prompt": revision.prompt,
            "revision": question.current_revision.id, "multiple": revision.multiple,
            "choices": [{"id": c["id"], "text": c["text"]} for c in revision.choices],
            "stance": _scale(question, language)}


def _answer_data(response: Response | None, revealed: bool) -> dict[str, Any] | None:
    if response is None:
        return None
    data: dict[str, Any] = {"round": response.round, "choices": response.choice_ids,
                            "text": response.answer if response.kind == "discussion" else "",
                            "stance": response.stance}
    if revealed and response.kind == "mc":
        data["correct"] = bool(response.correct)
    return data


def _distribution_data(dist: distributions.Distribution,
                       texts: dict[str, dict[str, Any]] | None = None) -> dict[str, Any]:
    """texts: the choices in the student's language, by id (the counts are by id)."""
    texts = texts or {}
    return {"total": dist.total, "right": dist.right,
            "choices": [{"id": c.id, "text": texts.get(c.id, {}).get("text", c.text),
                         "count": c.count, "correct": c.correct,
                         "feedback": texts.get(c.id, {}).get("feedback", c.feedback)}
                        for c in dist.choices]}


def _shift_data(shift: distributions.Shift) -> dict[str, int]:
    return {"wrong_to_right": shift.wrong_to_right, "right_to_wrong": shift.right_to_wrong,
            "stayed_right": shift.stayed_right, "stayed_wrong": shift.stayed_wrong,
            "both": shift.both}


def _result_data(seminar: Seminar, question: Question, round_: int,
                 language: str = "en") -> dict[str, Any]:
    revision = localized(question.current_revision, language)
    assert revision is not None
    if question.kind == "mc":
        texts = {c["id"]: c for c in revision.choices}
        after = distributions.mc_distribution(seminar, question, round_)
        result: dict[str, Any] = {"kind": "mc", "correct": sorted(revision.correct_ids),
                                  "explanation": revision.explanation,
                                  "distribution": _distribution_data(after, texts),
                                  "before": None, "shift": None}
        if round_ == 2:
            before = distributions.mc_distribution(seminar, question, 1)
            result["before"] = _distribution_data(before, texts)
            result["shift"] = _shift_data(distributions.mc_shift(seminar, question, before, after))
        return result
    scale = _scale(question, language)
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


# Phones poll (live.js) as often as the room's size allows: every second up to 700 students,
# then less often, so that the whole room costs the server about POLL_BUDGET polls a second
# (an unchanged poll is a 304 from fast_poll.py; bench/README.md has the why and the figures).
POLL_BUDGET, MIN_POLL_MS, MAX_POLL_MS = 700, 1000, 3000


def poll_interval_ms(students: int) -> int:
    wanted = round(1000 * students / (current_app.config.get("LIVE_POLL_BUDGET") or POLL_BUDGET))
    return max(MIN_POLL_MS, min(MAX_POLL_MS, wanted))


def _shared(found: rounds.Probe, phase: str, language: str = "en") -> dict[str, Any]:
    # The language too: the question and the scale's labels are in the reader's language.
    key = (str(db.engine.url), found.seminar_id, found.live_version, found.live_question_id,
           found.live_round, phase, language)
    with _SHARED_LOCK:
        hit = _SHARED.get(key)
    if hit is not None:
        return hit
    value: dict[str, Any] = {"question": None, "kind": None, "result": None}
    seminar = db.session.get(Seminar, found.seminar_id)
    poll_ms = poll_interval_ms(rounds.room_counts(seminar)[0]) if seminar else MAX_POLL_MS
    question = rounds.live_question(seminar) if phase != "idle" and seminar else None
    if seminar is not None and question is not None and question.current_revision is not None:
        value = {"question": question_data(question, language), "kind": question.kind,
                 "result": (_result_data(seminar, question, found.live_round, language)
                            if phase == "revealed" else None)}
    value["poll_ms"] = poll_ms
    with _SHARED_LOCK:
        _SHARED[key] = value
        while len(_SHARED) > _SHARED_MAX:
            _SHARED.popitem(last=False)
    return value


def student_state(found: rounds.Probe, now: datetime | None = None,
                  language: str = "en") -> dict[str, Any]:
    """The student's screen as data, from the poll's probe (shared parts: never mutate them).

    Right after the instructor moves on, nobody has answered yet: then the probe already says
    so and the whole answer costs no query beyond the probe (the shared part is cached).
    """
    now = now or utcnow()
    phase = rounds.effective_phase(found, now)
    shared = _shared(found, phase, language)  # the course in the student's language
    round_ = found.live_round
    state: dict[str, Any] = {
        "version": found.live_version, "session_open": found.is_open,
        "phase": phase if shared["question"] is not None else "idle", "round": round_,
        "deadline_in": rounds.seconds_left(found, now) if phase == "open" else None,
        "question": shared["question"], "answered": found.response_id is not None,
        "mine": None, "first": None, "result": shared["result"], "spotlight": [],
        "poll_ms": shared["poll_ms"],
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
        state["spotlight"] = [{"text": r.answer, "stance": r.stance}
                              for r in spotlight.spotlighted(found.seminar_id,
                                                             found.live_question_id,
                                                             with_people=False)]
    return state


def poll_body(found: rounds.Probe, now: datetime, language: str, csrf: str) -> dict[str, Any]:
    """The poll's JSON: the state and a fresh CSRF token for the answers live.js sends (a
    page left open for hours keeps a valid one). The route and the fast path both send it."""
    body = dict(student_state(found, now, language))
    body["csrf"] = csrf
    return body


# --- the panel and the projector (server-rendered; polled as HTML) ------------------------------

@dataclass
class BarRow:
    """One labelled bar of a live chart (templates/live/_bars.html draws it).

    key: the choice letter or scale point; text: the full label (shortened on screen, whole in
    the title); count2/pct2: the second vote beside the first, in a comparison.
    """

    key: str
    text: str
    count: int
    pct: int
    correct: bool = False
    count2: int | None = None
    pct2: int | None = None


def _pct(n: int, total: int) -> int:
    return round(100 * n / total) if total else 0


def mc_rows(dist: distributions.Distribution,
            after: distributions.Distribution | None = None) -> list[BarRow]:
    rows = [BarRow(c.id, c.text, c.count, _pct(c.count, dist.total), c.correct)
            for c in dist.choices]
    if after is not None:
        for row, c in zip(rows, after.choices, strict=True):
            row.count2, row.pct2 = c.count, _pct(c.count, after.total)
    return rows


def stance_rows(scale: dict[str, Any], dist: distributions.StanceDistribution,
                after: distributions.StanceDistribution | None = None) -> list[BarRow]:
    points = int(scale["points"])
    rows = [BarRow(str(p), scale["left"] if p == 1 else scale["right"] if p == points else "",
                   n, _pct(n, dist.total)) for p, n in enumerate(dist.counts, start=1)]
    if after is not None:
        for row, n in zip(rows, after.counts, strict=True):
            row.count2, row.pct2 = n, _pct(n, after.total)
    return rows


def comparison_rows(comp: distributions.McComparison | distributions.StanceComparison
                    ) -> list[BarRow]:
    if isinstance(comp, distributions.McComparison):
        return mc_rows(comp.before, comp.after)
    return stance_rows(comp.scale, comp.before, comp.after)


def comparison_in(comp: distributions.McComparison | distributions.StanceComparison,
                  language: str) -> tuple[list[BarRow], Any, dict[str, Any] | None]:
    """A comparison's bars, revision and scale in the reader's language (results page)."""
    rows, revision = comparison_rows(comp), localized(comp.question.current_revision, language)
    scale = None if isinstance(comp, distributions.McComparison) else _scale(comp.question,
                                                                              language)
    if language != "en":
        _relabel(rows, revision, scale)
    return rows, revision, scale


def _relabel(rows: list[BarRow] | None, revision: Any, scale: dict[str, Any] | None) -> None:
    """The bars' labels in the reader's language (the counts are by choice id or point)."""
    if not rows:
        return
    if scale is not None:
        texts = {"1": scale["left"], str(scale["points"]): scale["right"]}
    else:
        texts = {c["id"]: c["text"] for c in revision.choices}
    for row in rows:
        row.text = texts.get(row.key, row.text)


def room_context(seminar: Seminar, now: datetime | None = None, *,
                 instructor: bool = False, language: str = "en") -> dict[str, Any]:
    """What the projector shows; the panel adds its own lists (instructor=True) on top.

    rows: the chart's bars (BarRow), shown on the projector once the instructor shows the
    votes or reveals; the correct choice is marked only after the reveal (`revealed`).
    language: the course text (prompt, choices, explanation, scale, bar labels) is read in it.
    """
    now = now or utcnow()
    phase = rounds.effective_phase(seminar, now)
    question = rounds.live_question(seminar)
    joined, answered = rounds.room_counts(seminar)
    ctx: dict[str, Any] = {
        "seminar": seminar, "phase": phase if question is not None else "idle",
        "question": question,
        "revision": localized(question.current_revision, language) if question else None,
        "round": seminar.live_round, "deadline_in": rounds.seconds_left(seminar, now),
        "joined": joined, "answered": answered, "rows": None, "distribution": None,
        "comparison": None, "scale": None, "spotlight": [], "revealed": phase == "revealed",
        "join_url": url_for("student.join_code", code=seminar.code, _external=True),
    }
    if question is None:
        return ctx
    show_results = instructor or phase in rounds.RESULT_PHASES
    scale = _scale(question, language)
    ctx["scale"] = scale
    if question.kind == "discussion":
        ctx["spotlight"] = spotlight.spotlighted(seminar, question.id)
    if not show_results or (question.kind == "discussion" and not scale):
        return ctx
    if seminar.live_round == 2:
        comp = distributions.comparison(seminar, question)
        if comp is not None:
            ctx["comparison"], ctx["rows"] = comp, comparison_rows(comp)
    elif question.kind == "mc":
        dist = distributions.mc_distribution(seminar, question, 1)
        ctx["distribution"], ctx["rows"] = dist, mc_rows(dist)
    elif scale:
        dist = distributions.stance_distribution(seminar, question, 1)
        ctx["distribution"], ctx["rows"] = dist, stance_rows(scale, dist)
    if language != "en":
        _relabel(ctx["rows"], ctx["revision"], scale if question.kind == "discussion" else None)
    return ctx


def panel_actions(seminar: Seminar, question: Question | None, phase: str,
                  can_revote: bool) -> list[tuple[str, str, bool]]:
    """The panel's buttons now, as (endpoint, label, primary): the primary one is the next
    step of peer instruction (close, discuss with your neighbour, vote again, reveal with the
    shift); revealing at once stays one click away."""
    if question is None:
        return [("next_question", _("Start with the first question"), True)]
    mc = question.kind == "mc"
    revote = _("Start the second vote") if mc else _("Ask for the stance after discussion")
    reveal = _("Reveal the answer") if mc else _("Reveal the results")
    peer = seminar.live_round == 1 and rounds.has_second_round(question)
    acts: list[tuple[str, str, bool]] = []
    if phase == "open":
        acts = [("close_voting", _("Close voting"), True), ("reveal", _("Close and reveal"), False)]
    elif phase in rounds.CLOSED_PHASES and peer:
        acts = ([("discuss", _("Discuss with your neighbour"), True)] if phase != "discuss"
                else [("revote", revote, True)])
        if phase == "closed":
            acts.append(("show_votes", _("Show the votes (not the answer)"), False))
        if phase != "discuss":
            acts.append(("revote", revote, False))
        acts.append(("reveal", reveal, False))
    elif phase in rounds.CLOSED_PHASES:
        if phase == "closed" and (mc or question.current_revision.stance):
            acts.append(("show_votes", _("Show the votes (not the answer)"), False))
        acts.insert(0, ("reveal", _("Reveal the answer and the shift") if seminar.live_round == 2
                        and mc else reveal, True))
    elif phase == "revealed" and can_revote:
        acts.append(("revote", revote, False))
    acts.append(("next_question", _("Open the next question"), phase == "revealed"))
    acts.append(("stop", _("Back to waiting"), False))
    return acts


def peer_hint(question: Question | None, phase: str, round_: int,
              dist: distributions.Distribution | None) -> str | None:
    """Mazur's rule of thumb, for the instructor only, once the first vote is closed."""
    if question is None or question.kind != "mc" or round_ != 1 or dist is None \
            or not dist.total or phase not in rounds.CLOSED_PHASES:
        return None
    right = dist.percent_right or 0
    if right >= 70:
        return _("%(pct)d%% right: most of the room has it; you can reveal now.", pct=right)
    if right < 30:
        return _("%(pct)d%% right: few have it; explain again before a discussion.", pct=right)
    return _("%(pct)d%% right: the best case for discussing with neighbours and voting again.",
             pct=right)


def panel_context(seminar: Seminar, now: datetime | None = None,
                  viewer: Any = None, language: str = "en") -> dict[str, Any]:
    from ..services.review import notes

    ctx = room_context(seminar, now, instructor=True, language=language)
    question = ctx["question"]
    ctx["questions"] = localized(rounds.live_questions(seminar), language)
    ctx["can_revote"] = rounds.can_revote(seminar, question, now)
    ctx["actions"] = panel_actions(seminar, question, ctx["phase"], ctx["can_revote"])
    ctx["hint"] = peer_hint(question, ctx["phase"], seminar.live_round, ctx["distribution"])
    ctx["second_round"] = question is not None and rounds.has_second_round(question)
    ctx["answers"] = (spotlight.discussion_answers(seminar, question.id)
                      if question is not None and question.kind == "discussion" else [])
    ctx["call_on"] = spotlight.call_on_list(seminar)
    # Only the notes the reader may read (their own and shared ones).
    ctx["notes_by_response"] = (notes.notes_by_response(seminar, viewer)
                                if ctx["answers"] else {})
    return ctx


def announcement(phase: str, question: Question | None, round_: int,
                 language: str = "en") -> str:
    """What a screen reader hears when the room's state changes."""
    if question is None or phase == "idle":
        return _("Waiting for the next question.")
    revision = localized(question.current_revision, language)
    prompt = revision.prompt if revision is not None else ""
    if phase == "open":
        return (_("Second round: %(prompt)s", prompt=prompt) if round_ == 2
                else _("New question: %(prompt)s", prompt=prompt))
    return {"closed": _("Voting is closed."), "revealed": _("The results are in."),
            "shown": _("The votes are on the screen; the answer comes later."),
            "discuss": _("Discuss with your neighbour, then vote again.")}.get(phase, "")
