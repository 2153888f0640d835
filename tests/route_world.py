"""A small world of real fixture data and one logged-in client per role, for route-wide tests.

The access matrix, the headers test and the CSRF test walk `app.url_map`. To make each request
reach its view, URL parameters are filled from real rows (FILLERS: parameter name -> value);
a route with a parameter nobody knows fails with a message naming it, so that a new route gets
a filler instead of silently being skipped.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from flask import Flask
from sqlalchemy import inspect, select, text
from werkzeug.routing import Rule

from quizapp.content.loader import load_content
from quizapp.content.schema import read_content
from quizapp.extensions import db
from quizapp.models import Course, Participant, Question, Reading, Response, Seminar
from quizapp.services.accounts import instructors, sharing
from quizapp.services.classroom import answers
from quizapp.services.classroom.participants import clean_name
from quizapp.services.courses import courses
from quizapp.services.review import notes
from quizapp.services.roomq import asking
from quizapp.web.access import access_level
from support import PASSWORD, FormClient

ROLES = ("anonymous", "student_a", "student_a2", "student_b", "other_instructor", "coteacher",
         "assistant", "owner")
INSTRUCTOR_ROLES = {"other_instructor": "colleague", "coteacher": "coteach",
                    "assistant": "helper", "owner": "teacher"}
# Seminar A is shared with these (role in the share); "spare" is there for the unshare route.
SHARED_ROLES = {"coteach": "coteacher", "helper": "assistant", "spare": "assistant"}
# Who may use a route of each declared level (student_a2 is a second student of seminar A).
ALLOWED = {
    "public": set(ROLES),
    "student": {"student_a", "student_a2"},
    "instructor": {"other_instructor", "coteacher", "assistant", "owner"},
    "owner": {"owner", "coteacher", "assistant"},  # any share role: review, own notes
    "coteacher": {"owner", "coteacher"},  # running the session: not assistants
    "session_owner": {"owner"},  # sharing it
    "token": set(ROLES),  # whoever holds the link; a wrong token is refused (tested apart)
    # The world's own course (COURSE): owned by "teacher", co-taught by "coteach" (issue 17).
    "course": {"owner", "coteacher"},
    "course_owner": {"owner"},
}
# Who works on seminar A: they may read its answers (not the owner's private notes).
SESSION_STAFF = ("owner", "coteacher", "assistant")
# Routes on an object of the owner's own: the owner's (private) note is for its author alone.
ENDPOINT_ALLOWED = {"instructor.edit_note": {"owner"}, "instructor.delete_note": {"owner"}}
# Flask's own static-file view cannot carry a declaration; it serves public files only.
BUILTIN_LEVELS = {"static": "public"}
SKIPPED_METHODS = {"HEAD", "OPTIONS"}

SECRET_ANSWER = "Student A private answer 7f3c"  # nothing HTML would escape
SECRET_NOTE = "Owner private note 91ab"
READING = "milei-first-year"
# A course of the owner's, co-taught by the co-teacher, holding READING too (same slug as in
# the shipped course): the course-level routes are walked on it.
COURSE = "teacher-course"

_PARAM = re.compile(r"<(?:[^:<>]+:)?([^<>]+)>")


@dataclass
class World:
    app: Flask
    seminar_a: str
    seminar_b: str
    params: dict[str, Any]
    resume_codes: dict[str, tuple[str, str]] = field(default_factory=dict)  # role -> (code, rc)
    seat_ids: dict[str, int] = field(default_factory=dict)  # role -> participant id
    clients: dict[str, FormClient] = field(default_factory=dict)

    # -- clients -------------------------------------------------------------------------
    def fresh_client(self, role: str) -> FormClient:
        client = self.app.test_client()
        # One address per role: the per-client rate limits count each role apart.
        client.environ_base["REMOTE_ADDR"] = f"10.0.0.{ROLES.index(role) + 1}"
        return client

    def client(self, role: str) -> FormClient:
        if role not in self.clients:
            client = self.fresh_client(role)
            if role in INSTRUCTOR_ROLES:
                response = client.login(INSTRUCTOR_ROLES[role], PASSWORD)
                assert response.status_code == 302, f"{role} could not log in"
            elif role in self.resume_codes:
                code, personal = self.resume_codes[role]
                with self.app.app_context():
                    # The owner may have issued a new personal code (the seat routes).
                    personal = db.session.scalar(select(Participant.resume_code).join(
                        Seminar).where(Seminar.code == code,
                                       Participant.resume_code == personal)) or \
                        self._current_code(role)
                    self.resume_codes[role] = (code, personal)
                response = client.post_form(f"/join/{code}/resume", {"resume_code": personal})
                assert response.status_code == 302, f"{role} could not resume"
            self.clients[role] = client
        return self.clients[role]

    def _current_code(self, role: str) -> str:
        return db.session.scalar(select(Participant.resume_code).where(
            Participant.id == self.seat_ids[role]))

    def recheck(self, role: str) -> None:
        """After a POST (which may have logged the role out), start again from credentials
        if the role's cookie no longer works. Logging in is slow (scrypt) on purpose."""
        client = self.clients.get(role)
        if client is None or role == "anonymous":
            return
        if role in INSTRUCTOR_ROLES:
            still = client.get("/instructor/").status_code == 200
        else:
            still = client.get(f"/s/{self.resume_codes[role][0]}/").status_code == 200
        if not still:
            del self.clients[role]

    # -- URLs --------------------------------------------------------------------------
    def url(self, rule: Rule, overrides: dict[str, Any] | None = None) -> str:
        values = {**self.params, **ENDPOINT_PARAMS.get(rule.endpoint, {}), **(overrides or {})}
        missing = [name for name in _PARAM.findall(rule.rule) if name not in values]
        assert not missing, (f"route {rule.rule} ({rule.endpoint}) has a parameter "
                             f"{missing[0]!r} the matrix cannot fill: add it to the fillers "
                             "in tests/route_world.py")
        return _PARAM.sub(lambda m: str(values[m.group(1)]), rule.rule)


# Per-endpoint values where a parameter name means something else on that route.
ENDPOINT_PARAMS: dict[str, dict[str, Any]] = {}


def routes(app: Flask) -> list[tuple[Rule, str]]:
    """Every (rule, method) pair, GETs first, then other methods, then logouts/deletions.

    Requests that may end a login or delete fixture rows come last so that the rest of the
    walk still finds the world as it was built.
    """
    pairs = [(rule, method) for rule in app.url_map.iter_rules()
             for method in sorted((rule.methods or set()) - SKIPPED_METHODS)]

    def order(pair: tuple[Rule, str]) -> tuple[int, int, str]:
        rule, method = pair
        late = any(word in rule.endpoint for word in ("logout", "delete", "remove", "end"))
        return (method != "GET", late, rule.rule)

    return sorted(pairs, key=order)


def level_of(app: Flask, rule: Rule) -> str | None:
    view = app.view_functions[rule.endpoint]
    return access_level(view) or BUILTIN_LEVELS.get(rule.endpoint)


def snapshot(app: Flask) -> str:
    """A digest of every row of every table: equal digests mean nothing was written."""
    digest = hashlib.sha256()
    with app.app_context():
        if "route_world.tables" not in app.extensions:
            app.extensions["route_world.tables"] = sorted(inspect(db.engine).get_table_names())
        names = app.extensions["route_world.tables"]
        if db.engine.dialect.name == "postgresql":
            # The server hashes each table's rows (as text, sorted) in one statement: the
            # access matrix takes hundreds of snapshots, and fetching every row to Python
            # each time cost as much as its requests.
            parts = ", ".join(
                f'(SELECT md5(coalesce(string_agg(t::text, \'|\' ORDER BY t::text), \'\')) '
                f'FROM "{name}" t)' for name in names)
            with db.engine.connect() as conn:
                row = conn.execute(text(f"SELECT {parts}")).one()
            for name, part in zip(names, row, strict=True):
                digest.update(f"{name}:{part}".encode())
            return digest.hexdigest()
        with db.engine.connect() as conn:
            for name in names:
                rows = conn.execute(text(f'SELECT * FROM "{name}"')).all()
                digest.update(name.encode())
                for row in sorted(repr(tuple(r)) for r in rows):
                    digest.update(row.encode())
    return digest.hexdigest()


def build_world(app: Flask, make_client: Callable[[], FormClient], make_seminar, *,
                pacing: str = "instructor", answer: str = SECRET_ANSWER,
                note_body: str = SECRET_NOTE, names: tuple[str, str, str] | None = None,
                titles: tuple[str, str] = ("Seminar A", "Seminar B")) -> World:
    """Seminar A (owner 'teacher', instructor-paced by default) with students A and A2;
    seminar B (owner 'colleague') with student B. A has answered a check and a discussion
    question; the owner has a note on that answer."""
    with app.app_context():
        for username in ("colleague", *SHARED_ROLES):
            if instructors.find_instructor(username) is None:
                instructors.create_instructor(username, PASSWORD)
        db.session.commit()
    code_a = make_seminar(titles[0])
    code_b = make_seminar(titles[1], owner="colleague")
    world = World(app, code_a, code_b, params={})

    name_a, name_a2, name_b = names or ("Student A", "Student A2", "Student B")
    joined = {"student_a": (code_a, name_a), "student_a2": (code_a, name_a2),
              "student_b": (code_b, name_b)}
    for role, (code, name) in joined.items():
        client = world.fresh_client(role)
        assert client.join(code, name).status_code == 302
        world.clients[role] = client

    with app.app_context():
        seminar = db.session.scalar(select(Seminar).where(Seminar.code == code_a))
        reading = db.session.scalar(select(Reading).where(Reading.slug == READING))
        mc = next(q for q in reading.questions if q.kind == "mc" and not q.retired)
        disc = next(q for q in reading.questions if q.kind == "discussion" and not q.retired)
        people = {}
        for role, (code, name) in joined.items():
            people[role] = db.session.scalar(select(Participant).join(Seminar).where(
                Seminar.code == code, Participant.display_name == clean_name(name)))
            world.resume_codes[role] = (code, people[role].resume_code)
            world.seat_ids[role] = people[role].id
        student_a = people["student_a"]
        answers.submit_mc(student_a, mc, [mc.current_revision.choices[0]["id"]])
        response = answers.submit_discussion(student_a, disc, answer)
        teacher = instructors.find_instructor("teacher")
        note = notes.add_note(seminar, teacher, "response", response.id, note_body)
        asked = asking.ask(people["student_a2"], "A question from the room")  # issue 18
        # Instructor-paced, so that live mode and the projector have something to show too;
        # the self-paced pages still answer for it (their forms say voting is closed).
        seminar.pacing = pacing
        for username, role in SHARED_ROLES.items():
            sharing.share_with_username(seminar, teacher, username, role)
        db.session.commit()
        course = db.session.scalar(select(Course).order_by(Course.id).limit(1))
        tag = course.data["misconceptions"][0]["tag"]
        _own_course(app, teacher)
        world.params = {
            "code": code_a, "slug": READING, "n": 1, "key": disc.key,
            "pid": student_a.id, "participant_id": student_a.id, "student_id": student_a.id,
            "note_id": note.id, "response_id": response.id, "rid": response.id,
            "question_id": disc.id, "qid": disc.id, "round": 1, "round_": 1,
            "token": seminar.projector_token,
            "instructor_id": instructors.find_instructor("spare").id,
            "filename": "app.css", "tag": tag,
            "rqid": asked.id,
            "kind": "mc", "action": "up",  # authoring: a new check; move a question up
            "course": COURSE, "part": "misconceptions", "index": 0,  # the course editor
        }
    return world


def _own_course(app: Flask, teacher) -> None:
    """COURSE, owned by the owner and shared with the co-teacher, with READING loaded into it
    from the shipped file."""
    made = courses.create_course(teacher, "Teacher's course", COURSE)
    folder = Path(app.config["QUIZAPP_QUESTIONS_DIR"])
    load_content(read_content(folder / f"{READING}.yaml"), retire_missing=False, course=made)
    made.title = "Teacher's course"  # the file load brought the shipped course's title
    courses.share_course(made, teacher, "coteach")
    db.session.commit()


def question_ids(app: Flask) -> dict[str, int]:
    with app.app_context():
        return {q.key: q.id for q in db.session.scalars(select(Question))}


def response_count(app: Flask) -> int:
    with app.app_context():
        return len(db.session.scalars(select(Response.id)).all())
