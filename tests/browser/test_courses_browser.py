"""Courses in Chromium (issue 17), one lean walk: an instructor makes a course, gives it a
misconception in the course editor, writes a reading with one check in the reading editor,
and makes a session of that course, which offers that reading alone. axe audits the new
pages; screenshots land in artifacts/screenshots/courses-*."""

from __future__ import annotations

from typing import Any

import pytest
from browserkit import DESKTOP, axe_violations, describe, login, shoot

expect = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed").expect

COURSE, TITLE = "trade-world", "Trade and the world"
READING = "A reading for the trade course"


def audit(page: Any, axe: str | None) -> None:
    if axe:
        bad = axe_violations(page)
        assert not bad, describe(bad)


def fill(page: Any, values: dict[str, str]) -> None:
    for name, value in values.items():
        page.locator(f"[name='{name}']").fill(value)


def test_a_course_of_ones_own_used_in_a_session(server, new_context, axe_optional):
    base = server.url
    teacher = new_context(DESKTOP, axe=axe_optional).new_page()
    login(teacher, server)
    teacher.get_by_role("link", name="Courses", exact=True).click()
    audit(teacher, axe_optional)
    teacher.get_by_role("link", name="New course").click()
    fill(teacher, {"title": TITLE, "slug": COURSE})
    audit(teacher, axe_optional)
    teacher.get_by_role("button", name="Create course").click()
    expect(teacher.locator("h1")).to_contain_text(TITLE)
    audit(teacher, axe_optional)

    teacher.get_by_role("link", name="Vocabulary, timeline and perspectives").click()
    audit(teacher, axe_optional)
    teacher.get_by_role("link", name="Add a misconception").click()
    fill(teacher, {"tag": "wrong-direction", "label": "Wrong direction",
                   "description": "Reads a rise as a fall."})
    audit(teacher, axe_optional)
    teacher.get_by_role("button", name="Save").click()
    expect(teacher.locator(".flash-success")).to_contain_text("Saved")
    expect(teacher.locator("#misconceptions")).to_contain_text("wrong-direction")

    teacher.goto(f"{base}/instructor/courses/{COURSE}/")
    teacher.get_by_role("link", name="New reading", exact=True).click()
    expect(teacher.locator("[name='course']")).to_have_value(COURSE)
    fill(teacher, {"slug": "trade-reading", "title": READING, "publication": "The Times",
                   "author": "A. Tester", "date": "2025", "description": "About trade.",
                   "sections-0-id": "s1", "sections-0-heading": "The first part",
                   "sections-0-text": "Trade grew.", "key_points": "Trade grew."})
    teacher.get_by_role("button", name="Save").click()
    expect(teacher.locator("h1")).to_have_text(READING)
    teacher.goto(f"{base}/instructor/content/c/{COURSE}/r/trade-reading/new/mc")
    fill(teacher, {"id": "tr-q1", "prompt": "What did trade do?",
                   "explanation": "The first part says so.",
                   "choices-0-text": "It grew", "choices-0-feedback": "Right.",
                   "choices-1-text": "It fell", "choices-1-feedback": "No: it grew."})
    teacher.locator("[name='section']").select_option("s1")
    teacher.locator("[name='choices-0-correct']").check()
    teacher.locator("[name='choices-1-misconception']").select_option("wrong-direction")
    teacher.get_by_role("button", name="Save").click()
    expect(teacher.locator(".flash-success")).to_contain_text("Saved")

    teacher.goto(f"{base}/instructor/sessions/new")
    teacher.get_by_label("Course", exact=True).select_option(COURSE)
    teacher.get_by_role("button", name="Show the readings of the chosen course").click()
    expect(teacher.locator("input[name=readings]")).to_have_count(1)
    expect(teacher.get_by_label(READING)).to_be_checked()
    audit(teacher, axe_optional)
    teacher.get_by_label("Title").fill("Trade seminar")
    teacher.get_by_role("button", name="Create session").click()
    teacher.wait_for_url("**/instructor/sessions/*/")
    teacher.goto(f"{base}/instructor/courses/{COURSE}/")
    expect(teacher.locator("main")).to_contain_text("Trade seminar")
    shoot(teacher, "courses-course-page")
    teacher.goto(f"{base}/instructor/content/c/{COURSE}/course")
    shoot(teacher, "courses-course-editor", sizes=("desktop",))
