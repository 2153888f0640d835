"""The room's open text in a session archive: questions from the room with their votes, and
the answers approved for the answer wall (issue 18).

Written after the responses, read back after them: rows refer to participants and responses
by their archive ``ref``, and notes refer to a room question by its ``ref`` here. Both lists
are optional, so archives written before them still restore.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import insert, select

from ....extensions import db
from ....models import Reading, RoomQuestion, RoomVote, WallApproval

BATCH = 1000


def _stamp(value: Any) -> str | None:
    return None if value is None else value.isoformat(timespec="microseconds") + "Z"


def room_part(seminar_id: int, ref_of: dict[int, int], response_ref: dict[int, int]
              ) -> tuple[dict[str, Any], dict[int, int]]:
    """The archive's room lists, and room question id -> ref (for the notes)."""
    asked = list(db.session.execute(
        select(RoomQuestion, Reading.slug).outerjoin(Reading, Reading.id == RoomQuestion.reading_id)
        .where(RoomQuestion.seminar_id == seminar_id)
        .order_by(RoomQuestion.created_at, RoomQuestion.id)))
    ref = {q.id: i for i, (q, _slug) in enumerate(asked, start=1)}
    votes: dict[int, list[dict[str, Any]]] = {}
    if ref:
        for v in db.session.scalars(select(RoomVote).join(
                RoomQuestion, RoomQuestion.id == RoomVote.room_question_id)
                .where(RoomQuestion.seminar_id == seminar_id)
                .order_by(RoomVote.created_at, RoomVote.id)):
            votes.setdefault(v.room_question_id, []).append(
                {"participant": ref_of[v.participant_id], "created_at": _stamp(v.created_at)})
    approvals = db.session.scalars(select(WallApproval).where(
        WallApproval.seminar_id == seminar_id).order_by(WallApproval.id))
    part = {
        "room_questions": [{
            "ref": ref[q.id], "participant": ref_of[q.participant_id], "reading": slug,
            "body": q.body, "created_at": _stamp(q.created_at), "hidden": q.hidden,
            "answered": q.answered, "pinned": q.pinned, "votes": votes.get(q.id, [])}
            for q, slug in asked],
        "wall_approvals": [{"response": response_ref[a.response_id],
                            "approved_at": _stamp(a.approved_at)}
                           for a in approvals if a.response_id in response_ref],
    }
    return part, ref


def check_room(data: dict[str, Any], people: set[int], responses: set[int],
               get: Any, fail: Any) -> set[int]:
    """Check the room lists with check.py's helpers; the room question refs."""
    refs: set[int] = set()
    for i, q in enumerate(get(data, "room_questions", "list", "archive", default=[])):
        where = f"room_questions[{i}]"
        ref = get(q, "ref", "int", where)
        if ref in refs:
            fail(where, f"duplicate room question ref {ref!r}")
        refs.add(ref)
        if get(q, "participant", "int", where) not in people:
            fail(where, f"participant {q['participant']} is not in the archive")
        get(q, "reading", "str", where, null=True, max_len=80)
        if not get(q, "body", "str", where).strip():
            fail(where, "'body' is empty")
        get(q, "created_at", "time", where)
        for flag in ("hidden", "answered", "pinned"):
            get(q, flag, "bool", where, default=False)
        voters: set[int] = set()
        for j, v in enumerate(get(q, "votes", "list", where, default=[])):
            vwhere = f"{where}.votes[{j}]"
            voter = get(v, "participant", "int", vwhere)
            if voter not in people:
                fail(vwhere, f"participant {voter} is not in the archive")
            if voter in voters:
                fail(vwhere, f"participant {voter} votes twice")
            voters.add(voter)
            get(v, "created_at", "time", vwhere)
    approved: set[int] = set()
    for i, a in enumerate(get(data, "wall_approvals", "list", "archive", default=[])):
        where = f"wall_approvals[{i}]"
        response = get(a, "response", "int", where)
        if response not in responses or response in approved:
            fail(where, f"response {response} is not in the archive or approved twice")
        approved.add(response)
        get(a, "approved_at", "time", where)
    return refs


def restore_room(data: dict[str, Any], seminar_id: int, pid: dict[int, int],
                 rid: dict[int, int], reading_id: dict[str, int], ts: Any) -> dict[int, int]:
    """Insert the room lists; archive ref -> new room question id."""
    out: dict[int, int] = {}
    for q in data.get("room_questions", []):
        row = RoomQuestion(seminar_id=seminar_id, participant_id=pid[q["participant"]],
                           reading_id=reading_id.get(q["reading"]) if q["reading"] else None,
                           body=q["body"], created_at=ts(q["created_at"]),
                           hidden=q.get("hidden", False), answered=q.get("answered", False),
                           pinned=q.get("pinned", False))
        db.session.add(row)
        db.session.flush()
        out[q["ref"]] = row.id
    votes = [{"room_question_id": out[q["ref"]], "participant_id": pid[v["participant"]],
              "created_at": ts(v["created_at"])}
             for q in data.get("room_questions", []) for v in q.get("votes", [])]
    approvals = [{"seminar_id": seminar_id, "response_id": rid[a["response"]],
                  "approved_at": ts(a["approved_at"])} for a in data.get("wall_approvals", [])]
    for model, rows in ((RoomVote, votes), (WallApproval, approvals)):
        for start in range(0, len(rows), BATCH):
            db.session.execute(insert(model), rows[start:start + BATCH])
    return out
