"""axe-core on every page of the student and instructor flows, forms with errors included.

No serious or critical violation is allowed, in light mode (all WCAG 2.x A/AA rules and
best practices) and in dark mode (contrast). Students are audited on a phone, the instructor
on a desktop. Pages other engineers add (live mode, analytics, sharing) are audited when their
routes exist.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from browserkit import (
    DESKTOP,
    PHONE,
    axe_violations,
    correct_ids,
    create_session_ui,
    describe,
    join,
    login,
    reading_content,
)

expect = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed").expect

SLUG = "milei-zelenskyy"
CONTENT = reading_content(SLUG)
Q1 = CONTENT["questions"][0]
D1 = CONTENT["discussion"][0]
DARK_CONTRAST = {"runOnly": {"type": "rule", "values": ["color-contrast"]},
                 "resultTypes": ["violations"]}


class Audit:
    """Collects violations page by page, so one run reports every page at once."""

    def __init__(self) -> None:
        self.pages: list[str] = []
        self.problems: dict[str, list[dict[str, Any]]] = {}

    def __call__(self, page: Any, label: str, dark: bool = False) -> None:
        """Audit the page; `dark=True` also checks contrast in dark mode (one page per layout
        is enough: both schemes use the same few colour variables)."""
        page.wait_for_load_state("load")
        self.pages.append(label)
        found = axe_violations(page)
        if dark:
            page.emulate_media(color_scheme="dark")
            try:
                found += [dict(v, id=v["id"] + " [dark]")
                          for v in axe_violations(page, DARK_CONTRAST)]
            finally:
                page.emulate_media(color_scheme="light")
        if found:
            self.problems[f"{label} ({page.url})"] = found

    def assert_clean(self) -> None:
        report = "\n\n".join(f"{label}:\n{describe(v)}" for label, v in self.problems.items())
        assert not self.problems, f"axe found serious/critical violations:\n{report}"


def follow(page: Any, target: Any) -> None:
    """Click something that loads a new page, and wait until it has loaded: auditing too
    early would check the old page, or lose it halfway."""
    with page.expect_navigation(wait_until="load"):
        target.click()


def focused_id(page: Any) -> str:
    return page.evaluate("() => document.activeElement && document.activeElement.id")


@pytest.fixture(scope="module")
def code(server, new_context) -> str:
    teacher = new_context(DESKTOP).new_page()
    login(teacher, server)
    code = create_session_ui(teacher, server, "Audit seminar", CONTENT["title"])
    teacher.close()
    return code


def test_student_pages_pass_axe(server, new_context, axe_source, code) -> None:
    audit = Audit()
    page = new_context(PHONE, axe=axe_source).new_page()
    page.goto(server.url + "/")
    audit(page, "start page", dark=True)
    page.get_by_label("Session code").fill("NOPE")
    follow(page, page.get_by_role("button", name="Join"))
    expect(page.locator("#error-summary")).to_be_visible()
    assert focused_id(page) == "error-summary", "the error summary takes the focus"
    audit(page, "join form with errors", dark=True)

    page.goto(f"{server.url}/join/{code}")
    audit(page, "join link page")
    follow(page, page.get_by_role("button", name="Join the session"))
    expect(page.locator("#error-summary")).to_contain_text("Enter your name.")
    audit(page, "join link page with errors")
    page.get_by_label("Your personal code").fill("ZZZZZZ")
    follow(page, page.get_by_role("button", name="Continue where I left off"))
    expect(page.locator("#error-summary")).to_contain_text("does not match")
    audit(page, "resume form with errors")

    page.get_by_label("Your name").fill("Dana")
    follow(page, page.get_by_role("button", name="Join the session"))
    page.wait_for_url(f"**/s/{code}/")
    audit(page, "session home", dark=True)
    follow(page, page.get_by_role("link", name=CONTENT["title"]))
    audit(page, "reading summary", dark=True)
    follow(page, page.get_by_role("button", name=re.compile("I have read the summary")))
    audit(page, "check question", dark=True)
    follow(page, page.get_by_role("button", name="Submit answer"))
    expect(page.locator("#error-summary")).to_contain_text("Choose an answer.")
    assert focused_id(page) == "error-summary"
    audit(page, "check question with errors")
    page.locator("#error-summary a").click()
    assert focused_id(page) == "choice-0", "the summary's link focuses the first answer"
    right = next(c for c in Q1["choices"] if c["id"] == correct_ids(Q1)[0])
    page.get_by_label(right["text"], exact=True).check()
    follow(page, page.get_by_role("button", name="Submit answer"))
    audit(page, "check result (right)", dark=True)
    follow(page, page.get_by_role("link", name="Next question →"))
    page.locator("input[name=choice]").first.check()
    follow(page, page.get_by_role("button", name="Submit answer"))
    audit(page, "check result (second question)", dark=True)

    page.goto(f"{server.url}/s/{code}/r/{SLUG}")
    audit(page, "reading summary, read")
    follow(page, page.get_by_role("link", name=D1["prompt"][:60]))
    audit(page, "discussion question")
    follow(page, page.get_by_role("button", name="Submit my answer"))
    expect(page.locator("#error-summary")).to_contain_text("Write an answer")
    assert focused_id(page) == "error-summary"
    audit(page, "discussion with errors", dark=True)
    page.get_by_label("Your answer").fill("Abstention was a signal to Washington.")
    follow(page, page.get_by_role("button", name="Submit my answer"))
    audit(page, "discussion answered")
    follow(page, page.get_by_role("link", name="My answers"))
    audit(page, "my answers", dark=True)
    page.goto(server.url + "/course/timeline")
    audit(page, "timeline")
    page.goto(server.url + "/course/perspectives")
    audit(page, "perspectives")
    page.goto(f"{server.url}/s/{code}/r/no-such-reading")
    audit(page, "404 page")
    audit.assert_clean()


def test_instructor_pages_pass_axe(server, new_context, axe_source, code) -> None:
    audit = Audit()
    page = new_context(DESKTOP, axe=axe_source).new_page()
    page.goto(server.url + "/instructor/login")
    audit(page, "login")
    page.get_by_label("Username").fill("teacher")
    follow(page, page.get_by_role("button", name="Log in"))
    expect(page.locator("#error-summary")).to_contain_text("Enter your password.")
    assert focused_id(page) == "error-summary"
    audit(page, "login with errors")
    login(page, server)
    audit(page, "dashboard", dark=True)
    follow(page, page.get_by_role("link", name="New session"))
    audit(page, "new session")
    for box in page.locator("input[name=readings]").all():
        box.uncheck()
    follow(page, page.get_by_role("button", name="Create session"))
    expect(page.locator("#error-summary")).to_be_visible()
    assert focused_id(page) == "error-summary"
    audit(page, "new session with errors", dark=True)

    base = f"{server.url}/instructor/sessions/{code}"
    page.goto(base + "/")
    audit(page, "session review", dark=True)
    page.locator("#session-notes > summary").click()  # sections and note boxes open on demand
    page.locator("#session-notes .note-box > summary").click()
    page.locator("#session-notes textarea").fill("Quiet group.")
    follow(page, page.locator("#session-notes").get_by_role("button", name="Save note"))
    expect(page.locator(".flash")).to_contain_text("Note saved.")
    page.locator("#checks > summary").click()
    follow(page, page.get_by_role("link", name=Q1["prompt"], exact=True))
    audit(page, "question detail", dark=True)
    page.goto(base + "/")
    page.locator("#students > summary").click()
    follow(page, page.locator("#student-table a").first)
    audit(page, "student detail")
    page.goto(base + "/notes")
    audit(page, "notes")
    follow(page, page.get_by_role("link", name=re.compile("edit or delete")).first)
    audit(page, "note edit")
    page.get_by_label("Private note").fill("")
    follow(page, page.get_by_role("button", name="Save note"))
    expect(page.locator("#error-summary")).to_be_visible()
    audit(page, "note edit with errors")
    page.goto(f"{base}/questions/no-such-question")
    audit(page, "instructor 404")

    # Pages of other areas, audited once their routes exist (a 404 means not landed yet).
    for path, label in [(f"{base}/share", "sharing"),
                        (f"{base}/analysis", "item analysis"),
                        (f"{base}/misconceptions/wrong-actor", "misconception"),
                        (f"{base}/students", "student reports"),
                        (f"{server.url}/instructor/readings/{SLUG}/analysis", "reading analysis")]:
        if page.goto(path).status != 404:
            audit(page, label, dark=label == "item analysis")
    audit.assert_clean()


def test_live_pages_with_errors_pass_axe(server, new_context, axe_source) -> None:
    """The live screens, waiting and with a question open, and an empty vote's error."""
    audit = Audit()
    live_code = server.create_session("Live audit", SLUG, pacing="instructor")
    teacher = new_context(DESKTOP, axe=axe_source).new_page()
    login(teacher, server)
    control = f"{server.url}/instructor/sessions/{live_code}/live"
    if teacher.goto(control).status == 404:
        pytest.skip("live mode (quizapp/live) has not landed")
    audit(teacher, "live control, waiting")
    # A countdown out of range is refused by the browser itself (min/max on the field).
    seconds = teacher.get_by_label("Countdown in seconds (optional)")
    seconds.fill("1")
    assert not seconds.evaluate("el => el.checkValidity()")
    seconds.fill("")

    student = new_context(PHONE, axe=axe_source).new_page()
    join(student, server, live_code, "Fay")
    student.goto(f"{server.url}/s/{live_code}/live")
    audit(student, "student live, waiting", dark=True)
    screen = new_context(DESKTOP, axe=axe_source).new_page()
    screen.goto(teacher.get_by_role("link", name="the projector view").get_attribute("href"))
    audit(screen, "projector, waiting", dark=True)

    q1_start = re.compile("^" + re.escape(Q1["prompt"][:100]))  # buttons name the question's text
    follow(teacher, teacher.locator("#questions li").filter(
        has=teacher.locator(".q-prompt", has_text=q1_start)).get_by_role("button"))
    expect(student.locator(".live-prompt")).to_have_text(Q1["prompt"], timeout=6000)
    student.get_by_role("button", name="Send my answer").click()
    expect(student.locator(".field-error")).to_be_visible()
    audit(student, "student live, vote with errors")
    expect(screen.locator(".proj-prompt")).to_have_text(Q1["prompt"], timeout=6000)
    audit(screen, "projector, question", dark=True)
    audit(teacher, "live control, question open")
    audit.assert_clean()


def test_spanish_pages_pass_axe(server, new_context, axe_source, code) -> None:
    """The same audit in Spanish (interface and course): longer words, a `lang` that must
    match the text, and the switch's own links."""
    audit = Audit()
    page = new_context(PHONE, axe=axe_source).new_page()
    join(page, server, code, "Lucía")
    page.goto(f"{server.url}/s/{code}/?lang=es")  # the switch: kept in a cookie from here on
    assert page.locator("html").get_attribute("lang") == "es"
    base = f"{server.url}/s/{code}"
    for label, url in [("session home", f"{base}/"), ("reading summary", f"{base}/r/{SLUG}"),
                       ("check question", f"{base}/r/{SLUG}/check/1"),
                       ("discussion question", f"{base}/r/{SLUG}/discuss/{D1['id']}"),
                       ("timeline", f"{server.url}/course/timeline"),
                       ("perspectives", f"{server.url}/course/perspectives"),
                       ("404 page", f"{base}/r/no-such-reading")]:
        page.goto(url)
        audit(page, f"{label} (es)", dark=label in ("reading summary", "check question"))
    visitor = new_context(DESKTOP, axe=axe_source, locale="es-AR").new_page()
    visitor.goto(f"{server.url}/instructor/login")  # the browser's language this time
    assert visitor.locator("html").get_attribute("lang") == "es"
    audit(visitor, "login (es)")
    teacher = new_context(DESKTOP, axe=axe_source).new_page()
    login(teacher, server)  # in English (the helper finds the English labels), then switch
    teacher.goto(f"{server.url}/instructor/?lang=es")
    for label, url in [("dashboard", "/instructor/"),
                       ("item analysis", f"/instructor/sessions/{code}/analysis"),
                       ("student reports", f"/instructor/sessions/{code}/students")]:
        if teacher.goto(server.url + url).status != 404:
            audit(teacher, f"{label} (es)")
    audit.assert_clean()
