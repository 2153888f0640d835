"""Who may use which route, generated from app.url_map: every route x method x role.

Each view declares its level (quizapp/web/access.py); this test derives the expected outcome from
that declaration, so a new route is checked the moment it exists, and a route without a
declaration fails. Denied requests must change nothing in the database, and no GET may change
anything for anyone.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from route_world import (
    ALLOWED,
    ENDPOINT_ALLOWED,
    INSTRUCTOR_ROLES,
    ROLES,
    SECRET_ANSWER,
    SECRET_NOTE,
    SESSION_STAFF,
    build_world,
    level_of,
    routes,
    snapshot,
)
from sqlalchemy import select

from quizapp.extensions import db
from quizapp.models import SeminarShare
from quizapp.services.accounts import instructors
from quizapp.services.classroom import seminars
from support import PASSWORD, text


@pytest.fixture
def world(app, make_client, make_seminar):
    return build_world(app, make_client, make_seminar)


def outcome(response, level: str) -> str:
    """'allowed', 'denied' or 'error' for one response."""
    status = response.status_code
    if status >= 500 or status == 429:
        return "error"
    if status in (401, 403):
        return "denied"
    if level == "public":
        return "allowed"  # a public page may 404 or redirect anywhere: it decides, not us
    if status == 404:
        return "denied"
    if status in (301, 302, 303, 307, 308):
        target = urlsplit(response.headers.get("Location", ""))
        # Flask-Login sends refused visitors to the login page with ?next= (logout itself
        # lands on the login page without it); student pages send non-members to join.
        if target.path.startswith("/instructor/login") and "next=" in target.query:
            return "denied"
        if target.path.startswith("/join"):
            return "denied"
    return "allowed"


def _request(world, role: str, rule, method: str, url: str):
    client = world.client(role)
    if method == "GET":
        return client.get(url)
    data = {"csrf_token": client.token()}
    return client.open(url, method=method, data=data)


def test_every_route_declares_an_access_level(app):
    undeclared = [f"{rule.rule} ({rule.endpoint})" for rule in app.url_map.iter_rules()
                  if level_of(app, rule) is None]
    assert not undeclared, ("routes without an @access(...) declaration: "
                            + ", ".join(undeclared))


def test_access_matrix(app, world):
    problems: list[str] = []
    checked = 0
    seen: set[tuple[str, str]] = set()  # proves the leak checks below can see the secrets
    last: str | None = None
    for rule, method in routes(app):
        level = level_of(app, rule)
        if level is None:
            problems.append(f"{rule.rule} ({rule.endpoint}) declares no access level")
            continue
        url = world.url(rule)
        for role in ROLES:
            refused_write = method != "GET" and role not in \
                ENDPOINT_ALLOWED.get(rule.endpoint, ALLOWED[level])
            # Right after a refused write (checked: it changed nothing), the snapshot taken
            # after it is the state now; any other request may have written.
            before = (last or snapshot(app)) if refused_write else None
            last = None
            response = _request(world, role, rule, method, url)
            try:
                body = response.get_data(as_text=True)
            except RuntimeError as exc:  # a streamed body that needs its request context
                problems.append(f"{method} {url} as {role}: body could not be read: {exc}")
                body = ""
            got = outcome(response, level)
            allowed = ENDPOINT_ALLOWED.get(rule.endpoint, ALLOWED[level])
            expected = "allowed" if role in allowed else "denied"
            checked += 1
            where = f"{method} {rule.rule} as {role} (level {level})"
            if got != expected:
                problems.append(f"{where}: expected {expected}, got {response.status_code} "
                                f"{response.headers.get('Location', '')}")
            if before is not None:
                last = snapshot(app)
                if last != before:
                    problems.append(f"{where}: a refused request changed the database")
            seen |= {(secret, role) for secret in (SECRET_ANSWER, SECRET_NOTE) if secret in body}
            if SECRET_NOTE in body and role != "owner":
                problems.append(f"{where}: shows the owner's private note")
            if SECRET_ANSWER in body and role not in ("student_a", *SESSION_STAFF) and \
                    level != "token":
                problems.append(f"{where}: shows student A's answer")
            if method != "GET":
                world.recheck(role)  # a POST may have logged this role out
    assert checked > 50
    assert {(SECRET_ANSWER, "student_a"), (SECRET_ANSWER, "owner"),
            (SECRET_NOTE, "owner")} <= seen
    assert not problems, "\n".join(problems)


def test_token_routes_refuse_a_wrong_token(app, world):
    problems = []
    token = world.params["token"]
    # One character off (never the token itself: it may end in "A").
    near = token[:-1] + ("B" if token.endswith("A") else "A")
    for rule, method in routes(app):
        if level_of(app, rule) != "token" or method != "GET":
            continue
        for wrong in ("x" * 32, near):
            response = world.fresh_client("anonymous").get(world.url(rule, {"token": wrong}))
            if response.status_code not in (403, 404):
                problems.append(f"{rule.rule} with a wrong token: {response.status_code}")
    assert not problems, "\n".join(problems)


def _get_everything(world, check_each: bool) -> list[str]:
    changed = []
    before = snapshot(world.app)
    for rule, method in routes(world.app):
        if method != "GET":
            continue
        url = world.url(rule)
        for role in ROLES:
            world.client(role).get(url).get_data()  # streamed bodies run to the end
            if check_each:
                after = snapshot(world.app)
                if after != before:
                    changed.append(f"GET {url} as {role}")
                    before = after
    if not check_each and snapshot(world.app) != before:
        changed.append("(some GET)")
    return changed


def test_no_get_changes_the_database_for_any_role(app, world):
    # One digest before and after the whole walk; only when they differ, walk again with a
    # digest after each request to name the culprit.
    if _get_everything(world, check_each=False):
        changed = _get_everything(world, check_each=True)
        assert not changed, "GET requests that wrote to the database: " + ", ".join(changed)
        raise AssertionError("a GET wrote to the database the first time only")


def test_unknown_url_parameter_is_reported_by_name(app, world):
    from werkzeug.routing import Rule

    rule = Rule("/x/<int:mystery>", endpoint="student.index")
    with pytest.raises(AssertionError, match="parameter 'mystery' the matrix cannot fill"):
        world.url(rule)


# -- sharing: an instructor sees only sessions they own or that are shared with them --------

def _dashboard_codes(client) -> str:
    return text(client.get("/instructor/"))


def test_instructor_sees_only_own_or_shared_sessions(app, world):
    owner = world.client("owner")
    colleague = world.client("other_instructor")
    with app.app_context():
        instructors.create_instructor("stranger", PASSWORD)
        db.session.commit()
    stranger = world.fresh_client("anonymous")
    assert stranger.login("stranger").status_code == 302

    from quizapp.services.classroom.codes import display_code

    a, b = display_code(world.seminar_a), display_code(world.seminar_b)
    assert a in _dashboard_codes(owner) and b not in _dashboard_codes(owner)
    assert b in _dashboard_codes(colleague) and a not in _dashboard_codes(colleague)
    review_a = f"/instructor/sessions/{world.seminar_a}/"
    assert colleague.get(review_a).status_code == 404

    response = owner.post_form(f"/instructor/sessions/{world.seminar_a}/share",
                               {"username": "colleague"})
    assert response.status_code == 302
    assert "colleague" in text(owner.get(response.headers["Location"]))
    assert a in _dashboard_codes(colleague)
    assert "shared with you" in _dashboard_codes(colleague)
    page = colleague.get(review_a)
    assert page.status_code == 200
    assert SECRET_ANSWER in text(page)
    # the stranger still sees nothing of either seminar
    assert a not in _dashboard_codes(stranger) and b not in _dashboard_codes(stranger)
    assert stranger.get(review_a).status_code == 404
    # a colleague it is shared with may review but not share further
    assert 'action="/instructor/sessions/' + world.seminar_a + '/share"' not in text(page)
    again = colleague.post_form(f"/instructor/sessions/{world.seminar_a}/share",
                                {"username": "stranger"})
    assert again.status_code == 403
    assert stranger.get(review_a).status_code == 404


def test_share_form_errors_and_idempotence(app, world):
    owner = world.client("owner")
    url = f"/instructor/sessions/{world.seminar_a}/share"
    for name, message in (("nobody", "No instructor is called"), ("", "Enter"),
                          ("teacher", "already own")):
        response = owner.post_form(url, {"username": name})
        assert response.status_code == 400, name
        assert message in text(response)
    assert owner.post_form(url, {"username": "colleague"}).status_code == 302
    assert owner.post_form(url, {"username": " colleague "}).status_code == 302
    with app.app_context():
        colleague = instructors.find_instructor("colleague")
        assert len(db.session.scalars(select(SeminarShare).where(
            SeminarShare.instructor_id == colleague.id)).all()) == 1
        seminar = seminars.find_seminar(world.seminar_a)
        assert seminars.can_view(colleague, seminar)
    # the form is only on the owner's review page
    assert f'action="{url}"' in text(owner.get(f"/instructor/sessions/{world.seminar_a}/"))


def test_roles_cover_every_level():
    assert set(INSTRUCTOR_ROLES) <= set(ROLES)
    for level, who in ALLOWED.items():
        assert who <= set(ROLES), level


def test_the_instructor_room_feed_is_for_the_session_staff(app, world):
    # Issue 18: the instructor's live room list names the askers, so only those who may see
    # the room page (owner, co-teacher, assistant) get it; the matrix above walks it too.
    with app.app_context():
        rule = next(r for r in app.url_map.iter_rules() if r.endpoint == "roomq.instructor_feed")
    assert level_of(app, rule) == "owner"
    url = world.url(rule) + "?after=0"
    for role in ROLES:
        response = world.client(role).get(url, headers={"Accept": "application/json"})
        if role in SESSION_STAFF:
            assert response.status_code == 200, role
            assert "A question from the room" in response.get_json()["html"], role
        else:
            assert response.status_code in (302, 403, 404), (role, response.status_code)
            assert "A question from the room" not in response.get_data(as_text=True), role
