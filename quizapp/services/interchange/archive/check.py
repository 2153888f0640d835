"""Checking a session archive before anything is written: every problem names its place."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ....models.responses import NOTE_KINDS
from .room import check_room  # the room's lists (issue 18), checked with the helpers here

FORMAT = "quizapp-session-archive"
VERSION = 1
PACINGS = ("self", "instructor")
KINDS = ("mc", "discussion")


class ArchiveError(ValueError):
    """An archive that cannot be restored, with a message that says why and where."""


def _fail(where: str, message: str) -> None:
    raise ArchiveError(f"{where}: {message}")


def _get(obj: Any, key: str, kind: str, where: str, *, null: bool = False,
         max_len: int | None = None, default: Any = ...) -> Any:
    if not isinstance(obj, dict):
        _fail(where, "must be a JSON object")
    if key not in obj:
        if default is not ...:
            return default
        _fail(where, f"missing '{key}'")
    value = obj[key]
    if value is None:
        if not null:
            _fail(where, f"'{key}' must not be null")
        return None
    checks = {
        "str": lambda v: isinstance(v, str),
        "int": lambda v: isinstance(v, int) and not isinstance(v, bool),
        "bool": lambda v: isinstance(v, bool),
        "list": lambda v: isinstance(v, list),
        "dict": lambda v: isinstance(v, dict),
        "time": lambda v: isinstance(v, str) and _is_time(v),
    }
    if not checks[kind](value):
        names = {"str": "text", "int": "a whole number", "bool": "true or false",
                 "list": "a list", "dict": "an object", "time": "an ISO 8601 time"}
        _fail(where, f"'{key}' must be {names[kind]}")
    if max_len is not None and len(value) > max_len:
        _fail(where, f"'{key}' is longer than {max_len} characters")
    return value


def _is_time(value: str) -> bool:
    try:
        datetime.fromisoformat(value)
    except ValueError:
        return False
    return True


def _unique(seen: set[Any], value: Any, where: str, what: str) -> None:
    if value in seen:
        _fail(where, f"duplicate {what} {value!r}")
    seen.add(value)


def _check_session(data: dict[str, Any]) -> None:
    s = _get(data, "session", "dict", "archive")
    _get(s, "code", "str", "session", max_len=16)
    if not _get(s, "title", "str", "session", max_len=200).strip():
        _fail("session", "'title' is empty")
    _get(s, "owner", "str", "session", max_len=80)
    if _get(s, "pacing", "str", "session") not in PACINGS:
        _fail("session", f"'pacing' must be one of {', '.join(PACINGS)}")
    _get(s, "is_open", "bool", "session")
    _get(s, "show_names", "bool", "session", default=False)
    if _get(s, "projector_language", "str", "session", null=True, default=None) \
            not in (None, "en", "es"):
        _fail("session", "'projector_language' must be en, es or null")
    _get(s, "created_at", "time", "session")
    _get(s, "closed_at", "time", "session", null=True)
    _get(s, "course", "str", "session", null=True, default=None, max_len=80)
    for i, name in enumerate(_get(s, "shared_with", "list", "session", default=[])):
        if not isinstance(name, str):
            _fail(f"session.shared_with[{i}]", "must be a username")


def _check_content(data: dict[str, Any]) -> tuple[dict[str, dict[str, Any]], set[str]]:
    slugs: set[str] = set()
    for i, r in enumerate(_get(data, "readings", "list", "archive")):
        where = f"readings[{i}]"
        _unique(slugs, _get(r, "slug", "str", where, max_len=80), where, "reading")
        for key, limit in (("title", 300), ("original_title", 300), ("publication", 200),
                           ("author", 200), ("date_text", 80), ("content_hash", 64)):
            _get(r, key, "str", where, max_len=limit)
        _get(r, "description", "str", where)
        _get(r, "body", "dict", where)
        _get(r, "position", "int", where)
    questions: dict[str, dict[str, Any]] = {}
    for i, q in enumerate(_get(data, "questions", "list", "archive")):
        where = f"questions[{i}]"
        key = _get(q, "key", "str", where, max_len=80)
        if key in questions:
            _fail(where, f"duplicate question {key!r}")
        if _get(q, "kind", "str", where) not in KINDS:
            _fail(where, "'kind' must be mc or discussion")
        _get(q, "reading", "str", where, max_len=80)
        _get(q, "position", "int", where)
        _get(q, "retired", "bool", where, default=False)
        numbers: set[int] = set()
        revisions = _get(q, "revisions", "list", where)
        if not revisions:
            _fail(where, "has no revisions")
        for j, v in enumerate(revisions):
            vwhere = f"{where}.revisions[{j}]"
            _unique(numbers, _get(v, "number", "int", vwhere), vwhere, "revision number")
            _get(v, "prompt", "str", vwhere)
            _get(v, "data", "dict", vwhere)
            _get(v, "content_hash", "str", vwhere, max_len=64)
        current = _get(q, "current", "int", where, null=True)
        if current is not None and current not in numbers:
            _fail(where, f"current revision {current} is not among its revisions")
        questions[key] = {"kind": q["kind"], "numbers": numbers}
    return questions, slugs


def _check_people(data: dict[str, Any]) -> set[int]:
    refs: set[int] = set()
    for i, p in enumerate(_get(data, "participants", "list", "archive")):
        where = f"participants[{i}]"
        _unique(refs, _get(p, "ref", "int", where), where, "participant ref")
        if not _get(p, "display_name", "str", where, max_len=200).strip():
            _fail(where, "'display_name' is empty")
        _get(p, "joined_at", "time", where)
    seen: set[tuple[int, str]] = set()
    for i, r in enumerate(_get(data, "summary_reads", "list", "archive", default=[])):
        where = f"summary_reads[{i}]"
        ref = _get(r, "participant", "int", where)
        if ref not in refs:
            _fail(where, f"participant {ref} is not in the archive")
        _unique(seen, (ref, _get(r, "reading", "str", where)), where, "summary read")
        _get(r, "read_at", "time", where)
    return refs


def _check_responses(data: dict[str, Any], questions: dict[str, dict[str, Any]],
                     people: set[int]) -> set[int]:
    refs: set[int] = set()
    seen: set[tuple[int, str, int]] = set()
    for i, r in enumerate(_get(data, "responses", "list", "archive")):
        where = f"responses[{i}]"
        _unique(refs, _get(r, "ref", "int", where), where, "response ref")
        person = _get(r, "participant", "int", where)
        if person not in people:
            _fail(where, f"participant {person} is not in the archive")
        key = _get(r, "question", "str", where)
        if key not in questions:
            _fail(where, f"question {key!r} is not in the archive")
        if _get(r, "revision", "int", where) not in questions[key]["numbers"]:
            _fail(where, f"question {key!r} has no revision {r['revision']} in the archive")
        if _get(r, "kind", "str", where) != questions[key]["kind"]:
            _fail(where, f"'kind' does not match question {key!r}")
        round_ = _get(r, "round", "int", where)
        if round_ < 1:
            _fail(where, "'round' must be 1 or more")
        _unique(seen, (person, key, round_), where, "answer (participant, question, round)")
        _get(r, "answer", "str", where)
        _get(r, "correct", "bool", where, null=True)
        _get(r, "stance", "int", where, null=True)
        _get(r, "created_at", "time", where)
        _get(r, "updated_at", "time", where)
        _get(r, "spotlighted", "bool", where, default=False)
        _get(r, "call_on", "bool", where, default=False)
        numbers: set[int] = set()
        for j, v in enumerate(_get(r, "revisions", "list", where, default=[])):
            vwhere = f"{where}.revisions[{j}]"
            _unique(numbers, _get(v, "number", "int", vwhere), vwhere, "revision number")
            _get(v, "text", "str", vwhere)
            _get(v, "stance", "int", vwhere, null=True)
            _get(v, "created_at", "time", vwhere)
    return refs


def _check_notes(data: dict[str, Any], questions: dict[str, dict[str, Any]],
                 people: set[int], responses: set[int], room: set[int]) -> None:
    for i, n in enumerate(_get(data, "notes", "list", "archive", default=[])):
        where = f"notes[{i}]"
        _get(n, "author", "str", where, max_len=80)
        if _get(n, "kind", "str", where) not in NOTE_KINDS:
            _fail(where, f"'kind' must be one of {', '.join(NOTE_KINDS)}")
        person = _get(n, "participant", "int", where, null=True)
        if person is not None and person not in people:
            _fail(where, f"participant {person} is not in the archive")
        key = _get(n, "question", "str", where, null=True)
        if key is not None and key not in questions:
            _fail(where, f"question {key!r} is not in the archive")
        response = _get(n, "response", "int", where, null=True)
        if response is not None and response not in responses:
            _fail(where, f"response {response} is not in the archive")
        asked = _get(n, "room_question", "int", where, null=True, default=None)
        if asked is not None and asked not in room:
            _fail(where, f"room question {asked} is not in the archive")
        if not _get(n, "body", "str", where).strip():
            _fail(where, "'body' is empty")
        _get(n, "created_at", "time", where)
        _get(n, "updated_at", "time", where)


def validate(data: Any) -> None:
    """Raise ArchiveError at the first problem; return quietly when the archive is sound."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ArchiveError(f"this is not a quizapp session archive (no \"format\": "
                           f"\"{FORMAT}\")")
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise ArchiveError("archive: 'version' must be a whole number")
    if version > VERSION:
        raise ArchiveError(f"archive version {version} was written by a newer quizapp; this "
                           f"one reads version {VERSION}")
    _check_session(data)
    questions, _slugs = _check_content(data)
    people = _check_people(data)
    responses = _check_responses(data, questions, people)
    room = check_room(data, people, responses, _get, _fail)
    _check_notes(data, questions, people, responses, room)
