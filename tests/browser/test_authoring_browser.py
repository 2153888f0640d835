"""The editor in Chromium: an instructor writes a reading with two checks and a discussion
question, previews it, uses it in a session, edits a check after a student answered (the
answer keeps its wording), meets a conflict from a second tab, and downloads the reading as
YAML and uploads it again. Screenshots land in artifacts/screenshots/authoring-*."""

from __future__ import annotations

import re
from typing import Any

import pytest
from browserkit import (
    DESKTOP,
    PHONE,
    axe_violations,
    create_session_ui,
    describe,
    horizontal_overflow,
    join,
    login,
    shoot,
)

expect = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed").expect

# The shipped course: the readings of questions/ are there (issue 17: several courses).
SHIPPED = "argentinas-foreign-policy-under-javier-milei"
IN_COURSE = f"/instructor/content/c/{SHIPPED}"

SLUG = "browser-written"
TITLE = "A reading written in Chromium"


def fill(page: Any, values: dict[str, str]) -> None:
    for name, value in values.items():
        page.locator(f"[name='{name}']").fill(value)


def add_check(page: Any, base: str, key: str, prompt: str, right: str, wrong: str) -> None:
    page.goto(f"{base}{IN_COURSE}/r/{SLUG}/new/mc")
    fill(page, {"id": key, "prompt": prompt, "explanation": "The first part says so.",
                "choices-0-text": right, "choices-0-feedback": "Right: see the first part.",
                "choices-1-text": wrong, "choices-1-feedback": "No: read the first part."})
    page.locator("[name='section']").select_option("s1")
    page.locator("[name='choices-0-correct']").check()
    page.locator("[name='choices-1-misconception']").select_option("reverses-claim")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".flash-success")).to_contain_text("Saved")


def test_write_preview_use_edit_conflict_and_round_trip(server, new_context, axe_optional):
    base = server.url
    teacher = new_context(DESKTOP, axe=axe_optional).new_page()
    login(teacher, server)
    teacher.get_by_role("link", name="Content", exact=True).click()
    teacher.get_by_role("link", name="New reading", exact=True).click()
    fill(teacher, {"slug": SLUG, "title": TITLE, "publication": "The Browser Times",
                   "author": "A. Tester", "date": "2025",
                   "description": "A short reading made in the editor.",
                   "sections-0-id": "s1", "sections-0-heading": "The first part",
                   "sections-0-text": "Trade grew in *both* directions.\n\nThen it slowed.",
                   "key_points": "Trade grew.\nThen it slowed."})
    teacher.get_by_role("button", name="Save").click()
    expect(teacher.locator("h1")).to_have_text(TITLE)
    # Sections move up and down with buttons inside the form; Enter in a text field still
    # saves (the form's first button is a hidden Save, not the first Move).
    fill(teacher, {"sections-1-id": "s0", "sections-1-heading": "Before it all",
                   "sections-1-text": "Trade was flat before."})
    teacher.locator("[name='sections-1-heading']").press("Enter")
    expect(teacher.locator(".flash-success")).to_contain_text("version 2")
    fill(teacher, {"sections-0-heading": "The first part, renamed"})
    teacher.locator("[name='sections-0-heading']").press("Enter")
    expect(teacher.locator(".flash-success")).to_contain_text("version 3")
    expect(teacher.locator("[name='sections-0-id']")).to_have_value("s1")  # not moved
    teacher.get_by_role("button", name=re.compile(r"Move up\s*:\s*Section 2")).click()
    expect(teacher.locator(".flash-success")).to_contain_text("version 4")
    expect(teacher.locator("[name='sections-0-id']")).to_have_value("s0")
    expect(teacher.locator("[name='sections-1-heading']")).to_have_value(
        "The first part, renamed")
    teacher.get_by_role("button", name=re.compile(r"Move down\s*:\s*Section 1")).click()
    expect(teacher.locator(".flash-success")).to_contain_text("version 5")
    expect(teacher.locator("[name='sections-0-id']")).to_have_value("s1")
    add_check(teacher, base, "bw-q1", "What happened to trade first?", "It grew",
              "It collapsed")
    add_check(teacher, base, "bw-q2", "What happened to trade later?", "It slowed",
              "It doubled")
    teacher.goto(f"{base}{IN_COURSE}/r/{SLUG}/new/discussion")
    fill(teacher, {"id": "bw-d1", "prompt": "Will trade grow again? Why?",
                   "stance_left": "No", "stance_right": "Yes"})
    teacher.get_by_role("button", name="Save").click()
    expect(teacher.locator("#questions")).to_contain_text("Will trade grow again?")
    shoot(teacher, "authoring-reading-editor")
    if axe_optional:
        bad = axe_violations(teacher)
        assert not bad, describe(bad)
    teacher.goto(f"{base}{IN_COURSE}/r/{SLUG}/q/bw-q1")
    shoot(teacher, "authoring-question-editor")
    if axe_optional:
        bad = axe_violations(teacher)
        assert not bad, describe(bad)

    # Preview as a student, feedback included.
    teacher.goto(f"{base}{IN_COURSE}/r/{SLUG}/preview")
    expect(teacher.locator("h1")).to_have_text(TITLE)
    teacher.goto(f"{base}{IN_COURSE}/r/{SLUG}/preview/q/bw-q1?pick=b")
    expect(teacher.locator("#result")).to_contain_text("No: read the first part.")
    shoot(teacher, "authoring-preview-check")

    # Used in a session; a student answers the first check on a phone.
    code = create_session_ui(teacher, server, "Browser-written class", TITLE)
    student = new_context(PHONE).new_page()
    join(student, server, code, "Ana")
    student.goto(f"{base}/s/{code}/r/{SLUG}/check/1")
    student.get_by_label("It grew").check()
    student.get_by_role("button", name="Submit answer").click()
    expect(student.locator("#result")).to_contain_text("Right")

    # Edited after the answer: the student's answer keeps the wording it answered.
    teacher.goto(f"{base}{IN_COURSE}/r/{SLUG}/q/bw-q1")
    teacher.locator("[name='prompt']").fill("How did trade change at first?")
    teacher.get_by_role("button", name="Save").click()
    expect(teacher.locator(".flash-success")).to_contain_text("Saved")
    student.goto(f"{base}/s/{code}/answers")
    expect(student.locator("main")).to_contain_text("What happened to trade first?")
    assert horizontal_overflow(student) <= 0

    # Two tabs on the same question: the second save meets a conflict, its text kept.
    first = teacher
    second = teacher.context.new_page()
    url = f"{base}{IN_COURSE}/r/{SLUG}/q/bw-q2"
    first.goto(url)
    second.goto(url)
    first.locator("[name='prompt']").fill("What happened to trade in the end?")
    first.get_by_role("button", name="Save").click()
    expect(first.locator(".flash-success")).to_contain_text("Saved")
    second.locator("[name='prompt']").fill("My own wording of the second check?")
    second.get_by_role("button", name="Save").click()
    expect(second.locator("#conflict")).to_contain_text("What happened to trade in the end?")
    expect(second.locator("[name='prompt']")).to_have_value(
        "My own wording of the second check?")
    shoot(second, "authoring-conflict")
    second.get_by_role("button", name="Save").click()  # deliberately replace theirs
    expect(second.locator(".flash-success")).to_contain_text("Saved")

    # Download as YAML, upload it again: the same reading, nothing changes.
    download = teacher.request.get(f"{base}{IN_COURSE}/r/{SLUG}/download.yaml")
    assert download.ok and f"slug: {SLUG}" in download.text()
    teacher.goto(f"{base}{IN_COURSE}/upload")
    teacher.locator("[name='file']").set_input_files(files=[{
        "name": f"{SLUG}.yaml", "mimeType": "application/x-yaml", "buffer": download.body()}])
    teacher.get_by_role("button", name="Read the file").click()
    expect(teacher.locator("main")).to_contain_text("My own wording of the second check?")
    shoot(teacher, "authoring-upload-preview")
    teacher.get_by_role("button", name="Store this reading").click()
    expect(teacher.locator(".flash-success")).to_contain_text("Stored")
    again = teacher.request.get(f"{base}{IN_COURSE}/r/{SLUG}/download.yaml")
    assert again.text() == download.text()
    teacher.goto(f"{base}{IN_COURSE}/r/{SLUG}/history")
    shoot(teacher, "authoring-history", dark=True)
