"""Property-based tests (hypothesis) over every form and URL: arbitrary text, unicode, control
characters, huge and empty values never give a 5xx; accepted values are stored exactly (names
and titles with their documented normalisation); everything is rendered escaped; bodies over
the limit get 413; CSV cells never start a formula.

Each test function gets a fresh app and database; hypothesis examples share them (a new
database per example would cost seconds each), so example counts stay modest.
"""

from __future__ import annotations

import csv
import io
import itertools
import json
import os
import re
from html.parser import HTMLParser
from urllib.parse import quote, urlencode, urlsplit

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markupsafe import escape
from route_world import READING, ROLES, build_world, routes
from sqlalchemy import func, select

from quizapp.extensions import db
from quizapp.models import Note, Participant, ResponseRevision, Seminar
from quizapp.services.classroom.participants import MAX_NAME_LENGTH, clean_name, name_key
from quizapp.services.interchange.responses_csv import starts_formula
from support import text

SETTINGS = settings(max_examples=6, deadline=None, derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture,
                                           HealthCheck.too_slow, HealthCheck.data_too_large])
# The broad fuzzers send one request per form (or URL) per example, and there are now some
# 150 routes: few examples keep the suite within CI's time (QUIZAPP_FUZZ_EXAMPLES for more).
BROAD = settings(SETTINGS, max_examples=int(os.environ.get("QUIZAPP_FUZZ_EXAMPLES") or 2))

SCRIPT = "<script>alert(1)</script>"
ATTR = '" onmouseover="alert(1)'
JS_LINK = "javascript:alert(1)"
SPECIAL = [
    "", " ", "\t\n\r", SCRIPT, ATTR, JS_LINK, "=1+1", "+1", "-1", "@SUM(A1)", "\u202e\u202d",
    "\ufdfa" * 20, "\x00", "a\x00b", "x" * 5001, "y" * 60_000, "\r\n" * 3, "\U0001f4a5" * 70,
    "e\u0301", "%00", "../../etc/passwd", "{{ 7*7 }}", "' OR 1=1 --", "\x1b[31m", "\ufeff",
    "\u2028\u2029", "99999999999999999999999", "-1", "0", "1e309", "\\", "//evil.example",
]
CONTROL = st.characters(categories=["Cc", "Cf", "Zs", "Zl", "Zp", "Mn", "Co"])
# What a numeric or choice field may receive besides ASCII digits: Unicode digits ("\u0663"),
# superscripts ("\u00b2": isdigit() but not int()), full-width digits, signs, huge numbers.
SIGNS = st.sampled_from(["", "+", "-", "\u2212", "\uff0b", "\uff0d", " ", "\u00a0"])
ODD_DIGITS = st.characters(categories=["Nd", "No", "Nl"])
NUMBERLIKE = st.one_of(
    st.sampled_from(["\u00b2", "\u00b9\u00b2", "\uff13", "\uff11\uff12", "\u0663", "\u2460",
                     "\u216b", "\u00bd", "\U0001d7d1", "1e309", "NaN", "inf", "0x10", "1_000"]),
    st.builds(lambda sign, digits: sign + digits, SIGNS,
              st.text(alphabet=ODD_DIGITS, min_size=1, max_size=6)),
    st.builds(lambda sign, n: f"{sign}{n}", SIGNS,
              st.integers(min_value=-2**200, max_value=2**200)))
VALUE = st.one_of(st.text(max_size=200), st.sampled_from(SPECIAL), NUMBERLIKE, NUMBERLIKE,
                  st.text(alphabet=CONTROL, max_size=40),
                  st.integers(min_value=-2**70, max_value=2**70).map(str),
                  st.builds(lambda s, n: s * n, st.sampled_from(["a", "\u00e9", "\U0001f30d",
                                                                  " "]),
                            st.integers(min_value=1000, max_value=9000)))
STORABLE = st.one_of(st.text(max_size=300), st.sampled_from(SPECIAL),
                     st.text(alphabet=CONTROL, max_size=30),
                     st.builds(lambda part, n: (part * n)[:n], st.text(min_size=1, max_size=8),
                               st.integers(min_value=4990, max_value=5010)))

_addresses = itertools.count(1)


def _fresh_address() -> str:
    n = next(_addresses)
    return f"10.{200 + n // 65536 % 50}.{n // 256 % 256}.{n % 256}"


# -- form discovery -------------------------------------------------------------------------

class _Forms(HTMLParser):
    """The POST forms of a page: action and field names (csrf_token aside)."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[tuple[str, frozenset[str]]] = []
        self._current: tuple[str, set[str]] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "form" and (a.get("method") or "get").lower() == "post":
            self._current = (a.get("action") or "", set())
        elif tag in ("input", "textarea", "select", "button") and self._current and \
                a.get("name") and a.get("name") != "csrf_token":
            self._current[1].add(a["name"] or "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "form" and self._current is not None:
            self.forms.append((self._current[0], frozenset(self._current[1])))
            self._current = None


def discover_forms(world) -> dict[tuple[str, str, frozenset[str]], str]:
    """(role, action path, fields) -> the page it was found on, for every GET page: one
    form per role, endpoint and set of fields. The rest differ only by an id in the path
    (the course file's 170 move and remove buttons, a question's up/down/retire): the URL
    fuzzer sends odd ids, and each copy here cost a real action (a course-file save and
    check) without a field to fuzz."""
    adapter = world.app.url_map.bind("quizapp.test")
    kinds: set[tuple[str, str, frozenset[str]]] = set()
    found: dict[tuple[str, str, frozenset[str]], str] = {}
    for rule, method in routes(world.app):
        if method != "GET":
            continue
        url = world.url(rule)
        for role in ("anonymous", "student_a", "owner"):
            response = world.client(role).get(url)
            if response.mimetype != "text/html" or response.status_code != 200:
                response.get_data()
                continue
            parser = _Forms()
            parser.feed(text(response))
            for action, fields in parser.forms:
                path = urlsplit(action).path or urlsplit(url).path
                endpoint = adapter.match(path, method="POST")[0]
                if "logout" not in path and (role, endpoint, fields) not in kinds:
                    kinds.add((role, endpoint, fields))
                    found[(role, path, fields)] = url
    return found


ODD_NUMBERS = ["\u00b2", "\uff13", "\u0663", "\u00bd", "-1", "\u22121", "\uff0b2", " 2 ",
               "-" + "9" * 30, "1e309", "\U0001d7d1"]
HUGE = "9" * 40  # past every integer column: every form gets it
TYPED = "Typed answer \u00e9t\u00e9 <kept>"


@pytest.mark.parametrize("pacing", ["self", "instructor"])
def test_every_form_survives_odd_numbers_and_arbitrary_values(app, make_client, make_seminar,
                                                              pacing):
    """Every form the pages show, found once (finding them is half the cost) and sent:
    1. odd numbers in every field but the text (a Unicode digit, a superscript, a full-width
       digit, a sign, a huge number): never a 5xx, and a refused answer comes back with its
       text. Each form gets the huge number and two others, in rotation, so that every odd
       number reaches many forms without sending each to all of them;
    2. arbitrary values drawn by Hypothesis: never a 5xx, never a stale token."""
    world = build_world(app, make_client, make_seminar, pacing=pacing)
    forms = discover_forms(world)
    assert len(forms) >= (40 if pacing == "self" else 30), sorted(forms)
    problems = []
    for k in range(3):
        world.clients.pop("anonymous", None)
        world.client("anonymous").environ_base["REMOTE_ADDR"] = _fresh_address()
        for i, ((role, path, fields), page) in enumerate(sorted(forms.items(), key=str)):
            number = HUGE if k == 0 else ODD_NUMBERS[(2 * i + k) % len(ODD_NUMBERS)]
            client = world.client(role)
            values = {name: number for name in fields}
            if "answer" in fields:
                values["answer"] = TYPED
            values["csrf_token"] = client.token()
            response = client.post(path, data=values)
            body = response.get_data(as_text=True)
            if response.status_code >= 500:
                problems.append(f"{role} {path} {number!r}: {response.status_code}")
            elif ("answer" in fields and response.status_code == 400
                  and "/discuss/" in path and str(escape(TYPED)) not in body):
                problems.append(f"{role} {path} {number!r}: the typed answer was lost")
    assert not problems, "\n".join(problems)

    tokens = {role: world.client(role).token() for role in ROLES}

    @BROAD
    @given(st.data())
    def run(data) -> None:
        world.clients.pop("anonymous", None)
        anonymous = world.client("anonymous")
        anonymous.environ_base["REMOTE_ADDR"] = _fresh_address()  # stay under the limits
        tokens["anonymous"] = anonymous.token()
        for (role, path, fields), page in sorted(forms.items(), key=str):
            values = {name: data.draw(VALUE, label=f"{path} {name}") for name in sorted(fields)}
            values["csrf_token"] = tokens[role]
            response = world.client(role).post(path, data=values)
            response.get_data()
            assert response.status_code < 500, (role, path, page, values)
            assert response.status_code != 400 or "CSRF" not in text(response), \
                (role, path, "the token went stale")

    run()


# -- URLs: parameters and query strings ----------------------------------------------------

QUERY_KEYS = st.one_of(st.sampled_from(["question", "kind", "author", "q", "next", "key",
                                        "round", "n", "page", "sort", "reading", "format"]),
                       st.text(min_size=1, max_size=10))


def test_every_url_survives_arbitrary_parameters_and_queries(app, make_client, make_seminar):
    world = build_world(app, make_client, make_seminar)
    pattern = re.compile(r"<(?:([^:<>()]+)(?:\([^)]*\))?:)?([^<>]+)>")
    gets = [rule for rule, method in routes(app) if method == "GET"]

    @BROAD
    @given(st.data())
    def run(data) -> None:
        for rule in gets:
            query = data.draw(st.dictionaries(QUERY_KEYS, VALUE, max_size=3), label="query")

            def fill(match: re.Match[str]) -> str:
                converter, name = match.group(1), match.group(2)
                if converter == "int":
                    value = data.draw(st.one_of(
                        st.integers(min_value=0, max_value=2**80),
                        st.just(world.params.get(name, 1))), label=name)
                    return str(value)
                if data.draw(st.booleans(), label=f"fuzz {name}"):
                    return quote(data.draw(VALUE, label=name), safe="") or "x"
                return str(world.params[name])

            url = pattern.sub(fill, rule.rule) + "?" + urlencode(query)
            for role in ("student_a", "owner"):
                response = world.client(role).get(url)
                response.get_data()
                assert response.status_code < 500, (role, url)

    run()


# -- byte-exact storage and escaped display ---------------------------------------------------

def _self_paced(app, make_client, make_seminar):
    return build_world(app, make_client, make_seminar, pacing="self")


def _discussion_url(world) -> str:
    return f"/s/{world.seminar_a}/r/{READING}/discuss/{world.params['key']}"


def test_discussion_answers_are_stored_byte_exact_and_shown_escaped(app, make_client,
                                                                    make_seminar):
    world = _self_paced(app, make_client, make_seminar)
    student, owner = world.client("student_a"), world.client("owner")
    url = _discussion_url(world)
    token = student.token()

    @SETTINGS
    @given(STORABLE)
    def run(answer: str) -> None:
        with app.app_context():
            before = db.session.scalar(select(func.count()).select_from(ResponseRevision))
        response = student.post(url, data={"csrf_token": token, "answer": answer})
        acceptable = bool(answer.strip()) and len(answer) <= 5000 and "\x00" not in answer
        assert response.status_code == (302 if acceptable else 400), repr(answer[:80])
        with app.app_context():
            latest = db.session.scalar(select(ResponseRevision).order_by(
                ResponseRevision.id.desc()).limit(1))
            after = db.session.scalar(select(func.count()).select_from(ResponseRevision))
            assert after == before + (1 if acceptable else 0)
            if acceptable:
                assert latest.text == answer and latest.response.answer == answer
        if acceptable:
            shown = str(escape(answer))
            assert shown in text(student.get(url))
            assert shown in text(student.get(f"/s/{world.seminar_a}/answers"))
            assert shown in text(owner.get(f"/instructor/sessions/{world.seminar_a}/"))
        elif "\x00" not in answer and response.status_code == 400 and answer:
            # refused: the text comes back in the form, not lost
            assert str(escape(answer)) in text(response)

    run()


def test_notes_are_stored_byte_exact_and_shown_escaped(app, make_client, make_seminar):
    world = _self_paced(app, make_client, make_seminar)
    owner = world.client("owner")
    token = owner.token()
    url = f"/instructor/sessions/{world.seminar_a}/notes"

    @SETTINGS
    @given(STORABLE)
    def run(body: str) -> None:
        with app.app_context():
            before = db.session.scalar(select(func.max(Note.id)))
        response = owner.post(url, data={"csrf_token": token, "kind": "session", "body": body})
        acceptable = bool(body.strip()) and len(body) <= 5000 and "\x00" not in body
        assert response.status_code == (302 if acceptable else 400), repr(body[:80])
        with app.app_context():
            newest = db.session.scalar(select(Note).order_by(Note.id.desc()).limit(1))
            assert (newest.id != before) == acceptable
            if acceptable:
                assert newest.body == body
        if acceptable:
            assert str(escape(body)) in text(owner.get(url))

    run()


def test_display_names_are_normalised_as_documented_and_shown_escaped(app, make_client,
                                                                      make_seminar):
    world = _self_paced(app, make_client, make_seminar)
    owner = world.client("owner")
    review = f"/instructor/sessions/{world.seminar_a}/"

    @SETTINGS
    @given(st.one_of(STORABLE, st.text(max_size=70)))
    def run(name: str) -> None:
        client = make_client()
        client.environ_base["REMOTE_ADDR"] = _fresh_address()
        cleaned = clean_name(name)
        with app.app_context():
            taken = db.session.scalar(select(Participant.id).join(Seminar).where(
                Seminar.code == world.seminar_a, Participant.name_key == name_key(cleaned)))
        response = client.join(world.seminar_a, name)
        acceptable = (bool(cleaned) and len(name) <= MAX_NAME_LENGTH and "\x00" not in name
                      and len(name_key(cleaned)) <= 200 and taken is None)
        assert response.status_code == (302 if acceptable else 400), repr(name)
        if acceptable:
            with app.app_context():
                stored = db.session.scalar(select(Participant.display_name).join(Seminar).where(
                    Seminar.code == world.seminar_a,
                    Participant.name_key == name_key(cleaned)))
            assert stored == cleaned  # whitespace folded, control characters removed
            assert str(escape(cleaned)) in text(client.get(f"/s/{world.seminar_a}/"))
            assert str(escape(cleaned)) in text(owner.get(review))

    run()


def test_session_titles_are_stored_and_shown_escaped(app, make_client, make_seminar):
    world = _self_paced(app, make_client, make_seminar)
    owner = world.client("owner")
    token = owner.token()

    @SETTINGS
    @given(STORABLE)
    def run(title: str) -> None:
        response = owner.post("/instructor/sessions/new", data={
            "csrf_token": token, "title": title, "readings": READING, "pacing": "self"})
        normalised = " ".join(title.split())
        acceptable = bool(normalised) and len(title) <= 200 and "\x00" not in title
        assert response.status_code == (302 if acceptable else 400), repr(title[:80])
        if acceptable:
            code = response.headers["Location"].rstrip("/").rsplit("/", 1)[-1]
            with app.app_context():
                stored = db.session.scalar(select(Seminar.title).where(Seminar.code == code))
            assert stored == normalised
            assert str(escape(normalised)) in text(owner.get("/instructor/"))

    run()


# -- payloads rendered everywhere ------------------------------------------------------------

def _html_fragments(response) -> list[str]:
    if response.mimetype == "text/html":
        return [text(response)]
    if response.mimetype == "application/json":
        found: list[str] = []

        def walk(node) -> None:
            if isinstance(node, dict):
                for key, value in node.items():
                    if key == "html" and isinstance(value, str):
                        found.append(value)
                    else:
                        walk(value)
            elif isinstance(node, list):
                for item in node:
                    walk(item)

        walk(json.loads(response.get_data()))
        return found
    response.get_data()
    return []


def test_hostile_names_answers_notes_and_titles_are_escaped_on_every_page(
        app, make_client, make_seminar):
    world = build_world(app, make_client, make_seminar, pacing="instructor",
                        answer=f"{SCRIPT} {ATTR} <a href=\"{JS_LINK}\">x</a>",
                        note_body=f"{SCRIPT}{ATTR}", titles=(f"T {SCRIPT}", f"U {ATTR}"),
                        names=(SCRIPT, ATTR, JS_LINK))
    problems = []
    pages = 0
    for rule, method in routes(app):
        if method != "GET":
            continue
        url = world.url(rule)
        for role in ROLES:
            for fragment in _html_fragments(world.client(role).get(url)):
                pages += 1
                lowered = fragment.lower()
                for bad in (SCRIPT, 'onmouseover="alert(1)', "onmouseover='alert(1)",
                            'href="javascript:', "href='javascript:", 'src="javascript:'):
                    if bad in lowered:
                        problems.append(f"GET {url} as {role}: contains {bad!r}")
    assert pages > 30
    assert not problems, "\n".join(problems)


def _csv_cells(body: str) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(body)) for cell in row]


def _is_number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True


def test_csv_downloads_never_start_a_formula(app, make_client, make_seminar):
    world = build_world(app, make_client, make_seminar, pacing="self",
                        answer="=HYPERLINK(\"http://evil.example\",\"x\")",
                        note_body="+SUM(1,2)", titles=("@cmd", "-2+3"),
                        names=("\u00a0=cmd|' /C calc'!A0", "\uff20Ana", "\u200b+Bruno"))
    problems, downloads = [], 0
    for rule, method in routes(app):
        if method != "GET":
            continue
        response = world.client("owner").get(world.url(rule))
        if response.mimetype != "text/csv" or response.status_code != 200:
            response.get_data()
            continue
        downloads += 1
        for cell in _csv_cells(text(response)):
            if starts_formula(cell.removeprefix("\ufeff")) and not _is_number(cell):
                problems.append(f"{rule.rule}: {cell!r}")
    assert downloads >= 1
    assert not problems, "\n".join(problems)


# -- bodies over the limit --------------------------------------------------------------------

def test_bodies_over_the_limit_get_413_everywhere(app, make_client, make_seminar):
    world = build_world(app, make_client, make_seminar)
    limit = app.config["MAX_CONTENT_LENGTH"]
    problems = []
    for rule, method in routes(app):
        if method == "GET":
            continue
        url = world.url(rule)
        for role in ("anonymous", "student_a", "owner"):
            client = world.client(role)
            for data in ({"csrf_token": client.token(), "answer": "x" * (limit + 1)},
                         {"f": (io.BytesIO(b"x" * (limit + 1)), "big.txt")}):
                response = client.open(url, method=method, data=data)
                if response.status_code != 413:
                    problems.append(f"{method} {url} as {role}: {response.status_code}")
                elif "Too large" not in text(response):
                    problems.append(f"{method} {url} as {role}: 413 without the error page")
    assert not problems, "\n".join(problems)
