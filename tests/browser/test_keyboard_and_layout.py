"""Keyboard only, visible focus, and layouts at 320 px wide and at 200% zoom.

No axe here, so these run wherever Chromium does. 200% zoom of a 1280x800 window is a
640x400 CSS-pixel viewport at device scale 2: that is what the zoom test renders.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import pytest
from browserkit import (
    DESKTOP,
    PHONE,
    correct_ids,
    create_session_ui,
    horizontal_overflow,
    join,
    login,
    reading_content,
    shoot,
)

expect = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed").expect

SLUG = "new-alliances"
CONTENT = reading_content(SLUG)
Q1, Q2 = CONTENT["questions"][0], CONTENT["questions"][1]
D1 = CONTENT["discussion"][0]

NARROW: dict[str, Any] = {"viewport": {"width": 320, "height": 640}, "is_mobile": True,
                          "has_touch": True, "device_scale_factor": 2}
ZOOM_200: dict[str, Any] = {"viewport": {"width": 640, "height": 400}, "device_scale_factor": 2}

# Whether the focused element (or the answer card around it) shows a focus indicator.
FOCUS_SHOWN = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return false;
  const ring = s => (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2)
                    || s.boxShadow !== 'none';
  const card = el.closest('.choice');
  return ring(getComputedStyle(el)) || (card !== null && ring(getComputedStyle(card)));
}"""
# The elements sticking out on the right, to say what overflows when something does.
OVERFLOWING = """() => [...document.querySelectorAll('body *')]
  .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1
               && !(e.parentElement && e.parentElement.closest('.table, svg, pre')))
  .slice(0, 5).map(e => `${e.tagName.toLowerCase()}.${e.className} ` +
                        `${Math.round(e.getBoundingClientRect().right)}px`)"""


@dataclass
class World:
    code: str
    student_state: dict[str, Any]
    teacher_state: dict[str, Any]
    student_pages: list[str]
    teacher_pages: list[str]


def focused(page: Any) -> dict[str, Any]:
    return page.evaluate("""() => { const el = document.activeElement;
        return {tag: el.tagName.toLowerCase(), id: el.id, name: el.name || '',
                type: el.type || '', text: (el.innerText || el.value || '').trim()}; }""")


def tab_until(page: Any, wanted: Any, limit: int = 40) -> dict[str, Any]:
    """Press Tab until `wanted(focused)` holds; every stop on the way must show its focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        now = focused(page)
        assert page.evaluate(FOCUS_SHOWN), f"no visible focus on {now} at {page.url}"
        if wanted(now):
            return now
    raise AssertionError(f"Tab never reached the wanted element on {page.url}")


@pytest.fixture(scope="module")
def world(server, new_context) -> World:
    teacher_ctx = new_context(DESKTOP)
    teacher = teacher_ctx.new_page()
    login(teacher, server)
    code = create_session_ui(teacher, server, "Layout seminar", CONTENT["title"])
    live_code = create_session_ui(teacher, server, "Layout live", CONTENT["title"],
                                  pacing="instructor")
    student_ctx = new_context(PHONE)
    student = student_ctx.new_page()
    join(student, server, code, "Eve Longname-Withoutspaces-Averyverylongsurname")
    base = f"{server.url}/s/{code}"
    student.goto(f"{base}/r/{SLUG}")
    student.get_by_role("button", name=re.compile("I have read the summary")).click()
    student.locator(f"input[name=choice][value={correct_ids(Q1)[0]}]").check()
    student.get_by_role("button", name="Submit answer").click()
    student.goto(f"{base}/r/{SLUG}/discuss/{D1['id']}")
    student.get_by_label("Your answer").fill("A long answer " * 40)
    student.get_by_role("button", name="Submit my answer").click()
    join(student, server, live_code, "Eve")

    review = f"{server.url}/instructor/sessions/{code}/"
    teacher.goto(review)
    student_detail = teacher.locator("#student-table a").first.get_attribute("href")
    teacher_pages = ["/instructor/", "/instructor/sessions/new", review,
                     server.url + student_detail,
                     f"{review}questions/{Q1['id']}", f"{review}questions/{D1['id']}",
                     f"{review}notes"]
    for path in ("analysis", "students"):  # other engineers' pages, once they exist
        if teacher.goto(review + path).status != 404:
            teacher_pages.append(review + path)
    live_control = f"{server.url}/instructor/sessions/{live_code}/live"
    if teacher.goto(live_control).status != 404:
        teacher_pages.append(live_control)
        teacher.get_by_role("button", name=re.compile(r"^Open ")).first.click()
        teacher_pages.append(
            teacher.get_by_role("link", name="the projector view").get_attribute("href"))
        # Back to waiting: with a round open, the phone's pages of the session (the course
        # pages too, in its frame) would follow the room to the live question mid-test.
        teacher.get_by_role("button", name="Back to waiting").first.click()
    student_pages = ["/", f"/join/{code}", f"{base}/", f"{base}/r/{SLUG}",
                     f"{base}/r/{SLUG}/check/1", f"{base}/r/{SLUG}/check/2",
                     f"{base}/r/{SLUG}/discuss/{D1['id']}", f"{base}/answers",
                     "/course/timeline", "/course/perspectives", "/instructor/login",
                     f"/s/{live_code}/live"]
    return World(code, student_ctx.storage_state(), teacher_ctx.storage_state(),
                 [p if p.startswith("http") else server.url + p for p in student_pages],
                 [p if p.startswith("http") else server.url + p for p in teacher_pages])


def test_answer_a_check_with_the_keyboard_alone(server, new_context, world) -> None:
    page = new_context(DESKTOP).new_page()
    page.goto(f"{server.url}/join/{world.code}")
    first = tab_until(page, lambda f: True)
    assert first["text"] == "Skip to content", "the first Tab reaches the skip link"
    box = page.locator(".skip").bounding_box()
    assert box and box["x"] >= 0 and box["y"] >= 0, "the skip link shows when focused"
    page.keyboard.press("Enter")
    assert focused(page)["id"] == "main"
    tab_until(page, lambda f: f["id"] == "display_name")
    page.keyboard.type("Kim Keys")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/s/{world.code}/")

    tab_until(page, lambda f: f["tag"] == "a" and f["text"] == CONTENT["title"])
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/r/{SLUG}")
    tab_until(page, lambda f: f["text"].startswith("I have read the summary"), limit=80)
    page.keyboard.press("Enter")
    page.wait_for_url("**/check/1")

    radio = tab_until(page, lambda f: f["name"] == "choice")
    assert radio["id"] == "choice-0"
    page.keyboard.press("ArrowDown")  # moves to, and selects, the second answer
    assert focused(page)["id"] == "choice-1"
    assert page.locator("#choice-1").is_checked()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowUp")
    assert page.locator("#choice-1").is_checked()
    shoot(page, "keyboard-check-focus", sizes=("desktop",))
    submit = tab_until(page, lambda f: f["tag"] == "button")
    assert submit["text"] == "Submit answer"
    page.keyboard.press("Enter")
    expect(page.locator("#result")).to_be_visible()
    picked = Q1["choices"][1]
    expect(page.locator("li.picked")).to_contain_text(picked["text"])
    verdict = "✓ Right" if picked.get("correct") else "✗ Not quite"
    expect(page.locator(".verdict")).to_have_text(verdict)
    # The answer is marked with words and a symbol, not only a colour.
    expect(page.locator("li.picked .tag")).to_contain_text("Your answer")
    expect(page.locator("li.is-correct .tag")).to_contain_text("✓")
    expect(page.locator("li.is-correct .tag")).to_contain_text("Correct answer")


def test_keyboard_errors_are_announced_and_lead_to_the_field(server, new_context,
                                                             world) -> None:
    page = new_context(DESKTOP, storage_state=world.student_state).new_page()
    page.goto(f"{server.url}/s/{world.code}/r/{SLUG}/check/2")
    tab_until(page, lambda f: f["tag"] == "button" and f["text"] == "Submit answer")
    page.keyboard.press("Enter")
    summary = page.locator("#error-summary")
    expect(summary).to_be_focused()
    assert summary.get_attribute("role") == "alert"
    page.keyboard.press("Tab")
    assert focused(page)["text"] == "Answer"  # the summary's link to the answers
    page.keyboard.press("Enter")
    assert focused(page)["id"] == "choice-0"
    page.keyboard.press("Space")
    tab_until(page, lambda f: f["tag"] == "button")
    page.keyboard.press("Enter")
    expect(page.locator("#result")).to_be_visible()


# Spanish runs about a fifth longer than English: the narrow layout must hold in both
# (the browser's language picks the interface and the course, see web/i18n.py).
NARROW_SPANISH: dict[str, Any] = {**NARROW, "locale": "es-AR"}


@pytest.mark.parametrize("profile", [NARROW, ZOOM_200, NARROW_SPANISH],
                         ids=["320px", "zoom200", "320px-es"])
def test_no_sideways_scrolling(new_context, world, profile: dict[str, Any]) -> None:
    wide: list[str] = []
    for state, urls in ((world.student_state, world.student_pages),
                        (world.teacher_state, world.teacher_pages)):
        page = new_context(profile, storage_state=state).new_page()
        for url in urls:
            page.goto(url)
            if profile is NARROW_SPANISH and "/projector/" not in url:  # its own language
                assert page.locator("html").get_attribute("lang") == "es", url
            extra = horizontal_overflow(page)
            if extra > 0:
                wide.append(f"{url}: {extra}px too wide: {page.evaluate(OVERFLOWING)}")
        page.close()
    assert not wide, "pages scroll sideways:\n" + "\n".join(wide)


def test_answers_are_large_touch_targets_on_a_phone(server, new_context, world) -> None:
    page = new_context(PHONE, storage_state=world.student_state).new_page()
    q3 = CONTENT["questions"][2]  # not answered by the other tests
    page.goto(f"{server.url}/s/{world.code}/r/{SLUG}/check/3")
    cards = page.locator(".choice")
    assert cards.count() == len(q3["choices"])
    for i in range(cards.count()):
        box = cards.nth(i).bounding_box()
        assert box and box["height"] >= 44 and box["width"] >= 300, box
    # A tap anywhere on the card, even far from the radio button, picks that answer.
    cards.last.scroll_into_view_if_needed()
    last = cards.last.bounding_box()
    page.touchscreen.tap(last["x"] + last["width"] - 8, last["y"] + last["height"] - 8)
    expect(page.locator("input[name=choice]").last).to_be_checked()
    button = page.get_by_role("button", name="Submit answer").bounding_box()
    assert button and button["height"] >= 44
    bar = page.locator(".progress progress")
    assert bar.get_attribute("aria-label") == f"Question 3 of {len(CONTENT['questions'])}"
    assert bar.bounding_box()["height"] >= 12, "the progress bar is easy to see"

