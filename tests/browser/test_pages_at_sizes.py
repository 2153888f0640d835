"""Every student and instructor page at 390 px and 1280 px, light and dark, with screenshots
under artifacts/screenshots/pages-*.png for a person to look at.

One browser, one context per person, the viewport resized between shots (lean on a shared
machine). Besides the pictures: no page scrolls sideways on a phone, and the student
navigation is one row at 390 px. The live pages have their own tests (test_live_browser.py).
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from browserkit import (
    DESKTOP,
    SIZES,
    correct_ids,
    join,
    login,
    reading_content,
    shoot,
    wrong_id,
)

expect = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed").expect

SLUG = "new-alliances"
CONTENT = reading_content(SLUG)
Q1, Q2 = CONTENT["questions"][0], CONTENT["questions"][1]
D1 = next(d for d in CONTENT["discussion"] if d.get("stance"))

# The header's logo and links: how many rows (distinct tops), and whether any link is cut
# off (the navigation scrolling sideways inside itself).
NAV_ROWS = """() => {
  const items = [...document.querySelectorAll('header.site .brand, nav[aria-label="Main"] a')];
  const nav = document.querySelector('nav[aria-label="Main"]');
  return [new Set(items.map(e => Math.round(e.getBoundingClientRect().top / 4))).size,
          nav.scrollWidth > nav.clientWidth + 1];
}"""


def _look(page: Any, name: str, *, student: bool = False) -> None:
    """Screenshots at both sizes, light and dark; at 390 px no sideways scroll (and, for a
    student, the navigation on one row)."""
    page.set_viewport_size(SIZES["phone"])
    width = page.evaluate("() => document.scrollingElement.scrollWidth")
    assert width <= SIZES["phone"]["width"], f"{name}: {width} px wide at 390 px"
    if student:
        rows, cut = page.evaluate(NAV_ROWS)
        assert rows == 1, f"{name}: the navigation takes more than one row"
        assert not cut, f"{name}: a navigation link is cut off at 390 px"
    page.set_viewport_size(SIZES["desktop"])
    shoot(page, f"pages-{name}")
    shoot(page, f"pages-{name}", dark=True)


def test_every_page_at_phone_and_desktop_sizes(server, new_context) -> None:
    code = server.create_session("Seminar in pictures", SLUG)
    student = new_context(DESKTOP).new_page()
    teacher = new_context(DESKTOP).new_page()
    base = server.url

    # --- the student's pages, with answers on them ---
    student.goto(base + "/")
    _look(student, "start")
    student.goto(f"{base}/join/{code}")
    _look(student, "join")
    join(student, server, code, "Fatima K.")
    expect(student.locator(".flash")).to_contain_text("Welcome, Fatima K. Your personal code")
    _look(student, "student-home", student=True)
    student.goto(f"{base}/s/{code}/r/{SLUG}")
    _look(student, "student-reading", student=True)
    student.get_by_role("button", name=re.compile("I have read the summary")).click()
    student.wait_for_url("**/check/1")
    _look(student, "student-check", student=True)
    student.locator(f"input[name=choice][value={correct_ids(Q1)[0]}]").check()
    student.get_by_role("button", name="Submit answer").click()
    student.wait_for_url("**/check/1#result")
    _look(student, "student-check-answered", student=True)
    student.goto(f"{base}/s/{code}/r/{SLUG}/check/2")
    student.locator(f"input[name=choice][value={wrong_id(Q2)}]").check()
    student.get_by_role("button", name="Submit answer").click()
    student.wait_for_url("**/check/2#result")
    talk = f"{base}/s/{code}/r/{SLUG}/discuss/{D1['id']}"
    student.goto(talk)
    _look(student, "student-discussion", student=True)
    for stance, words in (("2", "At first I think so."), ("4", "After the seminar, less so.")):
        student.locator(f"input[name=stance][value='{stance}']").check()
        student.get_by_label(re.compile("Your answer")).fill(words)
        student.get_by_role("button", name=re.compile("Submit my answer|Save my revised")).click()
        student.wait_for_url(talk)
    expect(student.get_by_role("link", name=re.compile("→")).last).to_be_visible()
    _look(student, "student-discussion-answered", student=True)
    student.goto(f"{base}/s/{code}/answers")
    _look(student, "student-answers", student=True)
    for course in ("timeline", "perspectives"):
        student.goto(f"{base}/course/{course}")
        expect(student.locator("header .brand")).to_have_attribute("href", f"/s/{code}/")
        _look(student, f"student-{course}", student=True)

    # --- the instructor's pages ---
    teacher.goto(base + "/instructor/login")
    _look(teacher, "instructor-login")
    login(teacher, server)
    _look(teacher, "instructor-dashboard")
    teacher.goto(base + "/instructor/sessions/new")
    _look(teacher, "instructor-new-session")
    review = f"{base}/instructor/sessions/{code}/"
    teacher.goto(review)
    _look(teacher, "instructor-review")
    teacher.locator("#discussion > summary").click()
    teacher.get_by_role("button", name="Call on").first.click()
    teacher.wait_for_url(re.compile(r".*#response-\d+$"))
    expect(teacher.locator("#call-on-h + ul")).to_contain_text("Fatima K.")
    teacher.locator("#students > summary").click()
    teacher.locator("#checks > summary").click()
    _look(teacher, "instructor-review-open")
    for path, name in ((f"questions/{Q1['id']}", "question-check"),
                       (f"questions/{D1['id']}", "question-discussion"),
                       ("notes", "notes"), ("share", "share"), ("analysis", "analysis"),
                       ("students", "student-reports")):
        teacher.goto(f"{base}/instructor/sessions/{code}/{path}")
        _look(teacher, f"instructor-{name}")
    teacher.goto(f"{base}/instructor/sessions/{code}/questions/{D1['id']}")
    expect(teacher.locator(".stance-view")).to_contain_text("2 → 4")
    teacher.goto(review)
    teacher.locator("#students > summary").click()
    teacher.get_by_role("link", name="Fatima K.").first.click()
    teacher.wait_for_url("**/students/*")
    _look(teacher, "instructor-student")
    teacher.goto(f"{base}/instructor/readings/{SLUG}/analysis")
    _look(teacher, "instructor-reading-analysis")
    tag = next(c["misconception"] for c in Q2["choices"] if c["id"] == wrong_id(Q2))
    teacher.goto(f"{base}/instructor/sessions/{code}/misconceptions/{tag}")
    _look(teacher, "instructor-misconception")
